"""Load benchmark of real Streamlit sessions: N concurrent sessions over the websocket protocol (no browser), each
navigating the dashboard pages, against 1 replica and against N replicas behind HAProxy (scripts/cluster.sh).

For each replica count and each number of sessions it reports sessions held (every page run finished, no error),
p50/p95 of the time from a page request to `script_finished`, errors, and the replicas' memory per session (RSS
growth with every session open, summed over the replicas). Writes bench/results/load-latest.json.

    .venv/bin/python bench/load.py --replicas 1,2,3 --sessions 1,2,4,6,8,12,16,24,32 --rounds 3 --think 2

One replica is measured directly (the single-process deployment); two or more through the front. The load
generator runs on the same machine and takes CPU from the replicas: the figures are a lower bound.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.streamlit_client import Session, SessionError  # noqa: E402

PAGES = ["", "sector", "indicator", "baseline", "sources"]
LEVEL_TIMEOUT_S = 600.0


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (None without values)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def page_queries(data_dir: Path) -> dict[str, list[str]]:
    """Query strings a user would carry: the published sectors and some indicators, both languages."""
    import duckdb

    current = Path(os.path.realpath(data_dir / "current"))
    con = duckdb.connect()
    sectors = [r[0] for r in con.execute("select sector_id from read_parquet(?) order by 1", [str(current / "sectors.parquet")]).fetchall()]
    indicators = [r[0] for r in con.execute(
        "select indicator_id from read_parquet(?) order by hash(indicator_id) limit 12", [str(current / "indicators.parquet")]).fetchall()]
    return {"sector": [f"sector={s}" for s in sectors], "indicator": [f"indicator={i}" for i in indicators]}


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) the replica processes have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            pass
    return total


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of the replica processes now (VmRSS, summed)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


class Cluster:
    """scripts/cluster.sh up/down in a private state directory, on free loopback ports."""

    def __init__(self, replicas: int, data_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        self.replicas = replicas
        self.dir = Path(tempfile.mkdtemp(prefix="dashboard-cluster-"))
        self.env = {**os.environ, "DASHBOARD_CLUSTER_DIR": str(self.dir), "DASHBOARD_DATA_DIR": str(data_dir), **(extra_env or {})}

    def __enter__(self) -> Cluster:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            front = probe.getsockname()[1]
        try:
            subprocess.run([str(ROOT / "scripts" / "cluster.sh"), "up", str(self.replicas), "--port", str(front)],
                           env=self.env, check=True, timeout=300, stdout=subprocess.DEVNULL)
        except BaseException:
            self.__exit__()
            raise
        self.records = [line.split() for line in (self.dir / "pids").read_text().splitlines()]
        self.front = f"http://127.0.0.1:{front}"
        return self

    def replica_pids(self) -> list[int]:
        return [int(pid) for role, pid, _ in self.records if role.startswith("app")]

    def replica_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for role, _, port in self.records if role.startswith("app")]

    def kill(self, role: str) -> None:
        """SIGKILL one replica (its whole process group), as a crash would."""
        pid = next(int(p) for r, p, _ in self.records if r == role)
        os.killpg(pid, signal.SIGKILL)

    def __exit__(self, *exc) -> None:
        subprocess.run([str(ROOT / "scripts" / "cluster.sh"), "down"], env=self.env, check=False, timeout=120)
        shutil.rmtree(self.dir, ignore_errors=True)


async def one_session(url: str, rounds: int, think_s: float, queries: dict, rng: random.Random, record: dict) -> None:
    """A user: open the dashboard, then visit every page `rounds` times with a think time between clicks."""
    session = Session(url, timeout_s=60)
    lang = rng.choice(["", "lang=en"])
    try:
        await session.open()
        for _ in range(rounds):
            for page in PAGES:
                query = "&".join(filter(None, [rng.choice(queries[page]) if page in queries else "", lang]))
                run = await session.run(page, query)
                record["latencies"].append(run.seconds)
                if run.exceptions:
                    record["errors"].append(f"{page}: {run.exceptions[0]}")
                await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))
        record["held"] += 1
    except (SessionError, OSError, TimeoutError) as error:
        record["errors"].append(str(error)[:200])
    record["finished"] += 1
    if record["finished"] == record["sessions"]:
        record["all_done"].set()
    try:
        await record["all_done"].wait()  # stay connected until every session has finished (memory is measured so)
    finally:
        await session.close()


async def level(urls: list[str], pids: list[int], sessions: int, rounds: int, think_s: float, queries: dict, seed: int) -> dict:
    """Run `sessions` concurrent users against the URL(s) and measure."""
    record = {"latencies": [], "errors": [], "held": 0, "finished": 0, "sessions": sessions, "all_done": asyncio.Event()}
    base_rss = rss_bytes(pids)
    base_cpu = cpu_seconds(pids)
    peak = base_rss
    rng = random.Random(seed)
    tasks = []
    for index in range(sessions):
        tasks.append(asyncio.create_task(one_session(urls[index % len(urls)], rounds, think_s, queries, random.Random(rng.random()), record)))
        await asyncio.sleep(min(0.1, 2.0 / sessions))  # users arrive over a second or two, not in one instant
    started = time.monotonic()
    while not record["all_done"].is_set() and time.monotonic() - started < LEVEL_TIMEOUT_S:
        peak = max(peak, rss_bytes(pids))
        await asyncio.sleep(0.25)
    peak = max(peak, rss_bytes(pids))
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    lat = record["latencies"]
    cpu = cpu_seconds(pids) - base_cpu
    return {
        "sessions": sessions, "held": record["held"], "page_runs": len(lat), "errors": len(record["errors"]),
        "error_examples": record["errors"][:3],
        "p50_s": percentile(lat, 0.50), "p95_s": percentile(lat, 0.95), "max_s": max(lat) if lat else None,
        "rss_base_mb": base_rss / 2**20, "rss_peak_mb": peak / 2**20,
        "mb_per_session": (peak - base_rss) / 2**20 / sessions,
        # Server CPU per page run: what a page costs the replicas whatever else the machine runs (wall times are not).
        "server_cpu_ms_per_run": 1000 * cpu / len(lat) if lat else None,
    }


async def warm(urls: list[str], queries: dict) -> None:
    """Every page once per replica (cold caches are not what a held session sees)."""
    for url in urls:
        session = Session(url, timeout_s=120)
        await session.open()
        for page in PAGES:
            for query in (queries.get(page) or [""])[:3]:
                await session.run(page, query)
        await session.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", default="1,2,3", help="replica counts, comma-separated")
    parser.add_argument("--sessions", default="1,2,4,6,8,12,16,24,32", help="concurrent sessions per level, comma-separated")
    parser.add_argument("--rounds", type=int, default=3, help="times each session visits every page")
    parser.add_argument("--think", type=float, default=2.0, help="mean think time between clicks (s)")
    parser.add_argument("--stop-p95", type=float, default=3.0, help="skip larger levels once p95 exceeds this (s)")
    parser.add_argument("--target-p95", type=float, default=1.0)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "load-latest.json"))
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped from outside: the clusters still come down
    data_dir = Path(os.environ.get("DASHBOARD_DATA_DIR") or ROOT / "data" / "warehouse")
    queries = page_queries(data_dir)
    results = {"machine": {"cores": os.cpu_count(), "load_before": os.getloadavg()}, "think_s": args.think,
               "rounds": args.rounds, "runs": []}
    for replicas in [int(r) for r in args.replicas.split(",")]:
        with Cluster(replicas, data_dir) as cluster:
            urls = cluster.replica_urls()
            asyncio.run(warm(urls, queries))
            target = urls if replicas == 1 else [cluster.front]
            for sessions in [int(s) for s in args.sessions.split(",")]:
                load_before = os.getloadavg()[0]
                row = asyncio.run(level(target, cluster.replica_pids(), sessions, args.rounds, args.think, queries, seed=sessions))
                row.update(replicas=replicas, via="direct" if replicas == 1 else "haproxy", load_avg=[load_before, os.getloadavg()[0]])
                results["runs"].append(row)
                print(f"replicas {replicas} sessions {sessions:4d}: held {row['held']:4d}, page runs {row['page_runs']:5d}, "
                      f"p50 {row['p50_s'] or 0:.3f} s, p95 {row['p95_s'] or 0:.3f} s, errors {row['errors']}, "
                      f"{row['mb_per_session']:.1f} MB/session, server CPU {row['server_cpu_ms_per_run'] or 0:.0f} ms/run, "
                      f"load {load_before:.1f}", flush=True)
                if row["p95_s"] is None or row["p95_s"] > args.stop_p95 or row["errors"]:
                    break
    summary = {}
    for replicas in sorted({r["replicas"] for r in results["runs"]}):
        ok = [r["sessions"] for r in results["runs"]
              if r["replicas"] == replicas and r["errors"] == 0 and r["held"] == r["sessions"] and (r["p95_s"] or 99) <= args.target_p95]
        summary[replicas] = max(ok) if ok else 0
    results["sessions_within_target"] = summary
    base = summary.get(1) or 0
    print(f"sessions held with p95 <= {args.target_p95} s per page run: "
          + ", ".join(f"{r} replica(s): {n}" + (f" ({n / base:.1f}x)" if base and r != 1 else "") for r, n in summary.items()))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
