"""publish_upload: validate again under the publish lock and publish new and changed rows as one batch."""

from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa

from etl.build import BATCH_SCHEMA, publish_derived, read_batches
from etl.upload.check import check_upload
from etl.upload.limits import MAX_NOTE_CHARS
from etl.upload.preview import implausible, preview, same_preview
from etl.upload.reference import same_reference
from etl.upload.result import CheckResult, PreviewChanged, UploadError, UploadNeedsConfirmation, UploadRejected
from etl.upload.sniff import CONTROL_RE, NOTE_CONTROL_RE
from etl.warehouse import data_dir, publish_lock, require_current


@dataclass
class PublishOutcome:
    """What publish_upload did: the new batch id (None when every row was unchanged) and the row counts."""

    batch_id: str | None
    version_dir: Path | None
    file_name: str
    sha256: str
    rows_total: int
    rows_new: int
    rows_changed: int
    rows_unchanged: int
    result: CheckResult


def new_batch_id() -> str:
    """'b' + UTC timestamp + '-' + 6 hex digits, e.g. b20261122T190501Z-1a2b3c."""
    return "b" + datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def next_published_at(batches: pa.Table) -> datetime:
    """Now, but strictly after every logged batch, so a clock step back cannot reorder batches."""
    now = datetime.now(UTC)
    if batches.num_rows:
        last = max(batches.column("published_at").to_pylist())
        if last is not None and now <= last:
            now = last + timedelta(microseconds=1)
    return now


def clean_user(user: str) -> str:
    """The user name to record; must be non-empty printable text."""
    name = CONTROL_RE.sub("", unicodedata.normalize("NFC", user or "")).strip()
    if not name:
        raise UploadError("A user name is required. / Cần có tên người thực hiện.")
    return name[:100]


def archive_bytes(root: Path, data: bytes, sha256: str) -> Path:
    """Keep the original upload under archive/<sha256> for audit (temp file, fsync, rename)."""
    folder = root / "archive"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / sha256
    if not target.exists():
        tmp = folder / f".tmp-{sha256}-{secrets.token_hex(4)}"
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    return target


def batch_row(**values: object) -> pa.Table:
    """One batch-log row in BATCH_SCHEMA (missing fields null)."""
    return pa.Table.from_pylist([{name: values.get(name) for name in BATCH_SCHEMA.names}], schema=BATCH_SCHEMA)


def column(series: pd.Series, kind: pa.DataType) -> pa.Array:
    """A preview column as Arrow (NaN and None become nulls), without a Python loop over the rows."""
    if kind == pa.string() and not isinstance(series.dtype, pd.StringDtype):
        series = series.astype(object)  # text in an object column (None, NaN or str per cell)
    return pa.Array.from_pandas(series, type=kind)  # a string column is Arrow already: no copy through objects


def upload_rows_table(batch_id: str, changed: pd.DataFrame) -> pa.Table:
    """The rows a batch publishes (UPLOAD_SCHEMA order, year as int64) from the new and changed preview rows."""
    n = len(changed)
    return pa.table({
        "batch_id": pa.repeat(pa.scalar(batch_id, pa.string()), n),
        "row_no": column(changed["row_no"].astype("int64"), pa.int64()),
        "indicator_id": column(changed["indicator_id"], pa.string()),
        "year": column(changed["year"].astype("int64"), pa.int64()),
        "province": column(changed["province"], pa.string()),
        "actual_value": column(changed["actual_value"].astype("float64"), pa.float64()),
        "is_estimate": column(changed["is_estimate"].astype(bool), pa.bool_()),
        "note": column(changed["note"], pa.string()),
        "change": column(changed["change"], pa.string()),
        "previous_value": column(changed["old_value"].astype("float64"), pa.float64()),
        "previous_batch_id": column(changed["old_batch_id"], pa.string()),
    })


def publish_upload(data: bytes, file_name: str, user: str, note: str = "", root: Path | None = None, *,
                   checked: CheckResult | None = None, checked_against: Path | None = None,
                   previewed: pd.DataFrame | None = None, confirmed: bool | Collection[int] = False) -> PublishOutcome:
    """Validate under the publish lock and publish new+changed rows as one batch (no version when nothing changed).

    A CheckResult of the same bytes made against a version with the same reference tables (indicators, provinces)
    is reused instead of validating again; the preview is always recomputed against the version current under the lock.
    previewed: the preview the analyst saw; when another publish changed it meanwhile, PreviewChanged carries the
    new one and nothing is written. confirmed: True, or the row numbers the analyst confirmed, for rows flagged as
    implausible; an unconfirmed flagged row raises UploadNeedsConfirmation.
    """
    root = root or data_dir()
    user = clean_user(user)
    note = NOTE_CONTROL_RE.sub("", unicodedata.normalize("NFC", note or "")).strip()[:MAX_NOTE_CHARS] or None
    with publish_lock(root):
        version = require_current(root)
        reusable = (checked is not None and checked_against is not None and checked_against.is_dir()
                    and checked.file_sha256 == hashlib.sha256(data).hexdigest() and same_reference(checked_against, version))
        result = checked if reusable else check_upload(data, file_name, version)
        if result.has_errors:
            raise UploadRejected(result)
        # A version directory never changes once published: a preview of this check made against this very version is
        # what the preview would be now, so it is reused; against any other version it is recomputed and compared.
        same_version = checked_against is not None and checked_against.resolve() == version.resolve()
        pv = previewed if reusable and same_version and previewed is not None else preview(result, version)
        if previewed is not None and not same_preview(previewed, pv):
            raise PreviewChanged(pv, version)
        flagged = implausible(pv)
        if len(flagged) and confirmed is not True and not set(flagged["row_no"].astype(int)) <= set(confirmed or ()):
            raise UploadNeedsConfirmation(flagged)
        counts = pv["change"].value_counts().to_dict()
        n_new, n_changed, n_unchanged = (int(counts.get(c, 0)) for c in ("new", "changed", "unchanged"))
        outcome = PublishOutcome(
            None, version, result.file_name, result.file_sha256, len(pv), n_new, n_changed, n_unchanged, result
        )
        if n_new + n_changed == 0:
            return outcome
        batch_id = new_batch_id()
        changed = pv[pv["change"] != "unchanged"]
        rows = upload_rows_table(batch_id, changed)
        batches = read_batches(version)
        entry = batch_row(
            batch_id=batch_id,
            kind="upload",
            user=user,
            published_at=next_published_at(batches),
            file_name=result.file_name,
            sha256=result.file_sha256,
            rows_total=len(pv),
            rows_new=n_new,
            rows_changed=n_changed,
            rows_unchanged=n_unchanged,
            note=note,
        )
        archived_before = (root / "archive" / result.file_sha256).exists()
        archive_bytes(root, data, result.file_sha256)
        try:
            new_version = publish_derived(root, pa.concat_tables([batches, entry]), (batch_id, rows), "upload", batch_id=batch_id)
        except BaseException:
            # A failed publish leaves nothing behind: drop the archived copy unless an earlier publish made it.
            if not archived_before:
                (root / "archive" / result.file_sha256).unlink(missing_ok=True)
            raise
        outcome.batch_id = batch_id
        outcome.version_dir = new_version
        return outcome
