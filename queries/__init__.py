"""Read side: named DuckDB queries in this folder, run against one published warehouse version."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

QUERIES_DIR = Path(__file__).resolve().parent
PARAM = re.compile(r"\$([a-z_]+)")


@lru_cache(maxsize=64)
def sql(name: str) -> tuple[str, frozenset[str]]:
    """The text of queries/<name>.sql and the named parameters it binds."""
    text = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return text, frozenset(PARAM.findall(text))


def run(con: duckdb.DuckDBPyConnection, name: str, version_dir: Path, **params: object) -> pd.DataFrame:
    """Run one named query with bound parameters against a resolved version directory (never `current`)."""
    text, wanted = sql(name)
    bound = {"dir": str(version_dir), **params}
    missing = wanted - bound.keys()
    if missing:
        raise TypeError(f"query {name} needs parameters {sorted(missing)}")
    return con.execute(text, {k: v for k, v in bound.items() if k in wanted}).df()
