"""Playwright in Debian's chromium against a real `streamlit run`: the baseline page after the fixed test upload,
screenshots of the page and both server-side slide PNGs (left in test-artifacts/ to be looked at)."""

from __future__ import annotations

import struct

import pytest

from etl.build import build
from etl.upload import publish_upload
from tests.browser import full_screenshot, streamlit_server, wait_for_app
from tests.test_baseline import UPLOAD


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An app server on a warehouse with the fixed test upload published."""
    root = tmp_path_factory.mktemp("baseline_browser") / "wh"
    build(root)
    publish_upload(UPLOAD.read_bytes(), UPLOAD.name, "test", root=root)
    with streamlit_server(root) as url:
        yield url




def download_png(page, index: int, path) -> tuple[int, int]:
    """Click the index-th PNG button, save the file, return its size in pixels."""
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name="Tải ảnh PNG").nth(index).click()  # hidden tabs hold no buttons by role
    info.value.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_baseline_page_and_slide_pngs(server, page, artifacts_dir):
    page.goto(f"{server}/baseline?lang=vi")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(artifacts_dir / "baseline-first-screen-vi.png"))
    svg = page.locator('[data-testid="dashboardChart"]').first.text_content()
    assert "1. Số thuê bao băng rộng cố định" in svg and "số liệu tải lên" in svg and "100% = mục tiêu 2025" in svg
    full_screenshot(page, artifacts_dir / "baseline-page-vi.png")
    assert download_png(page, 0, artifacts_dir / "baseline-normalised-vi.png") == (1600, 900)
    page.get_by_role("tab", name="Đơn vị của từng chỉ tiêu").click()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts_dir / "baseline-units-tab-vi.png"))
    assert download_png(page, 0, artifacts_dir / "baseline-units-vi.png") == (1600, 900)


def test_baseline_deep_link_with_filters(server, page, artifacts_dir):
    page.goto(f"{server}/baseline?lang=en&bl_sector=telecom&part=2")
    wait_for_app(page)
    svg = page.locator('[data-testid="dashboardChart"]').first.text_content()
    assert "indicators 9–16 of" in svg
    assert "bl_sector=telecom" in page.url and "part=2" in page.url
    full_screenshot(page, artifacts_dir / "baseline-telecom-part2-en.png")
