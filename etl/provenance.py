"""Provenance and key checks of the hand-curated source catalog (standard library only)."""

from __future__ import annotations

import csv
import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from etl.provinces import Registry

ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIR = ROOT / "data" / "catalog"
SOURCES_DIR = ROOT / "data" / "sources"

COMPARATORS = {"eq", "ge", "le", "range", "top_n", "rank_gain", "growth"}
DIRECTIONS = {"higher_better", "lower_better"}
VALUE_TYPES = {"number", "percent", "rank"}
# Only `target` rows are judged; a projection is a forecast ("dự kiến"), an aspiration a goal without a year or without
# a measurable quantity. Blank means target.
TARGET_KINDS = {"target", "projection", "aspiration"}
DEADLINE_FLAGS = {"probable_typo"}
# Tasks due before their document was issued are suspicious: directive 01 (000) is dated 11/01/2021.
DOCUMENT_DATES = {"000_578e35c63316aedb.txt": "2021-01-11"}
SLUG = re.compile(r"^[a-z0-9_]+$")


def current_catalog_dir() -> Path:
    """The catalog folder: $DASHBOARD_CATALOG_DIR or data/catalog, read at call time so tests can redirect it."""
    return Path(os.environ.get("DASHBOARD_CATALOG_DIR") or CATALOG_DIR)


@dataclass(frozen=True)
class Problem:
    """One catalog problem, located by file and CSV row (header is row 1)."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, column {self.column}: {self.message}"


@lru_cache(maxsize=16)
def document_lines(sources_dir: Path, doc: str) -> tuple[str, ...] | None:
    """Lines of a source document split on newline, or None if missing."""
    path = sources_dir / doc
    if not path.is_file() or "/" in doc or "\\" in doc:
        return None
    return tuple(path.read_text(encoding="utf-8").split("\n"))


def read_rows(path: Path) -> list[dict[str, str]]:
    """CSV rows as dicts (empty list when the file is missing)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def check_quote(row: dict[str, str], where: tuple[str, int], sources_dir: Path) -> list[Problem]:
    """The quote must be a verbatim substring of the cited line of the cited document."""
    file, rownum = where
    doc, line, quote = row.get("source_doc", ""), row.get("source_line", ""), row.get("source_quote", "")
    if not doc and not quote:
        return []
    lines = document_lines(sources_dir, doc)
    if lines is None:
        return [Problem(file, rownum, "source_doc", f"unknown source document {doc!r}")]
    if not line.isdigit() or not 1 <= int(line) <= len(lines):
        return [Problem(file, rownum, "source_line", f"line {line!r} is not a line of {doc}")]
    if not quote.strip():
        return [Problem(file, rownum, "source_quote", "empty quote")]
    if quote not in lines[int(line) - 1]:
        found = [i + 1 for i, text in enumerate(lines) if quote in text]
        hint = f" (it is on line(s) {found[:5]})" if found else " (not found anywhere in the document)"
        return [Problem(file, rownum, "source_quote", f"quote {quote[:80]!r} is not on line {line} of {doc}{hint}")]
    return []


def to_float(text: str) -> float | None:
    """Parse a catalog number (decimal point); None when blank."""
    text = (text or "").strip()
    return float(text) if text else None


def check_catalog(catalog_dir: Path | None = None, sources_dir: Path = SOURCES_DIR) -> list[Problem]:
    """Every provenance and key problem in the catalog (default: current_catalog_dir())."""
    catalog_dir = Path(catalog_dir) if catalog_dir is not None else current_catalog_dir()
    problems: list[Problem] = []
    sector_rows = read_rows(catalog_dir / "sectors.csv")
    sectors = {r["sector_id"] for r in sector_rows}
    # A sector flagged has_indicators=false (the general tasks) holds tasks only: dashboards list the others.
    indicator_sectors = {r["sector_id"] for r in sector_rows if r.get("has_indicators", "true") != "false"}
    for i, r in enumerate(sector_rows, start=2):
        if r.get("has_indicators", "true") not in ("true", "false"):
            problems.append(Problem(str(catalog_dir / "sectors.csv"), i, "has_indicators", "must be true or false"))
    indicators: dict[str, dict[str, str]] = {}
    # Catalog figures are of the 63 pre-2025 units (the documents are of 2020-2021): any code of provinces.csv.
    provinces = {r["province_code"] for r in read_rows(catalog_dir / "provinces.csv")}
    target_ids: set[str] = set()
    parts = sorted(p for p in catalog_dir.iterdir() if p.is_dir())
    for part in parts:
        rel = part.relative_to(catalog_dir.parent.parent) if catalog_dir.parent.parent in part.parents else part
        f = str(rel / "indicators.csv")
        for i, r in enumerate(read_rows(part / "indicators.csv"), start=2):
            iid = r.get("indicator_id", "")
            if not SLUG.match(iid):
                problems.append(Problem(f, i, "indicator_id", f"{iid!r} is not a lower-case slug"))
            if iid in indicators:
                problems.append(Problem(f, i, "indicator_id", f"duplicate indicator id {iid!r}"))
            indicators[iid] = r
            if r.get("sector_id") not in indicator_sectors:
                problems.append(Problem(f, i, "sector_id", f"unknown sector (or one without indicators) {r.get('sector_id')!r}"))
            if r.get("direction") not in DIRECTIONS:
                problems.append(Problem(f, i, "direction", f"{r.get('direction')!r} is not one of {sorted(DIRECTIONS)}"))
            if r.get("value_type") not in VALUE_TYPES:
                problems.append(Problem(f, i, "value_type", f"{r.get('value_type')!r} is not one of {sorted(VALUE_TYPES)}"))
            if r.get("value_type") == "rank" and r.get("direction") != "lower_better":
                problems.append(Problem(f, i, "direction", "a rank indicator must be lower_better"))
            for col in ("name_vi", "name_en", "unit"):
                if not (r.get(col) or "").strip():
                    problems.append(Problem(f, i, col, "must not be empty"))
    for part in parts:
        rel = part.relative_to(catalog_dir.parent.parent) if catalog_dir.parent.parent in part.parents else part
        f = str(rel / "targets.csv")
        for i, r in enumerate(read_rows(part / "targets.csv"), start=2):
            tid = r.get("target_id", "")
            if not tid or tid in target_ids:
                problems.append(Problem(f, i, "target_id", f"missing or duplicate target id {tid!r}"))
            target_ids.add(tid)
            problems += check_keys_and_numbers(r, indicators, (f, i), is_target=True)
            problems += check_quote(r, (f, i), sources_dir)
        f = str(rel / "actuals.csv")
        for i, r in enumerate(read_rows(part / "actuals.csv"), start=2):
            problems += check_keys_and_numbers(r, indicators, (f, i), is_target=False)
            province = (r.get("province") or "").strip()
            if province and province not in provinces:
                problems.append(Problem(f, i, "province", f"unknown province code {province!r} (see provinces.csv)"))
            problems += check_quote(r, (f, i), sources_dir)
    problems += check_provinces(catalog_dir, parts)
    problems += check_tasks(catalog_dir, sectors, sources_dir)
    return problems


def check_provinces(catalog_dir: Path, parts: list[Path]) -> list[Problem]:
    """The units and successions are consistent, and every provincial actual's code names a unit valid in its year
    (e.g. code 64, Gia Lai before the merger, is refused for 2025)."""
    file = "data/catalog/province_successions.csv"
    try:
        registry = Registry.from_rows(read_rows(catalog_dir / "provinces.csv"), read_rows(catalog_dir / "province_successions.csv"))
    except (ValueError, KeyError, AttributeError) as exc:
        return [Problem(file, 0, "-", f"provinces and successions do not fit together: {exc}")]
    out = []
    for part in parts:
        for i, r in enumerate(read_rows(part / "actuals.csv"), start=2):
            code = (r.get("province") or "").strip()
            if code and (r.get("year") or "").strip().isdigit():
                res = registry.resolve(code, int(r["year"]))
                if res.code != code and registry.candidates(code):  # an unknown code is reported above
                    out.append(Problem(str(part.name + "/actuals.csv"), i, "province",
                                       f"{code!r} is not a provincial unit valid in {r['year']}"))
    return out


def check_tasks(catalog_dir: Path, sectors: set[str], sources_dir: Path = SOURCES_DIR) -> list[Problem]:
    """Every task is quoted verbatim and in a known sector; a deadline before its document's date carries a flag."""
    out: list[Problem] = []
    f = str(catalog_dir / "tasks.csv")
    for i, r in enumerate(read_rows(catalog_dir / "tasks.csv"), start=2):
        out += check_quote(r, (f, i), sources_dir)
        if r.get("sector_id") not in sectors:
            out.append(Problem(f, i, "sector_id", f"unknown sector {r.get('sector_id')!r}"))
        flag = (r.get("deadline_flag") or "").strip()
        if flag and flag not in DEADLINE_FLAGS:
            out.append(Problem(f, i, "deadline_flag", f"{flag!r} is not one of {sorted(DEADLINE_FLAGS)}"))
        issued = DOCUMENT_DATES.get(r.get("source_doc", ""))
        date = (r.get("deadline_date") or "").strip()
        if issued and date and date < issued and not flag:
            out.append(Problem(f, i, "deadline_flag", f"deadline {date} is before the document's date {issued}: "
                                                      "flag it (probable_typo) and explain in the note"))
        if flag and not (r.get("note") or "").strip():
            out.append(Problem(f, i, "note", "a flagged deadline needs a note saying why"))
    return out


def check_keys_and_numbers(row: dict[str, str], indicators: dict, where: tuple[str, int], *, is_target: bool) -> list[Problem]:
    """Foreign keys, comparators, years and numeric columns of a target or actual row."""
    file, i = where
    out: list[Problem] = []
    if row.get("indicator_id") not in indicators:
        out.append(Problem(file, i, "indicator_id", f"unknown indicator {row.get('indicator_id')!r}"))
    try:
        if is_target:
            kind = (row.get("kind") or "").strip() or "target"
            if kind not in TARGET_KINDS:
                out.append(Problem(file, i, "kind", f"{kind!r} is not one of {sorted(TARGET_KINDS)}"))
            undated = not (row.get("period_start") or "").strip() and not (row.get("period_end") or "").strip()
            if undated and kind != "aspiration":
                out.append(Problem(file, i, "period_end", "only an aspiration may have no period"))
            if not undated:
                start, end = int(row["period_start"]), int(row["period_end"])
                if start > end:
                    out.append(Problem(file, i, "period_start", f"period_start {start} is after period_end {end}"))
            if row.get("comparator") not in COMPARATORS:
                out.append(Problem(file, i, "comparator", f"{row.get('comparator')!r} is not one of {sorted(COMPARATORS)}"))
            value, low, high = (to_float(row.get(c, "")) for c in ("target_value", "target_low", "target_high"))
            if row.get("baseline_year", "").strip():
                int(row["baseline_year"])
            if row.get("is_draft") not in ("true", "false"):
                out.append(Problem(file, i, "is_draft", "must be true or false"))
        else:
            int(row["year"])
            if row.get("period_start", "").strip():
                int(row["period_start"])
            value, low, high = (to_float(row.get(c, "")) for c in ("actual_value", "actual_low", "actual_high"))
            if row.get("is_estimate") not in ("true", "false"):
                out.append(Problem(file, i, "is_estimate", "must be true or false"))
    except (ValueError, KeyError) as exc:
        out.append(Problem(file, i, "-", f"not a number or missing column: {exc}"))
        return out
    if low is not None and high is not None and low >= high:
        out.append(Problem(file, i, "target_low" if is_target else "actual_low", f"range low {low} is not below high {high}"))
    if value is None and (low is None or high is None):
        out.append(Problem(file, i, "target_value" if is_target else "actual_value", "needs a value or both range bounds"))
    return out


def main() -> int:
    """Print every problem; exit 1 when there is any."""
    problems = check_catalog()
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
