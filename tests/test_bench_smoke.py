"""A tiny run of the performance benchmark (bench/run.py), so it cannot rot. Timings are not judged here."""

from __future__ import annotations

import json
import math

from bench import run, synthetic


def test_synthetic_warehouse_holds_the_requested_rows(tmp_path, catalog):
    version, cat = synthetic.make_warehouse(tmp_path / "w", 5000, catalog)
    import duckdb

    n, current, keys = duckdb.execute(
        f"SELECT count(*) FILTER (WHERE origin = 'upload'), count(*) FILTER (WHERE is_current), "  # noqa: S608 - test path
        f"count(DISTINCT (indicator_id, year, province)) FROM read_parquet('{version}/actuals/*.parquet')"
    ).fetchall()[0]
    assert n == 5000
    assert current == keys  # exactly one current row per key
    assert (version / "uploads").is_dir() and len(list((version / "uploads").glob("*.parquet"))) == 1


def test_tiny_benchmark_runs_every_section(tmp_path, monkeypatch, catalog):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "unused"))
    out = tmp_path / "latest.json"
    result = run.main(["--scale", "tiny", "--runs", "1", "--query-runs", "2", "--upload-rows", "300", "--pages", "overview,indicator",
                       "--skip", "memory,browser", "--workdir", str(tmp_path), "--out", str(out)])
    saved = json.loads(out.read_text(encoding="utf-8"))
    errors = [r["note"] for r in saved["measurements"] if r["name"] == "ERROR"]
    assert not errors, errors
    sections = {r["section"] for r in saved["measurements"]}
    assert sections == {"upload", "build", "queries", "pages"}
    names = {r["name"] for r in result["measurements"]}
    assert {"scorecard", "sector page", "indicator page", "build (full rebuild)", "overview warm", "indicator cold"} <= names
    for row in result["measurements"]:
        assert math.isfinite(row["median_ms"]) and row["median_ms"] > 0
    assert saved["generated"]["tiny"]["actual_rows"] >= synthetic.SCALES["tiny"]
    assert not list(tmp_path.glob("dashboard-bench-*")), "temp warehouses are cleaned up"
