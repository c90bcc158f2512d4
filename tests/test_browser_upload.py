"""Playwright: an analyst signs in, downloads the template, uploads a filled file, previews, publishes, sees the new
value on the indicator page and reverts it — in Debian's chromium against a real `streamlit run`."""

from __future__ import annotations

import io

import bcrypt
import openpyxl
import pytest
from playwright.sync_api import sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS, full_screenshot, streamlit_server, wait_for_app

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
        page.goto(analyst_server)
        wait_for_app(page)
        page.get_by_role("link", name="Đăng nhập chuyên viên").click()
        wait_for_app(page)
        page.get_by_label("Tên đăng nhập").fill("lan")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("button", name="Hoàn tất đăng nhập trên trình duyệt này").click()  # the browser gets its cookie
        page.get_by_text("Đã đăng nhập: lan").wait_for(timeout=30_000)

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
        assert "70,3" in page.locator('[data-testid="stPlotlyChart"]').first.text_content()
        full_screenshot(page, artifacts_dir / "indicator-after-upload.png")

        page.get_by_role("link", name="Lịch sử & hoàn tác").click()
        page.get_by_role("heading", name="Lịch sử & hoàn tác").wait_for(timeout=60_000)
        wait_for_app(page)
        page.get_by_label("Lý do hoàn tác (bắt buộc)").fill("Số liệu chưa được duyệt")
        page.get_by_role("button", name="Hoàn tác lô này").click()
        page.get_by_text("Đã hoàn tác lô").wait_for(timeout=60_000)
        full_screenshot(page, artifacts_dir / "history-after-revert.png")

        page.goto(f"{analyst_server}/indicator?indicator=telecom_internet_users_pct")
        wait_for_app(page)
        assert "70,3" not in page.locator('[data-testid="stPlotlyChart"]').first.text_content()
        browser.close()
