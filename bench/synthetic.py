"""Synthetic warehouses and upload files for the benchmark (DuckDB and pyarrow, no Python loops over rows).

A synthetic warehouse is the real catalog plus `n` extra indicators (bench_0000, ...) in an extra sector `bench`,
published through the real build, then one large upload batch holding `rows` actuals keyed by
(indicator_id, year 2000-2035, province: national + 63 provinces), or (--yearly) the same rows as one batch per
year published one after the other through etl.build.publish_derived. Real indicators come first, so their pages show
full provincial series; the batch is written as an ordinary upload batch file plus a batch-log row, so the build
path (etl/actuals.py over uploads/*.parquet and batches.parquet) is what the benchmark exercises.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from etl.actuals import rebuild_actuals
from etl.build import BATCH_SCHEMA, UPLOAD_SCHEMA, build, doc_actuals_table, publish_derived, read_batches, write_manifest, write_table
from etl.catalog import Catalog, load_catalog
from etl.warehouse import current_dir, link_or_copy, publish_lock, staged_version

YEARS = range(2000, 2036)
BENCH_SECTOR = "bench"
SCALES = {"tiny": 20_000, "small": 200_000, "3.4m": 3_400_000, "10m": 10_000_000}


def keys_per_indicator(provinces: pd.DataFrame) -> int:
    """Keys one indicator can hold: national plus the provincial units valid in each year (63 to 2024, 34 from 2025)."""
    valid = 0
    for year in YEARS:
        day = date(year, 12, 31)
        valid += sum(1 for f, t in zip(provinces["valid_from"], provinces["valid_to"], strict=True)
                     if (pd.isna(f) or f <= day) and (pd.isna(t) or day <= t))
    return len(YEARS) + valid


def synthetic_catalog(base: Catalog, rows: int) -> Catalog:
    """The real catalog plus enough bench indicators (sector `bench`, no targets) to hold `rows` actual keys."""
    per = keys_per_indicator(base.provinces)
    n_bench = max(0, math.ceil(rows / per) - len(base.indicators))
    sectors = pd.concat([base.sectors, pd.DataFrame({
        "sector_id": [BENCH_SECTOR], "name_vi": ["Chỉ tiêu tổng hợp (thử tải)"], "name_en": ["Synthetic (benchmark)"],
        "sort_order": [int(base.sectors["sort_order"].max()) + 1], "has_indicators": [True],
    }).astype(base.sectors.dtypes.to_dict())], ignore_index=True)
    ids = [f"bench_{i:04d}" for i in range(n_bench)]
    extra = pd.DataFrame({
        "indicator_id": ids, "sector_id": BENCH_SECTOR,
        "name_vi": [f"Chỉ tiêu thử tải {i:04d}" for i in range(n_bench)],
        "name_en": [f"Benchmark indicator {i:04d}" for i in range(n_bench)],
        "unit": "%", "unit_en": "%", "direction": "higher_better", "value_type": "percent",
        "min_value": pd.NA, "max_value": pd.NA, "note": pd.NA, "note_vi": pd.NA, "catalog_part": BENCH_SECTOR, "catalog_row": range(n_bench),
    })
    indicators = pd.concat([base.indicators, extra.astype(base.indicators.dtypes.to_dict())], ignore_index=True)
    return replace(base, sectors=sectors, indicators=indicators)


def batch_log_row(batch_id: str, rows: int, when: datetime | None = None) -> pa.Table:
    """One batch-log row for a synthetic upload batch."""
    values = {
        "batch_id": batch_id, "kind": "upload", "user": "bench", "published_at": when or datetime.now(UTC),
        "file_name": "synthetic.xlsx", "sha256": "0" * 64, "rows_total": rows, "rows_new": rows, "rows_changed": 0,
        "rows_unchanged": 0, "note": "synthetic benchmark data",
    }
    return pa.Table.from_pylist([{n: values.get(n) for n in BATCH_SCHEMA.names}], schema=BATCH_SCHEMA)


def bench_sql(name: str) -> str:
    """The text of bench/sql/<name>.sql."""
    return (Path(__file__).resolve().parent / "sql" / f"{name}.sql").read_text(encoding="utf-8")


def write_upload_batch(version: Path, path: Path, batch_id: str, rows: int, seed: float = 0.42) -> int:
    """Write `rows` upload rows (UPLOAD_SCHEMA) for the indicators and provinces of a version."""
    con = duckdb.connect(config={"threads": 2})
    try:
        con.execute("SELECT setseed($seed)", {"seed": seed}).fetchall()
        params = {"dir": str(version), "year_start": YEARS.start, "year_stop": YEARS.stop, "rows": int(rows), "batch_id": batch_id}
        con.sql(bench_sql("synthetic_upload_rows"), params=params).write_parquet(str(path), compression="zstd")
        return con.execute("SELECT count(*) FROM read_parquet($path)", {"path": str(path)}).fetchall()[0][0]
    finally:
        con.close()


def make_warehouse(root: Path, rows: int, base: Catalog | None = None, yearly: bool = False) -> tuple[Path, Catalog]:
    """Build a synthetic warehouse at `root` holding `rows` uploaded actuals, as one batch or (yearly) one batch per
    year published one after the other like an analyst's yearly uploads; returns (version dir, catalog)."""
    catalog = synthetic_catalog(base or load_catalog(), rows)
    build(root, catalog)
    if yearly:
        return publish_yearly(root, rows), catalog
    batch_id = "b20240101T000000Z-bench0"
    with publish_lock(root):
        previous = current_dir(root)
        with staged_version(root) as staging:
            for item in previous.glob("*.parquet"):
                if item.name != "batches.parquet":
                    link_or_copy(item, staging / item.name)
            (staging / "uploads").mkdir()
            n = write_upload_batch(staging, staging / "uploads" / f"{batch_id}.parquet", batch_id, rows)
            batches = batch_log_row(batch_id, n, datetime(2024, 1, 1, tzinfo=UTC))
            write_table(batches, staging / "batches.parquet")
            rebuild_actuals(staging, doc_actuals_table(previous), batches)
            write_manifest(staging, "synthetic benchmark data", based_on=previous.name)
    return current_dir(root), catalog


def publish_yearly(root: Path, rows: int) -> Path:
    """Publish `rows` synthetic actuals as one upload batch per year (publish_derived, the real upload path)."""
    all_rows = root / "synthetic-rows.parquet"
    write_upload_batch(current_dir(root), all_rows, "unused", rows)
    con = duckdb.connect(config={"threads": 2})
    try:
        for k, year in enumerate(YEARS):
            batch_id = f"b2024{k:04d}T000000Z-year{year}"
            year_rows = con.sql(bench_sql("year_rows"), params={"path": str(all_rows), "year": year, "batch_id": batch_id}).to_arrow_table()
            with publish_lock(root):
                version = current_dir(root)
                entry = batch_log_row(batch_id, year_rows.num_rows, datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=k))
                publish_derived(root, pa.concat_tables([read_batches(version), entry]), (batch_id, year_rows.cast(UPLOAD_SCHEMA)),
                                "synthetic benchmark data", batch_id=batch_id)
    finally:
        con.close()
        all_rows.unlink()
    return current_dir(root)


def upload_frame(version: Path, rows: int, seed: int = 7, offset: int = 0, years: range = YEARS) -> pd.DataFrame:
    """`rows` valid upload rows for real indicators (values inside each indicator's allowed range, ranks whole),
    from the `offset`-th key of a fixed scrambled key order (so calls with other offsets hit other keys)."""
    con = duckdb.connect(config={"threads": 2})
    try:
        con.execute("SELECT setseed($seed)", {"seed": seed / 100}).fetchall()
        params = {"dir": str(version), "year_start": years.start, "year_stop": years.stop, "rows": int(rows), "offset": int(offset)}
        return con.execute(bench_sql("upload_frame"), params).df()
    finally:
        con.close()


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """An upload workbook (sheet `actuals`: indicator_id, year, value, province) written with openpyxl write_only."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("actuals")
    sheet.append(["indicator_id", "year", "value", "province"])
    for ind, year, value, prov in zip(frame["indicator_id"], frame["year"], frame["value"], frame["province"], strict=True):
        sheet.append([ind, int(year), float(value), prov if isinstance(prov, str) else None])
    book.save(path)
