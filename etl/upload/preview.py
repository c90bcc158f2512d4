"""The preview of an upload against the published values, and the DuckDB helpers of the upload SQL."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from etl.actuals import sql_text
from etl.build import UPLOAD_SCHEMA, upload_files
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
    con = connect()
    try:
        con.register(
            "upload",
            pa.Table.from_pandas(
                rows.astype({"indicator_id": "str"}),
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
        return run_sql(con, "upload_preview", dir=str(version_dir))
    finally:
        con.close()
