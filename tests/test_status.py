"""Table-driven tests of target semantics and status (issue #4 examples plus edge cases)."""

from __future__ import annotations

import pytest

from etl.status import Point, Target, evaluate

H, L = "higher_better", "lower_better"


def series(*pairs: tuple[int, float]) -> list[Point]:
    """Points from (year, value) pairs."""
    return [Point(y, v) for y, v in pairs]


def judge(target: Target, actuals: list[Point], baseline_year: int | None = 2020):
    """Pick baseline, latest and end-year actual like scorecard_inputs.sql does, then evaluate."""
    latest = max(actuals, key=lambda p: p.year) if actuals else None
    base_pool = [p for p in actuals if baseline_year is not None and p.year <= baseline_year]
    baseline = max(base_pool, key=lambda p: p.year) if base_pool else None
    at_end = next((p for p in actuals if p.year == target.period_end), None)
    return evaluate(target, baseline, latest, at_end)


CASES = [
    # (id, target, actuals, baseline_year, status, early)
    ("fbb achieved", Target("ge", 2021, 2021, H, 18), series((2020, 16.0), (2021, 18.4)), 2020, "achieved", False),
    ("fbb not achieved", Target("ge", 2021, 2021, H, 18), series((2020, 16.0), (2021, 17.5)), 2020, "not_achieved", False),
    ("egdi rank gain missed", Target("rank_gain", 2021, 2021, L, 10), series((2020, 86), (2021, 79)), 2020, "not_achieved", False),
    ("egdi top 70 early", Target("top_n", 2025, 2025, L, 70), series((2020, 86), (2022, 70)), 2020, "achieved", True),
    ("ebook on track", Target("eq", 2025, 2025, H, 15), series((2020, 5), (2022, 9)), 2020, "on_track", False),
    ("ebook off track", Target("eq", 2025, 2025, H, 15), series((2020, 5), (2022, 6)), 2020, "off_track", False),
    ("voice share off track", Target("le", 2025, 2025, L, 20), series((2020, 54), (2022, 50)), 2020, "off_track", False),
    ("no data", Target("ge", 2025, 2025, H, 100), [], 2020, "no_data", False),
    ("not measured", Target("ge", 2021, 2021, H, 18), series((2019, 14), (2022, 20)), 2020, "not_measured", False),
    ("books range early", Target("range", 2025, 2025, H, None, 5.5, 6), series((2019, 5.0), (2023, 5.6)), 2020, "achieved", True),
    # Edge cases.
    ("at risk band", Target("ge", 2025, 2025, H, 100), series((2020, 50), (2022, 60)), 2020, "at_risk", False),
    ("rank gain without baseline", Target("rank_gain", 2021, 2021, L, 10), series((2021, 79)), 2020, "insufficient_data", False),
    ("rank gain ranged uses lower bound", Target("rank_gain", 2021, 2021, L, None, 10, 15), series((2020, 86), (2021, 76)), 2020, "achieved", False),
    ("rank gain capped at rank 1", Target("rank_gain", 2021, 2021, L, 10), series((2020, 5), (2021, 1)), 2020, "achieved", False),
    ("top 1", Target("top_n", 2025, 2025, L, 1), series((2020, 3), (2022, 2)), 2020, "at_risk", False),
    ("baseline is latest", Target("ge", 2025, 2025, H, 100), series((2020, 50)), 2020, "insufficient_data", False),
    ("ahead without baseline", Target("ge", 2025, 2025, H, 100), series((2022, 50)), 2020, "insufficient_data", False),
    ("zero baseline linear", Target("ge", 2025, 2025, H, 10), series((2020, 0), (2022, 4)), 2020, "on_track", False),
    ("negative baseline linear", Target("ge", 2025, 2025, H, 5), series((2020, -5), (2022, -4)), 2020, "off_track", False),
    ("baseline equals target then falls", Target("ge", 2025, 2025, H, 50), series((2020, 50), (2022, 45)), 2020, "off_track", False),
    ("percent capped at 100 reached", Target("eq", 2025, 2025, H, 100), series((2020, 99.8), (2022, 100)), 2020, "achieved", True),
    ("moving away", Target("ge", 2025, 2025, H, 100), series((2020, 50), (2022, 40)), 2020, "off_track", False),
    ("lower better on track", Target("le", 2025, 2025, L, 20), series((2020, 54), (2022, 36)), 2020, "on_track", False),
    ("range lower better uses high", Target("range", 2025, 2025, L, None, 10, 20), series((2020, 30), (2022, 19)), 2020, "achieved", True),
    ("growth on track", Target("growth", 2021, 2025, H, 10), series((2020, 100), (2022, 125)), 2020, "on_track", False),
    ("growth off track", Target("growth", 2021, 2025, H, 10), series((2020, 100), (2022, 102)), 2020, "off_track", False),
    ("growth never early", Target("growth", 2021, 2025, H, 10), series((2020, 100), (2022, 200)), 2020, "on_track", False),
    ("growth ended achieved", Target("growth", 2021, 2021, H, 10), series((2020, 100), (2021, 111)), 2020, "achieved", False),
    ("growth ended missed", Target("growth", 2021, 2021, H, 10), series((2020, 100), (2021, 105)), 2020, "not_achieved", False),
    ("growth without baseline", Target("growth", 2021, 2025, H, 10), series((2022, 100)), None, "insufficient_data", False),
    ("ended target uses end-year value not latest", Target("ge", 2021, 2021, H, 18), series((2020, 16), (2021, 17), (2022, 19)), 2020,
     "not_achieved", False),
    ("band 2022-2024 judged at its end year", Target("range", 2022, 2024, H, None, 11, 13), series((2021, 10), (2024, 12)), 2021, "achieved", False),
]


@pytest.mark.parametrize(("target", "actuals", "baseline_year", "status", "early"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_status(target, actuals, baseline_year, status, early):
    result = judge(target, actuals, baseline_year)
    assert (result.status, result.early) == (status, early), result.why_en
    assert result.why_vi and result.why_en


def test_why_reads_like_the_issue_example():
    t = Target("ge", 2025, 2025, H, 100, unit="thuê bao/100 dân", unit_en="subscriptions per 100 inhabitants")
    result = judge(t, series((2020, 75.0), (2022, 86.0)))
    assert result.status == "on_track"
    assert result.why_vi.startswith("Mục tiêu 2025: ≥ 100 thuê bao/100 dân. Năm 2020: 75; năm 2022: 86.")
    assert "Cần +5,9%/năm, thực tế +7,1%/năm" in result.why_vi
    assert result.why_vi.endswith("→ đúng tiến độ.")
    assert "Needs +5.9%/yr, actual +7.1%/yr" in result.why_en


def test_progress_is_direction_aware():
    up = judge(Target("ge", 2025, 2025, H, 100), series((2020, 50), (2022, 75)))
    down = judge(Target("le", 2025, 2025, L, 20), series((2020, 60), (2022, 40)))
    assert up.progress_pct == pytest.approx(50)
    assert down.progress_pct == pytest.approx(50)


def test_moving_away_is_said():
    result = judge(Target("ge", 2025, 2025, H, 100), series((2020, 50), (2022, 40)))
    assert result.ratio < 0
    assert "đi ngược" in result.why_vi and "moving away" in result.why_en


def test_range_actual_read_conservatively_is_said():
    t = Target("ge", 2025, 2025, H, 10)
    result = evaluate(t, Point(2020, 5), Point(2022, 8, from_range=True), None)
    assert "range" in result.why_en and "khoảng" in result.why_vi


def test_a_met_target_shows_at_least_full_progress():
    already_past = judge(Target("ge", 2021, 2021, H, 4.5), series((2019, 5.0), (2020, 5.0)))
    assert (already_past.status, already_past.early) == ("achieved", True)
    assert already_past.progress_pct == 100
    exceeded = judge(Target("ge", 2021, 2021, H, 18), series((2020, 16.0), (2021, 20.0)))
    assert exceeded.progress_pct == pytest.approx(200)
