"""Build warehouse versions: catalog tables, the batch log, upload rows and the derived actuals table."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from etl.actuals import (
    ACTUALS_DIR,
    actuals_row_count,
    publish_revert_actuals,
    publish_upload_actuals,
    rebuild_actuals,
    sort_upload_rows,
    upload_path,
)
from etl.catalog import Catalog, load_catalog
from etl.public_reports import load_public_reports, public_doc_actuals
from etl.warehouse import current_dir, data_dir, link_or_copy, publish_lock, read_manifest, staged_version

CATALOG_TABLES = ("sectors", "indicators", "targets", "provinces", "province_successions", "tasks", "documents", "indicator_tasks")
DEFAULT_RANGE = {"percent": (0.0, 100.0), "rank": (1.0, 250.0), "number": (0.0, None)}

BATCH_SCHEMA = pa.schema([
    ("batch_id", pa.string()), ("kind", pa.string()), ("user", pa.string()),
    ("published_at", pa.timestamp("us", tz="UTC")), ("file_name", pa.string()), ("sha256", pa.string()),
    ("rows_total", pa.int64()), ("rows_new", pa.int64()), ("rows_changed", pa.int64()),
    ("rows_unchanged", pa.int64()), ("note", pa.string()), ("reverts_batch_id", pa.string()),
])
UPLOAD_SCHEMA = pa.schema([
    ("batch_id", pa.string()), ("row_no", pa.int64()), ("indicator_id", pa.string()), ("year", pa.int32()),
    ("province", pa.string()), ("actual_value", pa.float64()), ("is_estimate", pa.bool_()), ("note", pa.string()),
    ("change", pa.string()), ("previous_value", pa.float64()), ("previous_batch_id", pa.string()),
])


def write_table(frame: pd.DataFrame | pa.Table, path: Path) -> None:
    """Write one Parquet table (zstd)."""
    table = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path, compression="zstd")


def flag_conflicts(targets: pd.DataFrame) -> pd.DataFrame:
    """Mark targets whose indicator and period have statements that disagree (kept side by side, never picked).

    Only judged statements (kind 'target') can conflict: a projection or an aspiration is context, never a verdict.
    """
    judged = targets["kind"].eq("target") if "kind" in targets else pd.Series(True, index=targets.index)
    flagged = flag_target_conflicts(targets[judged])
    context = targets[~judged].assign(has_conflict=False, conflicts_with=pd.Series(pd.NA, index=targets[~judged].index, dtype="string"))
    return pd.concat([flagged, context]).reindex(targets.index) if not context.empty else flagged


def flag_target_conflicts(targets: pd.DataFrame) -> pd.DataFrame:
    """flag_conflicts on judged targets only."""
    targets = targets.copy()
    key = ["indicator_id", "period_start", "period_end"]
    spec = targets[["comparator", "target_value", "target_low", "target_high"]].astype("string").fillna("").agg("|".join, axis=1)
    targets["_spec"] = spec
    distinct = targets.groupby(key)["_spec"].transform("nunique")
    targets["has_conflict"] = (distinct > 1).astype("bool")

    def others(group: pd.DataFrame) -> pd.Series:
        ids = list(group["target_id"])
        specs = list(group["_spec"])
        return pd.Series(
            [", ".join(t for t, s in zip(ids, specs, strict=True) if t != me and s != my) or pd.NA
             for me, my in zip(ids, specs, strict=True)],
            index=group.index, dtype="string",
        )

    targets["conflicts_with"] = pd.concat([others(g) for _, g in targets.groupby(key)]).reindex(targets.index)
    return targets.drop(columns="_spec")


def catalog_frames(catalog: Catalog) -> dict[str, pd.DataFrame]:
    """The published form of the catalog tables."""
    indicators = catalog.indicators.drop(columns=["catalog_part", "catalog_row"]).copy()
    for i, row in indicators.iterrows():
        low, high = DEFAULT_RANGE[row["value_type"]]
        if pd.isna(row["min_value"]):
            indicators.at[i, "min_value"] = low
        if pd.isna(row["max_value"]) and high is not None:
            indicators.at[i, "max_value"] = high
    sector_order = dict(zip(catalog.sectors["sector_id"], catalog.sectors["sort_order"], strict=True))
    indicators["sector_order"] = indicators["sector_id"].map(sector_order).astype("Int64")
    indicators = indicators.sort_values(["sector_order", "indicator_id"]).drop(columns="sector_order")
    targets = flag_conflicts(catalog.targets.drop(columns=["catalog_part", "catalog_row"]))
    for col in ("note", "note_vi"):
        if col not in targets:
            targets[col] = pd.Series(pd.NA, index=targets.index, dtype="string")
    return {
        "sectors": catalog.sectors,
        "indicators": indicators,
        "targets": targets.sort_values(["indicator_id", "period_end", "period_start", "target_id"]),
        "provinces": catalog.provinces,
        "province_successions": catalog.province_successions,
        "tasks": catalog.tasks,
        "documents": catalog.documents,
        "indicator_tasks": catalog.indicator_tasks if catalog.indicator_tasks is not None
        else pd.DataFrame({"indicator_id": pd.Series(dtype="string"), "task_no": pd.Series(dtype="Int64"), "note": pd.Series(dtype="string"),
                        "note_vi": pd.Series(dtype="string")}),
    }


def doc_actuals_frame(catalog: Catalog) -> pd.DataFrame:
    """Document actuals with their precedence inputs, in the shape etl/sql/document_actuals_current.sql expects."""
    frame = catalog.actuals.drop(columns=["catalog_part", "catalog_row"]).copy()
    for col in ("note", "note_vi"):
        if col not in frame:
            frame[col] = pd.Series(pd.NA, index=frame.index, dtype="string")
    if "province" not in frame:
        frame["province"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    priority = dict(zip(catalog.documents["source_doc"], catalog.documents["priority"], strict=True))
    frame["doc_priority"] = frame["source_doc"].map(priority).astype("Int64")
    # Last tie-breaker of the precedence rule: two figures on the same line keep the catalog's order.
    frame["catalog_order"] = pd.Series(range(len(frame)), index=frame.index, dtype="Int64")
    frame["origin"] = pd.Series("document", index=frame.index, dtype="string")
    frame["report_id"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    return frame


def with_public_reports(doc_actuals: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """The document figures followed by the public-report figures (ranked after them: see etl/public_reports.py)."""
    if reports.empty:
        return doc_actuals
    public = public_doc_actuals(reports, first_order=len(doc_actuals))
    return pd.concat([doc_actuals, public[doc_actuals.columns]], ignore_index=True)


def read_batches(version: Path | None) -> pa.Table:
    """The batch log of a version (empty when there is none)."""
    if version is None or not (version / "batches.parquet").exists():
        return BATCH_SCHEMA.empty_table()
    return pq.read_table(version / "batches.parquet", schema=BATCH_SCHEMA)


def upload_files(version: Path | None) -> list[Path]:
    """The per-batch upload row files of a version."""
    if version is None or not (version / "uploads").is_dir():
        return []
    return sorted((version / "uploads").glob("*.parquet"))


def doc_actuals_table(version: Path) -> pa.Table:
    """A version's document_actuals table, as the actuals SQL expects it."""
    table = pq.read_table(version / "document_actuals.parquet")
    if "catalog_order" not in table.column_names:
        # A warehouse published before the tie-breaker existed: its stored row order is the catalog order.
        table = table.append_column("catalog_order", pa.array(range(table.num_rows), pa.int64()))
    if "origin" not in table.column_names:
        # Published before public reports: every row is a document figure.
        table = table.append_column("origin", pa.array(["document"] * table.num_rows, pa.string()))
        table = table.append_column("report_id", pa.nulls(table.num_rows, pa.string()))
    if "note_vi" not in table.column_names:
        # Published before the Vietnamese notes: the English note is shown in both languages until the next build.
        table = table.append_column("note_vi", pa.nulls(table.num_rows, pa.string()))
    return table


def write_manifest(staging: Path, reason: str, **extra: object) -> None:
    """Describe a version: when, why, and how many rows each table holds."""
    counts = {p.stem: pq.ParquetFile(p).metadata.num_rows for p in sorted(staging.glob("*.parquet"))}
    counts[ACTUALS_DIR] = actuals_row_count(staging)
    manifest = {"published_at": datetime.now(UTC).isoformat(timespec="seconds"), "reason": reason, "row_counts": counts, **extra}
    (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def carry_uploads(previous: Path | None, staging: Path) -> None:
    """Reuse every earlier batch's immutable row file in the new version."""
    for src in upload_files(previous):
        link_or_copy(src, staging / "uploads" / src.name)


def build(root: Path | None = None, catalog: Catalog | None = None) -> Path:
    """Full rebuild from the catalog, keeping every published upload batch; returns the new version dir."""
    root = root or data_dir()
    catalog = catalog or load_catalog()
    reports = load_public_reports(catalog.indicators)
    with publish_lock(root):
        previous = current_dir(root)
        with staged_version(root) as staging:
            for name, frame in catalog_frames(catalog).items():
                write_table(frame, staging / f"{name}.parquet")
            carry_uploads(previous, staging)
            batches = read_batches(previous)
            write_table(batches, staging / "batches.parquet")
            write_table(with_public_reports(doc_actuals_frame(catalog), reports), staging / "document_actuals.parquet")
            write_table(reports, staging / "public_reports.parquet")
            rebuild_actuals(staging, doc_actuals_table(staging), batches)
            write_manifest(staging, "build")
    return current_dir(root)


def publish_derived(root: Path, batches: pa.Table, new_rows: tuple[str, pa.Table] | None, reason: str, **extra: object) -> Path:
    """A new version for an upload (new_rows) or a revert (extra reverts_batch_id): catalog tables and the actuals
    files the change does not touch are reused as-is.

    Caller holds publish_lock.
    """
    previous = current_dir(root)
    if previous is None:
        raise FileNotFoundError("No published warehouse yet: run `python -m etl build` first.")
    with staged_version(root) as staging:
        for name in (*CATALOG_TABLES, "document_actuals"):
            if (previous / f"{name}.parquet").exists():  # a version built before a table existed lacks it
                link_or_copy(previous / f"{name}.parquet", staging / f"{name}.parquet")
        if (previous / "public_reports.parquet").exists():
            link_or_copy(previous / "public_reports.parquet", staging / "public_reports.parquet")
        carry_uploads(previous, staging)
        if new_rows is not None:
            batch_id, rows = new_rows
            upload_path(staging, batch_id).parent.mkdir(exist_ok=True)
            write_table(sort_upload_rows(rows.cast(UPLOAD_SCHEMA)), upload_path(staging, batch_id))
        write_table(batches, staging / "batches.parquet")
        doc_actuals = doc_actuals_table(previous)
        if new_rows is not None and extra.get("reverts_batch_id"):
            # A withdrawal (some keys of a batch): the batch is reverted and its kept rows come back as the
            # withdrawal's rows, ranked in the batch's place; rare, so every actuals file is recomputed rather than
            # reasoning about both changes at once.
            rebuild_actuals(staging, doc_actuals, batches)
        elif new_rows is not None:
            publish_upload_actuals(previous, staging, doc_actuals, batches, new_rows[0])
        elif extra.get("reverts_batch_id"):
            publish_revert_actuals(previous, staging, doc_actuals, batches, str(extra["reverts_batch_id"]), str(extra["batch_id"]))
        else:
            rebuild_actuals(staging, doc_actuals, batches)
        write_manifest(staging, reason, based_on=previous.name, **extra)
    return current_dir(root)


def version_info(version: Path) -> dict:
    """Version id and manifest for display."""
    return {"version_id": version.name, **read_manifest(version)}
