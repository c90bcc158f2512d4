"""Shared fixtures: real warehouses built from the real catalog into temporary directories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.build import build
from etl.catalog import load_catalog

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def catalog():
    """The real source catalog, validated once per session."""
    return load_catalog()


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory, catalog) -> Path:
    """A warehouse built once per session from the real catalog (read-only by convention)."""
    root = tmp_path_factory.mktemp("warehouse")
    build(root, catalog)
    return root


@pytest.fixture
def warehouse(built_warehouse, monkeypatch) -> Path:
    """The shared read-only warehouse, selected through DASHBOARD_DATA_DIR."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(built_warehouse))
    return built_warehouse


@pytest.fixture
def fresh_warehouse(tmp_path, catalog, monkeypatch) -> Path:
    """A private warehouse a test may publish into."""
    root = tmp_path / "warehouse"
    build(root, catalog)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(root))
    return root


@pytest.fixture
def artifacts_dir() -> Path:
    """Where browser tests leave screenshots and downloads for people to look at."""
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


def copy_catalog(dest: Path) -> Path:
    """A writable copy of the catalog (for tests that corrupt it)."""
    shutil.copytree(ROOT / "data" / "catalog", dest)
    return dest


@pytest.fixture(scope="module")
def browser():
    """Headless Debian chromium (never a downloaded browser), one per test module."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh tab at laptop size."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()
