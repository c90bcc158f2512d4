"""Read side for pages: one DuckDB connection per process, a cursor per call, caches keyed by data version."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

import queries
from etl import scorecard as scorecard_module
from etl.warehouse import current_dir, data_dir, read_manifest

CACHE_ENTRIES = 256


@st.cache_resource
def connection() -> duckdb.DuckDBPyConnection:
    """The process-wide DuckDB connection (in-memory; it only reads Parquet)."""
    return duckdb.connect(config={"threads": 2})


def version() -> Path | None:
    """The published version directory, resolved once per rerun so every query of a page reads one version."""
    return current_dir(data_dir())


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
