"""The warehouse on a shared file system for several hosts: JuiceFS (PostgreSQL metadata, SeaweedFS as the S3 store)
mounted twice on this machine, mount A and mount B standing in for two hosts (scripts/juicefs_local.py).

The current design must keep working across mounts: a publish through A is seen through B within 2 s, a publish on
B waits for A's lock (flock), readers on B never see a mix of two versions while A publishes, and the page queries
stay within the benchmark's target (p95 ≤ 200 ms) when read through a mount.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from etl.upload import publish_upload, revert_batch
from etl.warehouse import PublishBusyError, current_dir, publish_lock, read_manifest
from tests.reliability_helpers import Child, actuals_csv, check_version, child_env, record_figures

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from juicefs_local import LocalJuiceFS  # noqa: E402

VISIBLE_WITHIN_S = 2.0


@pytest.fixture(scope="module")
def mounts(tmp_path_factory, catalog):
    """Two mounts of one JuiceFS volume with a warehouse published through mount A."""
    with LocalJuiceFS(tmp_path_factory.mktemp("juicefs")) as fs:
        a, b = (m / "warehouse" for m in fs.mounts)
        build(a, catalog)
        yield a, b


def wait_for_version(root: Path, name: str, timeout_s: float) -> float | None:
    """Seconds until `current` under root resolves to version `name` (None if it did not within timeout_s)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        found = current_dir(root)
        if found is not None and found.name == name:
            return time.monotonic() - started
        time.sleep(0.02)
    return None


def test_a_publish_through_mount_a_is_seen_through_mount_b_within_2_s(mounts, catalog):
    a, b = mounts
    delays = []
    for _ in range(3):
        published = build(a, catalog)
        delay = wait_for_version(b, published.name, timeout_s=10)
        assert delay is not None, f"mount B still shows {current_dir(b)} 10 s after {published.name} was published on A"
        delays.append(delay)
        manifest = read_manifest(current_dir(b))
        assert manifest == read_manifest(published), "mount B reads the same manifest as mount A"
    record_figures("shared_fs_visibility", {"publishes": len(delays), "max_delay_s": round(max(delays), 3),
                                            "delays_s": [round(d, 3) for d in delays]})
    assert max(delays) <= VISIBLE_WITHIN_S, delays


def test_a_publish_on_mount_b_waits_for_the_lock_held_through_mount_a(mounts, catalog, tmp_path):
    a, b = mounts
    hold_s = 3.0
    holder = Child([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from etl.warehouse import publish_lock\n"
        f"with publish_lock(Path({str(a)!r}), wait_s=30):\n"
        "    print('LOCKED', flush=True); time.sleep(float(sys.argv[1]))\n"
        "print('RELEASED', time.time(), flush=True)\n"), str(hold_s)], child_env())
    try:
        assert holder.wait_for("LOCKED", timeout=60) is not None, holder.finish()[2]
        refused_at = time.monotonic()
        with pytest.raises(PublishBusyError), publish_lock(b, wait_s=0.5):
            pass
        assert time.monotonic() - refused_at < 5
        before = current_dir(b).name
        started = time.time()
        published = build(b, catalog)  # waits for the lock (default wait 30 s), then publishes through B
        finished = time.time()
        rc, out, err = holder.finish(timeout=60)
    finally:
        holder.kill()
    assert rc == 0, err
    released = float(next(line for line in out.splitlines() if line.startswith("RELEASED")).split()[1])
    assert finished > released, "the publish on B finished before A released the lock"
    assert finished - started >= hold_s - 1.0, "the publish on B did not wait for A's lock"
    assert published.name != before and wait_for_version(a, published.name, timeout_s=VISIBLE_WITHIN_S) is not None
    check_version(a)


def test_readers_through_mount_b_never_see_a_mixed_version_while_mount_a_publishes(mounts, tmp_path):
    a, b = mounts
    base = current_dir(a)
    uploads = [actuals_csv(base, 2000, 40 + i, range(2019, 2026)) for i in range(3)]
    stop_file, out_file = tmp_path / "stop", tmp_path / "reader.json"
    reader = Child([sys.executable, "-m", "tests.reliability_helpers", "read", str(b), str(stop_file), str(out_file)], child_env())
    published = []
    try:
        assert reader.wait_for("START", timeout=60) is not None, reader.finish()[2]
        time.sleep(0.5)
        for i, data in enumerate(uploads):
            published.append(publish_upload(data, f"shared-{i}.csv", "analyst", root=a, confirmed=True).batch_id)
            time.sleep(0.3)
        revert_batch(published[-1], "analyst", "shared fs test", root=a)
        time.sleep(1.5)  # let B's reader run on the last version too
    finally:
        stop_file.touch()
        rc, _, err = reader.finish(timeout=120)
    assert rc == 0, err
    seen = json.loads(out_file.read_text(encoding="utf-8"))
    record_figures("shared_fs_readers", {"publishes_on_a": len(published) + 1, **{k: seen[k] for k in ("reads", "errors", "mixed", "versions_seen")}})
    assert seen["errors"] == 0 and seen["mixed"] == 0, seen["messages"]
    assert seen["versions_seen"] >= 2, "the reader on B did not run across the publishes on A"
    check_version(b)


def test_page_queries_through_a_mount_stay_within_the_benchmark_target(mounts, tmp_path, catalog):
    """p95 of the bench's page queries read through mount B ≤ 200 ms (bench/run.py's target). Where the machine is
    too busy for that (the same queries on local disk, run interleaved, take three quarters of the target or more), the
    mount's median must stay within the target, or within a quarter (+20 ms) of local disk: the test judges the file
    system, not the load."""
    from bench import run as bench_run
    from bench import synthetic

    a, b = mounts
    rows = synthetic.SCALES["small"]
    synthetic.make_warehouse(a.parent / "bench", rows, catalog)
    synthetic.make_warehouse(tmp_path / "local", rows, catalog)
    versions = {"mount": current_dir(b.parent / "bench"), "local": current_dir(tmp_path / "local")}
    con = duckdb.connect(config={"threads": 2})
    walls: dict[tuple[str, str], list[float]] = {}
    try:
        suites = {where: bench_run.page_queries(con, version) for where, version in versions.items()}
        for where in suites:
            for fn in suites[where].values():
                fn()  # warm-up, as bench/run.py does
        for _ in range(30):  # interleaved, so both see the same load
            for where, suite in suites.items():
                for name, fn in suite.items():
                    walls.setdefault((where, name), []).append(bench_run.timed(fn)[0])
    finally:
        con.close()
    def figure(where: str, q: int) -> dict[str, float]:
        return {name: round(bench_run.percentile(v, q) * 1000, 1) for (w, name), v in walls.items() if w == where}

    mount, local, mount_p50, local_p50 = figure("mount", 95), figure("local", 95), figure("mount", 50), figure("local", 50)
    import os

    record_figures("shared_fs_queries", {"rows": rows, "p95_ms_mount": mount, "p95_ms_local": local, "p50_ms_mount": mount_p50,
                                         "p50_ms_local": local_p50, "load_avg": round(os.getloadavg()[0], 1)})
    target = bench_run.TARGETS["query_p95_ms"]
    busy = any(ms > 0.75 * target for ms in local.values())  # local disk alone near or over the target: a loaded machine
    slow = {name: (ms, local[name], mount_p50[name], local_p50[name]) for name, ms in mount.items()
            if ms > target and (not busy or mount_p50[name] > max(target, 1.25 * local_p50[name] + 20))}
    assert not slow, f"over the {target} ms target (p95 mount, p95 local, p50 mount, p50 local): {slow}"
