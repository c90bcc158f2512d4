"""Playwright in Debian's chromium: the province view with provincial figures (the synthetic test upload until the
catalog holds the year-end report's provincial annex), its ranking and tile map, the URL-kept province, and the
server-side PNG of the map in explicit colours."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import sync_playwright

from etl.build import build
from etl.upload import publish_upload
from tests.browser import CHROMIUM, CHROMIUM_ARGS, full_screenshot, streamlit_server, wait_for_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def server(tmp_path_factory, catalog):
    """An app server on a warehouse holding the provincial test upload."""
    root = tmp_path_factory.mktemp("province_browser") / "warehouse"
    build(root, catalog)
    publish_upload((ROOT / "tests" / "provinces" / "demo_provincial.csv").read_bytes(), "demo_provincial.csv", "tester", root=root)
    with streamlit_server(root) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    """One tab at laptop size in headless Debian chromium."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
        yield context.new_page()
        browser.close()


def test_province_view_shows_ranking_and_map(server, page, artifacts_dir):
    page.goto(f"{server}/provinces?indicator=telecom_internet_users_pct&prov_year=2024&province=52%40")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Xếp hạng năm 2024 (63 đơn vị)").is_visible()
    assert page.locator('[data-testid="stDataFrame"]').first.is_visible()
    charts = page.locator('[data-testid="dashboardChart"]')
    assert charts.count() == 2
    tile_map = charts.first.text_content()
    assert "Bình Định" in tile_map and "Thừa Thiên Huế" not in tile_map and "T.T. Huế" in tile_map  # 63 units in 2024
    assert "Bình Định" in charts.nth(1).text_content(), "the province from the URL is highlighted in the trend"
    full_screenshot(page, artifacts_dir / "provinces-2024-vi.png")


def test_province_view_2025_has_the_34_units(server, page, artifacts_dir):
    page.goto(f"{server}/provinces?indicator=telecom_internet_users_pct&prov_year=2025&lang=en")
    wait_for_app(page)
    assert page.get_by_text("Ranking 2025 (34 units)").is_visible()
    tile_map = page.locator('[data-testid="dashboardChart"]').first.text_content()
    assert "Gia Lai" in tile_map and "Bình Định" not in tile_map
    full_screenshot(page, artifacts_dir / "provinces-2025-en.png")


def test_map_png_is_slide_sized_and_coloured(server, page, artifacts_dir):
    page.goto(f"{server}/provinces?indicator=telecom_internet_users_pct&prov_year=2025")
    wait_for_app(page)
    with page.expect_download(timeout=90_000) as download_info:
        page.get_by_role("button", name="Tải ảnh PNG").first.click()
    target = artifacts_dir / f"provinces-map-{download_info.value.suggested_filename}"
    download_info.value.save_as(target)
    data = target.read_bytes()
    assert struct.unpack(">II", data[16:24]) == (1600, 900)
    colours = Image.open(io.BytesIO(data)).convert("RGB").getcolors(maxcolors=1 << 20)
    common = {rgb for count, rgb in colours if count > 2000}
    assert (0, 158, 115) in common and (213, 94, 0) in common, "tiles in their own green and vermilion, not black"


@pytest.fixture(scope="module")
def catalog_server(built_warehouse):
    """An app server on the warehouse built from the catalog alone (its provincial annex figures, no upload)."""
    with streamlit_server(built_warehouse) as url:
        yield url


def test_province_view_on_the_catalogs_provincial_annex(catalog_server, page, artifacts_dir):
    page.goto(f"{catalog_server}/provinces?indicator=digital_transformation_online_services_level4_pct")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Xếp hạng năm 2020").is_visible()
    assert page.locator('[data-testid="stDataFrame"]').first.is_visible()
    charts = page.locator('[data-testid="dashboardChart"]')
    assert charts.count() == 2 and "Chưa có số liệu" in charts.first.text_content()  # units without a figure stay grey
    full_screenshot(page, artifacts_dir / "provinces-annex-2020-vi.png")
