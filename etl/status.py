"""Target semantics and status: how far an indicator is from a target, and why (pure functions, no I/O).

The rules follow issue #4: status is judged against the data, not the calendar; the trend test is the
Open SDG / Statistics Canada ratio of observed to required growth (compound for levels, linear for shares and
ranks). Issue #13 adds: `judge` picks the points from a whole series (a trend from the first actual inside the
period when the baseline year is missing; a target met before its end year stays met; a break in the series is
never judged across), and progress is said in natural units (0-100%, "vượt 4,8 điểm %", "bậc").
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
    value_type: str = "number"


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
    trend_from: Point | None = None
    judged: Point | None = None
    series_break: int | None = None
    progress_vi: str = ""
    progress_en: str = ""


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


def is_linear(t: Target) -> bool:
    """Shares and ranks move in points and places a year, not in compound percent (rank 86 → 70 is not "-4%/năm")."""
    return t.value_type in ("percent", "rank") and t.comparator != "growth"


def annual_rate(start: Point, end_year: int, end_value: float, linear: bool = False) -> tuple[float, bool]:
    """Annual change from start to (end_year, end_value): compound % for levels (True), units a year for shares,
    ranks and wherever compound growth is undefined (False)."""
    years = end_year - start.year
    if years <= 0:
        return 0.0, not linear
    if not linear and start.value > 0 and end_value >= 0:
        return ((end_value / start.value) ** (1 / years) - 1) * 100, True
    return (end_value - start.value) / years, False


def progress(baseline: Point | None, latest: Point, goal: float | None) -> float | None:
    """(latest − baseline) / (goal − baseline) as a percentage of the way, direction-aware, kept within 0-100."""
    if baseline is None or goal is None:
        return None
    if goal == baseline.value:
        return 100.0 if latest.value == goal else None
    return clamp_pct((latest.value - baseline.value) / (goal - baseline.value) * 100)


def clamp_pct(value: float | None) -> float | None:
    """0-100 (never beyond, never -0): how far beyond a met target is said in units by margin_text."""
    if value is None or math.isnan(value):
        return None
    return max(0.0, min(100.0, value)) + 0.0


def met_progress(value: float | None) -> float:
    """Progress of a met target: 100% (how far beyond it is said in units, not as a percentage above 100)."""
    return 100.0


def unit_words(t: Target, lang: str) -> str:
    """The unit a difference is said in: 'điểm %' for shares, 'bậc' for ranks, else the indicator's unit."""
    vi = lang == "vi"
    if t.value_type == "percent" or t.unit == "%":
        return "điểm %" if vi else "percentage points"
    if t.value_type == "rank":
        return "bậc" if vi else "places"
    return t.unit if vi else (t.unit_en or t.unit)


def amount(value: float, t: Target, lang: str) -> str:
    """A positive difference in natural units, never '-0': '4,8 điểm %', '3 bậc', '12 thuê bao/100 dân'."""
    number = fmt_number(abs(value) + 0.0, lang, 0 if t.value_type == "rank" else 2)
    words = unit_words(t, lang)
    return f"{number} {words}".strip()


def margin_text(t: Target, judged: Point | None, goal: float | None, met: bool, lang: str) -> str:
    """How far beyond (met) or short of (not met) the level the judged actual is, in natural units."""
    if judged is None or goal is None or is_missing(goal):
        return ""
    gap = abs(judged.value - goal)
    vi = lang == "vi"
    if met:
        if gap < 1e-9:
            return "đạt đúng mức mục tiêu" if vi else "exactly at the target"
        return f"vượt {amount(gap, t, lang)}" if vi else f"beyond the target by {amount(gap, t, lang)}"
    return f"còn cách mục tiêu {amount(gap, t, lang)}" if vi else f"{amount(gap, t, lang)} short of the target"


def progress_words(t: Target, status: str, pct: float | None, judged: Point | None, goal: float | None,
                   lang: str) -> str:
    """'Đạt, vượt 4,8 điểm %' or 'Tiến độ 56% · còn cách mục tiêu 14 điểm %' (empty when nothing can be said)."""
    vi = lang == "vi"
    if status == "achieved":
        margin = margin_text(t, judged, goal, True, lang)
        done = "Đạt" if vi else "Met"
        if margin.startswith(("đạt đúng", "exactly")):
            return "Đạt đúng mức mục tiêu" if vi else "Met, exactly at the target"
        return f"{done}, {margin}" if margin else done
    if pct is None:
        return margin_text(t, judged, goal, False, lang).capitalize()
    head = f"{'Tiến độ' if vi else 'Progress'} {fmt_number(round(pct) + 0.0, lang, 0)}%"
    margin = margin_text(t, judged, goal, False, lang)
    return f"{head} · {margin}" if margin else head


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


def point_text(p: Point | None, lang: str, unit: str = "") -> str:
    """'năm 2020: 75%' / 'in 2020: 75%', flagging a conservatively read range."""
    if p is None:
        return ""
    flag = (" (đầu thấp của khoảng số liệu)" if lang == "vi" else " (conservative end of a range)") if p.from_range else ""
    return f"{'năm' if lang == 'vi' else 'in'} {p.year}: {fmt_number(p.value, lang)}{unit}{flag}"


def rate_text(rate: float | None, is_cagr: bool, lang: str, t: Target | None = None) -> str:
    """A rate per year: % for compound growth, 'điểm %' for shares, 'bậc' for ranks (places gained), units otherwise."""
    if rate is None:
        return "–"
    per_year = "/năm" if lang == "vi" else "/yr"
    if is_cagr:
        return fmt_signed_pct(rate, lang) + per_year
    if t is not None and t.value_type == "rank":
        gained = -rate  # a smaller rank is better: a falling rank number is places gained
        word = ("tăng" if gained >= 0 else "giảm") if lang == "vi" else ("up" if gained >= 0 else "down")
        return f"{word} {fmt_number(abs(gained) + 0.0, lang, 1)} {unit_words(t, lang)}{per_year}"
    words = f" {unit_words(t, lang)}" if t is not None and t.value_type == "percent" else ""
    sign = "+" if rate >= 0 or round(abs(rate), 2) == 0 else "-"
    return f"{sign}{fmt_number(abs(rate) + 0.0, lang)}{words}{per_year}"


def compose(t: Target, status: str, early: bool, facts: list[Point | None], detail: tuple[str, str],
            note: tuple[str, str] = ("", ""), judged: Point | None = None, **numbers: float | None) -> Evaluation:
    """Assemble the evaluation with its one-sentence reasons and its progress words in both languages."""
    texts, words = {}, {}
    unit = "%" if t.unit == "%" else ""
    for i, lang in enumerate(("vi", "en")):
        label = STATUS_LABELS[lang]["achieved_early" if early else status]
        seen = "; ".join(point_text(p, lang, unit) for p in dict.fromkeys(f for f in facts if f is not None))
        seen = seen[0].upper() + seen[1:] if seen else ""
        parts = [f"{period_label(t, lang)}: {describe_target(t, lang)}.", f"{seen}." if seen else "", note[i], detail[i]]
        texts[lang] = " ".join(p for p in parts if p) + f" → {label.lower()}."
        words[lang] = progress_words(t, status, numbers.get("progress_pct"), judged, numbers.get("goal"), lang)
    return Evaluation(status=status, early=early, why_vi=texts["vi"], why_en=texts["en"], judged=judged,
                      progress_vi=words["vi"], progress_en=words["en"], **numbers)


def evaluate(t: Target, baseline: Point | None, latest: Point | None, at_end: Point | None,
             note: tuple[str, str] = ("", ""), goal_base: Point | None = None) -> Evaluation:
    """Status of one target given its baseline (or trend start), the latest actual and the actual of its end year.

    note is said in the reason (e.g. that the trend starts later than the baseline year); goal_base, when given, is
    the baseline a rank gain counts from (the trend may start elsewhere)."""
    if latest is None:
        return compose(t, "no_data", False, [], ("Chưa có số liệu thực hiện nào.", "No actual reported yet."))
    if t.comparator == "rank_gain" and baseline is None and goal_base is None:
        return compose(t, "insufficient_data", False, [latest],
                       ("Không có thứ hạng năm gốc nên không thể tính mục tiêu tăng bậc.",
                        "No baseline rank, so the required gain cannot be computed."))
    if t.comparator == "growth":
        return evaluate_growth(t, baseline, latest, at_end, note)
    goal = goal_level(t, goal_base or baseline)
    if goal is None or is_missing(goal):
        return compose(t, "insufficient_data", False, [latest], ("Mục tiêu không có giá trị số.", "The target has no numeric value."))
    goal_vi, goal_en = f"Ngưỡng cần đạt: {fmt_number(goal, 'vi')}.", f"Level to reach: {fmt_number(goal, 'en')}."
    goal_words = ("", "")
    if t.comparator == "rank_gain":  # the level a gain asks for is said on every path
        note = (f"{note[0]} {goal_vi}".strip(), f"{note[1]} {goal_en}".strip())
    if t.period_end <= latest.year:
        if at_end is None:
            return compose(t, "not_measured", False, [baseline, latest],
                           (f"Không có số liệu năm {t.period_end}.", f"No actual for {t.period_end}."), note, goal=goal)
        ok = meets(t, at_end.value, goal)
        reached = progress(baseline, at_end, goal)
        return compose(t, "achieved" if ok else "not_achieved", False, [baseline, at_end], goal_words, note, at_end,
                       progress_pct=met_progress(reached) if ok else reached, goal=goal)
    if meets(t, latest.value, goal):
        return compose(t, "achieved", True, [baseline, latest], goal_words, note, latest,
                       progress_pct=met_progress(progress(baseline, latest, goal)), goal=goal)
    if baseline is None:
        why = ("Mới có một số liệu nên chưa tính được xu hướng.", "Only one actual so far, so no trend can be computed.")
        return compose(t, "insufficient_data", False, [latest], why, note, goal=goal)
    if baseline.year >= latest.year:
        why = ("Mới có số liệu năm gốc, cần số liệu năm sau để tính xu hướng.",
               "Only the baseline year is reported; a later year is needed for a trend.")
        return compose(t, "insufficient_data", False, [baseline], why, note, goal=goal)
    prog = progress(baseline, latest, goal)
    if meets(t, baseline.value, goal):
        why = ("Năm gốc đã đạt ngưỡng nhưng số mới nhất đi xa mục tiêu.", "The baseline met the level but the latest figure moved away.")
        # A share of the way is meaningless from a start already past the level: only the gap is said.
        return compose(t, "off_track", False, [baseline, latest], why, note, latest, goal=goal)
    linear = is_linear(t)
    observed, cagr = annual_rate(baseline, latest.year, latest.value, linear)
    required, cagr_req = annual_rate(baseline, t.period_end, goal, linear)
    if cagr != cagr_req:  # one side undefined as compound growth: compare linear rates on both sides
        observed, _ = (latest.value - baseline.value) / (latest.year - baseline.year), False
        required, cagr = (goal - baseline.value) / (t.period_end - baseline.year), False
    ratio = observed / required if required else None
    return trend_verdict(t, [baseline, latest], observed, required, ratio, cagr, prog, goal, note, latest)


def trend_verdict(t: Target, facts: list[Point | None], observed: float, required: float | None, ratio: float | None,
                  cagr: bool, prog: float | None, goal: float | None, note: tuple[str, str] = ("", ""),
                  judged: Point | None = None) -> Evaluation:
    """on_track / at_risk / off_track from the ratio of observed to required rates."""
    if ratio is None:
        status = "off_track"
    elif ratio >= ON_TRACK_RATIO:
        status = "on_track"
    elif ratio >= AT_RISK_RATIO:
        status = "at_risk"
    else:
        status = "off_track"
    rt = None if t.comparator == "growth" else t
    need_vi, need_en = rate_text(required, cagr, "vi", rt), rate_text(required, cagr, "en", rt)
    seen_vi, seen_en = rate_text(observed, cagr, "vi", rt), rate_text(observed, cagr, "en", rt)
    away = ratio is not None and ratio < 0
    detail = (
        f"Cần {need_vi}, thực tế {seen_vi}" + (" (đang đi ngược mục tiêu)." if away else "."),
        f"Needs {need_en}, actual {seen_en}" + (" (moving away from the target)." if away else "."),
    )
    return compose(t, status, False, facts, detail, note, judged, progress_pct=clamp_pct(prog), observed_rate=observed,
                   required_rate=required, ratio=ratio, goal=goal)


def evaluate_growth(t: Target, baseline: Point | None, latest: Point, at_end: Point | None,
                    note: tuple[str, str] = ("", "")) -> Evaluation:
    """A growth target: compound annual growth from the baseline (never achieved early)."""
    g = growth_goal(t)
    if baseline is None or g is None or is_missing(g):
        why = ("Không có số liệu năm gốc để tính tăng trưởng.", "No baseline actual to measure growth from.")
        return compose(t, "insufficient_data", False, [latest], why, note)
    if t.period_end <= latest.year:
        if at_end is None:
            return compose(t, "not_measured", False, [baseline, latest],
                           (f"Không có số liệu năm {t.period_end}.", f"No actual for {t.period_end}."), note)
        rate, cagr = annual_rate(baseline, at_end.year, at_end.value)
        ok = cagr and rate >= g
        detail = (f"Tăng trưởng thực tế {rate_text(rate, cagr, 'vi')}.", f"Actual growth {rate_text(rate, cagr, 'en')}.")
        return compose(t, "achieved" if ok else "not_achieved", False, [baseline, at_end], detail, note,
                       observed_rate=rate, required_rate=g, ratio=rate / g if g else None,
                       progress_pct=100.0 if ok else clamp_pct(rate / g * 100 if g else None))
    if baseline.year >= latest.year:
        why = ("Chưa có số liệu sau năm gốc để tính xu hướng.", "No actual after the baseline year to compute a trend.")
        return compose(t, "insufficient_data", False, [baseline, latest], why, note)
    observed, cagr = annual_rate(baseline, latest.year, latest.value)
    if not cagr:
        why = ("Không tính được tăng trưởng kép từ giá trị gốc ≤ 0.", "Compound growth is undefined from a baseline ≤ 0.")
        return compose(t, "insufficient_data", False, [baseline, latest], why, note)
    ratio = observed / g if g > 0 else None
    if ratio is None:
        status = "on_track" if observed >= g else "off_track"
        return compose(t, status, False, [baseline, latest], ("", ""), note, observed_rate=observed, required_rate=g)
    return trend_verdict(t, [baseline, latest], observed, g, ratio, True, ratio * 100, None, note)


# A jump of more than this factor between two consecutive reported years is read as a change of definition.
BREAK_FACTOR = 2.0
# A share that moves by less than this many points is ordinary diffusion (5G coverage 0,5% → 1,2%), not a break;
# nor is a share rising from below ROLLOUT_FLOOR % (5G coverage 1,2% in 2023 → 90% in 2025 is a roll-out).
BREAK_MIN_POINTS = 10.0
ROLLOUT_FLOOR = 5.0


def series_breaks(points: list[Point], t: Target, noted: tuple[int, ...] | frozenset[int] = ()) -> list[int]:
    """Years at which a series starts anew: a jump > ×2 from the previous reported year (both values positive; a
    share must also move by more than 10 points and start from at least 5%), or a catalog note. Growth rates, which may double, and ranks, which
    are positions (GCI ICT adoption 95 → 41 is "tăng hơn 50 bậc", 002 l.109), break only by a note."""
    found = set(noted)
    if t.unit != "%/năm" and t.value_type != "rank":
        ordered = sorted(points, key=lambda p: p.year)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if before.value <= 0 or after.value <= 0:
                continue
            factor = max(after.value / before.value, before.value / after.value)
            small_move = t.value_type == "percent" and (abs(after.value - before.value) <= BREAK_MIN_POINTS
                                                        or min(before.value, after.value) < ROLLOUT_FLOOR)
            if factor > BREAK_FACTOR and not small_move:
                found.add(after.year)
    return sorted(y for y in found if any(p.year < y for p in points) and any(p.year >= y for p in points))


def break_verdict(t: Target, year: int, points: list[Point]) -> Evaluation:
    """The series changed definition between the target's reference year and the figure that would judge it."""
    before = max((p for p in points if p.year < year), key=lambda p: p.year)
    after = min((p for p in points if p.year >= year), key=lambda p: p.year)
    factor = max(after.value / before.value, before.value / after.value) if before.value > 0 and after.value > 0 else None
    times_vi = f", gấp {fmt_number(factor, 'vi', 1)} lần" if factor else ""
    times_en = f", ×{fmt_number(factor, 'en', 1)}" if factor else ""
    why = (f"Chuỗi số liệu đổi định nghĩa từ năm {year} (năm {before.year}: {fmt_number(before.value, 'vi')} → "
           f"năm {after.year}: {fmt_number(after.value, 'vi')}{times_vi}): không so sánh được với mục tiêu đặt theo số liệu cũ.",
           f"The series changed definition in {year} ({before.year}: {fmt_number(before.value, 'en')} → "
           f"{after.year}: {fmt_number(after.value, 'en')}{times_en}): not comparable with a target set on the old figures.")
    ev = compose(t, "not_measured", False, [], why)
    return Evaluation(**{**ev.__dict__, "series_break": year})


def judge(t: Target, series: list[Point], baseline_year: int | None, noted_breaks: tuple[int, ...] = ()) -> Evaluation:
    """Status of a target from an indicator's whole national series (as of a year), choosing its points.

    - The series is judged only within one definition: the stretch after the last break before the judged year.
      A target set before that break (its baseline year, or the year before its period) is not judged on it.
    - The baseline is the latest actual at or before baseline_year. Without one, the trend starts at the first
      actual after baseline_year (inside the plan period; else the previous reported year), and the reason says so.
    - An ended target without an end-year actual is achieved when an earlier actual met it and no later one
      contradicts it (growth targets excepted).
    """
    points = sorted(series, key=lambda p: p.year)
    if not points:
        return evaluate(t, None, None, None)
    judged_year = min(t.period_end, points[-1].year)
    breaks = [y for y in series_breaks(points, t, noted_breaks) if y <= judged_year]
    reference = baseline_year if baseline_year is not None else t.period_start - 1
    if breaks:
        start_year = breaks[-1]
        if reference < start_year:
            return break_verdict(t, start_year, points)
        points = [p for p in points if p.year >= start_year]
    elif any(y > judged_year for y in series_breaks(points, t, noted_breaks)):
        cut = min(y for y in series_breaks(points, t, noted_breaks) if y > judged_year)
        points = [p for p in points if p.year < cut]  # judged on the old definition; later figures are another series
    latest = points[-1]
    at_end = next((p for p in points if p.year == t.period_end), None)
    baseline = None
    if baseline_year is not None:
        baseline = next((p for p in reversed(points) if p.year <= baseline_year), None)
    judged_point = at_end if t.period_end <= latest.year and at_end is not None else latest
    start, note = baseline, ("", "")
    if baseline is None or baseline.year >= judged_point.year:
        earlier = [p for p in points if p.year < judged_point.year]
        first_year = baseline_year + 1 if baseline_year is not None else t.period_start
        inside = [p for p in earlier if p.year >= first_year]
        fallback = inside[0] if inside else (earlier[-1] if earlier else None)
        if fallback is not None:
            missing = baseline_year if baseline is None and baseline_year is not None else None
            note = ((f"Chưa có số liệu {missing}; xu hướng tính từ {fallback.year}." if missing else
                     f"Xu hướng tính từ {fallback.year}."),
                    (f"No {missing} actual; trend measured from {fallback.year}." if missing else
                     f"Trend measured from {fallback.year}."))
            start = fallback
    goal_base = baseline if t.comparator == "rank_gain" and baseline is not None else None  # the gain counts from it
    if t.period_end <= latest.year and at_end is None and t.comparator != "growth":
        early = met_before_end(t, points, goal_base or start)
        if early is not None:
            return early
        note = ("", "")  # not measured: where a trend would start is beside the point
    result = evaluate(t, start, latest, at_end, note, goal_base)
    return Evaluation(**{**result.__dict__, "trend_from": start})


def met_before_end(t: Target, points: list[Point], start: Point | None) -> Evaluation | None:
    """Achieved when an actual before the end year met the target and no actual after the end year contradicts it."""
    goal = goal_level(t, start)
    if goal is None or is_missing(goal):
        return None
    before = [p for p in points if p.year < t.period_end]
    after = [p for p in points if p.year > t.period_end]
    met = [p for p in before if meets(t, p.value, goal)]
    if not met or not all(meets(t, p.value, goal) for p in after):
        return None
    first = met[-1] if meets(t, before[-1].value, goal) else None
    if first is None:
        return None  # the last figure before the end year fell back below the level
    why = (f"Năm {first.year} đã đạt; chưa có số liệu năm {t.period_end}"
           + (f", năm {after[0].year} vẫn đạt." if after else "."),
           f"Met in {first.year}; no actual for {t.period_end}" + (f", still met in {after[0].year}." if after else "."))
    result = compose(t, "achieved", True, [start if start is not None and start.year < first.year else None, first, *after[:1]],
                     why, judged=first, progress_pct=100.0, goal=goal)
    return Evaluation(**{**result.__dict__, "trend_from": start})
