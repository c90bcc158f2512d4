"""The baseline – 2021 – 2025 comparison: table-driven row shaping, the figures' markers, and the page (AppTest) after a
fixed test upload (tests/fixtures/baseline_upload.xlsx) on a real warehouse."""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import queries
from etl.build import build
from etl.scorecard import scorecard
from etl.upload import publish_upload
from etl.warehouse import current_dir
from presentation import baseline as bl
from presentation.charts import ChartContext
from presentation.views import HEADLINE_INDICATORS
from tests.app_charts import chart_figures

ROOT = Path(__file__).resolve().parent.parent
UPLOAD = ROOT / "tests" / "fixtures" / "baseline_upload.xlsx"
APP = str(ROOT / "app.py")
DOC = "002_09f249087db9701e.txt"


def score_rows(targets: list[tuple], direction: str = "higher_better", value_type: str = "percent", unit: str = "%") -> pd.DataFrame:
    """Scorecard rows of one indicator: targets are (end, comparator, value, low, high[, extra columns])."""
    records = []
    for i, (end, comparator, value, low, high, *extra) in enumerate(targets):
        start = 2021 if comparator == "growth" else end
        records.append({
            "target_id": f"x__{end}__{i}", "indicator_id": "x", "sector_id": "telecom", "name_vi": "Chỉ tiêu X",
            "name_en": "Indicator X", "unit": unit, "unit_en": unit, "direction": direction, "value_type": value_type,
            "period_start": start, "period_end": end, "comparator": comparator, "target_value": value, "target_low": low,
            "target_high": high, "is_draft": False, "has_conflict": bool(extra and extra[0].get("has_conflict")),
            "source_doc": DOC, "baseline_year": 2020, "status": "on_track", "early": False,
            **(extra[0] if extra else {}),
        })
    return pd.DataFrame.from_records(records)


def point(year: int, value: float | None, **extra: object) -> dict:
    """An actuals row as baseline_points.sql returns it."""
    return {"year": year, "actual_value": value, "actual_low": None, "actual_high": None, "is_estimate": False,
            "source_doc": DOC, "batch_id": None, "origin": "document", **extra}


def shape(targets, base=None, latest=None, lang="vi", **meta):
    """shape_row of one synthetic indicator."""
    rows = score_rows(targets, **meta)
    return bl.shape_row(rows.iloc[0], rows, {"base": base, "latest": latest}, lang)


GE80 = (2025, "ge", 80.0, None, None)
GE71 = (2021, "ge", 71.0, None, None)
# (id, kwargs of shape, expected fields: exact values, or a callable check)
CASES = [
    ("2020 baseline, progress to the 2025 target",
     {"targets": [GE80], "base": point(2020, 60.0), "latest": point(2023, 70.0)},
     {"base_year": 2020, "scale_year": 2025, "latest_pct": 50.0, "progress": "50%", "has_new": True,
      "base_text": "60% (2020)", "latest_text": "70% (2023)"}),
    ("a 2019 baseline says its year",
     {"targets": [GE71, GE80], "base": point(2019, 68.7), "latest": point(2023, 78.1)},
     {"base_year": 2019, "base_text": "68,7% (2019)", "base_before_period": True, "t2021_text": "≥ 71%"}),
    ("no baseline keeps its targets and latest value",
     {"targets": [(2021, "eq", 18.0, None, None)], "latest": point(2023, 23.0), "unit": "thuê bao/100 dân", "value_type": "number"},
     {"base_year": None, "progress": "chưa có số liệu gốc", "t2021_text": "≥ 18 thuê bao/100 dân", "latest_pct": None,
      "latest_text": "23 thuê bao/100 dân (2023)", "has_new": True}),
    ("no newer value is not 0%",
     {"targets": [(2021, "ge", 100.0, None, None)], "base": point(2020, 90.0), "latest": point(2020, 90.0)},
     {"progress": "chưa có số liệu mới", "latest_pct": None, "has_new": False}),
    ("the 2021 target is 100% where there is no 2025 target",
     {"targets": [(2021, "ge", 100.0, None, None)], "base": point(2020, 90.0), "latest": point(2022, 95.0)},
     {"scale_year": 2021, "target_2025": None, "t2025_text": None, "t2021_pct": None, "latest_pct": 50.0,
      "scale_text": "100% = mục tiêu 2021: ≥ 100%"}),
    ("ranks: top 70 by 2025, up 10 places in 2021",
     {"targets": [(2021, "rank_gain", 10.0, None, None), (2025, "top_n", 70.0, None, None)], "base": point(2020, 86.0),
      "latest": point(2022, 80.0), "direction": "lower_better", "value_type": "rank", "unit": "hạng"},
     {"target_2021": 76.0, "target_2025": 70.0, "t2021_pct": 62.5, "latest_pct": 37.5, "latest_text": "hạng 80 (2022)",
      "note": lambda n: "thứ hạng: số nhỏ hơn là tốt hơn" in n}),
    ("reduce to: a 2021 target above the baseline is explained",
     {"targets": [(2021, "eq", 120.0, None, None), (2025, "le", 90.0, None, None)], "base": point(2020, 110.0),
      "latest": point(2023, 100.0), "direction": "lower_better", "value_type": "number", "unit": "triệu người"},
     {"t2021_pct": -50.0, "latest_pct": 50.0,
      "note": lambda n: "thấp hơn là tốt hơn" in n and "nằm dưới 0%" in n}),
    ("growth rate from the baseline year becomes a level",
     {"targets": [(2025, "growth", 30.0, None, None)], "base": point(2020, 35.0), "latest": point(2021, 40.0),
      "value_type": "number", "unit": "nghìn tỷ đồng"},
     {"goal": lambda g: math.isclose(g, 35 * 1.3 ** 5), "note": lambda n: "tăng trưởng" in n}),
    ("growth rate from another year is not turned into a level",
     {"targets": [(2025, "growth", 30.0, None, None)], "base": point(2019, 35.0), "latest": point(2021, 40.0),
      "value_type": "number", "unit": "nghìn tỷ đồng"},
     {"goal": None, "latest_pct": None, "progress": "mục tiêu không quy được thành mức"}),
    ("a range is read conservatively and shown as a range",
     {"targets": [GE80], "base": point(2020, 60.0),
      "latest": point(2023, None, actual_low=8.0, actual_high=10.0)},
     {"latest_value": 8.0, "latest_text": "8–10% (2023)"}),
    ("an uploaded point is an upload in the footer",
     {"targets": [GE80], "base": point(2020, 60.0), "latest": point(2023, 70.0, batch_id="b1", origin="upload", source_doc=None)},
     {"uploaded": True, "docs": [DOC]}),
    ("a public-report point is named (source-class column)",
     {"targets": [GE80], "base": point(2020, 60.0),
      "latest": point(2023, 70.0, source_class="public_report", report_title="ITU Facts 2024", source_doc=None)},
     {"reports": ["ITU Facts 2024"], "uploaded": False}),
    ("documents that disagree are both said",
     {"targets": [(2025, "top_n", 30.0, None, None, {"has_conflict": True}),
                  (2025, "top_n", 40.0, None, None, {"has_conflict": True})],
      "base": point(2019, 50.0), "direction": "lower_better", "value_type": "rank", "unit": "hạng"},
     {"t2025_text": "nhóm 30", "note": lambda n: "còn có nhóm 40" in n}),
    ("the scorecard's headline target is the one judged",
     {"targets": [(2025, "top_n", 30.0, None, None, {"is_headline": False, "status": "off_track"}),
                  (2025, "top_n", 40.0, None, None, {"is_headline": True, "status": "on_track"})],
      "base": point(2019, 50.0), "direction": "lower_better", "value_type": "rank", "unit": "hạng"},
     {"t2025_text": "nhóm 40", "status": "on_track"}),
    ("English labels use a decimal point",
     {"targets": [GE80], "base": point(2019, 68.7), "latest": point(2023, 78.1), "lang": "en"},
     {"base_text": "68.7% (2019)", "progress": "83%", "scale_text": "100% = 2025 target: ≥ 80%"}),
]


@pytest.mark.parametrize(("kwargs", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_row_shaping(kwargs, expected):
    row = shape(**kwargs)
    for key, want in expected.items():
        got = row[key]
        if callable(want):
            assert want(got), (key, got)
        elif isinstance(want, float):
            assert got is not None and math.isclose(got, want), (key, got)
        else:
            assert got == want, (key, got)


def test_no_2025_marker_without_a_2025_target():
    rows = pd.DataFrame([
        {**shape([(2021, "ge", 100.0, None, None)], point(2020, 90.0), point(2022, 95.0)), "no": 1, "sector": "Viễn thông"},
        {**shape([GE80], point(2020, 60.0), point(2023, 70.0)), "name": "Chỉ tiêu Y", "no": 2, "sector": "Viễn thông"},
        {**shape([GE71], None, point(2023, 70.0)), "name": "Chỉ tiêu Z", "no": 3, "sector": "Viễn thông"},
    ])
    ctx = ChartContext("vi", "2026-12-01")
    norm = bl.normalised_figure(rows, ctx)
    by_name = {trace.name: trace for trace in norm.data if trace.name}
    stars = by_name["Mục tiêu 2025 (= 100%)"].y
    assert len(stars) == 1 and stars[0].startswith("2. ")
    squares = by_name["Mục tiêu 2021 (= 100%)"].y
    assert len(squares) == 1 and squares[0].startswith("1. ")
    mult = bl.multiples_figure(rows, ctx)
    star_axes = {trace.xaxis for trace in mult.data if trace.legendgroup == "t2025"}
    assert star_axes == {"x2"}  # only the second panel has a 2025 marker
    text = json.dumps(norm.to_plotly_json(), default=str, ensure_ascii=False)
    assert "chưa có số liệu gốc" in text and "0%" not in [t.text for t in norm.data if t.name == "Số mới nhất"]


def test_normalised_layout_keeps_rows_and_legend_apart(uploaded_warehouse, real_rows):
    """The right column is one status line and what 100% means (at most three short lines, so rows never run into
    each other); the legend sits under the plot as a grid and the footer under the legend, on screen and on the slide."""
    from presentation.png import slide_figure
    from presentation.screens import wall_figure

    version, con = current_dir(uploaded_warehouse), duckdb.connect()
    points = queries.run(con, "baseline_points", version, as_of=9999, base_year=bl.BASE_YEAR)
    english = bl.baseline_rows(scorecard(con, version), points, queries.run(con, "sectors", version), "en")
    for lang, rows in (("vi", real_rows), ("en", english)):
        for row in bl.records(rows):
            lines = bl.side_text(row, lang).split("<br>")
            assert len(lines) <= 3 and max(map(len, lines)) <= bl.SIDE_WIDTH, lines
            assert not row["note"] or row["note"] not in bl.side_text(row, lang)  # how to read a row: in the table
    fig = bl.normalised_figure(real_rows.iloc[:8], ChartContext("vi", "2026-12-01"), total=len(real_rows))
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.y < 0 and fig.layout.legend.yanchor == "top"
    assert fig.layout.legend.entrywidthmode == "fraction"  # a grid, never one entry a row over the subtitle
    for shown in (fig, slide_figure(fig), wall_figure(fig)):
        foot = next(a for a in shown.layout.annotations if a.yref == "paper" and a.y == 0)
        assert foot.yshift <= -(42 + bl.LEGEND_PX)
        assert shown.layout.margin.b >= -foot.yshift + 14 * (foot.text.count("<br>") + 1)
    assert min(trace.textfont.size for trace in fig.data if trace.textfont.size) >= 14


def test_filters_and_slide_parts():
    rows = pd.DataFrame([{"no": i + 1, "sector_id": s, "is_headline": h, "status": st}
                         for i, (s, h, st) in enumerate([("telecom", True, "on_track"), ("postal", True, "off_track"),
                                                         ("postal", False, "off_track"), ("telecom", False, "no_data")])])
    assert list(bl.filter_rows(rows, "postal")["no"]) == [1, 2]
    assert len(bl.filter_rows(rows, headline_only=True)) == 2
    assert len(bl.filter_rows(rows, status="off_track")) == 2
    assert bl.slide_parts(17) == [(1, 8), (9, 16), (17, 17)]


@pytest.fixture(scope="module")
def uploaded_warehouse(tmp_path_factory) -> Path:
    """A warehouse built from the real catalog, with the fixed test upload published."""
    root = tmp_path_factory.mktemp("baseline_wh")
    build(root)
    publish_upload(UPLOAD.read_bytes(), UPLOAD.name, "test", root=root)
    return root


@pytest.fixture(scope="module")
def real_rows(uploaded_warehouse) -> pd.DataFrame:
    """The comparison rows of the uploaded warehouse, in Vietnamese."""
    version = current_dir(uploaded_warehouse)
    con = duckdb.connect()
    points = queries.run(con, "baseline_points", version, as_of=9999, base_year=bl.BASE_YEAR)
    return bl.baseline_rows(scorecard(con, version), points, queries.run(con, "sectors", version), "vi")


def test_every_indicator_with_a_2021_or_2025_target_appears_headline_first(uploaded_warehouse, real_rows):
    targets = pd.read_parquet(current_dir(uploaded_warehouse) / "targets.parquet")
    judged = targets[(targets["kind"] == "target") & targets["period_end"].isin([2021, 2025])]  # projections/aspirations are context
    assert set(real_rows["indicator_id"]) == set(judged["indicator_id"])
    assert list(real_rows["indicator_id"][:8]) == list(HEADLINE_INDICATORS)
    internet = real_rows.set_index("indicator_id").loc["telecom_internet_users_pct"]
    assert internet["base_text"] == "68,7% (2019)" and internet["uploaded"]
    assert not real_rows.loc[~real_rows["has_new"], "progress"].str.endswith("%").any()


def open_page(**params: str) -> AppTest:
    """The baseline page, with query parameters."""
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/baseline.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_after_upload(uploaded_warehouse, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(uploaded_warehouse))
    at = open_page(lang="vi")
    table = at.dataframe[0].value
    names = pd.read_parquet(current_dir(uploaded_warehouse) / "indicators.parquet").set_index("indicator_id")["name_vi"]
    assert list(table["name"][:8]) == [names[i] for i in HEADLINE_INDICATORS]
    # No row has a 2025 value or marker without a 2025 target.
    no_2025 = table[table["t2025_text"].isna()]
    assert not no_2025["scale_text"].str.contains("2025").any()
    charts = chart_figures(at)
    assert len(charts) == 2
    norm, mult = charts
    stars = next(tr for tr in norm["data"] if tr.get("name") == "Mục tiêu 2025 (= 100%)")["y"]
    shown = table.set_index("no")
    for label in stars:
        assert not pd.isna(shown.loc[int(label.split(".")[0]), "t2025_text"])
    star_panels = {tr.get("xaxis", "x") for tr in mult["data"] if tr.get("legendgroup") == "t2025"}
    for axis in star_panels:
        panel = 1 if axis == "x" else int(axis[1:])
        assert not pd.isna(shown.loc[panel, "t2025_text"])
    # Rows without a newer value are not shown as 0%.
    stalled = table[table["progress"] == "chưa có số liệu mới"]
    assert len(stalled) > 5
    assert "số liệu tải lên" in json.dumps(norm, ensure_ascii=False)
    at.selectbox(key="_w_part").set_value("2").run()  # rows 9-16: several without a newer value
    norm = chart_figures(at)[0]
    latest = next(tr for tr in norm["data"] if tr.get("name") == "Số mới nhất")
    labels = next(tr for tr in norm["data"] if tr.get("name") == "Số gốc (2020 hoặc trước)")["y"]
    for label in labels:
        if shown.loc[int(label.split(".")[0]), "progress"] == "chưa có số liệu mới":
            assert "chưa có số liệu mới" in label and label not in latest["y"]
    assert any("chưa có số liệu mới" in label for label in labels)


def test_filters_live_in_the_url(uploaded_warehouse, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(uploaded_warehouse))
    at = open_page(lang="en", headline="1", bl_sector="postal")
    table = at.dataframe[0].value
    assert list(table["name"]) == ["Share of communes with a staffed postal service point"]
    at.toggle(key="_w_headline").set_value(False).run()
    assert len(at.dataframe[0].value) > 1 and "headline" not in at.query_params
    at.selectbox(key="_w_bl_status").set_value("off_track").run()
    assert at.query_params["bl_status"] == ["off_track"] or at.query_params["bl_status"] == "off_track"
    assert not at.exception


def test_multiples_legend_above_the_panels_in_reading_order(real_rows):
    """Above the plot area (inside it, it ran over the first panels' titles on the slide), in the panels' order."""
    fig = bl.multiples_figure(real_rows.iloc[:8], ChartContext("en", "2026-12-01"), total=len(real_rows))
    assert fig.layout.legend.y >= 1 and fig.layout.legend.yanchor == "bottom"
    ranked = sorted((trace.legendrank, trace.legendgroup) for trace in fig.data if trace.showlegend)
    assert [group for _, group in ranked] == list(bl.SLOTS)
