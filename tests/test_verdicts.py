"""Issue 13 acceptance on the embedded data plus the fixed upload tests/uploads/leadership_2021_2023.xlsx: one
headline verdict per (indicator, target year), progress within 0-100, no "insufficient data" beside two actuals."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.build import build
from etl.report import scorecard_output
from etl.scorecard import scorecard
from etl.upload import publish_upload
from etl.warehouse import require_current
from presentation import views

UPLOAD = Path(__file__).parent / "uploads" / "leadership_2021_2023.xlsx"


@pytest.fixture(scope="module")
def uploaded(tmp_path_factory, catalog) -> Path:
    """A warehouse from the catalog with the fixed upload published (91 rows, 21 indicators, 2021-2023)."""
    root = tmp_path_factory.mktemp("verdicts")
    build(root, catalog)
    outcome = publish_upload(UPLOAD.read_bytes(), UPLOAD.name, "verdict-test", root=root, confirmed=True)  # made-up values sit beside public figures
    assert outcome is not None
    return root


@pytest.fixture(scope="module")
def score(uploaded) -> pd.DataFrame:
    con = duckdb.connect()
    try:
        return scorecard(con, require_current(uploaded))
    finally:
        con.close()


@pytest.fixture(scope="module")
def national(uploaded) -> pd.DataFrame:
    version = require_current(uploaded)
    frame = actuals(version, "*.national.parquet")
    return frame[frame["is_current"]][["indicator_id", "year"]]


def actuals(version: Path, pattern: str) -> pd.DataFrame:
    """Every actuals file of a version matching pattern, as one frame."""
    return pd.concat([pd.read_parquet(p) for p in sorted((version / "actuals").glob(pattern))], ignore_index=True)


def test_the_upload_is_the_audit_upload(national, uploaded):
    version = require_current(uploaded)
    uploads = actuals(version, "*.parquet").dropna(subset=["batch_id"])
    assert len(uploads) == 91 and uploads["indicator_id"].nunique() == 21
    assert set(uploads["year"]) == {2021, 2022, 2023} and uploads["province"].notna().sum() == 33


def test_one_headline_per_indicator_and_target_year(score):
    heads = score[score["is_headline"]]
    assert not heads.duplicated(["indicator_id", "period_end"]).any()
    assert len(heads) == score.groupby(["indicator_id", "period_end"]).ngroups
    # Every statement of a target carries that target's verdict.
    assert (score.groupby("target_key")["status"].nunique() == 1).all()


def test_progress_stays_within_0_100(score):
    progress = score["progress_pct"].dropna().astype(float)
    assert progress.between(0, 100).all(), progress[~progress.between(0, 100)]
    words = pd.concat([score["progress_vi"], score["progress_en"], score["why_vi"]])
    assert not words.str.contains(r"-0(?![,.]?\d*[1-9])", regex=True).any()
    assert not words.str.contains(r"(?:Tiến độ|Progress):? [1-9]\d{2,}%", regex=True).any()


def test_no_insufficient_data_beside_two_actuals(score, national):
    for row in score[score["status"] == "insufficient_data"].itertuples():
        seen = national[(national["indicator_id"] == row.indicator_id) & (national["year"] <= row.period_end)]
        assert len(seen) < 2, (row.target_id, row.why_vi)


def test_restatements_count_once(score, uploaded):
    postal = score[(score["indicator_id"] == "postal_communes_staffed_post_pct") & (score["period_end"] == 2021)]
    assert postal["target_key"].nunique() == 1 and int(postal["statements"].iloc[0]) == len(postal) > 1
    sectors = pd.read_parquet(require_current(uploaded) / "sectors.parquet").sort_values("sort_order")
    counts = views.status_counts(score, sectors, "vi")
    assert counts["n"].sum() == score["is_headline"].sum()
    assert counts[(counts["sector_id"] == "postal") & (counts["status"] == "not_achieved")]["n"].sum() == 1


@pytest.mark.parametrize(("indicator", "year", "status", "words"), [
    # No 2020 figure: judged on the trend from 2021 (issue 13 item 2).
    ("telecom_mobile_broadband_per100", 2025, "at_risk", "Chưa có số liệu 2020; xu hướng tính từ 2021."),
    # The public report's 34 items/person (2024) against the fixture's 16 (2023) trips the series-break rule.
    ("postal_items_per_capita", 2025, "not_measured", "Chuỗi số liệu đổi định nghĩa từ năm 2024"),
    # The public report's 8.9% (2024) follows the fixture's 8-12% (2021-2023): the trend runs 2021 → 2024.
    ("publishing_ebook_share_pct", 2025, "off_track", "Cần +3 điểm %/năm, thực tế +0,3 điểm %/năm"),
    # Met in 2019, no 2020 figure, 2021 still met: achieved, not "not measured" (item 3).
    ("telecom_internet_users_pct", 2020, "achieved", "Năm 2019 đã đạt"),
    # Ranks in places (item 4): 86 (2020) → 71 (2024, public report) against top 70 by 2025.
    ("digital_transformation_egdi_rank", 2025, "on_track", "Cần tăng 3,2 bậc/năm, thực tế tăng 3,8 bậc/năm"),
    ("postal_upu_2ipd_rank", 2024, "off_track", "thực tế giảm 1 bậc/năm"),
])
def test_headline_verdicts(score, indicator, year, status, words):
    head = score[(score["indicator_id"] == indicator) & (score["period_end"] == year) & score["is_headline"]]
    assert len(head) == 1
    assert head["status"].iloc[0] == status and words in head["why_vi"].iloc[0], head["why_vi"].iloc[0]


def test_stricter_final_level_is_the_headline(score):
    copies = score[(score["indicator_id"] == "publishing_copies_per_person") & (score["period_end"] == 2025) & score["is_primary"]]
    assert len(copies) == 2 and copies["disagrees"].all()
    head = copies[copies["is_headline"]].iloc[0]
    assert head["comparator"] == "range" and not head["target_is_draft"]
    fibre = score[(score["indicator_id"] == "telecom_fibre_households_pct") & (score["period_end"] == 2021)]
    assert fibre["target_key"].nunique() == 1 and not fibre["disagrees"].any()  # '= 60' and '≥ 60' read the same


def test_cli_json_has_target_key_statements_and_headline(uploaded, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(uploaded))
    records = json.loads(scorecard_output("json"))
    assert all({"target_key", "statements", "is_headline"} <= set(r) for r in records)
    heads = [(r["indicator_id"], r["period_end"]) for r in records if r["is_headline"]]
    assert len(heads) == len(set(heads))
    assert all(r["progress_pct"] is None or 0 <= r["progress_pct"] <= 100 for r in records)


def chart_inputs(years: list[int], values: list[float], target: dict) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """A minimal indicator, national series and one scorecard row, as the sector page hands them to the chart."""
    meta = {"indicator_id": "x", "name_vi": "Doanh thu", "name_en": "Revenue", "unit": "nghìn tỷ đồng", "unit_en": "VND tn",
            "value_type": "number", "direction": "higher_better"}
    series = pd.DataFrame({"province": None, "year": years, "actual_value": values, "actual_low": None, "actual_high": None,
                           "is_estimate": False, "source_doc": "002_09f249087db9701e.txt", "batch_id": None})
    row = {"target_id": "x__t", "target_key": "x|t", "is_primary": True, "is_draft": False, "direction": "higher_better",
           "target_value": None, "target_low": None, "target_high": None, "early": False, "goal": None,
           "source_doc": "002_09f249087db9701e.txt", "series_break": None, "trend_from_year": None, "trend_from_value": None,
           **target}
    return meta, series, pd.DataFrame([row])


def test_growth_target_is_drawn_as_its_required_path():
    from presentation.charts import ChartContext, indicator_figure

    meta, series, targets = chart_inputs([2020, 2021, 2022, 2023], [35, 39.5, 44.6, 50.3], {
        "comparator": "growth", "period_start": 2021, "period_end": 2025, "target_value": 30.0, "status": "off_track",
        "trend_from_year": 2020, "trend_from_value": 35.0})
    fig = indicator_figure(meta, series, targets, "Bưu chính", ChartContext("vi", "01/12/2026"))
    path = next(tr for tr in fig.data if tr.line.dash == "dash")
    assert list(path.x) == [2020, 2021, 2022, 2023, 2024, 2025]
    assert path.y[0] == 35 and path.y[-1] == pytest.approx(35 * 1.3 ** 5)
    assert "cần +30%/năm → 130 (2025)" in path.name and "Chậm tiến độ" in path.name


def test_the_line_is_not_joined_across_a_break():
    from presentation.charts import ChartContext, indicator_figure

    meta, series, targets = chart_inputs([2015, 2017, 2019, 2021], [9, 10, 33.3, 35], {
        "comparator": "ge", "period_start": 2025, "period_end": 2025, "target_value": 40.0, "status": "on_track", "goal": 40.0})
    meta["value_type"], meta["unit"] = "percent", "%"
    fig = indicator_figure(meta, series, targets, "CNTT", ChartContext("vi", "01/12/2026"))
    actual = fig.data[0]
    assert list(actual.x) == [2015, 2017, None, 2019, 2021] and actual.connectgaps is False
    assert any("đổi định nghĩa" in a.text for a in fig.layout.annotations)


@pytest.mark.parametrize(("end", "side"), [(2021, "right"), (2022, "left"), (2023, "left")])
def test_target_labels_near_the_right_edge_go_left_not_under_the_legend(end, side):
    from presentation.charts import ChartContext, indicator_figure

    meta, series, targets = chart_inputs([2019, 2020, 2021, 2023], [45, 46, 47, 47], {
        "comparator": "le", "period_start": end, "period_end": end, "target_value": 40.0, "status": "off_track", "goal": 40.0})
    fig = indicator_figure(meta, series, targets, "Bưu chính", ChartContext("vi", "01/12/2026"))
    marker = next(tr for tr in fig.data if tr.mode == "markers+text")
    assert marker.textposition.endswith(side)
