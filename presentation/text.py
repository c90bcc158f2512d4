"""Every piece of UI text, in Vietnamese (default) and English: one catalogue, looked up by key."""

from __future__ import annotations

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

TEXT: dict[str, dict[str, str]] = {
    # App and navigation.
    "app_title": {"vi": "Chỉ tiêu và kết quả ngành TT&TT", "en": "ICT sector targets and results"},
    "ministry": {"vi": "Bộ Thông tin và Truyền thông", "en": "Ministry of Information and Communications"},
    "ministry_short": {"vi": "Bộ TT&TT", "en": "MIC Viet Nam"},
    "nav_dashboards": {"vi": "Bảng điều khiển", "en": "Dashboards"},
    "nav_analysts": {"vi": "Dành cho chuyên viên", "en": "For analysts"},
    "page_overview": {"vi": "Tổng quan", "en": "Overview"},
    "page_sector": {"vi": "Lĩnh vực", "en": "Sector"},
    "page_indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "page_baseline": {"vi": "So sánh 2020 – 2021 – 2025", "en": "Baseline 2020 vs targets 2021 – 2025"},
    "page_sources": {"vi": "Dữ liệu & nguồn", "en": "Data & sources"},
    "page_upload": {"vi": "Tải lên số liệu", "en": "Upload actuals"},
    "page_history": {"vi": "Lịch sử & hoàn tác", "en": "History & rollback"},
    "page_sign_in": {"vi": "Đăng nhập chuyên viên", "en": "Analyst sign-in"},
    "language": {"vi": "Ngôn ngữ / Language", "en": "Language / Ngôn ngữ"},
    "as_of": {"vi": "Tính đến năm", "en": "As of year"},
    "as_of_all": {"vi": "Toàn bộ số liệu", "en": "All data"},
    "as_of_help": {
        "vi": "Chỉ tính các số liệu thực hiện đến hết năm được chọn, để xem tình hình tại thời điểm đó.",
        "en": "Only actuals up to the chosen year count, to see the picture as it stood then.",
    },
    "present": {"vi": "Chế độ trình chiếu", "en": "Presentation mode"},
    "present_help": {
        "vi": "Ẩn thanh bên và menu, phóng to chữ để chụp màn hình hoặc chiếu lên màn hình lớn.",
        "en": "Hides the sidebar and menus and enlarges text, for screenshots and wall screens.",
    },
    "data_version": {"vi": "Phiên bản dữ liệu {version}, cập nhật {date}", "en": "Data version {version}, updated {date}"},
    "no_warehouse": {
        "vi": "Chưa có kho dữ liệu. Chạy `python -m etl build` để tạo từ danh mục nguồn.",
        "en": "No warehouse yet. Run `python -m etl build` to create it from the source catalog.",
    },
    # Statuses.
    "status": {"vi": "Trạng thái", "en": "Status"},
    "why": {"vi": "Lý do", "en": "Reason"},
    "progress": {"vi": "Tiến độ", "en": "Progress"},
    "progress_beyond": {"vi": "vượt quãng đường tới mục tiêu", "en": "beyond the distance to the target"},
    "draft": {"vi": "dự thảo", "en": "draft"},
    "stated_in": {"vi": "nêu trong {n} văn bản", "en": "stated in {n} documents"},
    "conflict": {"vi": "các văn bản nêu khác nhau", "en": "documents disagree"},
    "early": {"vi": "đạt sớm", "en": "early"},
    # Overview.
    "overview_intro": {
        "vi": "Các chỉ tiêu Bộ đặt ra trong chỉ thị, kế hoạch và kết quả thực hiện đã báo cáo, theo lĩnh vực.",
        "en": "Targets the ministry set in its directives and plans, and the results reported, by sector.",
    },
    "headline": {"vi": "Chỉ tiêu chủ chốt", "en": "Headline indicators"},
    "status_by_sector": {"vi": "Trạng thái theo lĩnh vực", "en": "Status by sector"},
    "all_indicators": {"vi": "Tất cả chỉ tiêu", "en": "All indicators"},
    "filter_sector": {"vi": "Lĩnh vực", "en": "Sector"},
    "filter_status": {"vi": "Trạng thái", "en": "Status"},
    "filter_year": {"vi": "Năm mục tiêu", "en": "Target year"},
    "all": {"vi": "Tất cả", "en": "All"},
    "latest": {"vi": "Mới nhất", "en": "Latest"},
    "target": {"vi": "Mục tiêu", "en": "Target"},
    "targets": {"vi": "Mục tiêu", "en": "Targets"},
    "baseline": {"vi": "Năm gốc", "en": "Baseline"},
    "year": {"vi": "Năm", "en": "Year"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "sector": {"vi": "Lĩnh vực", "en": "Sector"},
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "indicators_n": {"vi": "{n} chỉ tiêu", "en": "{n} indicators"},
    "targets_n": {"vi": "{n} mục tiêu", "en": "{n} targets"},
    "no_rows": {"vi": "Không có dòng nào khớp bộ lọc.", "en": "No rows match the filters."},
    "tile_no_data": {"vi": "chưa có số liệu", "en": "no data yet"},
    # Sector and indicator pages.
    "pick_sector": {"vi": "Chọn lĩnh vực", "en": "Choose a sector"},
    "pick_indicator": {"vi": "Chọn chỉ tiêu", "en": "Choose an indicator"},
    "open_indicator": {"vi": "Xem chi tiết chỉ tiêu", "en": "Open indicator details"},
    "no_data_title": {"vi": "Chưa có số liệu thực hiện", "en": "No actuals yet"},
    "no_data_body": {
        "vi": "Các văn bản nguồn chưa nêu số liệu thực hiện của chỉ tiêu này. Chuyên viên có thể tải lên giá trị "
              "theo năm (mã chỉ tiêu `{indicator_id}`) ở trang «Tải lên số liệu»; mục tiêu đã đặt ra được liệt kê dưới đây.",
        "en": "The source documents give no actual for this indicator. Analysts can upload yearly values (indicator "
              "id `{indicator_id}`) on the “Upload actuals” page; the targets set are listed below.",
    },
    "cards_page": {"vi": "Trang {page}/{pages} · {n} chỉ tiêu có số liệu", "en": "Page {page} of {pages} · {n} indicators with data"},
    "no_data_group": {"vi": "Chưa có số liệu thực hiện ({n} chỉ tiêu)", "en": "No actuals yet ({n} indicators)"},
    "no_data_group_help": {
        "vi": "Các văn bản nguồn chỉ nêu mục tiêu cho các chỉ tiêu này. Chuyên viên tải lên số liệu theo năm (theo mã chỉ tiêu) "
              "ở trang «Tải lên số liệu» để theo dõi tiến độ.",
        "en": "The source documents give only targets for these indicators. Analysts upload yearly values (by indicator id) "
              "on the “Upload actuals” page to track progress.",
    },
    "series": {"vi": "Chuỗi số liệu", "en": "Data series"},
    "national": {"vi": "Toàn quốc", "en": "National"},
    "province": {"vi": "Tỉnh/thành", "en": "Province"},
    "provinces_uploaded": {"vi": "Số liệu theo tỉnh/thành (đã tải lên)", "en": "Provincial values (uploaded)"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "source_doc": {"vi": "Văn bản", "en": "Document"},
    "source_line": {"vi": "Dòng", "en": "Line"},
    "source_quote": {"vi": "Trích dẫn nguyên văn", "en": "Verbatim quote"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "current": {"vi": "Đang dùng", "en": "Current"},
    "batch": {"vi": "Lô tải lên", "en": "Upload batch"},
    "batch_kind": {"vi": "Loại", "en": "Kind"},
    "published_at": {"vi": "Thời điểm", "en": "Published at"},
    "file_name": {"vi": "Tệp", "en": "File"},
    "indicator_id": {"vi": "Mã chỉ tiêu (dùng khi tải lên)", "en": "Indicator id (for uploads)"},
    "estimate": {"vi": "ước tính", "en": "estimate"},
    "conflicts_title": {"vi": "Các văn bản nêu khác nhau", "en": "Where documents disagree"},
    "conflicts_body": {
        "vi": "Cùng chỉ tiêu, cùng kỳ nhưng các văn bản nêu mục tiêu khác nhau; tất cả được giữ nguyên và đánh giá riêng.",
        "en": "Same indicator and period, different targets in different documents; all are kept and judged separately.",
    },
    "download_csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "download_xlsx": {"vi": "Tải Excel", "en": "Download Excel"},
    "download_png": {"vi": "Tải ảnh PNG", "en": "Download PNG"},
    "png_rendering": {"vi": "Đang dựng ảnh…", "en": "Rendering image…"},
    "png_unavailable": {
        "vi": "Không dựng được ảnh trên máy chủ ({error}). Dùng nút máy ảnh trên biểu đồ để tải ảnh.",
        "en": "The server could not render the image ({error}). Use the camera button on the chart instead.",
    },
    "history_point": {"vi": "Lịch sử giá trị", "en": "Value history"},
    # Baseline page.
    "baseline_intro": {
        "vi": "Mỗi chỉ tiêu có số liệu năm 2020: vị trí năm 2020 (0%), yêu cầu năm 2021 và năm 2025 (100%), và số mới nhất, "
              "quy đổi thành % quãng đường từ năm 2020 tới mục tiêu 2025 để so sánh giữa các lĩnh vực.",
        "en": "Every indicator with a 2020 value: where it stood in 2020 (0%), what 2021 and 2025 demanded (2025 = 100%), "
              "and the latest value, as a share of the way from 2020 to the 2025 target so sectors compare on one scale.",
    },
    "baseline_empty": {
        "vi": "Chưa có chỉ tiêu nào vừa có số liệu năm 2020 vừa có mục tiêu 2025.",
        "en": "No indicator has both a 2020 value and a 2025 target yet.",
    },
    "value_2020": {"vi": "Năm 2020", "en": "2020"},
    "target_2021": {"vi": "Mục tiêu 2021", "en": "2021 target"},
    "target_2025": {"vi": "Mục tiêu 2025", "en": "2025 target"},
    "latest_value": {"vi": "Số mới nhất", "en": "Latest value"},
    "latest_year": {"vi": "Năm số mới nhất", "en": "Latest year"},
    "progress_axis": {"vi": "% quãng đường từ 2020 tới mục tiêu 2025", "en": "% of the way from 2020 to the 2025 target"},
    # Sources page.
    "sources_intro": {
        "vi": "Mọi con số trong ứng dụng đều lấy từ năm văn bản dưới đây hoặc từ số liệu chuyên viên tải lên, "
              "kèm văn bản, dòng và trích dẫn nguyên văn.",
        "en": "Every figure comes from the five documents below or from an analyst's upload, with its document, line and verbatim quote.",
    },
    "documents": {"vi": "Văn bản nguồn", "en": "Source documents"},
    "n_targets": {"vi": "Số mục tiêu", "en": "Targets"},
    "n_actuals": {"vi": "Số liệu thực hiện", "en": "Actuals"},
    "dictionary": {"vi": "Từ điển dữ liệu", "en": "Data dictionary"},
    "downloads": {"vi": "Tải toàn bộ kho dữ liệu", "en": "Download the whole warehouse"},
    "download_table": {"vi": "Bảng", "en": "Table"},
    "download_zip_csv": {"vi": "Tải tất cả (CSV, zip)", "en": "All tables (CSV, zip)"},
    "download_zip_parquet": {"vi": "Tải tất cả (Parquet, zip)", "en": "All tables (Parquet, zip)"},
    "download_all_xlsx": {"vi": "Tải tất cả (Excel)", "en": "All tables (Excel)"},
    "tasks": {"vi": "Nhiệm vụ trọng tâm năm 2021 (Phụ lục II, Chỉ thị 01)", "en": "Key tasks for 2021 (Annex II, Directive 01)"},
    "draft_doc": {"vi": "Dự thảo", "en": "Draft"},
    # Chart text.
    "chart_actual": {"vi": "Thực hiện", "en": "Actual"},
    "chart_estimate": {"vi": "Ước tính", "en": "Estimate"},
    "chart_target": {"vi": "Mục tiêu", "en": "Target"},
    "chart_target_draft": {"vi": "Mục tiêu (dự thảo)", "en": "Target (draft)"},
    "chart_baseline": {"vi": "Năm gốc", "en": "Baseline"},
    "chart_footer": {
        "vi": "Nguồn: {sources} · Dữ liệu cập nhật {date} · {ministry}",
        "en": "Source: {sources} · Data as of {date} · {ministry}",
    },
    "chart_rank_note": {"vi": "số nhỏ hơn là tốt hơn", "en": "lower is better"},
    "chart_status_counts": {"vi": "Trạng thái các mục tiêu theo lĩnh vực", "en": "Status of targets by sector"},
    "chart_count": {"vi": "Số mục tiêu", "en": "Number of targets"},
    "uploaded": {"vi": "số liệu tải lên", "en": "uploaded data"},
    # Auth.
    "sign_in": {"vi": "Đăng nhập", "en": "Sign in"},
    "sign_out": {"vi": "Đăng xuất", "en": "Sign out"},
    "username": {"vi": "Tên đăng nhập", "en": "Username"},
    "password": {"vi": "Mật khẩu", "en": "Password"},
    "signed_in_as": {"vi": "Đã đăng nhập: {user} (chuyên viên)", "en": "Signed in: {user} (analyst)"},
    "bad_login": {"vi": "Sai tên đăng nhập hoặc mật khẩu.", "en": "Wrong username or password."},
    "locked_out": {
        "vi": "Quá nhiều lần đăng nhập sai. Thử lại sau {seconds} giây.",
        "en": "Too many failed sign-ins. Try again in {seconds} seconds.",
    },
    "no_accounts": {
        "vi": "Chưa cấu hình tài khoản chuyên viên (xem README, mục «Tài khoản chuyên viên»).",
        "en": "No analyst accounts are configured (see the README, “Analyst accounts”).",
    },
    "demo_mode": {
        "vi": "Chế độ demo: tài khoản demo / demo. Không dùng khi triển khai thật.",
        "en": "Demo mode: account demo / demo. Never use in production.",
    },
    "analyst_only": {"vi": "Chỉ chuyên viên đã đăng nhập mới được thực hiện thao tác này.", "en": "Only a signed-in analyst may do this."},
    # Upload.
    "upload_intro": {
        "vi": "Tải tệp .xlsx hoặc .csv số liệu thực hiện. Tệp được kiểm tra toàn bộ trước khi ghi; bạn xem trước thay đổi rồi mới xuất bản.",
        "en": "Upload an .xlsx or .csv of actuals. The whole file is checked before anything is written; you preview the changes before publishing.",
    },
    "step_template": {"vi": "1. Tải mẫu", "en": "1. Get the template"},
    "step_upload": {"vi": "2. Tải tệp lên", "en": "2. Upload a file"},
    "step_check": {"vi": "3. Kiểm tra", "en": "3. Check"},
    "step_preview": {"vi": "4. Xem trước thay đổi", "en": "4. Preview the changes"},
    "step_publish": {"vi": "5. Xuất bản", "en": "5. Publish"},
    "download_template": {"vi": "Tải mẫu Excel", "en": "Download the Excel template"},
    "choose_file": {"vi": "Chọn tệp số liệu (.xlsx, .csv)", "en": "Choose a data file (.xlsx, .csv)"},
    "errors_found": {
        "vi": "Tệp có {n} lỗi. Chưa có gì được ghi. Sửa các lỗi dưới đây rồi tải lại.",
        "en": "The file has {n} error(s). Nothing was written. Fix the problems below and upload again.",
    },
    "warnings_found": {"vi": "{n} cảnh báo (đã tự sửa, không chặn xuất bản)", "en": "{n} warning(s) (fixed automatically, not blocking)"},
    "issues_truncated": {
        "vi": "Chỉ liệt kê chi tiết {shown} vấn đề đầu tiên; bảng tổng hợp ở trên đếm đủ tất cả.",
        "en": "Only the first {shown} problems are listed in detail; the summary above counts them all.",
    },
    "download_report": {"vi": "Tải báo cáo lỗi (.csv)", "en": "Download the error report (.csv)"},
    "file_ok": {"vi": "Tệp hợp lệ: {n} dòng, đọc từ {where}.", "en": "The file is valid: {n} rows, read from {where}."},
    "preview_counts": {
        "vi": "{new} giá trị mới · {changed} giá trị thay đổi · {unchanged} không đổi",
        "en": "{new} new values · {changed} changed values · {unchanged} unchanged",
    },
    "nothing_to_publish": {"vi": "Không có thay đổi nào so với dữ liệu đang công bố.", "en": "Nothing differs from the published data."},
    "batch_note": {"vi": "Ghi chú cho lần tải lên", "en": "Note for this batch"},
    "publish": {"vi": "Xuất bản", "en": "Publish"},
    "published": {"vi": "Đã xuất bản lô {batch}. Các bảng điều khiển hiển thị số liệu mới.",
                  "en": "Published batch {batch}. Dashboards now show the new data."},
    "change": {"vi": "Thay đổi", "en": "Change"},
    "change_new": {"vi": "mới", "en": "new"},
    "change_changed": {"vi": "thay đổi", "en": "changed"},
    "change_unchanged": {"vi": "không đổi", "en": "unchanged"},
    "old_value": {"vi": "Giá trị cũ", "en": "Old value"},
    "new_value": {"vi": "Giá trị mới", "en": "New value"},
    "old_batch": {"vi": "Lô đã đặt giá trị cũ", "en": "Batch that set the old value"},
    # History.
    "batches": {"vi": "Các lô đã xuất bản", "en": "Published batches"},
    "no_batches": {"vi": "Chưa có lô tải lên nào.", "en": "No upload batches yet."},
    "batch_rows": {"vi": "Các dòng của lô", "en": "Rows of the batch"},
    "pick_batch": {"vi": "Chọn lô", "en": "Choose a batch"},
    "revert": {"vi": "Hoàn tác lô này", "en": "Revert this batch"},
    "revert_reason": {"vi": "Lý do hoàn tác (bắt buộc)", "en": "Reason for the revert (required)"},
    "reverted": {"vi": "Đã hoàn tác lô {batch}.", "en": "Reverted batch {batch}."},
    "already_reverted": {"vi": "Lô này đã được hoàn tác.", "en": "This batch has already been reverted."},
    "point_history": {"vi": "Lịch sử một điểm số liệu", "en": "History of one data point"},
    # Security and errors (issue 19).
    "finish_sign_in": {"vi": "Hoàn tất đăng nhập trên trình duyệt này", "en": "Finish signing in on this browser"},
    "finish_sign_in_help": {
        "vi": "Mật khẩu đúng. Bấm nút dưới đây để trình duyệt này nhận phiên đăng nhập (hết hạn sau vài giờ; tải lại trang vẫn giữ).",
        "en": "Password correct. Press the button below so this browser receives its sign-in (it expires after a few hours; a reload keeps it).",
    },
    "page_error": {
        "vi": "Trang này gặp lỗi và không hiển thị được. Dữ liệu đã xuất bản không bị ảnh hưởng. Hãy tải lại trang hoặc chọn mục khác; "
              "nếu lỗi lặp lại, báo cho quản trị viên mã sự cố {incident}.",
        "en": "This page ran into an error and cannot be shown. The published data is not affected. Reload the page or choose "
              "another item; if it happens again, give the administrator incident code {incident}.",
    },
}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text for key in lang (falls back to Vietnamese), with {placeholders} filled."""
    entry = TEXT[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**values) if values else text
