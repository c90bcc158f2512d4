"""Read the hand-curated source catalog (data/catalog) into typed DataFrames, refusing any provenance problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.provenance import SOURCES_DIR, Problem, check_catalog, current_catalog_dir, read_rows

# Document precedence when two documents give different actuals for the same key: the year-end report is the
# ministry's statistical record; directives and the news summary restate it; the draft comes last.
DOCUMENT_PRIORITY = {
    "002_09f249087db9701e.txt": 1,
    "000_578e35c63316aedb.txt": 2,
    "003_3d78c3c4d50575a5.txt": 3,
    "004_fe29944e2a6e12ac.txt": 4,
    "001_c9e4716d30f7799f.txt": 5,
}

DOCUMENTS = [
    ("000_578e35c63316aedb.txt", "Chỉ thị 01/CT-BTTTT về định hướng phát triển ngành TT&TT năm 2021",
     "Directive 01/CT-BTTTT on the ICT sector's 2021 orientation", False, "2021-01-11"),
    ("001_c9e4716d30f7799f.txt", "Dự thảo Chỉ thị định hướng năm 2022 và giai đoạn 2022-2024",
     "Draft directive for 2022 and 2022-2024", True, None),
    ("002_09f249087db9701e.txt", "Báo cáo tổng kết năm 2020, giai đoạn 2016-2020 và kế hoạch 5 năm 2021-2025",
     "Year-end report 2020, 2016-2020 review and 2021-2025 plan", False, "2020-12"),
    ("003_3d78c3c4d50575a5.txt", "Chỉ thị về phát động phong trào thi đua năm 2021",
     "2021 emulation movement directive", False, "2021"),
    ("004_fe29944e2a6e12ac.txt", "Tin tóm tắt Chỉ thị 01/CT-BTTTT (tháng 01/2021)",
     "News summary of directive 01/CT-BTTTT (January 2021)", False, "2021-01"),
]


class CatalogError(ValueError):
    """The catalog has problems; the message lists each with file, row and column."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems[:200])
        more = f"\n  ... and {len(problems) - 200} more" if len(problems) > 200 else ""
        super().__init__(f"The source catalog has {len(problems)} problem(s); nothing was published:\n{lines}{more}")


@dataclass(frozen=True)
class Catalog:
    """Typed catalog tables."""

    sectors: pd.DataFrame
    indicators: pd.DataFrame
    targets: pd.DataFrame
    actuals: pd.DataFrame
    provinces: pd.DataFrame
    tasks: pd.DataFrame
    documents: pd.DataFrame
    province_successions: pd.DataFrame
    indicator_tasks: pd.DataFrame | None = None


def read_part_tables(catalog_dir: Path, name: str) -> pd.DataFrame:
    """All parts' rows of one table, with the part folder and CSV row kept for messages."""
    frames = []
    for part in sorted(p for p in catalog_dir.iterdir() if p.is_dir()):
        rows = read_rows(part / f"{name}.csv")
        if rows:
            frame = pd.DataFrame(rows, dtype="string")
            frame["catalog_part"] = part.name
            frame["catalog_row"] = range(2, len(rows) + 2)
            frames.append(frame)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def blank_to_na(frame: pd.DataFrame) -> pd.DataFrame:
    """Treat empty or whitespace-only cells as missing."""
    return frame.apply(lambda col: col.str.strip().replace("", pd.NA) if col.dtype == "string" else col)


def as_int(series: pd.Series) -> pd.Series:
    """Nullable integer column from text."""
    return pd.to_numeric(series, errors="raise").astype("Int64")


def as_float(series: pd.Series) -> pd.Series:
    """Nullable float column from text."""
    return pd.to_numeric(series, errors="raise").astype("Float64")


def as_bool(series: pd.Series) -> pd.Series:
    """Boolean column from 'true'/'false'."""
    return series.fillna("false").str.lower().eq("true").astype("bool")


def load_catalog(catalog_dir: Path | None = None, sources_dir: Path = SOURCES_DIR) -> Catalog:
    """Validate then load the catalog (default: $DASHBOARD_CATALOG_DIR or data/catalog); raises CatalogError naming every bad row."""
    catalog_dir = Path(catalog_dir) if catalog_dir is not None else current_catalog_dir()
    problems = check_catalog(catalog_dir, sources_dir)
    tasks_rows = read_rows(catalog_dir / "tasks.csv")
    if problems:
        raise CatalogError(problems)

    sectors = pd.DataFrame(read_rows(catalog_dir / "sectors.csv"), dtype="string")
    sectors["sort_order"] = as_int(sectors["sort_order"])
    sectors["has_indicators"] = as_bool(sectors["has_indicators"]) if "has_indicators" in sectors else True

    indicators = blank_to_na(read_part_tables(catalog_dir, "indicators"))
    for col in ("min_value", "max_value"):
        indicators[col] = as_float(indicators[col]) if col in indicators else pd.Series(pd.NA, index=indicators.index, dtype="Float64")
    for col in ("unit_en", "note", "note_vi"):
        if col not in indicators:
            indicators[col] = pd.Series(pd.NA, index=indicators.index, dtype="string")

    targets = blank_to_na(read_part_tables(catalog_dir, "targets"))
    for col in ("period_start", "period_end", "source_line", "baseline_year"):
        targets[col] = as_int(targets[col])
    for col in ("target_value", "target_low", "target_high"):
        targets[col] = as_float(targets[col])
    targets["is_draft"] = as_bool(targets["is_draft"])
    targets["kind"] = targets["kind"].fillna("target") if "kind" in targets else pd.Series("target", index=targets.index, dtype="string")

    actuals = blank_to_na(read_part_tables(catalog_dir, "actuals"))
    for col in ("year", "period_start", "source_line"):
        actuals[col] = as_int(actuals[col])
    for col in ("actual_value", "actual_low", "actual_high"):
        actuals[col] = as_float(actuals[col])
    actuals["is_estimate"] = as_bool(actuals["is_estimate"])

    provinces = pd.DataFrame(read_rows(catalog_dir / "provinces.csv"), dtype="string")
    for col in ("valid_from", "valid_to"):
        provinces[col] = pd.to_datetime(provinces[col].replace("", pd.NA)).dt.date
    successions = pd.DataFrame(read_rows(catalog_dir / "province_successions.csv"), dtype="string")
    successions["effective_date"] = pd.to_datetime(successions["effective_date"]).dt.date
    tasks = blank_to_na(pd.DataFrame(tasks_rows, dtype="string"))
    if not tasks.empty:
        tasks["task_no"] = as_int(tasks["task_no"])
        tasks["source_line"] = as_int(tasks["source_line"])
        tasks["deadline_date"] = pd.to_datetime(tasks["deadline_date"], errors="coerce").dt.date
        for col in ("deadline_flag", "note", "note_vi"):
            if col not in tasks:
                tasks[col] = pd.Series(pd.NA, index=tasks.index, dtype="string")
    documents = pd.DataFrame(DOCUMENTS, columns=["source_doc", "title_vi", "title_en", "is_draft", "doc_date"])
    documents["priority"] = documents["source_doc"].map(DOCUMENT_PRIORITY).astype("Int64")
    links = load_indicator_tasks(catalog_dir, set(indicators["indicator_id"]), set(tasks["task_no"].dropna()) if not tasks.empty else set())
    return Catalog(sectors, indicators, targets, actuals, provinces, tasks, documents, successions, links)


def load_indicator_tasks(catalog_dir: Path, indicator_ids: set[str], task_nos: set[int]) -> pd.DataFrame:
    """indicator_tasks.csv: which annex-II tasks serve an indicator (their lead unit answers for it); refuses unknown
    indicators or task numbers."""
    path = catalog_dir / "indicator_tasks.csv"
    rows = read_rows(path)
    problems = []
    for i, row in enumerate(rows, start=2):
        if row.get("indicator_id") not in indicator_ids:
            problems.append(Problem(str(path), i, "indicator_id", f"unknown indicator {row.get('indicator_id')!r}"))
        if not str(row.get("task_no", "")).isdigit() or int(row["task_no"]) not in task_nos:
            problems.append(Problem(str(path), i, "task_no", f"unknown task {row.get('task_no')!r}"))
    if problems:
        raise CatalogError(problems)
    frame = pd.DataFrame(rows, columns=["indicator_id", "task_no", "note", "note_vi"], dtype="string")
    frame["task_no"] = as_int(frame["task_no"])
    return frame
