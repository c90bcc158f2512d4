"""revert_batch: a batch's rows stop counting and the values they replaced come back."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa

from etl.build import UPLOAD_SCHEMA, publish_derived, read_batches
from etl.upload.history import batch_history, batch_rows
from etl.upload.limits import MAX_NOTE_CHARS
from etl.upload.publish import batch_row, clean_user, new_batch_id, next_published_at
from etl.upload.result import UploadError
from etl.upload.sniff import NOTE_CONTROL_RE
from etl.warehouse import data_dir, publish_lock, require_current


def required_reason(reason: str | None, missing: str) -> str:
    """The reason as stored (NFC, no control characters); UploadError(missing) when it is empty."""
    cleaned = NOTE_CONTROL_RE.sub("", unicodedata.normalize("NFC", reason or "")).strip()
    if not cleaned:
        raise UploadError(missing)
    return cleaned


def find_batch(version: Path, batch_id: str) -> pd.Series:
    """The batch log entry of batch_id in a version; UploadError when there is none."""
    history = batch_history(version)
    found = history[history["batch_id"] == batch_id]
    if found.empty:
        raise UploadError(f"Batch {batch_id} does not exist. / Không có lô {batch_id}.")
    return found.iloc[0]


def revert_batch(batch_id: str, user: str, reason: str, root: Path | None = None) -> str:
    """Revert an upload batch (its rows stop counting; the values they replaced come back); returns the revert batch id."""
    root = root or data_dir()
    user = clean_user(user)
    reason = required_reason(reason, "A reason is required to revert a batch. / Cần ghi lý do hoàn tác.")
    with publish_lock(root):
        version = require_current(root)
        entry = find_batch(version, batch_id)
        if entry["kind"] == "revert":
            raise UploadError(
                f"Batch {batch_id} is itself a revert and cannot be reverted. / "
                f"Lô {batch_id} là một lần hoàn tác, không thể hoàn tác."
            )
        if entry["kind"] == "withdraw":
            raise UploadError(
                f"Batch {batch_id} is a withdrawal and cannot be reverted; upload the withdrawn rows again. / "
                f"Lô {batch_id} là một lần rút dòng, không thể hoàn tác; hãy tải lại các dòng đã rút."
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


Key = tuple[str, int, str | None]


def parse_key(text: str) -> Key:
    """'INDICATOR:YEAR' or 'INDICATOR:YEAR:PROVINCE' (the command line's key syntax)."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[1].strip().isdigit():
        raise UploadError(f"Not a key: {text!r} (INDICATOR:YEAR[:PROVINCE]). / Không phải khóa: {text!r}.")
    return parts[0].strip(), int(parts[1]), (parts[2].strip() or None) if len(parts) == 3 else None


def withdraw_keys(batch_id: str, keys: Iterable[Key], user: str, reason: str, root: Path | None = None) -> str:
    """Withdraw some keys of an active batch: recorded like a revert (a 'withdraw' batch that reverts it), whose own
    rows are all the batch's other rows, ranked in the batch's place (etl/actuals.py batch_ranks), so only the
    withdrawn keys get their earlier value back, and a later batch's keys stay as they were. Returns the
    withdrawal's batch id."""
    root = root or data_dir()
    user = clean_user(user)
    reason = required_reason(reason, "A reason is required to withdraw rows. / Cần ghi lý do rút dòng.")
    wanted = {(str(i), int(y), p or None) for i, y, p in keys}
    if not wanted:
        raise UploadError("Choose at least one row to withdraw. / Hãy chọn ít nhất một dòng để rút.")
    with publish_lock(root):
        version = require_current(root)
        entry = find_batch(version, batch_id)
        if entry["kind"] == "revert" or entry["status"] != "active":
            raise UploadError(
                f"Batch {batch_id} is not an active upload; nothing to withdraw. / "
                f"Lô {batch_id} không còn hiệu lực; không có gì để rút."
            )
        rows = batch_rows(version, batch_id, own=True)
        key_of = [(i, int(y), p if isinstance(p, str) else None) for i, y, p in
                  zip(rows["indicator_id"], rows["year"], rows["province"], strict=True)]
        missing = wanted - set(key_of)
        if missing:
            shown = ", ".join(f"{i}:{y}" + (f":{p}" if p else "") for i, y, p in sorted(missing, key=str)[:10])
            raise UploadError(f"Batch {batch_id} has no row for {shown}. / Lô {batch_id} không có dòng {shown}.")
        withdrawn = [k in wanted for k in key_of]
        mask = pd.Series(withdrawn, index=rows.index)
        # Every kept row, current or not: a row a later batch replaced must come back if that batch is reverted.
        kept = rows[~mask]
        gone = rows[mask]
        new_id = new_batch_id()
        batches = read_batches(version)
        entry_row = batch_row(
            batch_id=new_id,
            kind="withdraw",
            user=user,
            published_at=next_published_at(batches),
            file_name=entry["file_name"] if isinstance(entry["file_name"], str) else None,
            sha256=entry["sha256"] if isinstance(entry["sha256"], str) else None,
            rows_total=len(gone),
            rows_new=0,
            rows_changed=int(gone["is_current"].sum()),
            rows_unchanged=len(gone) - int(gone["is_current"].sum()),
            note=reason[:MAX_NOTE_CHARS],
            reverts_batch_id=batch_id,
        )
        log = pa.concat_tables([batches, entry_row])
        if kept.empty:
            publish_derived(root, log, None, "withdraw", batch_id=new_id, reverts_batch_id=batch_id)
            return new_id
        carried = pa.Table.from_pydict(
            {
                "batch_id": [new_id] * len(kept),
                "row_no": kept["row_no"].astype("int64").tolist(),
                "indicator_id": kept["indicator_id"].tolist(),
                "year": kept["year"].astype("int64").tolist(),
                "province": [p if isinstance(p, str) else None for p in kept["province"]],
                "actual_value": kept["actual_value"].astype(float).tolist(),
                "is_estimate": kept["is_estimate"].astype(bool).tolist(),
                "note": [n if isinstance(n, str) else None for n in kept["note"]],
                "change": kept["change"].tolist(),
                "previous_value": [None if pd.isna(v) else float(v) for v in kept["previous_value"]],
                "previous_batch_id": [b if isinstance(b, str) else None for b in kept["previous_batch_id"]],
            },
            schema=pa.schema([(f.name, pa.int64() if f.name == "year" else f.type) for f in UPLOAD_SCHEMA]),
        )
        publish_derived(root, log, (new_id, carried), "withdraw", batch_id=new_id, reverts_batch_id=batch_id)
        return new_id
