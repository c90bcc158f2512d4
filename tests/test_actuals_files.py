"""The actuals files (etl/actuals.py): what an upload or a revert writes equals a full rebuild and the precedence rule."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from etl.actuals import ACTUALS_DIR, rebuild_actuals
from etl.build import doc_actuals_table, read_batches
from etl.upload import publish_upload, revert_batch
from etl.warehouse import current_dir
from tests.reliability_helpers import actuals_frame

KEY = ["indicator_id", "year", "province"]
ORDER = [*KEY, "origin", "source_doc", "source_line", "batch_id"]


def read_actuals(version: Path) -> pd.DataFrame:
    """Every actuals row of a version, in a fixed order for comparison."""
    frame = pd.read_parquet(version / ACTUALS_DIR)
    return frame.sort_values(ORDER, na_position="first").reset_index(drop=True)


def rebuilt(version: Path, tmp: Path) -> pd.DataFrame:
    """The actuals a full rebuild computes from the same upload files, batch log and document rows."""
    staging = tmp / f"rebuild-{version.name}"
    shutil.copytree(version / "uploads", staging / "uploads") if (version / "uploads").is_dir() else staging.mkdir(parents=True)
    rebuild_actuals(staging, doc_actuals_table(version), read_batches(version))
    return read_actuals(staging)


def expected_uploads(version: Path) -> pd.DataFrame:
    """The precedence rule computed independently: per key, the row of the latest active batch (published_at,
    batch_id), where a withdrawal holds the kept rows of the batch it withdraws from and so ranks as that batch."""
    log = read_batches(version).to_pandas()
    reverted = set(log["reverts_batch_id"].dropna())
    by_id = log.set_index("batch_id")
    origin = {}
    for batch_id in log["batch_id"]:
        source = batch_id
        while by_id.loc[source, "kind"] == "withdraw":
            source = by_id.loc[source, "reverts_batch_id"]
        origin[batch_id] = source
    log["rank_at"] = [by_id.loc[origin[b], "published_at"] for b in log["batch_id"]]
    log["rank_id"] = [origin[b] for b in log["batch_id"]]
    active = log[~log["batch_id"].isin(reverted)]
    files = [version / "uploads" / f"{b}.parquet" for b in active["batch_id"]]
    files = [f for f in files if f.exists()]
    if not files:
        return pd.DataFrame(columns=[*KEY, "actual_value", "batch_id"])
    rows = pd.concat([pd.read_parquet(f) for f in files]).merge(active[["batch_id", "rank_at", "rank_id"]], on="batch_id")
    latest = rows.sort_values(["rank_at", "rank_id"]).groupby(KEY, dropna=False).tail(1)
    return latest[[*KEY, "actual_value", "batch_id"]].sort_values(KEY, na_position="first").reset_index(drop=True)


def check_version(version: Path, tmp: Path) -> pd.DataFrame:
    """Incremental result = full rebuild = precedence rule; one current row per key; batch files sorted and named."""
    got = read_actuals(version)
    pd.testing.assert_frame_equal(got, rebuilt(version, tmp))
    current = got[got["is_current"]]
    assert not current.duplicated(KEY).any()
    uploads = got[got["origin"] == "upload"][[*KEY, "actual_value", "batch_id"]]
    uploads = uploads.astype({"year": "int32"}).sort_values(KEY, na_position="first").reset_index(drop=True)
    want = expected_uploads(version)
    pd.testing.assert_frame_equal(uploads, want.astype(uploads.dtypes.to_dict()), check_dtype=False)
    docs = got[got["origin"] == "document"]
    shadowed = docs.merge(want[KEY], on=KEY, how="inner")
    assert not shadowed["is_current"].any(), "a document row stays current under an upload"
    log = read_batches(version).to_pandas()
    uploads_logged = set(log.loc[log["kind"] == "upload", "batch_id"])
    for path in (version / ACTUALS_DIR).glob("*.parquet"):
        frame = pq.read_table(path).to_pandas()
        assert len(frame) > 0, path.name
        source, part, _ = path.name.split(".")
        if source == "documents" or source in uploads_logged:  # else rows restored by a revert, or merged files
            assert set(frame["batch_id"].fillna("documents")) == {source}
        assert frame["province"].isna().all() if part == "national" else frame["province"].notna().all()
        ordered = frame.sort_values(["indicator_id", "province", "year"], na_position="first", kind="stable")
        assert frame.index.equals(ordered.index), f"{path.name} is not in indicator, province, year order"
    return got


def upload(version: Path, n: int, seed: int, years: range, root: Path) -> str:
    """Publish n rows (national first) for the given years; returns the batch id."""
    body = actuals_frame(version, n, seed, years).to_csv(index=False).encode("utf-8")
    outcome = publish_upload(body, f"seed{seed}.csv", "analyst", root=root, confirmed=True)
    assert outcome.batch_id
    return outcome.batch_id


def test_publishes_and_reverts_match_a_full_rebuild_and_the_precedence_rule(fresh_warehouse, tmp_path):
    root = fresh_warehouse
    base = current_dir(root)
    check_version(base, tmp_path)
    first = upload(base, 400, 1, range(2019, 2024), root)  # national rows overlap document figures
    check_version(current_dir(root), tmp_path)
    second = upload(current_dir(root), 900, 2, range(2021, 2026), root)  # replaces part of the first
    check_version(current_dir(root), tmp_path)
    upload(current_dir(root), 300, 3, range(2022, 2024), root)  # replaces parts of both
    check_version(current_dir(root), tmp_path)
    revert_batch(second, "analyst", "wrong file")  # the first batch's replaced rows come back where the third does not cover them
    check_version(current_dir(root), tmp_path)
    upload(current_dir(root), 200, 4, range(2020, 2022), root)
    check_version(current_dir(root), tmp_path)
    revert_batch(first, "analyst", "wrong file")  # document figures come back
    got = check_version(current_dir(root), tmp_path)
    assert set(got.loc[got["origin"] == "upload", "batch_id"]) and first not in set(got["batch_id"].dropna())


def test_a_publish_rewrites_only_the_batch_files_whose_keys_it_replaces(fresh_warehouse, tmp_path):
    root = fresh_warehouse
    old = upload(current_dir(root), 1000, 1, range(2016, 2019), root)
    touched = upload(current_dir(root), 1000, 2, range(2020, 2023), root)
    before = current_dir(root)
    newest = upload(before, 50, 3, range(2020, 2021), root)  # national rows of 2020 only: keys of the second batch
    after = current_dir(root)
    check_version(after, tmp_path)

    def inode(version: Path, name: str) -> int:
        return os.stat(version / ACTUALS_DIR / name).st_ino

    for part in ("national", "provincial"):
        assert inode(after, f"{old}.{part}.parquet") == inode(before, f"{old}.{part}.parquet"), "an untouched batch was rewritten"
    assert inode(after, f"{touched}.national.parquet") != inode(before, f"{touched}.national.parquet")
    rows = {v.name: pq.read_metadata(v / ACTUALS_DIR / f"{touched}.national.parquet").num_rows for v in (before, after)}
    replaced = pq.read_metadata(after / "uploads" / f"{newest}.parquet").num_rows  # changed rows only, all in 2020
    assert rows[after.name] == rows[before.name] - replaced, rows


def test_small_files_are_merged_and_stay_sorted(fresh_warehouse, tmp_path, monkeypatch, catalog):
    from etl.build import build

    monkeypatch.setattr("etl.actuals.MAX_SMALL_FILES", 2)
    root = fresh_warehouse
    for seed, years in enumerate([range(2010, 2012), range(2012, 2014), range(2014, 2016), range(2013, 2015)]):
        upload(current_dir(root), 1200, seed + 1, years, root)
        version = current_dir(root)
        check_version(version, tmp_path)
        for part in ("national", "provincial"):
            row_files = [p for p in (version / ACTUALS_DIR).glob(f"*.{part}.parquet") if not p.name.startswith("documents.")]
            assert len(row_files) <= 2, sorted(p.name for p in row_files)
    assert list((current_dir(root) / ACTUALS_DIR).glob("merged-*.parquet")), "nothing was merged"
    incremental = read_actuals(current_dir(root))
    build(root, catalog)  # a rebuild writes the small batches' rows straight into one merged file
    assert len(list((current_dir(root) / ACTUALS_DIR).glob("merged-*.parquet"))) == 2
    pd.testing.assert_frame_equal(check_version(current_dir(root), tmp_path), incremental)


@pytest.mark.parametrize("n_batches", [1, 3])
def test_a_rebuild_keeps_every_batch_and_its_order(fresh_warehouse, tmp_path, catalog, n_batches):
    from etl.build import build

    root = fresh_warehouse
    for seed in range(n_batches):
        upload(current_dir(root), 500, seed + 1, range(2018 + seed, 2022 + seed), root)
    incremental = read_actuals(current_dir(root))
    build(root, catalog)
    pd.testing.assert_frame_equal(check_version(current_dir(root), tmp_path), incremental)


def test_a_large_batch_keeps_its_order_through_parallel_copies_and_rewrites(tmp_path, catalog):
    """Several row groups, so DuckDB copies in parallel: the batch files must still come out sorted (a join between
    the upload file and its copy reorders rows unless it runs on one thread; a copy without a join does not)."""
    import pyarrow as pa

    from bench import synthetic
    from bench.run import small_batch
    from etl.build import publish_derived
    from etl.warehouse import publish_lock

    root = tmp_path / "warehouse"
    synthetic.make_warehouse(root, 400_000, catalog)
    check_version(current_dir(root), tmp_path)
    with publish_lock(root):
        version = current_dir(root)
        batch_id = "b20990101T000000Z-large"
        batches = pa.concat_tables([read_batches(version), synthetic.batch_log_row(batch_id, 1000)])
        publish_derived(root, batches, (batch_id, small_batch(version, batch_id, 0)), "upload", batch_id=batch_id)
    check_version(current_dir(root), tmp_path)
