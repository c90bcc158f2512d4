"""Performance benchmark (issue 8): synthetic data at a chosen scale, timings against targets and naive baselines.

    .venv/bin/python bench/run.py [--scale tiny|small|3.4m|10m|all] [--runs N] [--skip browser,memory,...]

Sections: upload (validate + preview + publish an .xlsx through etl.upload; baseline: pandas read_excel with openpyxl
and row-by-row validation), build (etl.build.build and publish_derived), queries (scorecard, sector and indicator
page queries; baseline: the same aggregation in pandas over the same Parquet), pages (every dashboard page through
AppTest, cold and warm), memory (peak RSS of `streamlit run app.py` while Playwright loads every page) and browser
(navigation to charts drawn for the Overview, warm). Prints a table and writes bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402

from bench import synthetic  # noqa: E402
from etl.actuals import actuals_glob  # noqa: E402
from etl.build import UPLOAD_SCHEMA, build, publish_derived, read_batches  # noqa: E402
from etl.catalog import Catalog, load_catalog  # noqa: E402
from etl.upload import current_year, revert_batch  # noqa: E402
from etl.warehouse import current_dir, publish_lock  # noqa: E402

SECTOR = "telecom"
INDICATOR = "telecom_internet_users_pct"
PAGES = ["pages/overview.py", "pages/sector.py", "pages/indicator.py", "pages/baseline.py", "pages/sources.py"]
URLS = {"overview": "/", "sector": f"/sector?sector={SECTOR}", "indicator": f"/indicator?indicator={INDICATOR}",
        "baseline": "/baseline", "sources": "/sources"}
SECTIONS = ("upload", "build", "queries", "pages", "memory", "browser")
TARGETS = {"upload_total_s": 2.0, "upload_speedup": 5.0, "build_s": 10.0, "query_p95_ms": 200.0, "page_warm_ms": 300.0,
           "memory_mb": 1536.0, "browser_s": 2.0}


# ---------------------------------------------------------------------------------------------------------------
# Measurement helpers
# ---------------------------------------------------------------------------------------------------------------
def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Wall seconds of one call and its result."""
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def timed_cpu(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall and process CPU seconds (all threads, DuckDB's included) of one call: CPU time is what a busy machine
    does not inflate, so it is recorded next to wall time."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def stats(seconds: list[float]) -> dict:
    """Median, min, max, p50, p95 in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "median_ms": statistics.median(ms), "min_ms": min(ms), "max_ms": max(ms),
            "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95)}


class Report:
    """Collected measurements: one row per (section, name, scale)."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, section: str, name: str, scale: str, seconds: list[float], *, metric: str = "median_ms",
            target_ms: float | None = None, baseline: list[float] | None = None, min_ratio: float | None = None,
            note: str = "", cpu: list[float] | None = None) -> dict:
        row = {"section": section, "name": name, "scale": scale, **stats(seconds), "metric": metric, "target_ms": target_ms,
               "note": note}
        if cpu:
            row["cpu_median_ms"] = statistics.median(cpu) * 1000
        if baseline:
            row["baseline"] = stats(baseline)
            row["ratio"] = row["baseline"]["median_ms"] / row["median_ms"] if row["median_ms"] else None
        ok = None
        if target_ms is not None:
            ok = row[metric] <= target_ms
        if min_ratio is not None and row.get("ratio") is not None:
            ok = (ok is not False) and row["ratio"] >= min_ratio
        row["min_ratio"] = min_ratio
        row["pass"] = ok
        self.rows.append(row)
        line = f"  {section:8} {name:30} {scale:6} {metric[:-3]}={row[metric]:10.1f} ms"
        line += f"  cpu={row['cpu_median_ms']:.1f} ms" if cpu else ""
        line += f"  ×{row['ratio']:.1f} vs baseline" if row.get("ratio") else ""
        line += f"  [{'PASS' if ok else 'FAIL'}]" if ok is not None else ""
        print(line, flush=True)
        return row

    def add_value(self, section: str, name: str, scale: str, value: float, unit: str, target: float | None, note: str = "") -> dict:
        row = {"section": section, "name": name, "scale": scale, "value": value, "unit": unit, "target": target,
               "pass": None if target is None else value <= target, "note": note}
        self.rows.append(row)
        print(f"  {section:8} {name:30} {scale:6} {value:10.1f} {unit}" + (f"  [{'PASS' if row['pass'] else 'FAIL'}]" if target else ""), flush=True)
        return row

    def table(self) -> str:
        cols = ("section", "measurement", "scale", "median", "min", "max", "p95", "cpu", "baseline", "ratio", "target", "result")
        widths = (8, 32, 6, 10, 10, 10, 10, 10, 10, 7, 16, 6)
        lines = [" ".join(f"{c:{w}}" for c, w in zip(cols, widths, strict=True)), "-" * (sum(widths) + len(widths))]
        for r in self.rows:
            if "value" in r:
                cells = (r["section"], r["name"], r["scale"], f"{r['value']:.1f} {r['unit']}", "", "", "", "", "", "",
                         f"≤ {r['target']:g} {r['unit']}" if r["target"] else "", verdict(r))
            else:
                base = r.get("baseline")
                target = f"{r['metric'][:-3]} ≤ {r['target_ms']:g} ms" if r["target_ms"] is not None else ""
                if r.get("min_ratio"):
                    target += f", ×{r['min_ratio']:g}"
                cells = (r["section"], r["name"], r["scale"], fmt_ms(r["median_ms"]), fmt_ms(r["min_ms"]), fmt_ms(r["max_ms"]),
                         fmt_ms(r["p95_ms"]), fmt_ms(r["cpu_median_ms"]) if "cpu_median_ms" in r else "",
                         fmt_ms(base["median_ms"]) if base else "", f"×{r['ratio']:.1f}" if r.get("ratio") else "", target, verdict(r))
            lines.append(" ".join(f"{c:{w}}" for c, w in zip(cells, widths, strict=True)))
        return "\n".join(lines)


def fmt_ms(ms: float) -> str:
    """Milliseconds, or seconds above 10 s."""
    return f"{ms / 1000:.2f} s" if ms >= 10_000 else f"{ms:.1f} ms"


def verdict(row: dict) -> str:
    """PASS / FAIL / blank (informational)."""
    return "" if row["pass"] is None else ("PASS" if row["pass"] else "FAIL")


def machine() -> dict:
    """Cores, RAM, load and versions, for the README."""
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    import streamlit

    return {"cores": os.cpu_count(), "ram_gb": round(mem_kb / 2**20, 1), "load_avg": os.getloadavg(), "python": platform.python_version(),
            "duckdb": duckdb.__version__, "pandas": pd.__version__, "pyarrow": pa.__version__, "streamlit": streamlit.__version__}


# ---------------------------------------------------------------------------------------------------------------
# 1. Upload
# ---------------------------------------------------------------------------------------------------------------
def baseline_validate_xlsx(path: Path, version: Path) -> int:
    """The naive way: pandas read_excel with openpyxl, then row-by-row validation in Python."""
    frame = pd.read_excel(path, engine="openpyxl", sheet_name=0, dtype=object)
    indicators = pd.read_parquet(version / "indicators.parquet")
    provinces = set(pd.read_parquet(version / "provinces.parquet")["province_code"])
    info = {r.indicator_id: r for r in indicators.itertuples()}
    seen: set[tuple] = set()
    problems = 0
    for _, row in frame.iterrows():
        ind = str(row["indicator_id"]).strip()
        meta = info.get(ind)
        if meta is None:
            problems += 1
            continue
        try:
            year = int(row["year"])
            value = float(str(row["value"]).replace(",", "."))
        except (TypeError, ValueError):
            problems += 1
            continue
        if not 2000 <= year <= 2035 or math.isnan(value):
            problems += 1
        if not pd.isna(meta.min_value) and value < meta.min_value or not pd.isna(meta.max_value) and value > meta.max_value:
            problems += 1
        if meta.value_type == "rank" and value != int(value):
            problems += 1
        prov = row.get("province")
        prov = None if pd.isna(prov) else str(prov).strip().zfill(2)
        if prov is not None and prov not in provinces:
            problems += 1
        key = (ind, year, prov)
        if key in seen:
            problems += 1
        seen.add(key)
    return problems


def bench_upload(report: Report, work: Path, catalog: Catalog, rows: int, runs: int) -> None:
    """Validate + preview + publish an .xlsx of `rows` actuals on a fresh warehouse per run."""
    from etl import upload

    print(f"[upload] {rows:,}-row .xlsx", flush=True)
    template_root = work / "upload-template"
    build(template_root, catalog)
    version = current_dir(template_root)
    # Actuals cannot be for years after the current one (they are refused), so the upload stops at this year.
    frame = synthetic.upload_frame(version, rows, years=range(2000, current_year() + 1))
    xlsx = work / "upload.xlsx"
    synthetic.write_xlsx(frame, xlsx)
    data = xlsx.read_bytes()
    checks, previews, publishes, totals = [], [], [], []
    for i in range(runs):
        root = work / f"upload-{i}"
        shutil.copytree(template_root, root, symlinks=True)
        v = current_dir(root)
        t_check, result = timed(lambda v=v: upload.check_upload(data, xlsx.name, v))
        if result.has_errors:
            raise RuntimeError(f"synthetic upload has errors: {result.issues_frame().head(5).to_dict('records')}")
        t_preview, changes = timed(lambda v=v, result=result: upload.preview(result, v))
        t_publish, outcome = timed(lambda root=root, result=result, v=v, changes=changes: upload.publish_upload(
            data, xlsx.name, "bench", "benchmark", root=root, checked=result, checked_against=v, previewed=changes,
            confirmed=True))
        assert outcome.rows_new + outcome.rows_changed == len(changes) and outcome.batch_id
        checks.append(t_check)
        previews.append(t_preview)
        publishes.append(t_publish)
        totals.append(t_check + t_preview + t_publish)
        shutil.rmtree(root)
    cli_runs, cli_cpu = [], []
    for i in range(runs):
        # The same file through the command line an operator runs: check, preview and publish in one process
        # (interpreter start and imports included), measured in the same run as the baseline.
        root = work / f"upload-cli-{i}"
        shutil.copytree(template_root, root, symlinks=True)
        env = {**os.environ, "DASHBOARD_DATA_DIR": str(root), "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "etl", "load-actuals", str(xlsx), "--user", "bench", "--confirm-implausible"]
        start, cpu_start = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
        cpu_end = resource.getrusage(resource.RUSAGE_CHILDREN)
        cli_runs.append(time.perf_counter() - start)
        cli_cpu.append(cpu_end.ru_utime - cpu_start.ru_utime + cpu_end.ru_stime - cpu_start.ru_stime)
        if proc.returncode != 0 or "Published batch" not in proc.stdout:
            raise RuntimeError(f"load-actuals failed: {proc.returncode} {proc.stderr[-500:]}")
        shutil.rmtree(root)
    baseline = [timed(lambda: baseline_validate_xlsx(xlsx, version))[0] for _ in range(max(1, min(runs, 2)))]
    scale = f"{rows // 1000}k"
    report.add("upload", "check_upload (validate)", scale, checks, baseline=baseline, min_ratio=TARGETS["upload_speedup"],
               note="baseline: read_excel(openpyxl) + row-by-row validation")
    report.add("upload", "preview", scale, previews)
    report.add("upload", "publish_upload (reuses the check)", scale, publishes)
    report.add("upload", "total validate+preview+publish", scale, totals, target_ms=TARGETS["upload_total_s"] * 1000, baseline=baseline,
               min_ratio=TARGETS["upload_speedup"])
    report.add("upload", "CLI load-actuals (whole process)", scale, cli_runs, target_ms=TARGETS["upload_total_s"] * 1000,
               baseline=baseline, min_ratio=TARGETS["upload_speedup"], cpu=cli_cpu,
               note="python -m etl load-actuals FILE --confirm-implausible: start, imports, check, preview, publish")
    shutil.rmtree(template_root)


# ---------------------------------------------------------------------------------------------------------------
# 2. Build
# ---------------------------------------------------------------------------------------------------------------
def small_batch(version: Path, batch_id: str, run: int, rows: int = 1000) -> pa.Table:
    """A 1,000-row upload batch for real indicators: new values for keys the synthetic batches hold (other keys
    each run, so every publish has to rewrite the files holding them, the worst case)."""
    frame = synthetic.upload_frame(version, rows, seed=int(time.time()) % 97 + 1, offset=run * rows)
    n = len(frame)
    return pa.table({
        "batch_id": [batch_id] * n, "row_no": pa.array(range(2, n + 2), pa.int64()), "indicator_id": frame["indicator_id"].astype(str),
        "year": pa.array(frame["year"], pa.int32()),
        "province": pa.array([p if isinstance(p, str) else None for p in frame["province"]], pa.string()),
        "actual_value": pa.array(frame["value"], pa.float64()), "is_estimate": pa.array([False] * n), "note": pa.nulls(n, pa.string()),
        "change": ["changed"] * n, "previous_value": pa.nulls(n, pa.float64()), "previous_batch_id": pa.nulls(n, pa.string()),
    }).cast(UPLOAD_SCHEMA)


def bench_build(report: Report, root: Path, catalog: Catalog, scale: str, runs: int) -> None:
    """Full rebuild (etl.build.build), upload publishes (publish_derived) and their reverts on the synthetic warehouse."""
    print(f"[build] {scale}", flush=True)
    walls, cpus = zip(*(timed_cpu(lambda: build(root, catalog)) for _ in range(runs)), strict=True)
    report.add("build", "build (full rebuild)", scale, list(walls), target_ms=TARGETS["build_s"] * 1000, cpu=list(cpus))
    publishes, published = [], []
    for i in range(runs):
        with publish_lock(root):
            version = current_dir(root)
            batch_id = f"b20990101T0000{i:02d}Z-bench{i % 10}"
            batches = pa.concat_tables([read_batches(version), synthetic.batch_log_row(batch_id, 1000)])
            rows = small_batch(version, batch_id, i)
            publishes.append(timed(lambda batches=batches, rows=rows, batch_id=batch_id: publish_derived(
                root, batches, (batch_id, rows), "upload", batch_id=batch_id))[0])
            published.append(batch_id)
    report.add("build", "publish 1k rows (replacing rows)", scale, publishes, target_ms=TARGETS["build_s"] * 1000)
    # A revert brings the replaced rows of the large batch back: that batch's files are recomputed from its upload file.
    reverts = [timed(lambda b=b: revert_batch(b, "bench", "benchmark revert", root))[0] for b in reversed(published)]
    report.add("build", "revert that 1k-row batch", scale, reverts, target_ms=TARGETS["build_s"] * 1000)


# ---------------------------------------------------------------------------------------------------------------
# 3. Queries
# ---------------------------------------------------------------------------------------------------------------
def page_queries(con: duckdb.DuckDBPyConnection, version: Path) -> dict[str, Callable[[], object]]:
    """The read side of the scorecard, sector and indicator pages, exactly as the pages call it (minus the cache)."""
    import queries
    from etl import scorecard as scorecard_module

    def scorecard(con: duckdb.DuckDBPyConnection, version: Path, **kw: object) -> pd.DataFrame:
        scorecard_module.evaluate_key.cache_clear()  # measure the status rules too, not only their memo
        return scorecard_module.scorecard(con, version, **kw)

    return {
        "scorecard": lambda: scorecard(con, version),
        "sector page": lambda: (queries.run(con, "indicators", version, sector=SECTOR),
                                queries.run(con, "sector_series", version, sector=SECTOR, as_of=9999),
                                scorecard(con, version, sector=SECTOR)),
        "indicator page": lambda: (queries.run(con, "indicator_series", version, indicator=INDICATOR, as_of=9999),
                                   queries.run(con, "indicator_actuals_all", version, indicator=INDICATOR)),
    }


# The note words that mark a series break (as queries/scorecard_inputs.sql reads them).
BREAK_NOTE = r"(?i)series break|definition change|implausible jump|đổi định nghĩa"


def pandas_queries(version: Path) -> dict[str, Callable[[], object]]:
    """Naive baselines: load the Parquet into pandas and aggregate there."""
    from etl.scorecard import evaluate_frame

    def national() -> pd.DataFrame:
        actuals = pd.read_parquet(version / "actuals")
        ind = pd.read_parquet(version / "indicators.parquet")
        nat = actuals[actuals["is_current"] & actuals["province"].isna()].merge(ind[["indicator_id", "direction"]], on="indicator_id")
        fallback = nat["actual_low"].where(nat["direction"] == "higher_better", nat["actual_high"])
        return nat.assign(value=nat["actual_value"].fillna(fallback), from_range=nat["actual_value"].isna())

    def scorecard_inputs(sector: str | None = None) -> pd.DataFrame:
        nat = national()
        ind = pd.read_parquet(version / "indicators.parquet")
        tgt = pd.read_parquet(version / "targets.parquet").merge(ind, on="indicator_id", suffixes=("", "_i"))
        tgt = tgt[tgt["kind"] == "target"]  # as scorecard_inputs.sql: projections and aspirations are not judged
        if sector:
            tgt = tgt[tgt["sector_id"] == sector]
        growth = (tgt["comparator"] == "growth") & (tgt["period_start"] == tgt["period_end"])
        tgt["baseline_year"] = tgt["baseline_year"].fillna((tgt["period_end"] - 1).where(growth))
        latest = nat.sort_values("year").groupby("indicator_id").agg(latest_year=("year", "last"), latest_value=("value", "last"),
                                                                       latest_from_range=("from_range", "last"), n_actuals=("year", "size"))
        out = tgt.merge(latest, on="indicator_id", how="left")
        end = nat[["indicator_id", "year", "value", "from_range"]].rename(
            columns={"year": "period_end", "value": "end_value", "from_range": "end_from_range"})
        out = out.merge(end, on=["indicator_id", "period_end"], how="left")
        pairs = out[["target_id", "indicator_id", "baseline_year"]].merge(nat[["indicator_id", "year", "value", "from_range"]], on="indicator_id")
        pairs = pairs[pairs["year"] <= pairs["baseline_year"]].sort_values("year").groupby("target_id").last()
        out = out.merge(pairs[["year", "value", "from_range"]].rename(columns={"year": "baseline_actual_year", "value": "baseline_value",
                                                                                 "from_range": "baseline_from_range"}),
                        left_on="target_id", right_index=True, how="left")
        ordered = nat.sort_values("year")
        series = {i: [{"year": y, "value": v, "from_range": r} for y, v, r in zip(g["year"], g["value"], g["from_range"], strict=True)]
                  for i, g in ordered.groupby("indicator_id")}
        marked = ordered[ordered["note"].fillna("").str.contains(BREAK_NOTE, regex=True)]
        noted = {i: list(g["year"]) for i, g in marked.groupby("indicator_id")}
        out["series"] = out["indicator_id"].map(series)
        out["noted_breaks"] = [noted.get(i, []) for i in out["indicator_id"]]
        return evaluate_frame(out)

    def sector_page() -> object:
        actuals = pd.read_parquet(version / "actuals")
        ind = pd.read_parquet(version / "indicators.parquet")
        series = actuals.merge(ind[["indicator_id", "sector_id"]], on="indicator_id")
        series = series[(series["sector_id"] == SECTOR) & series["is_current"] & series["province"].isna()]
        return ind[ind["sector_id"] == SECTOR], series.sort_values(["indicator_id", "year"]), scorecard_inputs(SECTOR)

    def indicator_page() -> object:
        actuals = pd.read_parquet(version / "actuals")
        prov = pd.read_parquet(version / "provinces.parquet")[["province_code", "name_vi"]].drop_duplicates("province_code", keep="last")
        rows = actuals[actuals["indicator_id"] == INDICATOR].merge(prov, left_on="province", right_on="province_code", how="left")
        return rows[rows["is_current"]], rows

    return {"scorecard": scorecard_inputs, "sector page": sector_page, "indicator page": indicator_page}


def bench_queries(report: Report, version: Path, scale: str, runs: int, baseline_runs: int) -> None:
    """p50 / p95 of the page queries over `runs` runs (after one warm-up), with pandas baselines."""
    print(f"[queries] {scale}", flush=True)
    con = duckdb.connect(config={"threads": 2})
    try:
        naive = pandas_queries(version)
        for name, fn in page_queries(con, version).items():
            fn()
            walls, cpus = zip(*(timed_cpu(fn) for _ in range(runs)), strict=True)
            baseline = [timed(naive[name])[0] for _ in range(baseline_runs)]
            report.add("queries", name, scale, list(walls), metric="p95_ms", target_ms=TARGETS["query_p95_ms"], baseline=baseline, cpu=list(cpus))
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------------------------
# 4. Pages through AppTest
# ---------------------------------------------------------------------------------------------------------------
def bench_pages(report: Report, root: Path, scale: str, runs: int, pages: list[str]) -> None:
    """Each dashboard page through AppTest: cold (caches cleared, new session) and warm (rerun of the same session)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    print(f"[pages] {scale}", flush=True)
    previous = os.environ.get("DASHBOARD_DATA_DIR")
    os.environ["DASHBOARD_DATA_DIR"] = str(root)
    try:
        for page in pages:
            measure_page(report, AppTest, st, page, scale, runs)
    finally:
        if previous is None:
            os.environ.pop("DASHBOARD_DATA_DIR", None)
        else:
            os.environ["DASHBOARD_DATA_DIR"] = previous
        st.cache_data.clear()
        st.cache_resource.clear()


def measure_page(report: Report, app_test: type, st: object, page: str, scale: str, runs: int) -> None:
    """Cold: caches cleared and a new session; warm: reruns of that session."""
    colds, warms = [], []
    for _ in range(max(1, min(runs, 3))):
        st.cache_data.clear()
        st.cache_resource.clear()
        at = app_test.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.query_params["lang"] = "vi"
        at.switch_page(page)
        colds.append(timed(at.run)[0])
        if at.exception:
            raise RuntimeError(f"{page}: {[e.value for e in at.exception]}")
    for _ in range(runs):
        warms.append(timed(at.run)[0])
    name = Path(page).stem
    report.add("pages", f"{name} cold", scale, colds)
    report.add("pages", f"{name} warm", scale, warms, target_ms=TARGETS["page_warm_ms"])


# ---------------------------------------------------------------------------------------------------------------
# 5 + 6. A real server: peak memory and browser timing
# ---------------------------------------------------------------------------------------------------------------
def start_server(root: Path, log_path: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run app.py` on a free port against the synthetic warehouse."""
    import urllib.request

    from tests.browser import free_port

    port = free_port()
    log = open(log_path, "w")  # noqa: SIM115 - closed by the caller through the process
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, "DASHBOARD_DATA_DIR": str(root)}, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"streamlit did not start; see {log_path}")
        time.sleep(0.3)


def proc_status(pid: int) -> dict[str, int]:
    """VmHWM / VmRSS of a process in kB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmHWM", "VmRSS")):
            out[line.split(":")[0]] = int(line.split()[1])
    return out


DRAWN_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const idle = app && app.getAttribute('data-test-script-state') === 'notRunning';
    const charts = [...document.querySelectorAll('[data-testid="dashboardChart"]')];
    return idle && document.querySelector('[data-testid="stMain"] h1') && charts.every(c => c.querySelector('.main-svg'));
}"""


def wait_drawn(page: object, timeout_ms: int) -> None:
    """The script run has finished, the page title is shown and every Plotly chart has drawn its SVG (no fixed sleeps)."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout_ms)
    page.wait_for_function(DRAWN_JS, timeout=timeout_ms, polling=50)


def bench_server(report: Report, root: Path, work: Path, scale: str, runs: int, sections: set[str]) -> None:
    """Load every page in chromium against a real server; peak RSS of the server; warm Overview navigation time."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    print(f"[server] {scale}", flush=True)
    process, url = start_server(root, work / "streamlit.log")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for path in URLS.values():
                page.goto(url + path)
                wait_drawn(page, 180_000)
            if "memory" in sections:
                for _ in range(2):  # a second pass: what a steady server holds, not only the first load
                    for path in URLS.values():
                        page.goto(url + path)
                        wait_drawn(page, 180_000)
                status = proc_status(process.pid)
                report.add_value("memory", "app peak RSS (VmHWM)", scale, status["VmHWM"] / 1024, "MB", TARGETS["memory_mb"],
                                 note=f"VmRSS after {3 * len(URLS)} page loads: {status['VmRSS'] / 1024:.0f} MB")
            if "browser" in sections:
                seconds = []
                for _ in range(runs):
                    page.goto("about:blank")
                    start = time.perf_counter()
                    page.goto(url + "/")
                    wait_drawn(page, 60_000)
                    seconds.append(time.perf_counter() - start)
                report.add("browser", "overview nav → charts (warm)", scale, seconds, target_ms=TARGETS["browser_s"] * 1000)
            browser.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


# ---------------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="3.4m", choices=[*synthetic.SCALES, "all"], help="rows of actuals (all = small, 3.4m, 10m)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (queries: --query-runs)")
    parser.add_argument("--upload-rows", type=int, default=100_000)
    parser.add_argument("--query-runs", type=int, default=20, help="runs per query measurement (p50 / p95)")
    parser.add_argument("--pages", default=",".join(Path(p).stem for p in PAGES), help="pages to run through AppTest")
    parser.add_argument("--skip", default="", help=f"comma-separated sections to skip: {','.join(SECTIONS)}")
    parser.add_argument("--workdir", type=Path, default=None, help="where temp warehouses go (default: system temp)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    parser.add_argument("--keep", action="store_true", help="keep the temp warehouses")
    parser.add_argument("--yearly", action="store_true", help="the synthetic rows as one upload batch per year (36 publishes), not one batch")
    return parser.parse_args(argv)


def guarded(report: Report, section: str, scale: str, fn: Callable[[], object]) -> None:
    """Run one section; a failure is recorded as a FAIL row and the benchmark goes on."""
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - any failure of a section is a result to report, not a reason to lose the others
        print(f"  {section}: ERROR {type(exc).__name__}: {str(exc)[:300]}", flush=True)
        report.rows.append({"section": section, "name": "ERROR", "scale": scale, "value": 0.0, "unit": "", "target": None,
                            "pass": False, "note": f"{type(exc).__name__}: {str(exc)[:500]}"})


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    sections = set(SECTIONS) - {s.strip() for s in args.skip.split(",") if s.strip()}
    scales = ["small", "3.4m", "10m"] if args.scale == "all" else [args.scale]
    work = Path(tempfile.mkdtemp(prefix="dashboard-bench-", dir=args.workdir))
    report = Report()
    started = datetime.now(UTC)
    info = machine()
    print(f"bench: scales {scales}, runs {args.runs}, work dir {work}, {info['cores']} cores, {info['ram_gb']} GB, load {info['load_avg']}",
          flush=True)
    base = load_catalog()
    generated: dict[str, dict] = {}
    try:
        if "upload" in sections:
            guarded(report, "upload", "", partial(bench_upload, report, work, base, args.upload_rows, args.runs))
        for scale in scales:
            rows = synthetic.SCALES[scale]
            root = work / f"warehouse-{scale}"
            t_gen, (version, catalog) = timed(lambda root=root, rows=rows: synthetic.make_warehouse(root, rows, base, args.yearly))
            n = duckdb.execute("SELECT count(*) FROM read_parquet($path)", {"path": actuals_glob(version)}).fetchall()[0][0]
            size = sum(p.stat().st_size for p in (version / "actuals").glob("*.parquet"))
            n_files = len(list((version / "actuals").glob("*.parquet")))
            generated[scale] = {"actual_rows": n, "indicators": len(catalog.indicators), "generate_s": t_gen, "actuals_mb": size / 2**20,
                                "actuals_files": n_files, "yearly_batches": args.yearly}
            print(f"[generate] {scale}: {n:,} actual rows ({'one batch per year' if args.yearly else 'one batch'}), "
                  f"{len(catalog.indicators):,} indicators, {n_files} files, {size / 2**20:.1f} MB, {t_gen:.1f} s", flush=True)
            if "queries" in sections:
                guarded(report, "queries", scale, partial(bench_queries, report, version, scale, args.query_runs, max(1, min(args.runs, 3))))
            if "pages" in sections:
                pages = [f"pages/{p}.py" for p in args.pages.split(",")]
                guarded(report, "pages", scale, partial(bench_pages, report, root, scale, args.runs, pages))
            if sections & {"memory", "browser"} and scale == scales[-1]:
                guarded(report, "server", scale, partial(bench_server, report, root, work, scale, args.runs, sections))
            if "build" in sections:
                guarded(report, "build", scale, partial(bench_build, report, root, catalog, scale, args.runs))
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    info["load_avg_end"] = os.getloadavg()
    result = {"started": started.isoformat(timespec="seconds"), "args": {k: str(v) for k, v in vars(args).items()}, "machine": info,
              "generated": generated, "measurements": report.rows, "targets": TARGETS}
    print()
    print(report.table())
    failed = [r for r in report.rows if r["pass"] is False]
    print(f"\n{len(report.rows)} measurements, {len(failed)} FAIL; load average {info['load_avg']} → {info['load_avg_end']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    print(f"wrote {args.out}")
    return result


if __name__ == "__main__":
    main()
