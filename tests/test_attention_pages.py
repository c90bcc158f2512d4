"""AppTest: the "Cần chú ý" list on the Overview and a sector page, and the Briefing page, on a fixed test upload."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl.build import build
from etl.scorecard import scorecard
from etl.upload import publish_upload
from etl.warehouse import current_dir
from presentation.attention import attention_rows
from presentation.briefing.model import responsible_units

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
UPLOAD = ROOT / "tests" / "uploads" / "attention_upload.xlsx"
@pytest.fixture(scope="module")
def uploaded_dir(tmp_path_factory, catalog) -> Path:
    root = tmp_path_factory.mktemp("attention_app")
    build(root, catalog)
    publish_upload(UPLOAD.read_bytes(), UPLOAD.name, "test", root=root, confirmed=True)  # made-up values sit beside public figures
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


def expected(root: Path, lang: str = "vi", sector: str | None = None) -> pd.DataFrame:
    """The list the pure shaping makes of the same data (tests/test_briefing.py checks its order and content)."""
    version = current_dir(root)
    con = duckdb.connect()
    return attention_rows(scorecard(con, version, sector=sector), responsible_units(con, version), lang)


def test_overview_lists_lagging_targets_worst_first(uploaded):
    at = open_page()
    rows = expected(uploaded)
    text = [m.value for m in at.markdown]
    assert any("Cần chú ý" in v and f"{len(rows)} mục tiêu cần chú ý" in v for v in text)
    lines = attention_lines(at)
    assert len(lines) == len(rows) > 6  # six shown, the rest in the expander
    for line, row in zip(lines, rows.to_dict("records"), strict=True):
        assert row["indicator"] in line and row["status_text"] in line and row["target"] in line, (line, row)
    rank = [("✖ Không đạt", "▼ Chậm tiến độ", "! Có nguy cơ chậm").index(r) for r in rows["status_text"]]
    assert rank == sorted(rank)
    # Worst first: 5G covered 0,5% of the population against 8% in 2022.
    assert "Tỷ lệ dân số được phủ sóng di động 5G" in lines[0]
    assert "MT 2022: ≥ 8% (dự thảo)" in lines[0] and "Năm 2022: 0,5%. → không đạt." in lines[0]
    assert "Đơn vị chủ trì: Cục Tần số; Cục Viễn thông" in lines[0]
    # Internet users 2025: the uploaded 2023 figure, the reason in numbers, no lead unit.
    internet = [line for line in lines if "Tỷ lệ người sử dụng Internet" in line and "MT 2025: ≥ 80" in line]
    assert len(internet) == 1
    assert "Số liệu mới nhất 73,2% (năm 2023)" in internet[0] and "Cần +" in internet[0]
    assert "Đơn vị chủ trì: _chưa gán_" in internet[0]
    links = [p for p in at.get("page_link") if "indicator" in p.proto.page]
    assert len(links) >= len(rows)


def test_sector_page_lists_only_its_targets(uploaded):
    at = open_page("pages/sector.py", sector="postal")
    lines = attention_lines(at)
    rows = expected(uploaded, sector="postal")
    assert len(lines) == len(rows) >= 2
    assert "Tỷ lệ xã có điểm phục vụ bưu chính có người phục vụ" in lines[0] and "UPU" in " ".join(lines[1:])


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
    import queries

    charts = queries.run(duckdb.connect(), "sector_series", current_dir(uploaded), sector="publishing", as_of=9999)["indicator_id"].nunique()
    assert any(f"{charts + 2} trang: bìa, bảng cần chú ý và {charts} biểu đồ" in c.value for c in at.caption)
    assert at.get("download_button")


def test_filters_and_card_page_come_back_from_the_url(uploaded):
    at = open_page(f_status="not_achieved,off_track", f_sector="telecom")
    assert at.multiselect(key="f_status").value == ["not_achieved", "off_track"]
    table = at.dataframe[-1].value
    assert set(table["status"]) <= {"✖ Không đạt", "▼ Chậm tiến độ"} and len(table) > 0
    at.multiselect(key="f_status").select("at_risk").run()
    assert at.query_params["f_status"] in ("not_achieved,off_track,at_risk", ["not_achieved,off_track,at_risk"])
    sector = open_page("pages/sector.py", sector="telecom", cards_telecom="2")
    assert any(c.value.startswith("Trang 2/") for c in sector.caption)


def test_sector_cards_put_the_lagging_first(uploaded):
    at = open_page("pages/sector.py", sector="telecom")
    opened = [p.proto.query_string.split("&")[0].removeprefix("indicator=") for p in at.get("page_link")
              if p.proto.label == "Xem chi tiết chỉ tiêu"]
    rows = expected(uploaded, sector="telecom")
    missed = set(rows[rows["status"] == "not_achieved"]["indicator_id"])
    assert len(opened) == 4 and set(opened) <= missed  # the four cards of page 1 all have a missed target


def test_tiles_and_cards_show_change_and_fresh_badge(uploaded):
    at = open_page()
    changes = [m.value for m in at.markdown if "so với" in m.value]
    assert any("▲ +1,1 điểm % so với 2022" in v and "mới cập nhật" in v for v in changes), changes
    sector = open_page("pages/sector.py", sector="telecom")
    assert any("mới cập nhật" in m.value for m in sector.markdown)


def test_wall_mode_rotates_through_sectors(uploaded):
    at = open_page("pages/sector.py", sector="postal", present="1", rotate="30")
    assert any("Tự chuyển lĩnh vực sau 30 giây" in c.value for c in at.caption)
    assert at.button(key="present_exit")
    at.button(key="present_exit").click().run()
    assert not at.session_state["present"]


def test_fresh_badge_names_only_the_newest_batch_also_in_an_as_of_view(fresh_warehouse, monkeypatch):
    """"mới cập nhật" = the newest upload batch set a value shown. In an as-of view, an older batch is not newest just
    because the newest one only set later years (it used to be, the newest being taken among the years shown)."""
    import queries

    root = fresh_warehouse
    older, newer = "postal_communes_staffed_post_pct", "telecom_internet_users_pct"
    # Both in one second: their ids (second + random suffix) do not tell which is newer, the batch log does.
    ids = iter(["b20261201T080000Z-ffffff", "b20261201T080000Z-000000"])
    monkeypatch.setattr("etl.upload.publish.new_batch_id", lambda: next(ids))
    for name, indicator, year in (("older.csv", older, 2021), ("newer.csv", newer, 2025)):
        body = f"indicator_id,year,value,province,is_estimate,note\n{indicator},{year},77,,,\n"
        assert publish_upload(body.encode(), name, "analyst", root=root, confirmed=True).batch_id
    version = current_dir(root)
    with duckdb.connect() as con:
        def fresh(as_of: int) -> set[str]:
            frame = queries.run(con, "indicator_changes", version, as_of=as_of)
            return set(frame.loc[frame["in_newest_batch"], "indicator_id"])

        assert fresh(9999) == {newer}
        assert fresh(2024) == set()  # the older batch's 2021 value is shown, but it is not the newest upload
        assert fresh(2025) == {newer}
