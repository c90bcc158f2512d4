"""revert_batch: a batch's rows stop counting and the values they replaced come back."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pyarrow as pa

from etl.build import publish_derived, read_batches
from etl.upload.history import batch_history, batch_rows
from etl.upload.limits import MAX_NOTE_CHARS
from etl.upload.publish import batch_row, clean_user, new_batch_id, next_published_at
from etl.upload.result import UploadError
from etl.upload.sniff import NOTE_CONTROL_RE
from etl.warehouse import data_dir, publish_lock, require_current


def revert_batch(batch_id: str, user: str, reason: str, root: Path | None = None) -> str:
    """Revert an upload batch (its rows stop counting; the values they replaced come back); returns the revert batch id."""
    root = root or data_dir()
    user = clean_user(user)
    reason = NOTE_CONTROL_RE.sub("", unicodedata.normalize("NFC", reason or "")).strip()
    if not reason:
        raise UploadError("A reason is required to revert a batch. / Cần ghi lý do hoàn tác.")
    with publish_lock(root):
        version = require_current(root)
        history = batch_history(version)
        found = history[history["batch_id"] == batch_id]
        if found.empty:
            raise UploadError(f"Batch {batch_id} does not exist. / Không có lô {batch_id}.")
        entry = found.iloc[0]
        if entry["kind"] == "revert":
            raise UploadError(
                f"Batch {batch_id} is itself a revert and cannot be reverted. / "
                f"Lô {batch_id} là một lần hoàn tác, không thể hoàn tác."
            )
        if entry["status"] == "reverted":
            raise UploadError(
                f"Batch {batch_id} was already reverted by {entry['reverted_by']}. / "
                f"Lô {batch_id} đã được hoàn tác bởi {entry['reverted_by']}."
            )
        rows = batch_rows(version, batch_id)
        affected = int(rows["is_current"].sum()) if len(rows) else 0
        revert_id = new_batch_id()
        batches = read_batches(version)
        entry_row = batch_row(
            batch_id=revert_id,
            kind="revert",
            user=user,
            published_at=next_published_at(batches),
            rows_total=len(rows),
            rows_new=0,
            rows_changed=affected,
            rows_unchanged=len(rows) - affected,
            note=reason[:MAX_NOTE_CHARS],
            reverts_batch_id=batch_id,
        )
        publish_derived(
            root, pa.concat_tables([batches, entry_row]), None, "revert", batch_id=revert_id, reverts_batch_id=batch_id
        )
        return revert_id
