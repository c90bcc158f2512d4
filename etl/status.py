"""Target semantics and status: how far an indicator is from a target, and why (pure functions, no I/O).

The rules follow issue #4: status is judged against the data, not the calendar; the trend test is the
Open SDG / Statistics Canada ratio of observed to required compound annual growth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from etl.formatting import fmt_number, fmt_signed_pct

ON_TRACK_RATIO = 0.95
AT_RISK_RATIO = 0.6

STATUSES = ("achieved", "not_achieved", "on_track", "at_risk", "off_track", "not_measured", "insufficient_data", "no_data")
STATUS_LABELS = {
    "vi": {
        "achieved": "Đạt", "achieved_early": "Đạt sớm", "not_achieved": "Không đạt", "on_track": "Đúng tiến độ",
        "at_risk": "Có nguy cơ chậm", "off_track": "Chậm tiến độ", "not_measured": "Chưa đo được",
        "insufficient_data": "Chưa đủ dữ liệu", "no_data": "Chưa có số liệu",
    },
    "en": {
        "achieved": "Achieved", "achieved_early": "Achieved early", "not_achieved": "Not achieved",
        "on_track": "On track", "at_risk": "At risk", "off_track": "Off track", "not_measured": "Not measured",
        "insufficient_data": "Insufficient data", "no_data": "No data yet",
    },
}


@dataclass(frozen=True)
class Target:
    """One target statement with its indicator's direction."""

    comparator: str
    period_start: int
    period_end: int
    direction: str = "higher_better"
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str = ""
    unit_en: str = ""


@dataclass(frozen=True)
class Point:
    """One actual: year and the value read for judging (a range is read conservatively by the query)."""

    year: int
    value: float
    from_range: bool = False


@dataclass(frozen=True)
class Evaluation:
    """The verdict on one (indicator, target) pair."""

    status: str
    early: bool = False
    progress_pct: float | None = None
    observed_rate: float | None = None
    required_rate: float | None = None
    ratio: float | None = None
    goal: float | None = None
    why_vi: str = ""
    why_en: str = ""


def is_missing(x: float | None) -> bool:
    """None or NaN."""
    return x is None or (isinstance(x, float) and math.isnan(x))


def wants_lower(t: Target) -> bool:
    """Whether meeting the target means being at or below the goal level."""
    if t.comparator in ("le", "top_n", "rank_gain"):
        return True
    if t.comparator == "growth":
        return False
    return t.direction == "lower_better"


def goal_level(t: Target, baseline: Point | None) -> float | None:
    """The level an actual must reach (None for growth, or a rank gain without a baseline)."""
    if t.comparator in ("eq", "ge", "le", "top_n"):
        return t.value
    if t.comparator == "range":
        return t.low if t.direction == "higher_better" else t.high
    if t.comparator == "rank_gain":
        gain = t.value if not is_missing(t.value) else t.low
        if baseline is None or is_missing(gain):
            return None
        return max(1.0, baseline.value - gain)
    return None


def growth_goal(t: Target) -> float | None:
    """The required growth rate in percent per year (a ranged rate must reach its lower bound)."""
    return t.value if not is_missing(t.value) else t.low


def meets(t: Target, value: float, goal: float) -> bool:
    """Whether a level meets the goal level, direction-aware."""
    return value <= goal if wants_lower(t) else value >= goal


def annual_rate(start: Point, end_year: int, end_value: float) -> tuple[float, bool]:
    """Compound annual growth in % from start to (end_year, end_value); linear (units/year) when CAGR is undefined."""
    years = end_year - start.year
    if years <= 0:
        return 0.0, False
    if start.value > 0 and end_value >= 0:
        return ((end_value / start.value) ** (1 / years) - 1) * 100, True
    return (end_value - start.value) / years, False


def progress(baseline: Point | None, latest: Point, goal: float | None) -> float | None:
    """(latest − baseline) / (goal − baseline) as a percentage; the signs make it direction-aware."""
    if baseline is None or goal is None:
        return None
    if goal == baseline.value:
        return 100.0 if latest.value == goal else None
    return (latest.value - baseline.value) / (goal - baseline.value) * 100


def met_progress(value: float | None) -> float:
    """Progress of a met target: at least 100% (a baseline already past the goal would otherwise read as 0% or less)."""
    return 100.0 if value is None or value < 100 else value


def describe_target(t: Target, lang: str) -> str:
    """The target in words: '≥ 100 thuê bao/100 dân', 'top 70', 'up ≥ 10 places'."""
    n = lambda v: fmt_number(v, lang)  # noqa: E731
    vi = lang == "vi"
    raw_unit = t.unit if vi else (t.unit_en or t.unit)
    unit = "%" if raw_unit == "%" else (f" {raw_unit}" if raw_unit else "")
    if t.comparator in ("eq", "ge"):
        return f"{'≤' if t.direction == 'lower_better' else '≥'} {n(t.value)}{unit}"
    if t.comparator == "le":
        return f"≤ {n(t.value)}{unit}"
    if t.comparator == "range":
        return f"{n(t.low)}–{n(t.high)}{unit}"
    if t.comparator == "top_n":
        return f"{'nhóm' if vi else 'top'} {n(t.value)}"
    if t.comparator == "rank_gain":
        gain = n(t.value) if not is_missing(t.value) else f"{n(t.low)}–{n(t.high)}"
        return f"tăng ít nhất {gain} bậc" if vi else f"up at least {gain} places"
    rate = n(t.value) if not is_missing(t.value) else f"{n(t.low)}–{n(t.high)}"
    return f"tăng trưởng ≥ {rate}%/năm" if vi else f"growth ≥ {rate}%/yr"


def period_label(t: Target, lang: str) -> str:
    """'2025' or '2022-2024', prefixed by the word for target."""
    span = str(t.period_end) if t.period_start == t.period_end else f"{t.period_start}-{t.period_end}"
    return f"Mục tiêu {span}" if lang == "vi" else f"Target {span}"


def point_text(p: Point | None, lang: str) -> str:
    """'năm 2020: 75' / 'in 2020: 75', flagging a conservatively read range."""
    if p is None:
        return ""
    flag = (" (cận thận trọng của khoảng)" if lang == "vi" else " (conservative end of a range)") if p.from_range else ""
    return f"{'năm' if lang == 'vi' else 'in'} {p.year}: {fmt_number(p.value, lang)}{flag}"


def rate_text(rate: float | None, is_cagr: bool, lang: str) -> str:
    """A rate per year, in % for compound growth, in units otherwise."""
    if rate is None:
        return "–"
    if is_cagr:
        return fmt_signed_pct(rate, lang) + ("/năm" if lang == "vi" else "/yr")
    sign = "+" if rate >= 0 else "-"
    return f"{sign}{fmt_number(abs(rate), lang)}{'/năm' if lang == 'vi' else '/yr'}"


def compose(t: Target, status: str, early: bool, facts: list[Point | None], detail: tuple[str, str], **numbers: float | None) -> Evaluation:
    """Assemble the evaluation with its one-sentence reasons in both languages."""
    texts = {}
    for i, lang in enumerate(("vi", "en")):
        label = STATUS_LABELS[lang]["achieved_early" if early else status]
        seen = "; ".join(point_text(p, lang) for p in dict.fromkeys(f for f in facts if f is not None))
        seen = seen[0].upper() + seen[1:] if seen else ""
        parts = [f"{period_label(t, lang)}: {describe_target(t, lang)}.", f"{seen}." if seen else "", detail[i]]
        texts[lang] = " ".join(p for p in parts if p) + f" → {label.lower()}."
    return Evaluation(status=status, early=early, why_vi=texts["vi"], why_en=texts["en"], **numbers)


def evaluate(t: Target, baseline: Point | None, latest: Point | None, at_end: Point | None) -> Evaluation:
    """Status of one target given its baseline, the latest actual and the actual of its end year (as of a year)."""
    if latest is None:
        return compose(t, "no_data", False, [], ("Chưa có số liệu thực hiện nào.", "No actual reported yet."))
    if t.comparator == "rank_gain" and baseline is None:
        return compose(t, "insufficient_data", False, [latest],
                       ("Không có thứ hạng năm gốc nên không thể tính mục tiêu tăng bậc.",
                        "No baseline rank, so the required gain cannot be computed."))
    if t.comparator == "growth":
        return evaluate_growth(t, baseline, latest, at_end)
    goal = goal_level(t, baseline)
    if goal is None or is_missing(goal):
        return compose(t, "insufficient_data", False, [latest], ("Mục tiêu không có giá trị số.", "The target has no numeric value."))
    goal_vi, goal_en = f"Ngưỡng cần đạt: {fmt_number(goal, 'vi')}.", f"Level to reach: {fmt_number(goal, 'en')}."
    goal_words = (goal_vi, goal_en) if t.comparator == "rank_gain" else ("", "")
    if t.period_end <= latest.year:
        if at_end is None:
            return compose(t, "not_measured", False, [baseline, latest],
                           (f"Không có số liệu năm {t.period_end}.", f"No actual for {t.period_end}."), goal=goal)
        ok = meets(t, at_end.value, goal)
        reached = progress(baseline, at_end, goal)
        return compose(t, "achieved" if ok else "not_achieved", False, [baseline, at_end], goal_words,
                       progress_pct=met_progress(reached) if ok else reached, goal=goal)
    if meets(t, latest.value, goal):
        return compose(t, "achieved", True, [baseline, latest], goal_words,
                       progress_pct=met_progress(progress(baseline, latest, goal)), goal=goal)
    if baseline is None:
        why = ("Chưa có số liệu năm gốc nên chưa tính được xu hướng.", "No baseline actual, so no trend can be computed.")
        return compose(t, "insufficient_data", False, [latest], why, goal=goal)
    if baseline.year >= latest.year:
        why = ("Mới có số liệu năm gốc, cần số liệu năm sau để tính xu hướng.",
               "Only the baseline year is reported; a later year is needed for a trend.")
        return compose(t, "insufficient_data", False, [baseline], why, goal=goal)
    prog = progress(baseline, latest, goal)
    if meets(t, baseline.value, goal):
        why = ("Năm gốc đã đạt ngưỡng nhưng số mới nhất đi xa mục tiêu.", "The baseline met the level but the latest figure moved away.")
        return compose(t, "off_track", False, [baseline, latest], why, progress_pct=prog, goal=goal)
    observed, cagr = annual_rate(baseline, latest.year, latest.value)
    required, cagr_req = annual_rate(baseline, t.period_end, goal)
    if cagr != cagr_req:  # one side undefined as compound growth: compare linear rates on both sides
        observed, _ = (latest.value - baseline.value) / (latest.year - baseline.year), False
        required, cagr = (goal - baseline.value) / (t.period_end - baseline.year), False
    ratio = observed / required if required else None
    return trend_verdict(t, [baseline, latest], observed, required, ratio, cagr, prog, goal)


def trend_verdict(t: Target, facts: list[Point | None], observed: float, required: float | None, ratio: float | None,
                  cagr: bool, prog: float | None, goal: float | None) -> Evaluation:
    """on_track / at_risk / off_track from the ratio of observed to required rates."""
    if ratio is None:
        status = "off_track"
    elif ratio >= ON_TRACK_RATIO:
        status = "on_track"
    elif ratio >= AT_RISK_RATIO:
        status = "at_risk"
    else:
        status = "off_track"
    need_vi, need_en = rate_text(required, cagr, "vi"), rate_text(required, cagr, "en")
    seen_vi, seen_en = rate_text(observed, cagr, "vi"), rate_text(observed, cagr, "en")
    away = ratio is not None and ratio < 0
    detail = (
        f"Cần {need_vi}, thực tế {seen_vi}" + (" (đang đi ngược mục tiêu)." if away else "."),
        f"Needs {need_en}, actual {seen_en}" + (" (moving away from the target)." if away else "."),
    )
    return compose(t, status, False, facts, detail, progress_pct=prog, observed_rate=observed,
                   required_rate=required, ratio=ratio, goal=goal)


def evaluate_growth(t: Target, baseline: Point | None, latest: Point, at_end: Point | None) -> Evaluation:
    """A growth target: compound annual growth from the baseline (never achieved early)."""
    g = growth_goal(t)
    if baseline is None or g is None or is_missing(g):
        why = ("Không có số liệu năm gốc để tính tăng trưởng.", "No baseline actual to measure growth from.")
        return compose(t, "insufficient_data", False, [latest], why)
    if t.period_end <= latest.year:
        if at_end is None:
            return compose(t, "not_measured", False, [baseline, latest],
                           (f"Không có số liệu năm {t.period_end}.", f"No actual for {t.period_end}."))
        rate, cagr = annual_rate(baseline, at_end.year, at_end.value)
        ok = cagr and rate >= g
        detail = (f"Tăng trưởng thực tế {rate_text(rate, cagr, 'vi')}.", f"Actual growth {rate_text(rate, cagr, 'en')}.")
        return compose(t, "achieved" if ok else "not_achieved", False, [baseline, at_end], detail,
                       observed_rate=rate, required_rate=g, ratio=rate / g if g else None,
                       progress_pct=rate / g * 100 if g else None)
    if baseline.year >= latest.year:
        why = ("Chưa có số liệu sau năm gốc để tính xu hướng.", "No actual after the baseline year to compute a trend.")
        return compose(t, "insufficient_data", False, [baseline, latest], why)
    observed, cagr = annual_rate(baseline, latest.year, latest.value)
    if not cagr:
        why = ("Không tính được tăng trưởng kép từ giá trị gốc ≤ 0.", "Compound growth is undefined from a baseline ≤ 0.")
        return compose(t, "insufficient_data", False, [baseline, latest], why)
    ratio = observed / g if g > 0 else None
    if ratio is None:
        status = "on_track" if observed >= g else "off_track"
        return compose(t, status, False, [baseline, latest], ("", ""), observed_rate=observed, required_rate=g)
    return trend_verdict(t, [baseline, latest], observed, g, ratio, True, ratio * 100, None)
