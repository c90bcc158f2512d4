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
    # Baseline page (issue 20): every indicator with a 2021 or 2025 target, what its 100% means, two slide views.
    "bl_intro": {
        "vi": "Mọi chỉ tiêu có mục tiêu năm 2021 hoặc 2025. Số gốc là số năm 2020, nếu không có thì số gần nhất trước kỳ "
              "2021-2025 (ghi rõ năm). 100% là mục tiêu 2025, hoặc mục tiêu 2021 khi không có mục tiêu 2025 (ghi ở từng dòng). "
              "Tám chỉ tiêu chủ chốt đứng đầu; trong mỗi lĩnh vực, chỉ tiêu chậm đứng trước.",
        "en": "Every indicator with a 2021 or 2025 target. The baseline is the 2020 figure, else the latest figure before "
              "the 2021-2025 period (its year is given). 100% is the 2025 target, or the 2021 target where there is no "
              "2025 target (named on each row). The eight headline indicators come first; within a sector, those behind first.",
    },
    "bl_headline_only": {"vi": "Chỉ tiêu chủ chốt", "en": "Headline indicators only"},
    "bl_part_pick": {"vi": "Phần trên biểu đồ (vừa một trang chiếu)", "en": "Part shown in the charts (one slide)"},
    "bl_part_option": {"vi": "Chỉ tiêu {first}–{last}", "en": "Indicators {first}–{last}"},
    "bl_tab_norm": {"vi": "Thang % chung", "en": "One % scale"},
    "bl_tab_mult": {"vi": "Đơn vị của từng chỉ tiêu", "en": "Each indicator's own units"},
    "bl_rows_n": {"vi": "{n} chỉ tiêu", "en": "{n} indicators"},
    "bl_col_no": {"vi": "#", "en": "#"},
    "bl_col_status": {"vi": "Trạng thái (mục tiêu 100%)", "en": "Status (100% target)"},
    "bl_col_progress": {"vi": "Tiến độ", "en": "Progress"},
    "bl_col_scale": {"vi": "100% là", "en": "100% is"},
    "bl_col_base": {"vi": "Số gốc (năm)", "en": "Baseline (year)"},
    "bl_col_latest": {"vi": "Số mới nhất (năm)", "en": "Latest (year)"},
    "bl_col_note": {"vi": "Cách đọc", "en": "How to read"},
    "bl_estimate": {"vi": "(ước)", "en": "(est.)"},
    "bl_note_rank": {"vi": "thứ hạng: số nhỏ hơn là tốt hơn", "en": "rank: lower is better"},
    "bl_note_reduce": {"vi": "mục tiêu giảm: thấp hơn là tốt hơn", "en": "a \"reduce to\" target: lower is better"},
    "bl_note_growth": {
        "vi": "100% là mức suy ra từ tốc độ tăng trưởng mục tiêu, tính từ số gốc",
        "en": "100% is the level implied by the target growth rate from the baseline",
    },
    "bl_note_2021_behind": {
        "vi": "mục tiêu 2021 ở phía ngược với mục tiêu 2025 so với số gốc, nên nằm dưới 0%",
        "en": "the 2021 target lies on the other side of the baseline from the 2025 target, so it sits below 0%",
    },
    "bl_note_conflict": {"vi": "văn bản ghi khác nhau cho năm {year}: còn có {others}", "en": "documents differ for {year}: also {others}"},
    "bl_no_base": {"vi": "chưa có số liệu gốc", "en": "no baseline figure"},
    "bl_no_new": {"vi": "chưa có số liệu mới", "en": "no newer figure yet"},
    "bl_no_scale": {"vi": "mục tiêu không quy được thành mức", "en": "the target is not a level"},
    "bl_scale": {"vi": "100% = mục tiêu {year}: {target}", "en": "100% = {year} target: {target}"},
    "bl_target_word": {"vi": "MT", "en": "target"},
    "bl_public_report": {"vi": "báo cáo công khai", "en": "public report"},
    "bl_part": {"vi": "chỉ tiêu {first}–{last} trên {total}", "en": "indicators {first}–{last} of {total}"},
    "bl_legend_base": {"vi": "Số gốc (2020 hoặc trước)", "en": "Baseline (2020 or before)"},
    "bl_legend_100_2025": {"vi": "Mục tiêu 2025 (= 100%)", "en": "2025 target (= 100%)"},
    "bl_legend_100_2021": {"vi": "Mục tiêu 2021 (= 100% khi không có MT 2025)", "en": "2021 target (= 100%, no 2025 target)"},
    "bl_legend_latest": {"vi": "Số mới nhất", "en": "Latest value"},
    "bl_latest_short": {"vi": "mới nhất", "en": "latest"},
    "bl_base_short": {"vi": "gốc", "en": "baseline"},
    "bl_norm_title": {"vi": "Số gốc – mục tiêu 2021 – mục tiêu 2025: % quãng đường", "en": "Baseline – 2021 – 2025 targets: % of the way"},
    "bl_norm_subtitle": {
        "vi": "0% = số gốc, 100% = mục tiêu ghi ở từng dòng · số liệu đến năm {year}",
        "en": "0% = baseline, 100% = the target named on each row · data up to {year}",
    },
    "bl_mult_title": {"vi": "Số gốc – mục tiêu 2021 – mục tiêu 2025 theo đơn vị của từng chỉ tiêu",
                      "en": "Baseline – 2021 – 2025 targets in each indicator's own units"},
    "bl_mult_subtitle": {"vi": "Mỗi ô một thang đo riêng · số liệu đến năm {year}", "en": "Each panel on its own scale · data up to {year}"},
    "bl_slot_base": {"vi": "Gốc", "en": "Base"},
    "bl_slot_latest": {"vi": "Mới nhất", "en": "Latest"},
    "bl_slot_2021": {"vi": "2021", "en": "2021"},
    "bl_slot_2025": {"vi": "2025", "en": "2025"},
    "bl_unit_line": {"vi": "{unit}", "en": "{unit}"},
    "bl_up_is_better": {"vi": "↑ tốt hơn", "en": "↑ better"},
    "bl_up_is_better_lower": {"vi": "↑ tốt hơn (trục đảo)", "en": "↑ better (axis reversed)"},
    "bl_no_base_short": {"vi": "chưa có<br>số gốc", "en": "no<br>baseline"},
    "bl_no_new_short": {"vi": "chưa có<br>số mới", "en": "no newer<br>value"},
    "bl_not_level": {"vi": "không quy<br>được mức", "en": "not a<br>level"},
    "bl_no_target": {"vi": "không có<br>mục tiêu", "en": "no<br>target"},
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
    "cross_site_sign_in": {"vi": "Từ chối đăng nhập gửi từ trang web khác.", "en": "Sign-in sent from another site refused."},
    "upload_too_large": {"vi": "Tệp lớn hơn giới hạn {mb} MB.", "en": "The file is larger than the {mb} MB limit."},
    "page_error": {
        "vi": "Trang này gặp lỗi và không hiển thị được. Dữ liệu đã xuất bản không bị ảnh hưởng. Hãy tải lại trang hoặc chọn mục khác; "
              "nếu lỗi lặp lại, báo cho quản trị viên mã sự cố {incident}.",
        "en": "This page ran into an error and cannot be shown. The published data is not affected. Reload the page or choose "
              "another item; if it happens again, give the administrator incident code {incident}.",
    },
    # Attention list and briefing pack (issue 14).
    "attention": {"vi": "Cần chú ý", "en": "Needs attention"},
    "attention_help": {
        "vi": "Các mục tiêu không đạt, chậm tiến độ hoặc có nguy cơ chậm, mỗi mục tiêu một dòng, nặng nhất trước "
              "(theo trạng thái, rồi theo mức thiếu hụt).",
        "en": "Targets not achieved, off track or at risk, one line each, worst first (by status, then by shortfall).",
    },
    "attention_none": {"vi": "Không có mục tiêu nào đang chậm.", "en": "No target is behind."},
    "attention_more": {"vi": "và {n} mục tiêu khác trong danh sách đầy đủ", "en": "and {n} more in the full list"},
    "attention_count": {"vi": "{n} mục tiêu cần chú ý", "en": "{n} targets need attention"},
    "target_short": {"vi": "MT", "en": "Target"},
    "unassigned": {"vi": "chưa gán", "en": "not assigned"},
    "responsible_unit": {"vi": "Đơn vị chủ trì", "en": "Lead unit"},
    "latest_figure": {"vi": "Số liệu mới nhất {value} (năm {year})", "en": "Latest {value} ({year})"},
    "open_card": {"vi": "Xem", "en": "Open"},
    "page_briefing": {"vi": "Tài liệu báo cáo", "en": "Briefing pack"},
    "briefing_intro": {
        "vi": "Tải cả một lĩnh vực, hoặc danh sách cần chú ý, thành bộ trình chiếu (PPTX) hoặc báo cáo A4 (PDF): "
              "trang bìa, bảng cần chú ý, mỗi biểu đồ một trang kèm lý do, nguồn và trích dẫn.",
        "en": "Download a whole sector, or the attention list, as a slide deck (PPTX) or an A4 report (PDF): a title "
              "page, the attention table, one chart per page with its reasons, sources and quotes.",
    },
    "briefing_scope": {"vi": "Nội dung", "en": "Contents"},
    "briefing_scope_attention": {"vi": "Danh sách cần chú ý (mọi lĩnh vực)", "en": "Attention list (all sectors)"},
    "briefing_format": {"vi": "Định dạng", "en": "Format"},
    "briefing_make": {"vi": "Tạo tài liệu", "en": "Make the file"},
    "briefing_download": {"vi": "Tải {name}", "en": "Download {name}"},
    "briefing_slides": {"vi": "{n} trang: bìa, bảng cần chú ý và {charts} biểu đồ.",
                        "en": "{n} pages: title, attention table and {charts} charts."},
    "briefing_title": {"vi": "Báo cáo chỉ tiêu và kết quả: {scope}", "en": "Targets and results: {scope}"},
    "briefing_as_of": {"vi": "Số liệu tính đến năm {year}", "en": "Figures as of {year}"},
    "briefing_all_years": {"vi": "Toàn bộ số liệu đến nay", "en": "All figures to date"},
    "briefing_data_date": {"vi": "Số liệu mới nhất: năm {year} (cập nhật {date})", "en": "Latest figures: {year} (updated {date})"},
    "briefing_made": {"vi": "Lập ngày {date}", "en": "Made on {date}"},
    "briefing_sources": {"vi": "Văn bản nguồn", "en": "Source documents"},
    "briefing_table": {"vi": "Mục tiêu và kết quả thực hiện", "en": "Targets and actuals"},
    "briefing_charts": {"vi": "Biểu đồ", "en": "Charts"},
    "briefing_notes_sources": {"vi": "Nguồn và trích dẫn", "en": "Sources and quotes"},
    "briefing_line": {"vi": "dòng", "en": "line"},
    "briefing_live": {"vi": "Xem trực tuyến", "en": "Live view"},
    "briefing_method": {
        "vi": "Cách tính trạng thái: mục tiêu đã đến hạn so với số liệu năm đến hạn (đạt/không đạt); mục tiêu chưa đến "
              "hạn so tốc độ tăng thực tế với tốc độ cần đạt từ năm gốc (≥ 95%: đúng tiến độ, ≥ 60%: có nguy cơ, còn lại: chậm).",
        "en": "How status is computed: a target that has ended is compared with its end year's figure (achieved/not); a "
              "target still ahead compares the actual growth rate with the rate needed from the baseline (≥ 95%: on "
              "track, ≥ 60%: at risk, else off track).",
    },
    "publisher": {"vi": "Bộ TT&TT (nay là Bộ KH&CN)", "en": "MIC (now MOST)"},
    "publisher_note": {
        "vi": "Bộ Thông tin và Truyền thông đã hợp nhất vào Bộ Khoa học và Công nghệ (Nghị định 55/2025/NĐ-CP).",
        "en": "The Ministry of Information and Communications merged into the Ministry of Science and Technology "
              "(Decree 55/2025/NĐ-CP).",
    },
    "no_charts": {"vi": "Lĩnh vực này chưa có biểu đồ nào (chưa có số liệu thực hiện).",
                  "en": "This sector has no charts yet (no actuals)."},
    "chart_sources": {"vi": "Nguồn: {sources}", "en": "Source: {sources}"},
    "chart_latest": {"vi": "Số liệu mới nhất: năm {year}", "en": "Latest figure: {year}"},
    "chart_latest_uploaded": {"vi": "Số liệu mới nhất: năm {year} (tải lên {date})", "en": "Latest figure: {year} (uploaded {date})"},
    "chart_note": {
        "vi": "Ghi chú: mục tiêu đến hạn so với số liệu năm đến hạn; chưa đến hạn so tốc độ thực tế với tốc độ cần đạt",
        "en": "Note: ended targets are compared with their end year; others compare actual with required growth",
    },
    "chart_as_of": {"vi": "Số liệu tính đến năm {year}", "en": "Figures as of {year}"},
    "download_csv_vi": {"vi": "Tải CSV cho Excel tiếng Việt", "en": "CSV for Vietnamese Excel"},
    "search": {"vi": "Tìm chỉ tiêu", "en": "Find an indicator"},
    "present_exit": {"vi": "Thoát trình chiếu", "en": "Leave presentation"},
    "all_cards": {"vi": "Hiện mọi thẻ (để in)", "en": "Show every card (for printing)"},
    "all_cards_help": {"vi": "Bỏ phân trang để in cả lĩnh vực ra A4 (Ctrl+P).", "en": "No pager, to print the whole sector on A4 (Ctrl+P)."},
    "data_updated": {"vi": "Dữ liệu cập nhật {date}", "en": "Data updated {date}"},
    "rows_n": {"vi": "{n} dòng", "en": "{n} rows"},
    "range_low": {"vi": "Cận dưới", "en": "Low end"},
    "range_high": {"vi": "Cận trên", "en": "High end"},
    "change_since": {"vi": "so với {year}", "en": "since {year}"},
    "change_points": {"vi": "điểm %", "en": "points"},
    "change_rank_up": {"vi": "tăng {n} bậc", "en": "up {n} places"},
    "change_rank_down": {"vi": "giảm {n} bậc", "en": "down {n} places"},
    "change_rank_same": {"vi": "giữ hạng", "en": "same rank"},
    "fresh": {"vi": "mới cập nhật", "en": "just updated"},
    "fresh_help": {"vi": "Có số liệu trong lần tải lên gần nhất.", "en": "Has figures from the latest upload."},
    "present_data_date": {"vi": "Dữ liệu cập nhật {date}", "en": "Data updated {date}"},
    "present_rotate": {"vi": "Tự chuyển lĩnh vực sau {n} giây", "en": "Next sector in {n} seconds"},
    "search_placeholder": {"vi": "tên, mã, lĩnh vực, văn bản (không cần dấu)", "en": "name, id, sector, document"},
    "search_none": {"vi": "Không tìm thấy chỉ tiêu nào.", "en": "No indicator found."},
    "download_csv_vi_help": {
        "vi": "Phân cách bằng dấu chấm phẩy (;) và dấu thập phân là dấu phẩy, như Excel cài đặt vùng Việt Nam.",
        "en": "Semicolon-separated with a decimal comma, as Excel with Vietnamese regional settings expects.",
    },

    # Province view (issue 15).
    "page_provinces": {"vi": "Tỉnh/thành", "en": "Provinces"},
    "prov_intro": {
        "vi": "Số liệu theo đơn vị hành chính cấp tỉnh: 63 đơn vị đến hết năm 2024, 34 đơn vị từ năm 2025 (Nghị quyết "
              "202/2025/QH15, hiệu lực từ 01/07/2025). Xếp hạng từ đơn vị kém nhất so với mục tiêu quốc gia.",
        "en": "Figures per provincial-level unit: the 63 units up to 2024, the 34 from 2025 (Resolution 202/2025/QH15, "
              "in force from 01/07/2025). Ranked worst first against the national target.",
    },
    "prov_none": {
        "vi": "Chưa có số liệu theo tỉnh/thành. Chuyên viên tải lên số liệu có cột province ở trang «Tải lên số liệu».",
        "en": "No provincial figures yet. Analysts upload figures with a province column on the “Upload actuals” page.",
    },
    "prov_year": {"vi": "Năm", "en": "Year"},
    "prov_all": {"vi": "— Không chọn —", "en": "— None —"},
    "prov_pick": {"vi": "Làm nổi bật tỉnh/thành", "en": "Highlight a province"},
    "prov_ranking": {"vi": "Xếp hạng năm {year} ({n} đơn vị)", "en": "Ranking {year} ({n} units)"},
    "prov_goal": {"vi": "Mục tiêu quốc gia {year}: {target}", "en": "National target {year}: {target}"},
    "prov_no_goal": {
        "vi": "Chỉ tiêu chưa có mục tiêu quốc gia dạng mức cần đạt: so sánh với giá trị cả nước.",
        "en": "No national level target for this indicator: compared with the national value.",
    },
    "prov_national_row": {"vi": "▶ Cả nước (tham chiếu)", "en": "▶ National (reference)"},
    "prov_rank": {"vi": "Hạng", "en": "Rank"},
    "prov_gap_goal": {"vi": "Chênh lệch so với mục tiêu", "en": "Gap to target"},
    "prov_gap_national": {"vi": "Chênh lệch so với cả nước", "en": "Gap to national"},
    "prov_verdict": {"vi": "Đánh giá", "en": "Verdict"},
    "prov_meets": {"vi": "✔ Đạt mục tiêu", "en": "✔ Meets target"},
    "prov_below": {"vi": "✖ Dưới mục tiêu", "en": "✖ Below target"},
    "prov_above_national": {"vi": "▲ Bằng/trên cả nước", "en": "▲ At or above national"},
    "prov_below_national": {"vi": "▼ Dưới cả nước", "en": "▼ Below national"},
    "prov_tile_meets": {"vi": "Đạt mục tiêu quốc gia", "en": "Meets the national target"},
    "prov_tile_below": {"vi": "Dưới mục tiêu quốc gia", "en": "Below the national target"},
    "prov_tile_above": {"vi": "Bằng/trên cả nước", "en": "At or above national"},
    "prov_tile_under": {"vi": "Dưới cả nước", "en": "Below national"},
    "prov_tile_none": {"vi": "Chưa có số liệu", "en": "No figure"},
    "prov_tile_upper": {"vi": "Nửa trên các đơn vị", "en": "Upper half of the units"},
    "prov_tile_lower": {"vi": "Nửa dưới các đơn vị", "en": "Lower half of the units"},
    "prov_additive": {
        "vi": "Chỉ tiêu là số đếm/tổng: mục tiêu quốc gia là tổng cả nước nên không so từng tỉnh với mục tiêu; xếp theo "
              "giá trị (thấp nhất trước), kèm tỷ trọng trong cả nước.",
        "en": "A count or total: the national target is a national total, so no unit is held against it; units are ranked "
              "by value (lowest first) with their share of the national total.",
    },
    "prov_share_national": {"vi": "Tỷ trọng trong cả nước", "en": "Share of national total"},
    "prov_map_median": {"vi": "Màu theo trung vị các đơn vị", "en": "Coloured by the units' median"},
    "prov_map_national": {"vi": "Màu theo giá trị cả nước (chưa có mục tiêu)", "en": "Coloured by the national value (no target)"},
    "prov_map_subtitle": {
        "vi": "Năm {year} · {units} đơn vị · {goal} · Mỗi ô một đơn vị, đặt theo vị trí gần đúng",
        "en": "{year} · {units} units · {goal} · One tile per unit, placed roughly where it lies",
    },
    "prov_trend_subtitle": {
        "vi": "Theo tỉnh/thành · đường xám: từng đơn vị · xanh: cả nước · {unit}",
        "en": "By province · grey: each unit · blue: national · {unit}",
    },
    "prov_all_units": {"vi": "Các tỉnh/thành", "en": "All units"},
    "prov_summed_former": {"vi": "Tổng các tỉnh cũ hợp thành", "en": "Sum of the former units"},
    "prov_comparable": {"vi": "Chuỗi so sánh được theo 34 đơn vị hiện nay", "en": "Comparable history on today's 34 units"},
    "prov_rule_sum": {
        "vi": "Chỉ tiêu là số đếm/giá trị cộng được: số liệu các năm đến 2024 là tổng của các tỉnh cũ hợp thành đơn vị "
              "hiện nay (ví dụ Gia Lai = Gia Lai + Bình Định). Chỉ cộng khi đủ số liệu của mọi tỉnh cũ; thiếu thì để «–».",
        "en": "A count or amount, so it adds up: figures up to 2024 are the sums of the former units that form today's unit "
              "(e.g. Gia Lai = Gia Lai + Bình Định). A sum is shown only when every former unit has a figure; otherwise “–”.",
    },
    "prov_rule_needs_weights": {
        "vi": "Chỉ tiêu là tỷ lệ/mật độ: gộp các tỉnh cũ cần quyền số (dân số, số hộ… của từng tỉnh) mà dữ liệu không có, "
              "nên số liệu trước năm 2025 giữ nguyên theo 63 đơn vị cũ, kèm đơn vị hiện nay nắm địa bàn đó.",
        "en": "A share or rate: combining former units needs weights (population, households… of each) that the data does "
              "not hold, so figures before 2025 stay on the 63 former units, each with the unit that holds its territory today.",
    },
    "prov_rule_not_combinable": {
        "vi": "Chỉ tiêu là thứ hạng/điểm số: không thể gộp các tỉnh cũ; số liệu trước năm 2025 giữ nguyên theo 63 đơn vị cũ.",
        "en": "A rank or score: former units cannot be combined; figures before 2025 stay on the 63 former units.",
    },
    "prov_incomplete": {"vi": "Chưa đủ số liệu để cộng: {items}", "en": "Not enough figures to sum: {items}"},
    "prov_former_unit": {"vi": "Đơn vị cũ", "en": "Former unit"},
    "prov_today_unit": {"vi": "Đơn vị hiện nay", "en": "Unit today"},
    "prov_unmatched": {
        "vi": "Năm {years} có số liệu ghi mã tỉnh không thuộc danh mục của năm đó (tải lên trước khi áp dụng danh mục "
              "34 đơn vị): các dòng này không được xếp hạng. Chuyên viên nên tải lại với đơn vị đúng của năm.",
        "en": "Year(s) {years} hold province codes that are not units of that year (uploaded before the 34-unit list "
              "applied): those rows are not ranked. Analysts should re-upload them with the year's units.",
    },
    # One target, one verdict (issue 13).
    "targets_counted": {
        "vi": "{n} mục tiêu (mỗi chỉ tiêu, mỗi năm một kết luận; mục tiêu nêu lại trong nhiều văn bản chỉ tính một lần)",
        "en": "{n} targets (one verdict per indicator and year; a target restated in several documents counts once)",
    },
    "sector_counts": {
        "vi": "{indicators} chỉ tiêu · {targets} mục tiêu (mỗi chỉ tiêu, mỗi năm một mục tiêu) · nêu trong {statements} văn bản",
        "en": "{indicators} indicators · {targets} targets (one per indicator and year) · in {statements} statements",
    },
    "variants": {"vi": "Cách nêu khác cho cùng năm (không tính vào số đếm)", "en": "Other statements for the same year (not counted)"},
    "variant_stricter": {
        "vi": "kết luận theo mục tiêu ở trên: văn bản chính thức trước dự thảo, văn bản gốc trước văn bản nêu lại, rồi mức chặt hơn",
        "en": "the verdict follows the target above: final before draft, the governing document before a restatement, "
              "then the stricter level",
    },
    "statements": {"vi": "Số văn bản nêu", "en": "Stated in (documents)"},
    "series_break": {"vi": "Chuỗi số liệu đổi định nghĩa", "en": "Series changed definition"},
    "required_path": {"vi": "Lộ trình cần đạt", "en": "Required path"},
    "required_path_label": {"vi": "cần {rate}/năm → {level} ({year})", "en": "needs {rate}/yr → {level} ({year})"},
    # Public reports (issue 17).
    "chart_public_report": {"vi": "Công bố công khai (ngoài bộ văn bản)",
                            "en": "Public report (outside the documents)"},
    "public_report_short": {"vi": "công bố công khai", "en": "public report"},
    "report_publisher": {"vi": "Cơ quan công bố", "en": "Published by"},
    "report_published": {"vi": "Ngày công bố", "en": "Publication date"},
    "report_url": {"vi": "Liên kết", "en": "Link"},
    "origin": {"vi": "Loại nguồn", "en": "Source class"},
    # Catalog kinds and task flags (issue 18).
    "context_targets_help": {
        "vi": "Dự báo (projection) và định hướng không có năm hoặc không đo được (aspiration) trong văn bản: chỉ để tham khảo, "
              "không được đánh giá đạt/không đạt.",
        "en": "Forecasts (projection) and goals without a year or a measurable quantity (aspiration) in the documents: "
              "context only, never judged as met or missed.",
    },
    "tasks_deadline_flag_help": {
        "vi": "deadline_flag = probable_typo: thời hạn ghi trong văn bản (năm 2020) sớm hơn ngày ban hành Chỉ thị 01 "
              "(11/01/2021), nhiều khả năng là lỗi đánh máy; giữ nguyên như văn bản, không tính là quá hạn từ 2020.",
        "en": "deadline_flag = probable_typo: the deadline as written (in 2020) precedes directive 01 (11/01/2021), probably "
              "a typo; kept as written and not counted as overdue since 2020.",
    },
}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text for key in lang (falls back to Vietnamese), with {placeholders} filled."""
    entry = TEXT[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**values) if values else text
