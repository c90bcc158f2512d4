"""Table-driven tests of target semantics and status (issue #4 examples plus edge cases)."""

from __future__ import annotations

import pytest

from etl.status import Point, Target, evaluate, series_breaks
from etl.status import judge as status_judge

H, L = "higher_better", "lower_better"


def series(*pairs: tuple[int, float]) -> list[Point]:
    """Points from (year, value) pairs."""
    return [Point(y, v) for y, v in pairs]


def judge(target: Target, actuals: list[Point], baseline_year: int | None = 2020):
    """The scorecard's way: status.judge on the whole series."""
    return status_judge(target, actuals, baseline_year)


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
    ("rank gain capped at rank 1", Target("rank_gain", 2021, 2021, L, 10, value_type="rank"), series((2020, 5), (2021, 1)), 2020, "achieved", False),
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
    exceeded = judge(Target("ge", 2021, 2021, H, 18, unit="thuê bao/100 dân"), series((2020, 16.0), (2021, 20.0)))
    assert exceeded.progress_pct == 100
    assert exceeded.progress_vi == "Đạt, vượt 2 thuê bao/100 dân"


P, R = "percent", "rank"

# Issue 13: one verdict a leader can repeat. (id, target, actuals, baseline_year, status, early, words in the reason)
JUDGE_CASES = [
    # No 2020 figure: the trend runs from the first actual inside the period, and the reason says so.
    ("mobile broadband from 2021", Target("eq", 2025, 2025, H, 100), series((2021, 76), (2022, 81), (2023, 86)), 2020,
     "at_risk", False, "Chưa có số liệu 2020; xu hướng tính từ 2021."),
    ("fibre from 2021 off track", Target("ge", 2025, 2025, H, 80, value_type=P), series((2021, 70), (2023, 71)), 2020,
     "off_track", False, "xu hướng tính từ 2021"),
    ("postal items from 2021", Target("eq", 2025, 2025, H, 55), series((2021, 12), (2023, 16)), 2020, "off_track", False,
     "xu hướng tính từ 2021"),
    ("5G share from 2022", Target("eq", 2024, 2024, H, 20, value_type=P), series((2022, 0.6), (2023, 1.2)), 2021,
     "off_track", False, "Chưa có số liệu 2021"),
    ("only one actual stays insufficient", Target("eq", 2025, 2025, H, 100), series((2022, 86)), 2020, "insufficient_data",
     False, ""),
    ("two actuals before the period give a trend", Target("ge", 2025, 2025, H, 100), series((2019, 40), (2020, 50)), 2020,
     "on_track", False, "Xu hướng tính từ 2019."),
    ("growth without baseline from first in period", Target("growth", 2021, 2025, H, 30), series((2021, 40), (2023, 50.3)),
     2020, "off_track", False, "xu hướng tính từ 2021"),
    ("rank gain measured from first in period", Target("rank_gain", 2025, 2025, L, 10, value_type=R),
     series((2021, 80), (2023, 75)), 2020, "on_track", False, "xu hướng tính từ 2021"),
    ("rank gain counts from the baseline, trend from the year before", Target("rank_gain", 2021, 2021, L, 20, value_type=R),
     series((2018, 95), (2019, 41)), 2020, "on_track", False, "Ngưỡng cần đạt: 21."),
    # A target met before its end year stays met when the end year is missing and nothing later contradicts it.
    ("internet 2020 met in 2019 stays met", Target("range", 2020, 2020, H, None, 55, 60, value_type=P),
     series((2015, 54), (2019, 68.7), (2021, 73.2)), 2015, "achieved", True, "Năm 2019 đã đạt; chưa có số liệu năm 2020"),
    ("met early then contradicted after the end", Target("ge", 2020, 2020, H, 60), series((2019, 61), (2021, 58)), 2015,
     "not_measured", False, "Không có số liệu năm 2020"),
    ("met early then fell before the end", Target("ge", 2021, 2021, H, 60), series((2018, 61), (2019, 58), (2022, 65)), 2015,
     "not_measured", False, ""),
    ("end year figure decides over an earlier one", Target("ge", 2021, 2021, H, 60), series((2020, 61), (2021, 59)), 2020,
     "not_achieved", False, ""),
    ("growth never met early", Target("growth", 2021, 2021, H, 10), series((2020, 100), (2022, 130)), 2020, "not_measured",
     False, ""),
    # A break in the series (a jump above ×2) is never judged across.
    ("ict gdp share definition change", Target("range", 2020, 2020, H, None, 8, 10, value_type=P),
     [Point(2015, 8, from_range=True), Point(2019, 33.3)], 2015, "not_measured", False, "đổi định nghĩa từ năm 2019"),
    ("target set after the break judged on the new series", Target("ge", 2025, 2025, H, 40, value_type=P),
     series((2015, 9), (2019, 33.3), (2021, 35)), 2020, "at_risk", False, ""),
    ("target before the break judged on the old series", Target("ge", 2017, 2017, H, 10), series((2015, 9), (2017, 10.5), (2019, 33.3)),
     2015, "achieved", False, ""),
    ("noted break", Target("ge", 2025, 2025, H, 100), series((2019, 50), (2021, 60), (2022, 62)), 2020, "not_measured", False,
     "đổi định nghĩa từ năm 2021"),
]


# Breaks a catalog note declares, by case id.
NOTED_BREAKS = {"noted break": (2021,)}


@pytest.mark.parametrize(("case", "target", "actuals", "baseline_year", "status", "early", "words"), JUDGE_CASES,
                         ids=[c[0] for c in JUDGE_CASES])
def test_judge(case, target, actuals, baseline_year, status, early, words):
    noted = NOTED_BREAKS.get(case, ())
    result = status_judge(target, actuals, baseline_year, noted)
    assert (result.status, result.early) == (status, early), result.why_vi
    assert words in result.why_vi
    assert result.progress_pct is None or 0 <= result.progress_pct <= 100


BREAK_CASES = [
    # (id, target, actuals, noted, breaks)
    ("jump above x2", Target("ge", 2020, 2020, H, 8, value_type=P), series((2015, 8), (2019, 33.3)), (), [2019]),
    ("exactly x2 is not a break", Target("top_n", 2025, 2025, L, 30, value_type=R), series((2017, 100), (2019, 50)), (), []),
    ("ranks are positions, not amounts", Target("top_n", 2025, 2025, L, 30, value_type=R), series((2018, 95), (2019, 41)), (), []),
    ("a rank breaks only by a note", Target("top_n", 2025, 2025, L, 30, value_type=R), series((2018, 95), (2019, 41)), (2019,), [2019]),
    ("small share doubling is diffusion", Target("eq", 2024, 2024, H, 20, value_type=P), series((2022, 0.5), (2023, 1.2)), (), []),
    ("a roll-out from near zero is not a break", Target("eq", 2024, 2024, H, 20, value_type=P),
     series((2023, 1.2), (2025, 90)), (), []),
    ("growth rates may double", Target("eq", 2020, 2020, H, 10, unit="%/năm", value_type=P), series((2019, 5), (2020, 26)), (), []),
    ("zero is skipped", Target("ge", 2025, 2025, H, 10), series((2020, 0), (2021, 5)), (), []),
    ("noted year", Target("ge", 2025, 2025, H, 10), series((2020, 5), (2021, 6)), (2021,), [2021]),
    ("noted year outside the series is ignored", Target("ge", 2025, 2025, H, 10), series((2020, 5), (2021, 6)), (2019, 2024), []),
]


@pytest.mark.parametrize(("target", "actuals", "noted", "breaks"), [c[1:] for c in BREAK_CASES], ids=[c[0] for c in BREAK_CASES])
def test_series_breaks(target, actuals, noted, breaks):
    assert series_breaks(actuals, target, noted) == breaks


PROGRESS_CASES = [
    # (id, target, actuals, baseline_year, progress_pct, words_vi)
    ("share beyond in points", Target("eq", 2020, 2020, H, 95, unit="%", value_type=P), series((2015, 94), (2020, 99.81)), 2015,
     100, "Đạt, vượt 4,81 điểm %"),
    ("rank beyond in places", Target("top_n", 2020, 2020, L, 10, value_type=R), series((2015, 11), (2020, 6)), 2015, 100,
     "Đạt, vượt 4 bậc"),
    ("rank short in places, never -0", Target("top_n", 2025, 2025, L, 70, value_type=R), series((2020, 86), (2022, 86)), 2020, 0,
     "Tiến độ 0% · còn cách mục tiêu 16 bậc"),
    ("moving away clamps at 0", Target("ge", 2025, 2025, H, 100), series((2020, 50), (2022, 40)), 2020, 0, "Tiến độ 0% · còn cách mục tiêu 60"),
    ("start already past the level, then fell short", Target("top_n", 2022, 2022, L, 46, value_type=R),
     series((2019, 45), (2021, 47)), 2020, None, "Còn cách mục tiêu 1 bậc"),
    ("exactly met", Target("ge", 2021, 2021, H, 18), series((2020, 16), (2021, 18)), 2020, 100, "Đạt đúng mức mục tiêu"),
    ("growth achieved is 100", Target("growth", 2021, 2021, H, 10), series((2020, 100), (2021, 130)), 2020, 100, "Đạt"),
]


@pytest.mark.parametrize(("target", "actuals", "baseline_year", "pct", "words"), [c[1:] for c in PROGRESS_CASES],
                         ids=[c[0] for c in PROGRESS_CASES])
def test_progress_in_natural_units(target, actuals, baseline_year, pct, words):
    result = status_judge(target, actuals, baseline_year)
    assert result.progress_pct == (None if pct is None else pytest.approx(pct))
    assert result.progress_vi == words
    assert "-0" not in result.progress_vi and "-0" not in result.why_vi


def test_rank_rates_in_places_not_percent():
    result = judge(Target("top_n", 2025, 2025, L, 70, value_type=R), series((2020, 86), (2022, 86)))
    assert "Cần tăng 3,2 bậc/năm, thực tế tăng 0 bậc/năm" in result.why_vi
    assert "%/năm" not in result.why_vi


def test_share_rates_in_points():
    result = judge(Target("ge", 2025, 2025, H, 80, unit="%", value_type=P), series((2020, 70), (2022, 74)))
    assert "Cần +2 điểm %/năm, thực tế +2 điểm %/năm" in result.why_vi
