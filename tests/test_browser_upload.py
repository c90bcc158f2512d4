"""Playwright: an analyst signs in, downloads the template, uploads a filled file, previews, publishes, sees the new
value on the indicator page and reverts it — in Debian's chromium against a real `streamlit run`."""

from __future__ import annotations

import io

import bcrypt
import openpyxl
import pytest
from playwright.sync_api import sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS, full_screenshot, sign_in, streamlit_server, wait_for_app

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def analyst_server(fresh_warehouse, tmp_path):
    """An app server on a private warehouse with one analyst account and its own sign-in store."""
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    env = {"DASHBOARD_ANALYSTS": f"lan:{hashed}", "DASHBOARD_STATE_DIR": str(tmp_path / "state")}
    with streamlit_server(fresh_warehouse, env=env) as url:
        yield url


def test_sign_in_template_upload_publish_revert(analyst_server, artifacts_dir):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True).new_page()
        sign_in(page, analyst_server, "lan", PASSWORD)

        page.get_by_role("link", name="Tải lên số liệu").click()
        page.get_by_role("heading", name="Tải lên số liệu").wait_for(timeout=60_000)
        wait_for_app(page)
        with page.expect_download(timeout=60_000) as template_info:
            page.get_by_role("button", name="Tải mẫu Excel").click()
        workbook = openpyxl.load_workbook(io.BytesIO(template_info.value.path().read_bytes()))
        assert {"actuals", "indicators"} <= set(workbook.sheetnames)
        sheet = workbook["actuals"]
        sheet.append(["telecom_internet_users_pct", 2021, 70.3])
        filled = io.BytesIO()
        workbook.save(filled)

        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            files=[{"name": "so-lieu-2021.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "buffer": filled.getvalue()}])
        page.get_by_text("1 giá trị mới").wait_for(timeout=60_000)
        full_screenshot(page, artifacts_dir / "upload-preview.png")
        page.get_by_role("button", name="Xuất bản").click()
        page.get_by_text("Đã xuất bản lô").wait_for(timeout=60_000)

        page.get_by_role("link", name="Chỉ tiêu").click()
        page.get_by_role("heading", name="Chỉ tiêu").wait_for(timeout=60_000)
        wait_for_app(page)
        assert "70,3" in page.locator('[data-testid="dashboardChart"]').first.text_content()
        full_screenshot(page, artifacts_dir / "indicator-after-upload.png")

        page.get_by_role("link", name="Lịch sử & hoàn tác").click()
        page.get_by_role("heading", name="Lịch sử & hoàn tác").wait_for(timeout=60_000)
        wait_for_app(page)
        page.get_by_role("button", name="Hoàn tác cả lô…").click()
        page.get_by_text("các giá trị sau sẽ trở lại").wait_for(timeout=60_000)
        page.get_by_label("Lý do hoàn tác (bắt buộc)").fill("Số liệu chưa được duyệt")
        page.get_by_role("button", name="Xác nhận hoàn tác").click()
        page.get_by_text("Đã hoàn tác lô").wait_for(timeout=60_000)
        full_screenshot(page, artifacts_dir / "history-after-revert.png")

        page.goto(f"{analyst_server}/indicator?indicator=telecom_internet_users_pct")
        wait_for_app(page)
        assert "70,3" not in page.locator('[data-testid="dashboardChart"]').first.text_content()
        browser.close()


def xlsx_buffer(rows: list[list[object]], formats: dict[str, str]) -> bytes:
    """An .xlsx as Excel saves it, with number formats on cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "actuals"
    for row in rows:
        sheet.append(row)
    for ref, code in formats.items():
        sheet[ref].number_format = code
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload_file(page, name: str, data: bytes) -> None:
    """Drop a file on the uploader."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files=[{"name": name, "mimeType": XLSX, "buffer": data}])


def test_percent_and_wide_files_preview_confirm_publish_and_withdraw(analyst_server, artifacts_dir):
    """Issue 12 acceptance in the browser: a percent-formatted file and a wide-layout file under a letterhead are read,
    previewed (68,7 not 0,687), a flagged row is confirmed, both publish, and one key is withdrawn from the history.
    (Signing in surviving a reload is another change's acceptance.)"""
    percent = xlsx_buffer([["Mã chỉ tiêu", "Năm", "Giá trị"], ["telecom_internet_users_pct", 2020, 0.687]], {"C2": "0.0%"})
    wide = xlsx_buffer([["BỘ THÔNG TIN VÀ TRUYỀN THÔNG"], ["BÁO CÁO KẾT QUẢ THỰC HIỆN"], [None],
                        ["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "2020", "2021"],
                        [1, "ict_industry_it_workforce", "Nhân lực CNTT", "người", 1050, None],
                        [2, "telecom_idi_rank", "Xếp hạng IDI", "hạng", 79, 80]], {})
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
        sign_in(page, analyst_server, "lan", PASSWORD)
        page.get_by_role("link", name="Tải lên số liệu").click()
        page.get_by_role("heading", name="Tải lên số liệu").wait_for(timeout=60_000)
        wait_for_app(page)
        assert page.get_by_text(".xlsx, .ods, .csv; tối đa 20 MB").count() >= 1

        upload_file(page, "phan-tram.xlsx", percent)
        page.get_by_text("1 giá trị mới").wait_for(timeout=60_000)
        wait_for_app(page)
        assert page.get_by_text("định dạng phần trăm").count() >= 1
        full_screenshot(page, artifacts_dir / "upload-percent-preview.png")
        page.get_by_role("button", name="Xuất bản").click()
        page.get_by_text("Đã xuất bản lô").wait_for(timeout=60_000)

        upload_file(page, "bao-cao-ngang.xlsx", wide)
        page.get_by_text("dòng có vẻ bất thường").wait_for(timeout=60_000)
        wait_for_app(page)
        assert page.get_by_role("button", name="Xuất bản").is_disabled()
        full_screenshot(page, artifacts_dir / "upload-wide-flagged.png")
        page.get_by_text("Tôi đã kiểm tra 1 dòng bất thường").click()
        wait_for_app(page)
        page.get_by_role("button", name="Xuất bản").click()
        page.get_by_text("Đã xuất bản lô").wait_for(timeout=60_000)
        full_screenshot(page, artifacts_dir / "upload-wide-published.png")

        page.get_by_role("link", name="Lịch sử & hoàn tác").click()
        page.get_by_role("heading", name="Lịch sử & hoàn tác").wait_for(timeout=60_000)
        wait_for_app(page)
        page.get_by_text("Chọn dòng cần rút").wait_for(timeout=30_000)
        page.locator('[data-testid="stMultiSelect"]').click()
        page.get_by_role("option", name="ict_industry_it_workforce · 2020 · Toàn quốc").click()
        page.keyboard.press("Escape")
        page.get_by_role("button", name="Rút các dòng đã chọn…").click()
        page.get_by_text("các giá trị sau sẽ trở lại").wait_for(timeout=60_000)
        page.get_by_role("button", name="Xác nhận rút dòng").click()
        page.get_by_text("Hãy ghi lý do").wait_for(timeout=30_000)
        page.get_by_label("Lý do rút dòng (bắt buộc)").fill("Đơn vị nghìn người, không phải người")
        page.get_by_role("button", name="Xác nhận rút dòng").click()
        page.get_by_text("Đã rút 1 dòng").wait_for(timeout=60_000)
        wait_for_app(page)
        full_screenshot(page, artifacts_dir / "history-after-withdraw.png")
        assert page.get_by_text("Rút dòng").count() >= 1

        page.reload()  # the signed cookie, not the session, carries the analyst through a reload
        page.get_by_role("heading", name="Lịch sử & hoàn tác").wait_for(timeout=60_000)
        wait_for_app(page)
        assert page.get_by_role("link", name="Tải lên số liệu").count() == 1  # analyst pages exist only when signed in
        browser.close()
