"""Read-only history: the batch log, one batch's rows and the history of one data point."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.upload.preview import connect, register_uploads, run_sql


def batch_history(version_dir: Path) -> pd.DataFrame:
    """The batch log, oldest first, with status active/reverted and the id of the reverting batch."""
    con = connect()
    try:
        return run_sql(con, "batch_history", dir=str(version_dir))
    finally:
        con.close()


def batch_rows(version_dir: Path, batch_id: str) -> pd.DataFrame:
    """The rows of one batch (for a revert: the rows it reverted), with whether each is the current value now."""
    con = connect()
    try:
        register_uploads(con, version_dir)
        return run_sql(con, "batch_rows", dir=str(version_dir), batch_id=batch_id)
    finally:
        con.close()


def point_history(version_dir: Path, indicator_id: str, year: int, province: str | None = None) -> pd.DataFrame:
    """Every document and uploaded value of one key, oldest first, with batch, user, time, status and is_current."""
    con = connect()
    try:
        register_uploads(con, version_dir)
        params = {"dir": str(version_dir), "indicator_id": indicator_id, "year": int(year), "province": province}
        return run_sql(con, "point_history", **params)
    finally:
        con.close()
