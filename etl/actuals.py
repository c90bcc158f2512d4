"""The published actuals table: files under a version's actuals/ directory, and how a publish rewrites them.

The files of actuals/ are read together as one table (`read_parquet('<version>/actuals/*.parquet')`):
- documents.national.parquet (and documents.provincial.parquet should a document ever give a provincial figure):
  every document figure, with is_current (precedence rank 1 and no active upload of its key);
- <batch_id>.national.parquet and <batch_id>.provincial.parquet: the current rows of one active upload batch,
  i.e. its keys that no newer active batch also holds.
National rows are kept apart so national reads (scorecard, sector pages) read `*.national.parquet` only.
Batch files keep the row order of their upload file, which publish stores sorted (indicator_id, province, year),
so Parquet statistics let an indicator query skip the row groups of other indicators.

Why a file per batch (issue 8): an upload publish writes its own rows and rewrites only the files of older batches
whose keys it replaces; a full rebuild copies each batch's rows once, with no sort across batches.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from etl.warehouse import link_or_copy

SQL_DIR = Path(__file__).resolve().parent / "sql"
ACTUALS_DIR = "actuals"
DOCUMENTS = "documents"
PARTS = {"national": True, "provincial": False}
# Row groups small enough that one indicator's rows, or the national block, skip the rest of a file.
ROW_GROUP_ROWS = 122_880
KEY_SCHEMA = pa.schema([("batch_id", pa.string()), ("indicator_id", pa.string()), ("year", pa.int32()), ("province", pa.string())])
# The upload sort order: batch files keep it, so queries for one indicator skip other indicators' row groups.
UPLOAD_SORT = [("indicator_id", "ascending", "at_start"), ("province", "ascending", "at_start"), ("year", "ascending", "at_start")]


def sql_text(name: str) -> str:
    """The text of one ETL SQL file."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def actuals_glob(version: Path) -> str:
    """The glob that reads a version's actuals as one table (queries use '/actuals/*.parquet' the same way)."""
    return str(version / ACTUALS_DIR / "*.parquet")


def actuals_row_count(version: Path) -> int:
    """Rows of a version's actuals (from Parquet footers)."""
    return sum(pq.ParquetFile(p).metadata.num_rows for p in (version / ACTUALS_DIR).glob("*.parquet"))


def sort_upload_rows(rows: pa.Table) -> pa.Table:
    """An upload batch's rows in storage order: indicator_id, province (national first), year."""
    return rows.sort_by(UPLOAD_SORT)


def upload_path(version: Path, batch_id: str) -> Path:
    """The immutable row file of one upload batch."""
    return version / "uploads" / f"{batch_id}.parquet"


def batch_paths(version: Path, batch_id: str) -> list[Path]:
    """The actuals files of one batch, national then provincial (only those that exist)."""
    return [p for part in PARTS if (p := version / ACTUALS_DIR / f"{batch_id}.{part}.parquet").exists()]


def active_upload_batches(version: Path, batches: pa.Table) -> list[str]:
    """Batches whose rows count, oldest first by (published_at, batch_id): not reverted, with an upload file."""
    log = batches.to_pylist()
    reverted = {row["reverts_batch_id"] for row in log if row["reverts_batch_id"]}
    live = [row for row in log if row["batch_id"] not in reverted and upload_path(version, row["batch_id"]).exists()]
    return [row["batch_id"] for row in sorted(live, key=lambda row: (row["published_at"], row["batch_id"]))]


def connect() -> duckdb.DuckDBPyConnection:
    """A private DuckDB connection for a publish.

    Batch files are copied through anti joins that must keep the file's row order (it is what makes their row
    groups skippable). DuckDB keeps it only when the file's rows are the probe side and one thread runs the join
    (see drop_keys), so the optimiser may not swap the join's sides.
    """
    return duckdb.connect(config={"threads": 2, "disabled_optimizers": "build_side_probe_side"})


def write_rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict, path: Path) -> int:
    """Write one query's rows to a Parquet file; returns the row count (no file when there are none)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con.sql(sql, params=params).write_parquet(str(path), compression="zstd", row_group_size=ROW_GROUP_ROWS)
    rows = pq.ParquetFile(path).metadata.num_rows
    if rows == 0:
        path.unlink()
    return rows


def register_files(con: duckdb.DuckDBPyConnection, name: str, files: Iterable[Path], empty: pa.Schema) -> None:
    """A view over Parquet files, or over an empty table of the given schema when there are none."""
    paths = [str(p) for p in files]
    if paths:
        con.read_parquet(paths).create_view(name)
    else:
        con.register(name, empty.empty_table())


def write_documents(staging: Path, doc_actuals: pa.Table, upload_files: list[Path]) -> None:
    """The documents files: document rows with their precedence rank and whether an active upload replaces them."""
    con = connect()
    try:
        con.register("doc_actuals", doc_actuals)
        register_files(con, "active_uploads", upload_files, KEY_SCHEMA)
        for part, national in PARTS.items():
            write_rows(con, sql_text("document_actuals_current"), {"national": national}, staging / ACTUALS_DIR / f"{DOCUMENTS}.{part}.parquet")
    finally:
        con.close()


def losing_rows(con: duckdb.DuckDBPyConnection, staging: Path, batches: pa.Table, active: list[str]) -> None:
    """Table `losing_rows`: rows of active batches whose key a newer active batch also holds."""
    con.register("batches", batches)
    register_files(con, "active_uploads", [upload_path(staging, b) for b in active], KEY_SCHEMA)
    con.sql(sql_text("losing_upload_rows")).create("losing_rows")


def drop_keys(con: duckdb.DuckDBPyConnection, sql_name: str, params: dict) -> int:
    """Table dropped_keys: the keys a file is about to lose; returns how many.

    When there are some, the file is copied through an anti join on one thread (parallel probes reorder rows).
    """
    con.execute("DROP TABLE IF EXISTS dropped_keys")
    con.sql(sql_text(sql_name), params=params).create("dropped_keys")
    dropped = con.execute("SELECT count(*) FROM dropped_keys").fetchall()[0][0]
    con.execute("SET threads = 1" if dropped else "SET threads = 2")
    return dropped


def write_batch(con: duckdb.DuckDBPyConnection, staging: Path, batch_id: str, source: Path) -> None:
    """The actuals files of one batch from its upload file, without its rows in table `losing_rows`."""
    drop_keys(con, "batch_losing_keys", {"batch_id": batch_id})
    con.read_parquet(str(source)).create_view("batch_upload_rows", replace=True)
    for part, national in PARTS.items():
        write_rows(con, sql_text("batch_current_rows"), {"national": national}, staging / ACTUALS_DIR / f"{batch_id}.{part}.parquet")


def rebuild_actuals(staging: Path, doc_actuals: pa.Table, batches: pa.Table, only: set[str] | None = None,
                    previous: Path | None = None) -> None:
    """Write every actuals file of a version from its document rows, upload files and batch log.

    With `only` (and `previous`), batches outside `only` reuse their files from the previous version: a revert
    changes the current rows only of batches that share keys with the reverted one.
    """
    (staging / ACTUALS_DIR).mkdir(exist_ok=True)
    active = active_upload_batches(staging, batches)
    write_documents(staging, doc_actuals, [upload_path(staging, b) for b in active])
    con = connect()
    try:
        losing_rows(con, staging, batches, active)
        for batch_id in active:
            if only is None or batch_id in only or previous is None:
                write_batch(con, staging, batch_id, upload_path(staging, batch_id))
            else:
                for path in batch_paths(previous, batch_id):
                    link_or_copy(path, staging / ACTUALS_DIR / path.name)
    finally:
        con.close()


def batches_sharing_keys(con: duckdb.DuckDBPyConnection, files: list[Path]) -> set[str]:
    """The batches among `files` that hold any key of the view `changed_keys`."""
    if not files:
        return set()
    sql = sql_text("batches_sharing_keys")
    return {row[0] for row in con.execute(sql, {"files": [str(p) for p in files]}).fetchall()}


def publish_upload_actuals(previous: Path, staging: Path, doc_actuals: pa.Table, batches: pa.Table, batch_id: str) -> None:
    """Actuals after publishing `batch_id`, the newest batch: its rows are added, older files lose the keys it replaces."""
    (staging / ACTUALS_DIR).mkdir(exist_ok=True)
    active = active_upload_batches(staging, batches)
    if not active or active[-1] != batch_id:
        # Not the newest batch (a clock set back): recompute every file rather than reason about the order.
        rebuild_actuals(staging, doc_actuals, batches)
        return
    write_documents(staging, doc_actuals, [upload_path(staging, b) for b in active])
    con = connect()
    try:
        con.register("losing_rows", KEY_SCHEMA.empty_table())  # the newest batch loses no rows
        write_batch(con, staging, batch_id, upload_path(staging, batch_id))
        con.execute("CREATE VIEW changed_keys AS SELECT indicator_id, year, province FROM batch_upload_rows")
        older = [p for b in active[:-1] for p in batch_paths(previous, b)]
        touched = batches_sharing_keys(con, older)
        for path in older:
            target = staging / ACTUALS_DIR / path.name
            if path.name.split(".")[0] in touched and drop_keys(con, "file_keys_changed", {"file": str(path)}):
                write_rows(con, sql_text("actuals_without_changed_keys"), {"file": str(path)}, target)
            else:
                link_or_copy(path, target)
    finally:
        con.close()


def publish_revert_actuals(previous: Path, staging: Path, doc_actuals: pa.Table, batches: pa.Table, reverted: str) -> None:
    """Actuals after reverting a batch: batches sharing its keys are recomputed (their replaced rows come back)."""
    active = active_upload_batches(staging, batches)
    sharing: set[str] = set()
    if upload_path(staging, reverted).exists():
        con = connect()
        try:
            con.read_parquet(str(upload_path(staging, reverted))).create_view("changed_keys")
            sharing = batches_sharing_keys(con, [upload_path(staging, b) for b in active])
        finally:
            con.close()
    rebuild_actuals(staging, doc_actuals, batches, only=sharing, previous=previous)
