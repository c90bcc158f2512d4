"""Read side for pages: one DuckDB connection per process, a cursor per call, caches keyed by data version."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

import queries
from etl import scorecard as scorecard_module
from etl.export import table_parquet_bytes, table_source
from etl.warehouse import current_dir, data_dir, lease_version, read_manifest

CACHE_ENTRIES = 256


@st.cache_resource
def connection() -> duckdb.DuckDBPyConnection:
    """The process-wide DuckDB connection (in-memory; it only reads Parquet)."""
    return duckdb.connect(config={"threads": 2})


def version() -> Path | None:
    """The published version directory, resolved once per rerun so every query of a page reads one version; leased,
    so a later publish keeps it while this page may still download from it."""
    found = current_dir(data_dir())
    if found is not None:
        lease_version(found)
    return found


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def query(name: str, version_dir: str, **params: object) -> pd.DataFrame:
    """A named query's result; the version directory is part of the key, so a publish invalidates it."""
    cursor = connection().cursor()
    try:
        return queries.run(cursor, name, Path(version_dir), **params)
    finally:
        cursor.close()


@st.cache_data(max_entries=64, show_spinner=False)
def scorecard(version_dir: str, as_of: int | None = None, sector: str | None = None) -> pd.DataFrame:
    """The evaluated scorecard for one version and as-of year."""
    cursor = connection().cursor()
    try:
        return scorecard_module.scorecard(cursor, Path(version_dir), as_of=as_of, sector=sector)
    finally:
        cursor.close()


@st.cache_data(max_entries=32, show_spinner=False)
def manifest(version_dir: str) -> dict:
    """Manifest of one version (publish time, row counts)."""
    return read_manifest(Path(version_dir))


EXPORT_TABLES = ("indicators", "targets", "actuals", "sectors", "provinces", "province_successions", "tasks", "documents", "batches")
DICTIONARY = Path(__file__).resolve().parent.parent / "data" / "README.md"


@st.cache_data(max_entries=16, show_spinner=False)
def table(version_dir: str, name: str) -> pd.DataFrame:
    """One whole published table (only the fixed list of exportable tables)."""
    if name not in EXPORT_TABLES:
        raise ValueError(f"not an exportable table: {name!r}")
    return query("table_rows", version_dir, path=table_source(Path(version_dir), name))


def parquet_bytes(version_dir: str, name: str) -> bytes:
    """The published Parquet file itself."""
    if name not in EXPORT_TABLES:
        raise ValueError(f"not an exportable table: {name!r}")
    return table_parquet_bytes(Path(version_dir), name)


def warehouse_zip(version_dir: str, fmt: str) -> bytes:
    """Every exportable table in one zip, as CSV or Parquet."""
    import io
    import zipfile

    from etl.export import to_csv_bytes

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in EXPORT_TABLES:
            payload = to_csv_bytes(table(version_dir, name)) if fmt == "csv" else parquet_bytes(version_dir, name)
            archive.writestr(f"{name}.{fmt}", payload)
    return buffer.getvalue()


def warehouse_xlsx(version_dir: str) -> bytes:
    """Every exportable table as one sheet of an Excel workbook."""
    from etl.export import to_xlsx_bytes

    return to_xlsx_bytes({name: table(version_dir, name) for name in EXPORT_TABLES})


@st.cache_data(max_entries=1, show_spinner=False)
def dictionary_markdown() -> str:
    """The data dictionary (data/README.md) for the sources page."""
    return DICTIONARY.read_text(encoding="utf-8") if DICTIONARY.exists() else ""
