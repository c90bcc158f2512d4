"""The scorecard: scorecard_inputs.sql rows (one per target statement) judged by etl.status, grouped into targets
with one headline target per (indicator, target year)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

import queries
from etl.status import Evaluation, Point, Target, is_missing, judge

ALL_YEARS = 9999
OUTPUT_COLUMNS = [
    "indicator_id", "target_id", "period_start", "period_end", "comparator", "target_value", "target_low",
    "target_high", "is_draft", "baseline_year", "baseline_value", "latest_year", "latest_value", "status",
    "progress_pct", "why_vi", "why_en", "target_key", "statements", "is_headline",
]


def optional(value: object) -> float | None:
    """A nullable number from a DataFrame cell."""
    return None if value is None or value is pd.NA or is_missing(value) else float(value)


def point(year: object, value: object, from_range: object) -> Point | None:
    """A Point from nullable cells."""
    if year is None or year is pd.NA or optional(value) is None:
        return None
    return Point(int(year), float(value), bool(from_range) if from_range is not pd.NA and from_range is not None else False)


def series_points(cells: object) -> list[Point]:
    """The query's series cell (a list of {year, value, from_range}, or its hashable tuple form) as Points."""
    if cells is None or cells is pd.NA or (isinstance(cells, float) and math.isnan(cells)):
        return []
    points = []
    for item in cells:
        year, value, from_range = (item["year"], item["value"], item["from_range"]) if isinstance(item, Mapping) else item
        if optional(value) is not None:
            points.append(Point(int(year), float(value), bool(from_range)))
    return points


def evaluate_row(row: Mapping[str, object]) -> Evaluation:
    """Evaluate one scorecard_inputs row (a Series or a plain dict of its cells) on its indicator's whole series."""
    target = Target(
        comparator=row["comparator"], period_start=int(row["period_start"]), period_end=int(row["period_end"]),
        direction=row["direction"], value=optional(row["target_value"]), low=optional(row["target_low"]),
        high=optional(row["target_high"]), unit=row["unit"] or "", unit_en=row["unit_en"] or "",
        value_type=row["value_type"] or "number",
    )
    baseline_year = optional(row["baseline_year"])
    noted = row["noted_breaks"]
    noted = () if noted is None or noted is pd.NA or isinstance(noted, float) else tuple(int(y) for y in noted)
    return judge(target, series_points(row["series"]), None if baseline_year is None else int(baseline_year), noted)


# The cells evaluate_row reads. judge() is pure, so its verdict is memoised on them: the sector and indicator
# pages and a change of as-of year re-evaluate only rows whose inputs changed.
EVALUATION_INPUTS = (
    "comparator", "period_start", "period_end", "direction", "target_value", "target_low", "target_high", "unit", "unit_en",
    "value_type", "baseline_year", "series", "noted_breaks",
)
VERDICT_FIELDS = ("status", "early", "progress_pct", "observed_rate", "required_rate", "ratio", "goal", "why_vi", "why_en",
                  "progress_vi", "progress_en", "series_break")


def cell_key(value: object) -> object:
    """A hashable, comparable form of a cell: every kind of missing value (None, NA, NaN) becomes None; lists of
    points become tuples."""
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist") and not isinstance(value, str):
        items = value.tolist() if hasattr(value, "tolist") else value
        return tuple(tuple(i.values()) if isinstance(i, Mapping) else i for i in items)
    return None if value is None or value is pd.NA or is_missing(value) else value


@lru_cache(maxsize=16_384)
def evaluate_key(key: tuple) -> Evaluation:
    """evaluate_row of the cells in EVALUATION_INPUTS order (memoised)."""
    return evaluate_row(dict(zip(EVALUATION_INPUTS, key, strict=True)))


# Which document governs a target (issue 13): the directive 01/CT-BTTTT (000) and the 2021-2025 plan in the
# year-end report (002) set targets; the emulation directive (003) and the news summary (004) restate them; the
# draft directive (001) is a draft. Keyed by the document's number (the file name's prefix).
TARGET_DOC_RANK = {"000": 0, "002": 0, "003": 1, "004": 1, "001": 2}
RESTATEMENT_RANK = 1


def doc_rank(source_doc: object) -> int:
    """0 for a governing document, 1 for a restatement, 2 for the draft."""
    return TARGET_DOC_RANK.get(str(source_doc)[:3], RESTATEMENT_RANK)


def semantic_comparator(comparator: str, direction: str) -> str:
    """The comparator as it is judged: 'đạt X' and 'trên X' are the same commitment (at least X when higher is better,
    at most X when lower is better)."""
    if comparator in ("eq", "ge"):
        return "at_most" if direction == "lower_better" else "at_least"
    if comparator == "le":
        return "at_most"
    return comparator


def level_key(value: object) -> str:
    """A number as part of a key: '100', '5.5', '' when missing."""
    number = optional(value)
    return "" if number is None else f"{number:g}"


def target_keys(frame: pd.DataFrame) -> pd.Series:
    """The distinct target each statement states: indicator|period|comparator semantics|level."""
    return pd.Series([
        f"{i}|{s}-{e}|{semantic_comparator(c, d)}|{level_key(v) or level_key(lo) + '-' + level_key(hi)}"
        for i, s, e, c, d, v, lo, hi in zip(frame["indicator_id"], frame["period_start"], frame["period_end"],
                                            frame["comparator"], frame["direction"], frame["target_value"],
                                            frame["target_low"], frame["target_high"], strict=True)
    ], index=frame.index, dtype="string")


def strictness(row: Mapping[str, object]) -> float:
    """Smaller is stricter: the level to reach (negated when higher is better), or the growth rate asked."""
    goal = optional(row["goal"])
    if goal is None:
        rate = optional(row["target_value"]) if optional(row["target_value"]) is not None else optional(row["target_low"])
        return -rate if rate is not None else math.inf
    lower = row["comparator"] in ("le", "top_n", "rank_gain") or (row["comparator"] != "growth" and row["direction"] == "lower_better")
    return goal if lower else -goal


def with_targets(frame: pd.DataFrame) -> pd.DataFrame:
    """Group statements into targets and pick one headline target per (indicator, target year).

    Adds target_key, statements (how many documents state the target), is_primary (the statement whose baseline
    year the target is judged on: final first, then the governing document, then the earliest line), is_headline
    (on the primary statement of the headline target), headline_key, disagrees (another target for the same indicator
    and year exists) and the verdict of the primary statement on every statement of its target.
    """
    frame = frame.copy()
    frame["target_key"] = target_keys(frame)
    frame["doc_rank"] = [2 if d else doc_rank(s) for s, d in zip(frame["source_doc"], frame["is_draft"], strict=True)]
    frame = frame.sort_values(["target_key", "is_draft", "doc_rank", "source_line", "target_id"], kind="stable")
    grouped = frame.groupby("target_key", sort=False)
    frame["statements"] = grouped["target_id"].transform("size").astype("int64")
    frame["is_primary"] = ~frame["target_key"].duplicated()
    frame["target_is_draft"] = grouped["is_draft"].transform("all").astype("bool")
    frame["target_doc_rank"] = grouped["doc_rank"].transform("min")
    primary = frame[frame["is_primary"]].set_index("target_key")
    for field in [*VERDICT_FIELDS, "trend_from_year", "trend_from_value", "judged_year", "judged_value"]:
        frame[field] = frame["target_key"].map(primary[field]).astype(primary[field].dtype)
    heads = primary.reset_index()
    judged = heads["kind"].fillna("target").eq("target") if "kind" in heads else pd.Series(True, index=heads.index)
    heads = heads[judged].assign(
        _growth=heads["comparator"].eq("growth"), _strict=[strictness(r) for r in heads.to_dict("records")],
        _n=-heads["statements"])
    heads = heads.sort_values(["indicator_id", "period_end", "target_is_draft", "target_doc_rank", "_growth", "_strict", "_n",
                               "target_key"], kind="stable")
    first = heads.drop_duplicates(["indicator_id", "period_end"])
    headline_of = dict(zip(zip(first["indicator_id"], first["period_end"], strict=True), first["target_key"], strict=True))
    frame["headline_key"] = [headline_of.get((i, e)) for i, e in zip(frame["indicator_id"], frame["period_end"], strict=True)]
    frame["is_headline"] = frame["is_primary"] & frame["target_key"].eq(frame["headline_key"]).fillna(False).astype(bool)
    per_year = frame[frame["is_primary"]].groupby(["indicator_id", "period_end"])["target_key"].transform("size")
    frame["disagrees"] = frame["target_key"].map(dict(zip(frame.loc[per_year.index, "target_key"], per_year > 1, strict=True)))
    frame["disagrees"] = frame["disagrees"].fillna(False).astype(bool)
    return frame.drop(columns=["doc_rank"]).sort_index()


def evaluate_frame(inputs: pd.DataFrame) -> pd.DataFrame:
    """Add the verdict (status, early, progress and its words, rates, ratio, goal, reasons, the points judged) and the
    target grouping (with_targets) to scorecard_inputs rows."""
    frame = inputs.copy()
    # Plain tuples, not iterrows: building a Series per row cost more than the status rules themselves.
    columns = [frame[c].tolist() for c in EVALUATION_INPUTS]
    results = [evaluate_key(tuple(cell_key(v) for v in cells)) for cells in zip(*columns, strict=True)]
    for field in VERDICT_FIELDS:
        frame[field] = [getattr(r, field) for r in results]
    frame["series_break"] = frame["series_break"].astype("Int64")
    for name, attr in (("trend_from", "trend_from"), ("judged", "judged")):
        frame[f"{name}_year"] = pd.array([None if getattr(r, attr) is None else getattr(r, attr).year for r in results], dtype="Int64")
        frame[f"{name}_value"] = pd.array([None if getattr(r, attr) is None else getattr(r, attr).value for r in results],
                                          dtype="Float64")
    frame["baseline_value"] = frame["baseline_value"].astype("Float64")
    return with_targets(frame.drop(columns=["series", "noted_breaks"]))


def scorecard(con: duckdb.DuckDBPyConnection, version_dir: Path, *, as_of: int | None = None, sector: str | None = None) -> pd.DataFrame:
    """The evaluated scorecard of a version, as of a year (default: all data), optionally for one sector."""
    inputs = queries.run(con, "scorecard_inputs", version_dir, as_of=as_of or ALL_YEARS, sector=sector)
    return evaluate_frame(inputs)
