"""The province view: ranking and goal rules (pure), the tile layouts and figures, and the page (AppTest) on a
warehouse holding the synthetic provincial test upload."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl.build import build
from etl.provinces import MERGER_DATE, Registry
from etl.upload import publish_upload
from presentation import province_views as pv
from presentation.charts import ChartContext
from presentation.province_charts import TILES_34, TILES_63, province_trend_figure, tile_map_figure
from tests.app_charts import chart_figures

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "data" / "catalog"
CTX = ChartContext("vi", "2026-12-01")


def registry() -> Registry:
    """The catalog's units."""
    return Registry.from_frames(pd.read_csv(CATALOG / "provinces.csv", dtype=str, keep_default_na=False),
                                pd.read_csv(CATALOG / "province_successions.csv", dtype=str, keep_default_na=False))


def test_tile_layouts_hold_every_unit_once():
    reg = registry()
    assert set(TILES_63) == {u.code for u in reg.units_on(date(2024, 12, 31))}
    assert set(TILES_34) == {u.code for u in reg.units_on(MERGER_DATE)}
    for layout in (TILES_63, TILES_34):
        assert len(set(layout.values())) == len(layout), "two units on one tile"


def score_rows(*targets: tuple[int, float, bool]) -> pd.DataFrame:
    """Scorecard-like rows: (period_end, goal, is_draft)."""
    return pd.DataFrame([{"target_id": f"t{end}{draft}{goal}", "period_start": end, "period_end": end, "goal": goal,
                          "is_draft": draft, "has_conflict": False, "comparator": "ge", "direction": "higher_better",
                          "target_value": goal, "target_low": None, "target_high": None} for end, goal, draft in targets])


@pytest.mark.parametrize(("targets", "year", "expected"), [
    ([(2021, 71, False), (2025, 80, False)], 2021, 71),   # the target of that year
    ([(2021, 71, False), (2025, 80, False)], 2023, 80),   # else the next one ahead
    ([(2021, 71, False), (2025, 80, False)], 2026, 80),   # else the last one
    ([(2025, 85, True), (2025, 80, False)], 2025, 80),    # non-draft first
    ([], 2025, None),
])
def test_national_goal(targets, year, expected):
    """Table-driven; the headline and kind rules are in test_national_goal_prefers_the_headline_target."""
    goal = pv.national_goal(score_rows(*targets) if targets else pd.DataFrame(columns=["goal"]), year)
    assert (None if goal is None else goal["goal"]) == expected


def test_national_goal_prefers_the_headline_target():
    rows = score_rows((2025, 85, False), (2025, 80, False), (2025, 90, False))
    rows["is_headline"] = [False, True, False]
    rows["kind"] = ["target", "target", "projection"]
    assert pv.national_goal(rows, 2025)["goal"] == 80
    rows["is_headline"] = False
    assert pv.national_goal(rows[rows["goal"] == 90], 2025) is None  # a projection is not a target
    rows = score_rows((2020, 30, False))
    rows["goal"] = float("nan")  # not measured nationally: the level still comes from the comparator
    assert pv.national_goal(rows, 2020)["goal"] == 30


def year_rows(values: dict[str, float]) -> pd.DataFrame:
    """Rows of one year as the page hands them to the ranking."""
    return pd.DataFrame({"unit": [f"{k}@" for k in values], "name": list(values), "actual_value": list(values.values()),
                         "is_estimate": False})


def test_ranking_worst_first_with_the_national_reference_row():
    table = pv.ranking(year_rows({"A": 82.0, "B": 60.5, "C": 75.0}), national=78.0, goal=80.0, lower_better=False, lang="vi")
    assert list(table["name"]) == ["B", "C", pv.t("prov_national_row", "vi"), "A"]
    assert list(table["rank"]) == ["1", "2", "–", "3"]
    assert list(table["gap_text"]) == ["−19,5", "−5", "−2", "+2"]
    assert table["verdict"].iloc[-1] == pv.t("prov_meets", "vi") and table["verdict"].iloc[0] == pv.t("prov_below", "vi")


def test_ranking_lower_better_and_without_goal():
    table = pv.ranking(year_rows({"A": 5.0, "B": 9.0}), national=7.0, goal=None, lower_better=True, lang="en")
    assert list(table["name"]) == ["B", pv.t("prov_national_row", "en"), "A"]  # higher is worse
    assert table["verdict"].iloc[0] == pv.t("prov_below_national", "en")


def test_figures_set_every_colour():
    units = pd.DataFrame({"unit": ["52@2025-07-01", "01@"], "code": ["52", "01"], "name": ["Gia Lai", "Hà Nội"],
                          "actual_value": [70.0, 90.0]})
    meta = {"name_vi": "Tỷ lệ", "name_en": "Share", "unit": "%", "unit_en": "%", "value_type": "percent"}
    fig = tile_map_figure(units, {"52@2025-07-01": "below", "01@": "meets"}, meta, {"year": 2025, "units": 2, "goal": "MT"},
                          CTX, selected="52@2025-07-01")
    assert all(shape.fillcolor for shape in fig.layout.shapes)
    assert [s.line.width for s in fig.layout.shapes].count(3) == 1, "the selected unit has the thick border"
    series = pd.DataFrame({"unit": ["52@", "52@", "52@2025-07-01"], "name": ["Bình Định", "Bình Định", "Gia Lai"],
                           "year": [2023, 2024, 2025], "actual_value": [1.0, 2.0, 3.0]})
    national = pd.DataFrame({"year": [2024, 2025], "actual_value": [2.5, 3.5]})
    trend = province_trend_figure(meta, series, national, pd.DataFrame(), "52@2025-07-01", CTX)
    grey = trend.data[0]
    assert list(grey.x) == [2023, 2024, None, 2025, None], "code 52 before and after the merger are two lines"
    for trace in trend.data:
        assert (trace.line.color if trace.mode and "lines" in trace.mode else trace.marker.color), trace.name


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory, catalog):
    """A warehouse with the synthetic provincial test upload (tests/provinces/demo_provincial.csv) published."""
    root = tmp_path_factory.mktemp("province_view")
    build(root, catalog)
    data = (ROOT / "tests" / "provinces" / "demo_provincial.csv").read_bytes()
    publish_upload(data, "demo_provincial.csv", "tester", root=root)
    return root


def open_provinces(monkeypatch, root: Path, lang: str = "vi", **params: str) -> AppTest:
    """The province page on a warehouse, with query parameters."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(root))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/provinces.py")
    at.run()
    return at


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_ranks_maps_and_keeps_the_province_in_the_url(monkeypatch, demo_warehouse, lang):
    at = open_provinces(monkeypatch, demo_warehouse, lang, indicator="telecom_internet_users_pct", prov_year="2024",
                        province="52@")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == pv.t("page_provinces", lang)
    ranking = at.dataframe[0].value
    assert len(ranking) == 64 and pv.t("prov_national_row", lang) in set(ranking[pv.t("province", lang)])
    assert at.selectbox[2].value == "52@" and at.query_params["province"] in ("52@", ["52@"])
    assert pv.t("prov_goal", lang, year=2025, target="≥ 80%") in [c.value for c in at.caption]  # with its unit


def test_page_2025_uses_the_34_units(monkeypatch, demo_warehouse):
    at = open_provinces(monkeypatch, demo_warehouse, indicator="digital_economy_digital_enterprises_count", prov_year="2025")
    assert not at.exception
    ranking = at.dataframe[0].value
    assert len(ranking) == 35 and ranking.iloc[0, 0] == "1" and ranking.iloc[-1, 0] == "–"  # lowest first; national total last
    # Numbered worst first: the column must not say "rank", where 1 reads as the best unit.
    assert ranking.columns[0] == pv.t("prov_rank", "vi") == "Thứ tự (kém nhất trước)"
    assert pv.t("prov_additive", "vi") in [c.value for c in at.caption]
    comparable = at.dataframe[1].value
    assert len(comparable) == 34 and {"2022", "2023", "2024", "2025"} <= set(comparable.columns)


def test_page_without_provincial_figures_says_so(monkeypatch, built_warehouse):
    at = open_provinces(monkeypatch, built_warehouse, as_of="2019")  # the catalog's provincial figures are of 2020
    assert not at.exception
    assert any(pv.t("prov_none", "vi") in str(i.body) for i in at.info)


def test_page_on_the_catalogs_provincial_annex(monkeypatch, built_warehouse):
    """The embedded figures of the year-end report's provincial annex (2020), no upload."""
    at = open_provinces(monkeypatch, built_warehouse, indicator="digital_transformation_online_services_level4_pct")
    assert not at.exception, [e.value for e in at.exception]
    ranking = at.dataframe[0].value
    assert pv.t("prov_national_row", "vi") in set(ranking[pv.t("province", "vi")]) and len(ranking) >= 3
    assert at.selectbox[1].value == "2020"


def test_indicator_page_draws_provinces_as_one_highlightable_trend(monkeypatch, demo_warehouse):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(demo_warehouse))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["indicator"] = "telecom_internet_users_pct"
    at.run()
    at.switch_page("pages/indicator.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert pv.t("provinces_uploaded", "vi") in [s.value for s in at.subheader]
    figures = chart_figures(at)
    assert len(figures) == 2
    traces = figures[1]["data"]
    assert traces[0]["name"] == "Các tỉnh/thành" and len(traces) < 10  # one grey trace for all units, not 97 lines
