"""Helpers for the crash, concurrency and security tests: real upload files, warehouse checks, child processes.

Also runnable as a child process (the tests start it with `python -m tests.reliability_helpers ...`):

- `publish ROOT FILE USER`: publish_upload FILE into ROOT, printing markers on stdout as the publish advances
  (START after imports, LOCKED when the publish lock is held, WRITE when the new version starts being written,
  SWAP just before `current` is swapped, SWAPPED just after, DONE at the end). The markers only observe; with
  $REL_PAUSE_BEFORE_SWAP set, the child pauses that long between the finished version directory and the swap so a
  kill can land exactly there; with $REL_HOLD_FILE set, it holds the publish lock there until that file exists.
- `read ROOT STOPFILE OUTJSON`: a second reader process running the page queries until STOPFILE exists.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from tests.fsutil import tree_hash

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "test-artifacts" / "reliability.json"
PAGE_AS_OF = 2035

# One statement over ONE resolved version directory: row counts and the batch ids of actuals against its batch log.
CONSISTENCY_SQL = """
WITH a AS (SELECT batch_id FROM read_parquet($dir || '/actuals/*.parquet')),
b AS (SELECT batch_id, reverts_batch_id FROM read_parquet($dir || '/batches.parquet'))
SELECT (SELECT count(*) FROM a) AS n_actuals,
       (SELECT count(*) FROM b) AS n_batches,
       (SELECT list(DISTINCT batch_id ORDER BY batch_id) FROM a WHERE batch_id IS NOT NULL) AS actual_batches,
       (SELECT list(batch_id ORDER BY batch_id) FROM b) AS logged,
       (SELECT list(reverts_batch_id ORDER BY reverts_batch_id) FROM b WHERE reverts_batch_id IS NOT NULL) AS reverted
"""


# ---------------------------------------------------------------------------------------------------------------
# Upload files
# ---------------------------------------------------------------------------------------------------------------
def actuals_frame(version: Path, n: int, seed: int, years: range = range(2013, 2026)) -> pd.DataFrame:
    """n valid, distinct actuals rows for real indicator ids and provinces; national rows first; values vary with seed."""
    ind = pq.read_table(version / "indicators.parquet", columns=["indicator_id", "value_type", "min_value", "max_value"]).to_pandas()
    units = pq.read_table(version / "provinces.parquet").to_pandas()
    provinces = ["", *dict.fromkeys(units["province_code"])]
    keys = pd.MultiIndex.from_product([provinces, range(len(ind)), list(years)], names=["province", "i", "year"]).to_frame(index=False)
    # Only units valid at the end of each year (63 up to 2024, 34 from 2025): others would be refused.
    valid = {("", y) for y in years} | {
        (u.province_code, y) for u in units.itertuples() for y in years
        if (pd.isna(u.valid_from) or u.valid_from <= date(y, 12, 31)) and (pd.isna(u.valid_to) or date(y, 12, 31) <= u.valid_to)}
    keys = keys[[k in valid for k in zip(keys["province"], keys["year"], strict=True)]].reset_index(drop=True)
    if n > len(keys):
        raise ValueError(f"only {len(keys)} distinct keys for these years")
    keys = keys.iloc[:n]
    meta = ind.iloc[keys["i"].to_numpy()].reset_index(drop=True)
    pos = np.arange(n)
    low = meta["min_value"].astype("float64").clip(lower=0).to_numpy()
    high = meta["max_value"].astype("float64").fillna(1000.0).to_numpy()
    fraction = ((pos * 7 + seed) % 97) / 97
    values = np.round(low + (high - low) * fraction, 3)
    is_rank = (meta["value_type"] == "rank").to_numpy()
    values[is_rank] = 1 + (pos[is_rank] + seed) % 10
    return pd.DataFrame({"indicator_id": meta["indicator_id"].to_numpy(), "year": keys["year"].to_numpy(),
                         "value": values, "province": keys["province"].to_numpy()})


def actuals_csv(version: Path, n: int, seed: int, years: range = range(2013, 2026)) -> bytes:
    """The same rows as a UTF-8 CSV upload."""
    return actuals_frame(version, n, seed, years).to_csv(index=False).encode("utf-8")


# ---------------------------------------------------------------------------------------------------------------
# Warehouse checks
# ---------------------------------------------------------------------------------------------------------------
def tree_digest(path: Path) -> dict[str, str]:
    """sha256 of every file under path, by relative path (byte-identical comparison of a version)."""
    return tree_hash(path)


def leftovers(root: Path) -> dict[str, int]:
    """Debris a crash can leave: staging dirs, temporary symlinks, complete versions that never became current."""
    versions = root / "versions"
    current = Path(os.path.realpath(root / "current"))
    return {
        "staging_dirs": len(list(versions.glob(".tmp-*"))),
        "temp_links": len(list(root.glob(".current-*"))),
        "versions": len([p for p in versions.iterdir() if not p.name.startswith(".")]),
        "orphans_newer_than_current": len([p for p in versions.iterdir() if not p.name.startswith(".") and p.name > current.name]),
        "archive_temp_files": len(list((root / "archive").glob(".tmp-*"))) if (root / "archive").is_dir() else 0,
    }


def check_version(root: Path) -> Path:
    """Assert the published warehouse is whole and self-consistent; returns the resolved current version.

    `current` resolves to a finished version directory; every Parquet file reads cleanly (pyarrow and DuckDB) with
    the manifest's row counts; batches.parquet agrees with uploads/ (every upload batch has its file, every file its
    batch, a file holds only its own batch id) and with actuals.batch_id (only active upload batches).
    """
    link = root / "current"
    assert link.is_symlink(), "current is not a symlink"
    version = Path(os.path.realpath(link))
    assert version.is_dir() and version.parent == Path(os.path.realpath(root / "versions")), version
    assert not version.name.startswith("."), f"current points at a staging dir {version.name}"
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    for name, count in manifest["row_counts"].items():
        source = version / name if (version / name).is_dir() else version / f"{name}.parquet"  # actuals: a directory of files
        assert pq.read_table(source).num_rows == count, f"{name}: row count differs from manifest"
    con = duckdb.connect()
    try:
        for path in sorted(version.rglob("*.parquet")):
            table = pq.read_table(path)
            n = con.execute("SELECT count(*) FROM read_parquet($p)", {"p": str(path)}).fetchall()[0][0]
            assert n == table.num_rows, path
        batches = pq.read_table(version / "batches.parquet").to_pandas()
        uploads = {p.stem for p in (version / "uploads").glob("*.parquet")} if (version / "uploads").is_dir() else set()
        upload_batches = set(batches.loc[batches["kind"] == "upload", "batch_id"])
        assert upload_batches == uploads, f"batch log {sorted(upload_batches)} vs uploads/ {sorted(uploads)}"
        for stem in uploads:
            path = version / "uploads" / f"{stem}.parquet"
            ids = con.execute("SELECT list(DISTINCT batch_id) FROM read_parquet($p)", {"p": str(path)}).fetchall()[0][0]
            assert ids == [stem], f"uploads/{stem}.parquet holds {ids}"
        reverted = set(batches["reverts_batch_id"].dropna())
        in_actuals = set(pq.read_table(version / "actuals", columns=["batch_id"]).column(0).drop_null().unique().to_pylist())
        assert in_actuals <= upload_batches - reverted, f"actuals cite batches not active in the log: {in_actuals - (upload_batches - reverted)}"
        per_key = con.execute(
            "SELECT count(*) FROM (SELECT indicator_id, year, province FROM read_parquet($p) WHERE is_current "
            "GROUP BY ALL HAVING count(*) > 1)", {"p": str(version / "actuals" / "*.parquet")}).fetchall()[0][0]
        assert per_key == 0, "a key has more than one current actual"
    finally:
        con.close()
    return version


def page_read(cur: duckdb.DuckDBPyConnection, root: Path, sector: str, indicator: str) -> tuple[Path, list[str]]:
    """One page render as the app does it: resolve `current` once, run the page queries on that directory, and
    check that everything read agrees with that version's manifest and batch log. Returns the version read and the
    problems found."""
    from etl.warehouse import current_dir, read_manifest
    from queries import run

    version = current_dir(root)
    manifest = read_manifest(version)
    card = run(cur, "scorecard_inputs", version, as_of=PAGE_AS_OF, sector=None)
    series = run(cur, "sector_series", version, sector=sector, as_of=PAGE_AS_OF)
    one = run(cur, "indicator_series", version, indicator=indicator, as_of=PAGE_AS_OF)
    n_actuals, n_batches, actual_batches, logged, reverted = cur.execute(CONSISTENCY_SQL, {"dir": str(version)}).fetchall()[0]
    seen = set(series["batch_id"].dropna()) | set(one["batch_id"].dropna())
    assert len(card) > 0
    return version, verify_read(manifest, n_actuals, n_batches, set(actual_batches or []), set(logged or []), set(reverted or []), seen)


def verify_read(manifest: dict, n_actuals: int, n_batches: int, actual_batches: set, logged: set, reverted: set,
                page_batches: set = frozenset()) -> list[str]:
    """Problems showing that the pieces read do not all come from the version the manifest describes."""
    problems = []
    counts = manifest["row_counts"]
    if n_actuals != counts["actuals"]:
        problems.append(f"actuals rows {n_actuals} != manifest {counts['actuals']}")
    if n_batches != counts["batches"]:
        problems.append(f"batch log rows {n_batches} != manifest {counts['batches']}")
    active = logged - reverted
    if not actual_batches <= active:
        problems.append(f"actuals cite batches not active in the log read: {sorted(actual_batches - active)}")
    if not page_batches <= active:
        problems.append(f"page queries show batches not active in the log read: {sorted(page_batches - active)}")
    if manifest.get("reason") == "upload" and manifest.get("batch_id") not in actual_batches:
        problems.append(f"the version's own batch {manifest.get('batch_id')} is missing from actuals")
    if manifest.get("reason") == "revert" and manifest.get("reverts_batch_id") in actual_batches:
        problems.append(f"the batch reverted by this version {manifest.get('reverts_batch_id')} is still in actuals")
    return problems


def naive_read(cur: duckdb.DuckDBPyConnection, root: Path) -> list[str]:
    """The mistake the contract forbids: several statements on `current/...` paths without resolving once."""
    link = root / "current"
    n_actuals, actual_batches = cur.execute(
        "SELECT count(*), list(DISTINCT batch_id) FILTER (WHERE batch_id IS NOT NULL) FROM read_parquet($p)",
        {"p": str(link / "actuals" / "*.parquet")}).fetchall()[0]
    n_batches, logged, reverted = cur.execute(
        "SELECT count(*), list(batch_id), list(reverts_batch_id) FILTER (WHERE reverts_batch_id IS NOT NULL) FROM read_parquet($p)",
        {"p": str(link / "batches.parquet")}).fetchall()[0]
    manifest = json.loads((link / "manifest.json").read_text(encoding="utf-8"))
    return verify_read(manifest, n_actuals, n_batches, set(actual_batches or []), set(logged or []), set(reverted or []))


def reader_targets(root: Path) -> tuple[str, str]:
    """A sector and an indicator (of that sector) the page readers query."""
    version = Path(os.path.realpath(root / "current"))
    ind = pq.read_table(version / "indicators.parquet", columns=["indicator_id", "sector_id"]).to_pandas()
    return str(ind["sector_id"].iloc[0]), str(ind["indicator_id"].iloc[0])


# ---------------------------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------------------------
def record_figures(section: str, figures: dict) -> None:
    """Merge one test's figures into test-artifacts/reliability.json (locked: pytest-xdist workers share it)."""
    FIGURES.parent.mkdir(exist_ok=True)
    with open(FIGURES.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            data = json.loads(FIGURES.read_text(encoding="utf-8")) if FIGURES.exists() else {}
        except json.JSONDecodeError:
            data = {}
        data[section] = {**figures, "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        tmp = FIGURES.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, FIGURES)


# ---------------------------------------------------------------------------------------------------------------
# Child processes
# ---------------------------------------------------------------------------------------------------------------
def child_env(**extra: str) -> dict[str, str]:
    """Environment for a child Python: unbuffered, the repository importable."""
    return {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT), **extra}


class Child:
    """A child process whose stdout lines are collected with their arrival time (for marker-timed kills)."""

    def __init__(self, args: list[str], env: dict[str, str]):
        self.started = time.monotonic()
        self.proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[tuple[str, float]] = queue.Queue()
        self.seen: dict[str, float] = {}
        self.stdout: list[str] = []
        self.thread = threading.Thread(target=self._pump, daemon=True)
        self.thread.start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put((line.rstrip("\n"), time.monotonic()))
        self.lines.put(("<EOF>", time.monotonic()))

    def wait_for(self, marker: str, timeout: float = 120) -> float | None:
        """Block until a stdout line starts with marker; its arrival time, or None when the child ended first."""
        if marker in self.seen:
            return self.seen[marker]
        deadline = time.monotonic() + timeout
        while True:
            try:
                line, at = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty as exc:
                raise TimeoutError(f"no {marker} from child") from exc
            if line == "<EOF>":
                self.lines.put((line, at))
                return None
            self.stdout.append(line)
            self.seen.setdefault(line.split(" ")[0], at)
            if line.startswith(marker):
                return at

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGKILL)

    def finish(self, timeout: float = 120) -> tuple[int, str, str]:
        """Wait for the end; (returncode, stdout, stderr)."""
        rc = self.proc.wait(timeout=timeout)
        self.thread.join(timeout=10)
        while not self.lines.empty():
            line, _ = self.lines.get()
            if line != "<EOF>":
                self.stdout.append(line)
        return rc, "\n".join(self.stdout), self.proc.stderr.read()


def publish_child(root: Path, file: Path, user: str, **env: str) -> Child:
    """Start a child that publishes file into root with markers."""
    return Child([sys.executable, "-m", "tests.reliability_helpers", "publish", str(root), str(file), user], child_env(**env))


def _child_publish(root: Path, file: Path, user: str) -> int:
    import etl.upload.publish as upload
    import etl.warehouse as warehouse

    real_lock, real_derived, real_swap = upload.publish_lock, upload.publish_derived, warehouse.swap_current
    pause = float(os.environ.get("REL_PAUSE_BEFORE_SWAP") or 0)
    hold = os.environ.get("REL_HOLD_FILE")

    @contextlib.contextmanager
    def publish_lock(*args, **kwargs):
        with real_lock(*args, **kwargs):
            print("LOCKED", time.time(), flush=True)
            yield

    def publish_derived(*args, **kwargs):
        print("WRITE", flush=True)
        return real_derived(*args, **kwargs)

    def swap_current(*args, **kwargs):
        print("SWAP", flush=True)
        time.sleep(pause)
        deadline = time.monotonic() + 120
        while hold and not Path(hold).exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        real_swap(*args, **kwargs)
        print("SWAPPED", flush=True)

    upload.publish_lock, upload.publish_derived, warehouse.swap_current = publish_lock, publish_derived, swap_current
    print("START", flush=True)
    outcome = upload.publish_upload(file.read_bytes(), file.name, user, root=root)
    print("DONE", outcome.batch_id, time.time(), flush=True)
    return 0


def _child_read(root: Path, stop: Path, out: Path) -> int:
    con = duckdb.connect(config={"threads": 2})
    sector, indicator = reader_targets(root)
    reads = errors = mixed = 0
    messages: list[str] = []
    versions: set[str] = set()
    print("START", flush=True)
    while not stop.exists():
        try:
            version, problems = page_read(con, root, sector, indicator)
            versions.add(version.name)
            reads += 1
            if problems:
                mixed += 1
                messages.extend(problems)
        except Exception as exc:  # noqa: BLE001 - counted and reported, the test asserts zero
            errors += 1
            messages.append(f"{type(exc).__name__}: {exc}")
    out.write_text(json.dumps({"reads": reads, "errors": errors, "mixed": mixed, "versions_seen": len(versions),
                               "messages": messages[:20]}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    if command == "publish":
        sys.exit(_child_publish(Path(rest[0]), Path(rest[1]), rest[2]))
    if command == "read":
        sys.exit(_child_read(Path(rest[0]), Path(rest[1]), Path(rest[2])))
    sys.exit(f"unknown command {command}")
