"""Crash, concurrency and disk-full tests of publishing: real files, real processes, real DuckDB and Parquet.

Figures go to test-artifacts/reliability.json (see the README's Reliability section).
"""

from __future__ import annotations

import errno
import json
import os
import sys
import threading
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

import etl.build
import etl.warehouse
from etl.upload import batch_history, publish_upload, revert_batch
from etl.warehouse import PublishFailedError, current_dir, read_manifest
from tests.reliability_helpers import (
    Child,
    actuals_csv,
    check_version,
    child_env,
    leftovers,
    naive_read,
    page_read,
    publish_child,
    reader_targets,
    record_figures,
    tree_digest,
    verify_read,
)

# Every indicator x (national + 63 provinces) x 2021-2024: the largest upload of distinct keys for those years.
CRASH_YEARS = range(2021, 2025)
CRASH_ROWS = 63_232


def batch_ids(version: Path) -> list[str]:
    return pq.read_table(version / "batches.parquet", columns=["batch_id"]).column(0).to_pylist()


# ---------------------------------------------------------------------------------------------------------------
# SIGKILL at many points of a large publish
# ---------------------------------------------------------------------------------------------------------------
def test_sigkill_anywhere_in_a_large_publish_leaves_the_old_or_the_new_version(fresh_warehouse, tmp_path):
    root = fresh_warehouse
    base = current_dir(root)

    def upload_file(seed: int) -> Path:
        path = tmp_path / f"actuals-{seed:02d}.csv"
        path.write_bytes(actuals_csv(base, CRASH_ROWS, seed, CRASH_YEARS))
        return path

    # Calibration: one complete publish, timing its phases from the child's markers.
    child = publish_child(root, upload_file(0), "calibration")
    marks = {m: child.wait_for(m) for m in ("START", "LOCKED", "WRITE", "SWAP", "DONE")}
    rc, out, err = child.finish()
    assert rc == 0, err
    check_version(root)
    validate_s = marks["WRITE"] - marks["START"]
    write_s = marks["SWAP"] - marks["WRITE"]

    # Kill points: across validation (time after START), right after the lock is taken, across writing the new
    # version (time after WRITE), between the finished version directory and the swap (paused there): eleven points
    # that always land before the end. Then four around the swap and the clean-up after it (a slow or fast machine
    # moves these before or after the swap; a child that already finished counts as not killed).
    plan = [("START", f * validate_s, {}) for f in (0.05, 0.4, 0.8)]
    plan += [("LOCKED", 0.0, {})]
    plan += [("WRITE", f * write_s, {}) for f in (0.0, 0.1, 0.25, 0.4, 0.55, 0.7)]
    plan += [("SWAP", 0.1, {"REL_PAUSE_BEFORE_SWAP": "2"})]
    plan += [("WRITE", f * write_s, {}) for f in (1.0, 1.3, 1.7)]
    plan += [("SWAPPED", 0.0, {})]

    results = []
    for seed, (marker, delay, env) in enumerate(plan, start=1):
        before = check_version(root)
        before_digest = tree_digest(before)
        before_batches = batch_ids(before)
        staging_before = leftovers(root)["staging_dirs"]
        child = publish_child(root, upload_file(seed), f"crash-{seed}", **env)
        at = child.wait_for(marker)
        assert at is not None, f"child ended before {marker}: {child.finish()}"
        time.sleep(max(0.0, at + delay - time.monotonic()))
        child.kill()
        rc, out, err = child.finish()
        after = check_version(root)  # current resolves, every Parquet reads, batch log == uploads/ == actuals
        assert tree_digest(before) == before_digest, "a published version directory was modified"
        if after == before:
            outcome = "old"
        else:
            outcome = "new"
            manifest = read_manifest(after)
            assert manifest["reason"] == "upload" and manifest["based_on"] == before.name
            assert batch_ids(after) == [*before_batches, manifest["batch_id"]]
            assert pq.read_table(after / "uploads" / f"{manifest['batch_id']}.parquet").num_rows > 0
        with duckdb.connect() as con:
            sector, indicator = reader_targets(root)
            assert page_read(con, root, sector, indicator) == (after, [])
        debris = leftovers(root)
        results.append({"marker": marker, "delay_s": round(delay, 3), "killed": rc == -9, "outcome": outcome,
                        "reached": sorted(child.seen), "left_a_staging_dir": debris["staging_dirs"] > staging_before, **debris})

    # A later publish works and removes what the crashes left behind.
    child = publish_child(root, upload_file(99), "after-crashes")
    rc, out, err = child.finish()
    assert rc == 0, err
    final = check_version(root)
    assert read_manifest(final)["reason"] == "upload"
    after_cleanup = leftovers(root)
    assert after_cleanup["staging_dirs"] == 0 and after_cleanup["temp_links"] == 0

    outcomes = [r["outcome"] for r in results]
    assert sum(r["killed"] for r in results) >= 10, results
    assert "old" in outcomes and "new" in outcomes, results
    assert any(r["left_a_staging_dir"] for r in results), "no kill landed while the new version was being written"
    swap = next(r for r in results if r["marker"] == "SWAP")
    assert swap["outcome"] == "old" and swap["orphans_newer_than_current"] >= 1
    record_figures("crash", {
        "rows_per_publish": CRASH_ROWS, "years": f"{CRASH_YEARS.start}-{CRASH_YEARS.stop - 1}",
        "calibration_s": {"validate": round(validate_s, 2), "write": round(write_s, 2)},
        "kill_points_tried": len(results), "killed_by_sigkill": sum(r["killed"] for r in results),
        "consistent_afterwards": len(results), "old_version_kept": outcomes.count("old"),
        "new_version_complete": outcomes.count("new"),
        "killed_while_writing_the_new_version": sum(r["left_a_staging_dir"] for r in results),
        "killed_between_finished_version_and_swap": sum(r["marker"] == "SWAP" for r in results),
        "archive_temp_files_left": after_cleanup["archive_temp_files"],
        "later_publish_ok": True, "leftovers_after_later_publish": after_cleanup, "points": results,
    })


# ---------------------------------------------------------------------------------------------------------------
# Two publishers at once
# ---------------------------------------------------------------------------------------------------------------
def cli_load(root: Path, file: Path, user: str, **env: str) -> Child:
    """`python -m etl load-actuals FILE --user USER` against root, as an operator would run it."""
    command = [sys.executable, "-m", "etl", "load-actuals", str(file), "--user", user, "--confirm-implausible"]
    return Child(command, child_env(DASHBOARD_DATA_DIR=str(root), **env))


def test_two_publishers_at_once_the_second_waits_and_both_are_published(fresh_warehouse, tmp_path):
    root = fresh_warehouse
    base = current_dir(root)
    big, small = tmp_path / "big.csv", tmp_path / "small.csv"
    big.write_bytes(actuals_csv(base, 20_000, 3, range(2021, 2025)))
    small.write_bytes(actuals_csv(base, 500, 4, range(2018, 2020)))  # other keys: both batches stay current
    hold = tmp_path / "release"
    first = publish_child(root, big, "alice", REL_HOLD_FILE=str(hold))  # keeps the lock until `hold` exists
    assert first.wait_for("SWAP")
    second_started = time.time()
    second = cli_load(root, small, "bob", DASHBOARD_LOCK_WAIT_S="120")
    assert second.wait_for("Preview")  # validated; next it asks for the lock
    time.sleep(1.0)
    assert second.proc.poll() is None, "the second publish did not wait for the lock"
    hold.touch()
    rc2, out2, err2 = second.finish()
    rc1, out1, err1 = first.finish()
    assert rc1 == 0, err1
    assert rc2 == 0, err2
    assert "Published batch" in out2
    version = check_version(root)
    history = batch_history(version)
    assert list(history["user"]) == ["alice", "bob"]
    assert list(history["status"]) == ["active", "active"]
    first_done = float(out1.split("DONE ")[1].split()[1])
    assert second_started < first_done, "the second publish did not overlap the first"
    assert history["published_at"].iloc[1].timestamp() >= first_done - 0.5, "the second publish did not wait"
    current = set(pq.read_table(version / "actuals", columns=["batch_id"]).column(0).drop_null().unique().to_pylist())
    assert set(history["batch_id"]) == current
    record_figures("two_publishers_wait", {"publishers": 2, "published": 2, "errors": 0, "both_batches_current": True})


def test_two_publishers_at_once_the_second_is_refused_clearly_when_the_wait_is_short(fresh_warehouse, tmp_path):
    root = fresh_warehouse
    base = current_dir(root)
    before = current_dir(root)
    digest = tree_digest(before)
    big, small = tmp_path / "big.csv", tmp_path / "small.csv"
    big.write_bytes(actuals_csv(base, 20_000, 5, range(2021, 2025)))
    small.write_bytes(actuals_csv(base, 500, 6, range(2018, 2020)))
    hold = tmp_path / "release"
    first = publish_child(root, big, "alice", REL_HOLD_FILE=str(hold))
    assert first.wait_for("SWAP")  # holds the lock, its new version written, until `hold` exists
    second = cli_load(root, small, "bob", DASHBOARD_LOCK_WAIT_S="0.5")
    assert second.wait_for("Preview")
    asked = time.monotonic()
    rc2, out2, err2 = second.finish()
    refused_after = time.monotonic() - asked
    assert first.proc.poll() is None
    hold.touch()
    assert rc2 == 3, (out2, err2)
    assert "Another publish is in progress; try again in a minute." in err2
    assert "Đang có một lần xuất bản dữ liệu khác" in err2
    assert "Traceback" not in err2
    assert tree_digest(before) == digest
    rc1, out1, err1 = first.finish()
    assert rc1 == 0, err1
    version = check_version(root)
    assert list(batch_history(version)["user"]) == ["alice"]
    assert tree_digest(before) == digest
    record_figures("two_publishers_refused", {"publishers": 2, "published": 1, "refused_with_message": 1,
                                              "refused_after_s": round(refused_after, 2), "corruptions": 0})


# ---------------------------------------------------------------------------------------------------------------
# Readers during repeated publishes
# ---------------------------------------------------------------------------------------------------------------
READER_THREADS = 4
PUBLISHES = 10


def test_readers_never_fail_nor_see_a_mix_of_versions_during_publishes(fresh_warehouse, tmp_path):
    root = fresh_warehouse
    base = current_dir(root)
    sector, indicator = reader_targets(root)
    uploads = [actuals_csv(base, 3000, 10 + i, range(2019, 2026)) for i in range(PUBLISHES)]

    con = duckdb.connect(config={"threads": 2})  # one shared connection, a cursor per thread, as ui/data.py does
    stop = threading.Event()
    stats = [{"reads": 0, "errors": 0, "mixed": 0, "versions": set(), "messages": []} for _ in range(READER_THREADS)]
    naive = {"reads": 0, "errors": 0, "mixed": 0, "examples": []}

    def reader(slot: dict) -> None:
        cur = con.cursor()
        while not stop.is_set():
            try:
                version, problems = page_read(cur, root, sector, indicator)
                slot["reads"] += 1
                slot["versions"].add(version.name)
                if problems:
                    slot["mixed"] += 1
                    slot["messages"] += problems
            except Exception as exc:  # noqa: BLE001 - every failure is counted; the test asserts there are none
                slot["errors"] += 1
                slot["messages"].append(f"{type(exc).__name__}: {exc}")
        cur.close()

    def naive_reader() -> None:
        cur = con.cursor()
        while not stop.is_set():
            try:
                naive["reads"] += 1
                naive["mixed"] += bool(naive_read(cur, root))
            except Exception as exc:  # noqa: BLE001 - a torn read of `current/...` is what this reader demonstrates
                naive["errors"] += 1
                naive["examples"].append(f"{type(exc).__name__}: {str(exc)[:200]}")
            time.sleep(0.005)
        cur.close()

    stop_file = tmp_path / "stop"
    out_file = tmp_path / "reader.json"
    process = Child([sys.executable, "-m", "tests.reliability_helpers", "read", str(root), str(stop_file), str(out_file)],
                    child_env())
    assert process.wait_for("START")
    threads = [threading.Thread(target=reader, args=(s,)) for s in stats] + [threading.Thread(target=naive_reader)]
    for thread in threads:
        thread.start()

    published = []
    kinds = []
    try:
        time.sleep(0.5)
        for i in range(PUBLISHES):
            if i % 3 == 2:
                revert_batch(published[-1], "analyst", f"test revert {i}", root=root)
                kinds.append("revert")
            else:
                outcome = publish_upload(uploads[i], f"upload-{i}.csv", "analyst", root=root, confirmed=True)
                assert outcome.batch_id
                published.append(outcome.batch_id)
                kinds.append("upload")
            time.sleep(0.2)
        time.sleep(0.5)
    finally:
        stop.set()
        stop_file.touch()
        for thread in threads:
            thread.join(timeout=60)
    rc, _, err = process.finish()
    assert rc == 0, err
    other = json.loads(out_file.read_text(encoding="utf-8"))

    final = check_version(root)
    assert len(batch_ids(final)) == PUBLISHES
    thread_reads = sum(s["reads"] for s in stats)
    errors = sum(s["errors"] for s in stats) + other["errors"]
    mixed = sum(s["mixed"] for s in stats) + other["mixed"]
    versions_seen = set().union(*(s["versions"] for s in stats))
    messages = [m for s in stats for m in s["messages"]] + other["messages"]
    record_figures("readers", {
        "reader_threads": READER_THREADS, "reader_processes": 1, "publishes": PUBLISHES,
        "uploads": kinds.count("upload"), "reverts": kinds.count("revert"),
        "page_reads_threads": thread_reads, "page_reads_process": other["reads"],
        "versions_seen_by_readers": len(versions_seen), "errors": errors, "mixed_reads": mixed,
        "naive_current_path_reads": naive["reads"], "naive_mixed_reads": naive["mixed"], "naive_errors": naive["errors"],
        "naive_error_examples": naive["examples"][:3],
    })
    assert errors == 0, messages[:10]
    assert mixed == 0, messages[:10]
    assert thread_reads >= 4 * PUBLISHES and other["reads"] >= PUBLISHES
    assert len(versions_seen) >= PUBLISHES // 2, "readers did not run across the publishes"


def test_reading_current_paths_without_resolving_once_can_mix_versions(fresh_warehouse, tmp_path):
    """Why readers resolve `current` once: two statements on `current/...` straddling a publish read two versions."""
    root = fresh_warehouse
    base = current_dir(root)
    publish_upload(actuals_csv(base, 300, 1, range(2021, 2025)), "first.csv", "analyst", root=root, confirmed=True)
    con = duckdb.connect()
    resolved = current_dir(root)
    link = root / "current"
    n_actuals, in_actuals = con.execute(
        "SELECT count(*), list(DISTINCT batch_id) FILTER (WHERE batch_id IS NOT NULL) FROM read_parquet($p)",
        {"p": str(link / "actuals" / "*.parquet")}).fetchall()[0]
    publish_upload(actuals_csv(base, 300, 2, range(2016, 2019)), "second.csv", "analyst", root=root, confirmed=True)
    n_batches, logged = con.execute("SELECT count(*), list(batch_id) FROM read_parquet($p)", {"p": str(link / "batches.parquet")}).fetchall()[0]
    manifest = json.loads((link / "manifest.json").read_text(encoding="utf-8"))
    torn = verify_read(manifest, n_actuals, n_batches, set(in_actuals), set(logged), set())
    assert torn, "the two statements read one version"  # actuals of the first version, log and manifest of the second
    # The same two statements on the directory resolved once agree, even though `current` has moved on.
    n_resolved = con.execute("SELECT count(*) FROM read_parquet($p)", {"p": str(resolved / "actuals" / "*.parquet")}).fetchall()[0][0]
    logged_resolved = con.execute("SELECT list(batch_id) FROM read_parquet($p)", {"p": str(resolved / "batches.parquet")}).fetchall()[0][0]
    assert n_resolved == read_manifest(resolved)["row_counts"]["actuals"] == n_actuals
    assert set(in_actuals) <= set(logged_resolved) and len(logged_resolved) == 1 and len(logged) == 2


# ---------------------------------------------------------------------------------------------------------------
# Disk full / write error half-way through a publish
# ---------------------------------------------------------------------------------------------------------------
def plant_dev_full(monkeypatch, name: str) -> None:
    """Make the publish's write of staging/<name> hit a real ENOSPC: it becomes a symlink to /dev/full once the
    staging directory exists (after the unchanged files were linked in, i.e. half-way)."""
    assert Path("/dev/full").exists()
    real = etl.build.carry_uploads

    def carry_then_plant(previous, staging):
        real(previous, staging)
        (staging / name).parent.mkdir(exist_ok=True)
        os.symlink("/dev/full", staging / name)

    monkeypatch.setattr(etl.build, "carry_uploads", carry_then_plant)


def fail_second_parquet_write(monkeypatch) -> None:
    """pyarrow's write_table writes half of the batch log, then raises ENOSPC (an upload's rows are already written)."""
    real = pq.write_table

    def write_table(table, where, *args, **kwargs):
        if Path(where).name != "batches.parquet":
            return real(table, where, *args, **kwargs)
        real(table.slice(0, max(1, table.num_rows // 2)), where, *args, **kwargs)
        with open(where, "r+b") as fh:
            fh.truncate(os.path.getsize(where) // 2)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pq, "write_table", write_table)


def fail_fsync(monkeypatch) -> None:
    def fsync_tree(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(etl.warehouse, "fsync_tree", fsync_tree)


def fail_swap(monkeypatch) -> None:
    """The version directory is complete and renamed; replacing `current` fails."""
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst).name == "current":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


FAULTS = {
    "pyarrow batch log -> /dev/full": lambda mp: plant_dev_full(mp, "batches.parquet"),
    "duckdb actuals -> /dev/full": lambda mp: plant_dev_full(mp, "actuals/documents.national.parquet"),
    "manifest -> /dev/full": lambda mp: plant_dev_full(mp, "manifest.json"),
    "write_table raises after half a file": fail_second_parquet_write,
    "fsync reports ENOSPC": fail_fsync,
    "swap of current fails": fail_swap,
}


@pytest.mark.parametrize("operation", ["upload", "revert"])
@pytest.mark.parametrize("fault", list(FAULTS))
def test_disk_full_half_way_leaves_nothing_behind(fresh_warehouse, monkeypatch, fault, operation):
    root = fresh_warehouse
    base = current_dir(root)
    first = publish_upload(actuals_csv(base, 500, 1, range(2021, 2025)), "first.csv", "analyst", root=root, confirmed=True)
    before = current_dir(root)
    digest = tree_digest(before)
    link_target = os.readlink(root / "current")
    versions_before = sorted(p.name for p in (root / "versions").iterdir())
    archive_before = sorted(p.name for p in (root / "archive").iterdir())
    with monkeypatch.context() as mp:
        FAULTS[fault](mp)
        with pytest.raises(PublishFailedError) as failure:
            if operation == "upload":
                publish_upload(actuals_csv(base, 500, 2, range(2021, 2025)), "second.csv", "analyst", root=root, confirmed=True)
            else:
                revert_batch(first.batch_id, "analyst", "disk full test", root=root)
    message = str(failure.value)
    assert failure.value.errno == errno.ENOSPC and isinstance(failure.value, OSError)
    assert "the disk is full; nothing was changed" in message and "ổ đĩa đã đầy" in message
    assert os.readlink(root / "current") == link_target
    assert tree_digest(before) == digest
    assert sorted(p.name for p in (root / "versions").iterdir()) == versions_before  # no staging dir, no orphan
    assert not list(root.glob(".current-*"))
    assert sorted(p.name for p in (root / "archive").iterdir()) == archive_before  # no archived copy of a failed upload
    check_version(root)
    # The next publish (disk freed) works.
    publish_upload(actuals_csv(base, 500, 3, range(2021, 2025)), "third.csv", "analyst", root=root, confirmed=True)
    assert len(batch_ids(check_version(root))) == 2
    record_figures(f"disk_full/{operation}/{fault}", {"clear_error": True, "current_unchanged": True, "left_behind": 0,
                                                       "archive_files": len(list((root / "archive").iterdir()))})
