"""Safe CSV and Excel downloads: formula injection neutralised, Vietnamese text readable in Excel.

Every download of the UI goes through these helpers. A text cell starting with =, +, -, @, tab or carriage return
would be run as a formula by Excel/LibreOffice when the file is opened (CSV) or re-saved; it gets a leading
apostrophe, so it is shown as the same text and never evaluated. Numbers stay numbers.
"""

from __future__ import annotations

import io
import math
import re
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from etl.actuals import ACTUALS_DIR, actuals_glob

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold; openpyxl refuses them, so they are dropped from Excel output.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def neutralise(value: object) -> object:
    """The value, with a leading apostrophe when it is text Excel would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame with every text cell and column name neutralised."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise, na_action="ignore")
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with BOM (so Excel shows Vietnamese correctly), formula injection neutralised."""
    return neutralise_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_csv_excel_vi_bytes(df: pd.DataFrame) -> bytes:
    """CSV for Excel with Vietnamese regional settings: ';' between fields and a decimal comma ("68,7"), UTF-8 BOM,
    formula injection neutralised. Numbers carry no thousands separator, so Excel reads them back as numbers."""
    return neutralise_frame(df).to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n").encode("utf-8-sig")


def excel_value(value: object) -> object:
    """A cell value openpyxl can write safely: missing -> empty, numpy -> Python, tz-aware -> UTC naive."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else str(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.tzinfo is not None:
        # Excel has no time zones: write UTC wall time.
        value = value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, str):
        return neutralise(ILLEGAL_XML.sub("", value))
    if isinstance(value, bool | int | float | datetime | date):
        return value
    return neutralise(ILLEGAL_XML.sub("", str(value)))


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name (31 characters, no []:*?/\\)."""
    base = BAD_SHEET_CHARS.sub("_", str(name)).strip("'") or "Sheet"
    title = base[:31]
    n = 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title.lower())
    return title


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per frame (bold header, frozen first row), formula injection neutralised."""
    book = Workbook(write_only=True)
    used: set[str] = set()
    bold = Font(bold=True)
    for name, frame in sheets.items():
        sheet = book.create_sheet(sheet_title(name, used))
        sheet.freeze_panes = "A2"
        header = []
        for column in frame.columns:
            cell = WriteOnlyCell(sheet, value=excel_value(str(column)))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in frame.itertuples(index=False, name=None):
            sheet.append([excel_value(v) for v in row])
    if not sheets:
        book.create_sheet("Sheet")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_source(version: Path, name: str) -> str:
    """What read_parquet reads for one published table: its file, or the glob of its files (actuals)."""
    return actuals_glob(version) if name == ACTUALS_DIR else str(version / f"{name}.parquet")


def table_parquet_bytes(version: Path, name: str) -> bytes:
    """One published table as a single Parquet file (the actuals files combined by DuckDB, streaming, not in memory)."""
    if name != ACTUALS_DIR:
        return (version / f"{name}.parquet").read_bytes()
    import duckdb

    import queries

    with tempfile.TemporaryDirectory() as tmp:
        combined = Path(tmp) / f"{name}.parquet"
        con = duckdb.connect()
        try:
            con.sql(queries.sql("table_rows")[0], params={"path": table_source(version, name)}).write_parquet(str(combined), compression="zstd")
        finally:
            con.close()
        return combined.read_bytes()
