"""The scorecard: scorecard_inputs.sql rows evaluated by etl.status, one row per (indicator, target)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

import queries
from etl.status import Evaluation, Point, Target, evaluate, is_missing

ALL_YEARS = 9999
OUTPUT_COLUMNS = [
    "indicator_id", "target_id", "period_start", "period_end", "comparator", "target_value", "target_low",
    "target_high", "is_draft", "baseline_year", "baseline_value", "latest_year", "latest_value", "status",
    "progress_pct", "why_vi", "why_en",
]


def optional(value: object) -> float | None:
    """A nullable number from a DataFrame cell."""
    return None if value is None or value is pd.NA or is_missing(value) else float(value)


def point(year: object, value: object, from_range: object) -> Point | None:
    """A Point from nullable cells."""
    if year is None or year is pd.NA or optional(value) is None:
        return None
    return Point(int(year), float(value), bool(from_range) if from_range is not pd.NA and from_range is not None else False)


def evaluate_row(row: Mapping[str, object]) -> Evaluation:
    """Evaluate one scorecard_inputs row (a Series or a plain dict of its cells)."""
    target = Target(
        comparator=row["comparator"], period_start=int(row["period_start"]), period_end=int(row["period_end"]),
        direction=row["direction"], value=optional(row["target_value"]), low=optional(row["target_low"]),
        high=optional(row["target_high"]), unit=row["unit"] or "", unit_en=row["unit_en"] or "",
    )
    baseline = point(row["baseline_actual_year"], row["baseline_value"], row["baseline_from_range"])
    latest = point(row["latest_year"], row["latest_value"], row["latest_from_range"])
    at_end = point(row["period_end"], row["end_value"], row["end_from_range"])
    return evaluate(target, baseline, latest, at_end)


# The cells evaluate_row reads. evaluate() is pure, so its verdict is memoised on them: the sector and indicator
# pages and a change of as-of year re-evaluate only rows whose inputs changed.
EVALUATION_INPUTS = (
    "comparator", "period_start", "period_end", "direction", "target_value", "target_low", "target_high", "unit", "unit_en",
    "baseline_actual_year", "baseline_value", "baseline_from_range", "latest_year", "latest_value", "latest_from_range",
    "end_value", "end_from_range",
)


def cell_key(value: object) -> object:
    """A hashable, comparable form of a cell: every kind of missing value (None, NA, NaN) becomes None."""
    return None if value is None or value is pd.NA or is_missing(value) else value


@lru_cache(maxsize=16_384)
def evaluate_key(key: tuple) -> Evaluation:
    """evaluate_row of the cells in EVALUATION_INPUTS order (memoised)."""
    return evaluate_row(dict(zip(EVALUATION_INPUTS, key, strict=True)))


def evaluate_frame(inputs: pd.DataFrame) -> pd.DataFrame:
    """Add status, early, progress_pct, rates, ratio, goal, why_vi, why_en to scorecard_inputs rows."""
    frame = inputs.copy()
    # Plain tuples, not iterrows: building a Series per row cost more than the status rules themselves.
    columns = [frame[c].tolist() for c in EVALUATION_INPUTS]
    results = [evaluate_key(tuple(cell_key(v) for v in cells)) for cells in zip(*columns, strict=True)]
    for field in ("status", "early", "progress_pct", "observed_rate", "required_rate", "ratio", "goal", "why_vi", "why_en"):
        frame[field] = [getattr(r, field) for r in results]
    frame["baseline_value"] = frame["baseline_value"].astype("Float64")
    return frame


def scorecard(con: duckdb.DuckDBPyConnection, version_dir: Path, *, as_of: int | None = None, sector: str | None = None) -> pd.DataFrame:
    """The evaluated scorecard of a version, as of a year (default: all data), optionally for one sector."""
    inputs = queries.run(con, "scorecard_inputs", version_dir, as_of=as_of or ALL_YEARS, sector=sector)
    return evaluate_frame(inputs)
