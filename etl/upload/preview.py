"""The preview of an upload against the published values, and the DuckDB helpers of the upload SQL."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from etl.actuals import sql_text
from etl.build import UPLOAD_SCHEMA, upload_files
from etl.formatting import fmt_number
from etl.upload.messages import PLAUSIBILITY
from etl.upload.raw import col_letters
from etl.upload.result import CheckResult


def connect() -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB connection for one operation."""
    return duckdb.connect(config={"threads": 2})


def run_sql(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run etl/sql/<name>.sql with bound $parameters (never formatted into the text) and return a DataFrame."""
    return con.sql(sql_text(name), params=params).to_arrow_table().to_pandas()


def register_uploads(con: duckdb.DuckDBPyConnection, version_dir: Path) -> None:
    """Expose every batch's upload rows of a version as the view upload_rows (empty when none)."""
    files = [str(p) for p in upload_files(version_dir)]
    if files:
        con.read_parquet(files).create_view("upload_rows")
    else:
        con.register("upload_rows", UPLOAD_SCHEMA.empty_table())


def preview(result: CheckResult, version_dir: Path) -> pd.DataFrame:
    """One row per clean uploaded row, with change new/changed/unchanged against the published current values."""
    rows = result.rows[["row_no", "indicator_id", "year", "province", "actual_value", "is_estimate", "note"]]
    if rows.empty or rows["indicator_id"].dtype != object:  # checked rows hold id strings: no copy for them
        rows = rows.astype({"indicator_id": "str"})
    con = connect()
    try:
        con.register(
            "upload",
            pa.Table.from_pandas(
                rows,
                preserve_index=False,
                schema=pa.schema(
                    [
                        ("row_no", pa.int64()),
                        ("indicator_id", pa.string()),
                        ("year", pa.int64()),
                        ("province", pa.string()),
                        ("actual_value", pa.float64()),
                        ("is_estimate", pa.bool_()),
                        ("note", pa.string()),
                    ]
                ),
            ),
        )
        frame = run_sql(con, "upload_preview", dir=str(version_dir))
    finally:
        con.close()
    return with_locations(frame, result.cell_ids)


def with_locations(frame: pd.DataFrame, cell_ids: bool) -> pd.DataFrame:
    """Columns excel_row and cell (e.g. 'F7', wide layout only): where each previewed value is in the file."""
    if cell_ids:
        rows, cols = frame["row_no"] // 100, frame["row_no"] % 100
        frame.insert(1, "excel_row", rows.astype("int64"))
        frame.insert(2, "cell", [col_letters(int(c)) + str(int(r)) for r, c in zip(rows, cols, strict=True)])
    else:
        frame.insert(1, "excel_row", frame["row_no"].astype("int64"))
        frame.insert(2, "cell", pd.Series([None] * len(frame), dtype=object))
    return frame



def neighbours_text(row: object, lang: str = "vi") -> str:
    """The published values around a row: '2020: 68,7 · cũ: 70 · 2022: 72' (– when none)."""
    parts = []
    if pd.notna(getattr(row, "prev_year", None)):
        parts.append(f"{int(row.prev_year)}: {fmt_number(row.prev_value, lang, 4)}")
    if pd.notna(getattr(row, "old_value", None)):
        parts.append(("cũ" if lang == "vi" else "old") + f": {fmt_number(row.old_value, lang, 4)}")
    if pd.notna(getattr(row, "next_year", None)):
        parts.append(f"{int(row.next_year)}: {fmt_number(row.next_value, lang, 4)}")
    return " · ".join(parts) or "–"


def plausibility_text(row: object, lang: str = "vi") -> str | None:
    """The plausibility warning of a preview row in lang, or None when the row looks plausible."""
    code = getattr(row, "plausibility", None)
    if not isinstance(code, str):
        return None
    vi, en = PLAUSIBILITY[code]
    unit = row.unit if isinstance(row.unit, str) else ""
    unit_en = row.unit_en if isinstance(row.unit_en, str) else unit
    return (vi if lang == "vi" else en).format(
        value=fmt_number(row.actual_value, lang, 4), unit=unit, unit_en=unit_en, reference=neighbours_text(row, lang)
    )


def implausible(frame: pd.DataFrame) -> pd.DataFrame:
    """The preview rows flagged as implausible that would be published (new or changed)."""
    if "plausibility" not in frame:
        return frame.iloc[0:0]
    return frame[frame["plausibility"].notna() & (frame["change"] != "unchanged")]


def same_preview(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Whether two previews of the same rows would publish the same thing (change, old value and its origin); new
    plausibility flags are the confirmation's business (UploadNeedsConfirmation), not a changed preview."""
    cols = ["row_no", "change", "old_value", "old_is_estimate", "old_note", "old_batch_id"]
    return len(a) == len(b) and a[cols].reset_index(drop=True).equals(b[cols].reset_index(drop=True))
