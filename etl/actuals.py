"""The published actuals table: files under a version's actuals/ directory, and how a publish rewrites them.

The files of actuals/ are read together as one table (`read_parquet('<version>/actuals/*.parquet')`):
- documents.national.parquet (and documents.provincial.parquet should a document ever give a provincial figure):
  every document figure, with is_current (precedence rank 1 and no active upload of its key);
- <batch_id>.<part>.parquet: the current rows of one active upload batch (its keys no newer active batch holds);
- <revert_batch_id>.<part>.parquet: the rows a revert gave back; merged-<id>.<part>.parquet: several small files.
The documents files also hold the public-report figures (origin 'public_report', etl/public_reports.py): like the
document figures they are rewritten on every publish, so an upload hides them and its revert brings them back.
<part> is national or provincial: national reads (scorecard, sector pages) read `*.national.parquet` only.
Every file is sorted by indicator_id, province (national first), year (batch files keep the order of their upload
file, which publish stores sorted), so Parquet statistics let an indicator query skip other indicators' row groups.

Why files (issue 8): a publish writes its own rows and rewrites only the files holding keys it replaces; a full
rebuild copies each large batch's rows once, with no sort across batches.
"""

from __future__ import annotations

import uuid
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
# Row groups small enough that a query for one indicator skips most of a file.
ROW_GROUP_ROWS = 122_880
# Compaction (see compact): files under SMALL_FILE_ROWS rows are merged once there are more than MAX_SMALL_FILES.
SMALL_FILE_ROWS = 1_000_000
MAX_SMALL_FILES = 4
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


def part_path(version: Path, name: str, part: str) -> Path:
    """The actuals file of one source (documents, a batch id, a merge) and part (national or provincial)."""
    return version / ACTUALS_DIR / f"{name}.{part}.parquet"


def upload_path(version: Path, batch_id: str) -> Path:
    """The immutable row file of one upload batch."""
    return version / "uploads" / f"{batch_id}.parquet"


def batch_ranks(batches: pa.Table) -> dict[str, tuple]:
    """Each batch's place in precedence, (published_at, batch_id) of the batch whose rows it holds: its own, except a
    withdrawal's. A withdrawal's upload file holds the kept rows of the batch it withdraws from (followed through
    withdrawals of withdrawals), so it ranks in that batch's place: a batch published after that one keeps winning
    the keys it replaced, and reverting it brings back the kept value, not an older one."""
    log = {row["batch_id"]: row for row in batches.select(["batch_id", "kind", "published_at", "reverts_batch_id"]).to_pylist()}
    ranks: dict[str, tuple] = {}
    for batch_id in log:
        origin, seen = log[batch_id], {batch_id}
        while origin["kind"] == "withdraw" and origin["reverts_batch_id"] in log and origin["reverts_batch_id"] not in seen:
            seen.add(origin["reverts_batch_id"])
            origin = log[origin["reverts_batch_id"]]
        ranks[batch_id] = (origin["published_at"], origin["batch_id"])
    return ranks


def ranked_batches(batches: pa.Table) -> pa.Table:
    """The batch log with columns rank_at and rank_id (batch_ranks): the order in which batches take precedence."""
    ranks = batch_ranks(batches)
    order = [ranks[b] for b in batches.column("batch_id").to_pylist()]
    rank_at = pa.array([r[0] for r in order], batches.schema.field("published_at").type)
    return batches.append_column("rank_at", rank_at).append_column("rank_id", pa.array([r[1] for r in order], pa.string()))


def active_upload_batches(version: Path, batches: pa.Table) -> list[str]:
    """Batches whose rows count, lowest precedence first (batch_ranks): not reverted, with an upload file."""
    ranks = batch_ranks(batches)
    reverted = {b for b in batches.column("reverts_batch_id").to_pylist() if b}
    live = [b for b in ranks if b not in reverted and upload_path(version, b).exists()]
    return sorted(live, key=lambda b: ranks[b])


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


def write_documents(staging: Path, doc_actuals: pa.Table, upload_files: list[Path],
                    con: duckdb.DuckDBPyConnection | None = None) -> None:
    """The documents files: document rows with their precedence rank and whether an active upload replaces them
    (on con when given: the caller's publish connection, else a private one)."""
    own = con is None
    con = connect() if own else con
    try:
        con.register("doc_actuals", doc_actuals)
        register_files(con, "active_uploads", upload_files, KEY_SCHEMA)
        for part, national in PARTS.items():
            write_rows(con, sql_text("document_actuals_current"), {"national": national}, part_path(staging, DOCUMENTS, part))
    finally:
        if own:
            con.close()
        else:  # the caller's connection goes on with other files: these two names were only for this step
            con.execute("DROP VIEW IF EXISTS doc_actuals")
            con.execute("DROP VIEW IF EXISTS active_uploads")


def losing_rows(con: duckdb.DuckDBPyConnection, staging: Path, batches: pa.Table, active: list[str]) -> None:
    """Table `losing_rows`: rows of active batches whose key a newer active batch also holds."""
    con.register("batches", ranked_batches(batches))
    register_files(con, "active_uploads", [upload_path(staging, b) for b in active], KEY_SCHEMA)
    con.sql(sql_text("losing_upload_rows")).create("losing_rows")


def upload_actuals(con: duckdb.DuckDBPyConnection, files: list[Path]) -> None:
    """View upload_actuals: the rows of these upload files in the shape of the published actuals."""
    con.sql(sql_text("upload_rows_as_actuals"), params={"files": [str(p) for p in files]}).create_view("upload_actuals", replace=True)


def drop_keys(con: duckdb.DuckDBPyConnection, sql_name: str, params: dict) -> int:
    """Table dropped_keys: the keys a file is about to lose; returns how many.

    When there are some, the file is copied through an anti join on one thread: parallel probes reorder rows, even
    against an empty table, so a file that loses nothing is copied without a join (batch_all_rows.sql).
    """
    con.execute("DROP TABLE IF EXISTS dropped_keys")
    con.sql(sql_text(sql_name), params=params).create("dropped_keys")
    dropped = con.execute("SELECT count(*) FROM dropped_keys").fetchall()[0][0]
    con.execute("SET threads = 1" if dropped else "SET threads = 2")
    return dropped


def write_batch(con: duckdb.DuckDBPyConnection, staging: Path, batch_id: str, source: Path) -> None:
    """The actuals files of one batch from its upload file, without its rows in table `losing_rows`."""
    sql = sql_text("batch_current_rows" if drop_keys(con, "batch_losing_keys", {"batch_id": batch_id}) else "batch_all_rows")
    upload_actuals(con, [source])
    for part, national in PARTS.items():
        write_rows(con, sql, {"national": national}, part_path(staging, batch_id, part))


def rebuild_actuals(staging: Path, doc_actuals: pa.Table, batches: pa.Table) -> None:
    """Write every actuals file of a version from its document rows, upload files and batch log."""
    (staging / ACTUALS_DIR).mkdir(exist_ok=True)
    active = active_upload_batches(staging, batches)
    write_documents(staging, doc_actuals, [upload_path(staging, b) for b in active])
    sizes = {b: pq.ParquetFile(upload_path(staging, b)).metadata.num_rows for b in active}
    small = [b for b in active if sizes[b] < SMALL_FILE_ROWS]
    con = connect()
    try:
        losing_rows(con, staging, batches, active)
        for batch_id in active:
            if batch_id not in small or len(small) <= MAX_SMALL_FILES:
                write_batch(con, staging, batch_id, upload_path(staging, batch_id))
        if len(small) > MAX_SMALL_FILES:
            # Many small batches: their current rows go straight into one merged file (what compact would make).
            drop_keys(con, "small_batches_losing_keys", {"batches": small})
            con.execute("SET threads = 2")
            upload_actuals(con, [upload_path(staging, b) for b in small])
            name = merge_name()
            for part, national in PARTS.items():
                write_rows(con, sql_text("merged_batch_rows"), {"national": national}, part_path(staging, name, part))
    finally:
        con.close()


def row_files(version: Path) -> list[Path]:
    """The actuals files holding upload rows (every file but the documents files)."""
    return sorted(p for p in (version / ACTUALS_DIR).glob("*.parquet") if not p.name.startswith(f"{DOCUMENTS}."))


def carry_without_changed_keys(con: duckdb.DuckDBPyConnection, previous: Path, staging: Path) -> None:
    """Every upload-row file of the previous version, minus the keys of view changed_keys: files holding none of
    them are hard links, the others are rewritten without those rows."""
    files = row_files(previous)
    touched = set()
    if files:
        found = con.execute(sql_text("files_holding_changed_keys"), {"files": [str(p) for p in files]}).fetchall()
        touched = {Path(name).name for (name,) in found}
    for path in files:
        target = staging / ACTUALS_DIR / path.name
        if path.name in touched and drop_keys(con, "file_keys_changed", {"file": str(path)}):
            write_rows(con, sql_text("actuals_without_changed_keys"), {"file": str(path)}, target)
        else:
            link_or_copy(path, target)


def predates_public_reports(version: Path) -> bool:
    """The version's upload-row files lack the report_id column (published before public reports) or note_vi (before
    the Vietnamese notes): they cannot be read in one glob with files written now, so a publish rewrites every file
    instead of reusing them."""
    return any({"report_id", "note_vi"} - set(pq.read_schema(p).names) for p in row_files(version))


def publish_upload_actuals(previous: Path, staging: Path, doc_actuals: pa.Table, batches: pa.Table, batch_id: str) -> None:
    """Actuals after publishing `batch_id`, the newest batch: its rows are added, older files lose the keys it replaces."""
    (staging / ACTUALS_DIR).mkdir(exist_ok=True)
    active = active_upload_batches(staging, batches)
    if not active or active[-1] != batch_id or predates_public_reports(previous):
        # Not the newest batch (a clock set back): recompute every file rather than reason about the order.
        rebuild_actuals(staging, doc_actuals, batches)
        return
    con = connect()
    try:
        write_documents(staging, doc_actuals, [upload_path(staging, b) for b in active], con)
        con.register("losing_rows", KEY_SCHEMA.empty_table())  # the newest batch loses no rows
        con.read_parquet(str(upload_path(staging, batch_id))).create_view("changed_keys")
        carry_without_changed_keys(con, previous, staging)
        write_batch(con, staging, batch_id, upload_path(staging, batch_id))
        compact(con, staging)
    finally:
        con.close()


def publish_revert_actuals(previous: Path, staging: Path, doc_actuals: pa.Table, batches: pa.Table,
                           reverted: str, revert_id: str) -> None:
    """Actuals after reverting a batch: its keys are taken out of every file, then their current rows (the values
    the reverted batch had replaced, from older active batches) are written as the revert's own files."""
    (staging / ACTUALS_DIR).mkdir(exist_ok=True)
    if predates_public_reports(previous):
        rebuild_actuals(staging, doc_actuals, batches)
        return
    active = active_upload_batches(staging, batches)
    write_documents(staging, doc_actuals, [upload_path(staging, b) for b in active])
    if not upload_path(staging, reverted).exists():
        for path in row_files(previous):
            link_or_copy(path, staging / ACTUALS_DIR / path.name)
        return
    con = connect()
    try:
        con.read_parquet(str(upload_path(staging, reverted))).create_view("changed_keys")
        carry_without_changed_keys(con, previous, staging)
        if active:
            con.register("batches", ranked_batches(batches))
            upload_actuals(con, [upload_path(staging, b) for b in active])
            con.execute("SET threads = 2")
            for part, national in PARTS.items():
                write_rows(con, sql_text("restored_upload_rows"), {"national": national}, part_path(staging, revert_id, part))
        compact(con, staging)
    finally:
        con.close()


def merge_name() -> str:
    """A new, unique name for a merged file."""
    return f"merged-{uuid.uuid4().hex[:12]}"


def compact(con: duckdb.DuckDBPyConnection, staging: Path) -> None:
    """Merge small upload-row files, so many small batches do not become many files for every query to open.

    Per part, once more than MAX_SMALL_FILES files hold fewer than SMALL_FILE_ROWS rows each, they are merged into
    one file sorted like the others. Merges only ever sort small files: a large batch is copied, never re-sorted.
    """
    for part in PARTS:
        small = [p for p in row_files(staging) if p.name.endswith(f".{part}.parquet")
                 and pq.ParquetFile(p).metadata.num_rows < SMALL_FILE_ROWS]
        if len(small) <= MAX_SMALL_FILES:
            continue
        con.execute("SET threads = 2")
        write_rows(con, sql_text("merged_actuals_files"), {"files": [str(p) for p in small]}, part_path(staging, merge_name(), part))
        for path in small:
            path.unlink()
