"""AppTest: the "Cần chú ý" list on the Overview and a sector page, and the Briefing page, on a fixed test upload."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.build import build
from etl.upload import publish_upload

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
UPLOAD = ROOT / "tests" / "uploads" / "attention_upload.xlsx"
# Worst first: missed targets by shortfall (5G 0,5 of 8; smartphones 73,5 of 90; e-books 8,2 of 10; communes 92 of
# 100; mobile broadband 78 of 82; Internet users 70,3 of 71), then off track (postal revenue), then at risk.
EXPECTED = [
    ("Tỷ lệ dân số được phủ sóng di động 5G", "✖ Không đạt"),
    ("Tỷ lệ người sử dụng điện thoại thông minh", "✖ Không đạt"),
    ("Tỷ lệ sách xuất bản điện tử", "✖ Không đạt"),
    ("Tỷ lệ xã có điểm phục vụ bưu chính có người phục vụ", "✖ Không đạt"),
    ("Số thuê bao băng rộng di động trên 100 dân", "✖ Không đạt"),
    ("Tỷ lệ người sử dụng Internet", "✖ Không đạt"),
    ("Tổng doanh thu dịch vụ bưu chính", "▼ Chậm tiến độ"),
    ("Tỷ lệ người sử dụng Internet", "! Có nguy cơ chậm"),
]


@pytest.fixture(scope="module")
def uploaded_dir(tmp_path_factory, catalog) -> Path:
    root = tmp_path_factory.mktemp("attention_app")
    build(root, catalog)
    publish_upload(UPLOAD.read_bytes(), UPLOAD.name, "test", root=root)
    return root


@pytest.fixture
def uploaded(uploaded_dir, monkeypatch) -> Path:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(uploaded_dir))
    return uploaded_dir


def open_page(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = params.pop("lang", "vi")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def attention_lines(at: AppTest) -> list[str]:
    """The attention block's lines (a badge, then the target and the reason on a second line)."""
    return [m.value for m in at.markdown if "-badge[" in m.value and "Đơn vị chủ trì" in m.value or "Lead unit" in m.value]


def test_overview_lists_lagging_targets_worst_first(uploaded):
    at = open_page()
    text = [m.value for m in at.markdown]
    assert any("Cần chú ý" in v and "8 mục tiêu cần chú ý" in v for v in text)
    lines = attention_lines(at)
    assert len(lines) == len(EXPECTED)
    for line, (name, status) in zip(lines, EXPECTED, strict=True):
        assert name in line and status in line, (line, name, status)
    five_g = lines[0]
    assert "MT 2022: ≥ 8 (dự thảo)" in five_g and "Số liệu mới nhất 1,2% (năm 2023)" in five_g
    assert "Đơn vị chủ trì: Cục Tần số; Cục Viễn thông" in five_g
    assert "Đơn vị chủ trì: _chưa gán_" in lines[-1]
    assert "Cần +2,6%/năm, thực tế +1,6%/năm" in lines[-1]
    links = [p for p in at.get("page_link") if p.proto.page.endswith("indicator.py") or "indicator" in p.proto.page]
    assert len(links) >= len(EXPECTED)


def test_sector_page_lists_only_its_targets(uploaded):
    at = open_page("pages/sector.py", sector="postal")
    lines = attention_lines(at)
    assert [("bưu chính" in line) for line in lines] == [True, True]
    assert "Tổng doanh thu dịch vụ bưu chính" in lines[1]


def test_attention_in_english_and_as_of(uploaded):
    at = open_page(lang="en", as_of="2020")
    text = " ".join(m.value for m in at.markdown)
    assert "Needs attention" in text and "0 targets need attention" in text
    assert any("No target is behind." in str(s.value) for s in at.success)


def test_briefing_page_makes_a_report(uploaded):
    at = open_page("pages/briefing.py", scope="publishing", format="pdf")
    assert at.title[0].value == "Tài liệu báo cáo"
    at.button(key="briefing_make").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("5 trang" in c.value for c in at.caption)
    assert at.get("download_button")
