"""Public reports: 2021-2025 outcomes published after the source documents by official or international bodies.

The curated file data/public_reports/public_reports.csv (schema in data/README.md) is checked like the catalog:
every problem names the file, row and column, and any problem stops the build. Its rows join the document figures
in the actuals as origin 'public_report', ranked after every document figure of the same key (the documents govern)
and, like them, replaced by any active upload of that key (so reverting the upload brings the public figure back).
"""

from __future__ import annotations

import csv
import os
import re
from datetime import date
from pathlib import Path

import pandas as pd

from etl.provenance import Problem

PUBLIC_REPORTS_FILE = Path(__file__).resolve().parent.parent / "data" / "public_reports" / "public_reports.csv"
COLUMNS = ["report_id", "indicator_id", "year", "value", "is_estimate", "publisher", "title", "published", "url",
           "reported_by", "read_on", "statement", "note"]
# Our Vietnamese translations of statement and note (shown in the Vietnamese UI); optional, blank = the English.
TRANSLATED = {"statement": "statement_vi", "note": "note_vi"}
PUBLISHED = [c for col in COLUMNS for c in (col, TRANSLATED.get(col)) if c]
REQUIRED = ["report_id", "indicator_id", "year", "value", "is_estimate", "publisher", "title", "published", "url",
            "read_on", "statement"]
# Figures before 2019 belong to the documents; public reports fill 2019-2025 (2019-2020 only where documents lack them).
YEAR_RANGE = (2019, 2025)
ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_STATEMENT = 300  # a short statement in our own words, never a copied passage


def public_reports_file() -> Path:
    """The curated file: $DASHBOARD_PUBLIC_REPORTS when set (tests point it at a corrupted copy), else the default."""
    return Path(os.environ.get("DASHBOARD_PUBLIC_REPORTS", PUBLIC_REPORTS_FILE))


def valid_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real date."""
    if not DATE_PATTERN.match(text):
        return False
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def number(text: str) -> float | None:
    """A decimal-point number, or None when the cell is not one (a decimal comma is refused, not guessed)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def check_row(row: dict[str, str], where: tuple[str, int], indicators: dict[str, dict]) -> list[Problem]:
    """Every problem of one row: required cells, keys, year range, value range and type, dates, URL, wording."""
    path, line = where
    problems: list[Problem] = []

    def bad(column: str, message: str) -> None:
        problems.append(Problem(path, line, column, message))

    for column in REQUIRED:
        if not (row.get(column) or "").strip():
            bad(column, "required value is empty")
    rid = (row.get("report_id") or "").strip()
    if rid and not ID_PATTERN.match(rid):
        bad("report_id", f"{rid!r} is not a lower-case slug [a-z0-9_]+")
    indicator_id = (row.get("indicator_id") or "").strip()
    meta = indicators.get(indicator_id)
    if indicator_id and meta is None:
        bad("indicator_id", f"unknown indicator {indicator_id!r} (not in data/catalog/*/indicators.csv)")
    year_text = (row.get("year") or "").strip()
    if year_text:
        if not year_text.isdigit():
            bad("year", f"{year_text!r} is not a year")
        elif not YEAR_RANGE[0] <= int(year_text) <= YEAR_RANGE[1]:
            bad("year", f"{year_text} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}")
    value_text = (row.get("value") or "").strip()
    if value_text:
        value = number(value_text)
        if value is None:
            bad("value", f"{value_text!r} is not a number with a decimal point")
        elif meta is not None:
            low, high = meta["min_value"], meta["max_value"]
            if (low is not None and value < low) or (high is not None and value > high):
                top = high if high is not None else "∞"
                bad("value", f"{value_text} is outside the range of {indicator_id} ({low} to {top}, unit {meta['unit']})")
            if meta["value_type"] == "rank" and value != int(value):
                bad("value", f"{value_text} is not a whole rank")
    estimate = (row.get("is_estimate") or "").strip()
    if estimate and estimate not in ("true", "false"):
        bad("is_estimate", f"{estimate!r} must be true or false")
    for column in ("published", "read_on"):
        text = (row.get(column) or "").strip()
        if text and not valid_date(text):
            bad(column, f"{text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    published, read_on = (row.get("published") or "").strip(), (row.get("read_on") or "").strip()
    if valid_date(published) and valid_date(read_on) and published > read_on:
        bad("published", f"published {published} is after the date it was read ({read_on})")
    url = (row.get("url") or "").strip()
    if url and not URL_PATTERN.match(url):
        bad("url", f"{url!r} is not an http(s) URL")
    for column in ("statement", "statement_vi"):
        statement = (row.get(column) or "").strip()
        if len(statement) > MAX_STATEMENT:
            bad(column, f"{len(statement)} characters: keep the statement short (≤ {MAX_STATEMENT}) and in our own words")
    return problems


def indicator_limits(indicators: pd.DataFrame) -> dict[str, dict]:
    """Unit, type and allowed range of every indicator (catalog range, else the default of its value type)."""
    from etl.build import DEFAULT_RANGE

    limits = {}
    for row in indicators.to_dict("records"):
        low, high = DEFAULT_RANGE[row["value_type"]]
        limits[row["indicator_id"]] = {
            "unit": row["unit"], "value_type": row["value_type"],
            "min_value": low if pd.isna(row.get("min_value")) else float(row["min_value"]),
            "max_value": high if pd.isna(row.get("max_value")) else float(row["max_value"]),
        }
    return limits


def check_public_reports(indicators: pd.DataFrame, path: Path | None = None) -> list[Problem]:
    """Every problem of the curated file (file, row, column); a missing file is no problem (nothing to add)."""
    path = path or public_reports_file()
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            return [Problem(str(path), 1, c, "column missing from the header") for c in missing]
        rows = list(reader)
    limits = indicator_limits(indicators)
    problems: list[Problem] = []
    seen_ids: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if None in row:
            problems.append(Problem(str(path), line, "-", "more cells than header columns (an unquoted comma?)"))
            continue
        problems += check_row(row, (str(path), line), limits)
        rid = (row.get("report_id") or "").strip()
        if rid in seen_ids:
            problems.append(Problem(str(path), line, "report_id", f"duplicate of row {seen_ids[rid]}"))
        seen_ids.setdefault(rid, line)
    return problems


def load_public_reports(indicators: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """The checked file as a typed frame (raises CatalogError naming every bad row; empty when there is no file)."""
    from etl.catalog import CatalogError

    path = path or public_reports_file()
    problems = check_public_reports(indicators, path)
    if problems:
        raise CatalogError(problems)
    if not path.exists():
        frame = pd.DataFrame({c: pd.Series(dtype="string") for c in PUBLISHED})
    else:
        frame = pd.read_csv(path, dtype="string", keep_default_na=False, encoding="utf-8")
        for column in TRANSLATED.values():
            if column not in frame:
                frame[column] = pd.Series("", index=frame.index, dtype="string")
    frame = frame.apply(lambda col: col.str.strip().replace("", pd.NA))
    frame["year"] = pd.to_numeric(frame["year"]).astype("Int64")
    frame["value"] = pd.to_numeric(frame["value"]).astype("Float64")
    frame["is_estimate"] = frame["is_estimate"].fillna("false").str.lower().eq("true").astype("bool")
    sector_of = dict(zip(indicators["indicator_id"], indicators["sector_id"], strict=True))
    frame["sector_id"] = frame["indicator_id"].map(sector_of).astype("string")
    return frame[["report_id", "indicator_id", "sector_id", *PUBLISHED[2:]]].reset_index(drop=True)


def public_doc_actuals(reports: pd.DataFrame, first_order: int) -> pd.DataFrame:
    """The public figures in the shape of the document actuals (etl/build.py doc_actuals_frame), origin 'public_report'.

    Among public figures of one key the newest publication ranks first (catalog_order follows it): a later report
    usually revises an earlier one; the older figure stays in the actuals, not current.
    """
    ordered = reports.sort_values(["published", "report_id"], ascending=[False, True], kind="stable")
    n = len(ordered)
    return pd.DataFrame({
        "indicator_id": ordered["indicator_id"].astype("string"),
        "year": ordered["year"].astype("Int64"),
        "period_start": pd.Series([pd.NA] * n, dtype="Int64", index=ordered.index),
        "province": pd.Series([pd.NA] * n, dtype="string", index=ordered.index),
        "actual_value": ordered["value"].astype("Float64"),
        "actual_low": pd.Series([pd.NA] * n, dtype="Float64", index=ordered.index),
        "actual_high": pd.Series([pd.NA] * n, dtype="Float64", index=ordered.index),
        "is_estimate": ordered["is_estimate"].astype("bool"),
        "source_doc": pd.Series([pd.NA] * n, dtype="string", index=ordered.index),
        "source_line": pd.Series([pd.NA] * n, dtype="Int64", index=ordered.index),
        "source_quote": pd.Series([pd.NA] * n, dtype="string", index=ordered.index),
        "note": ordered["statement"].astype("string"),
        "note_vi": ordered["statement_vi"].astype("string"),
        "doc_priority": pd.Series([pd.NA] * n, dtype="Int64", index=ordered.index),
        "catalog_order": pd.Series(range(first_order, first_order + n), dtype="Int64", index=ordered.index),
        "origin": pd.Series(["public_report"] * n, dtype="string", index=ordered.index),
        "report_id": ordered["report_id"].astype("string"),
    }).reset_index(drop=True)


def public_label(publisher: object, published: object) -> str:
    """'UN DESA, 2024-09-17': how a public report is named in footers, tables and exports."""
    return ", ".join(str(p) for p in (publisher, published) if p is not None and not pd.isna(p))
