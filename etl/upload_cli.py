"""`python -m etl load-actuals | revert | withdraw | history`: the same validation and publish code as the Upload page.

Exit codes: 0 success, 1 invalid input or refused request (nothing written), 2 file not readable, 3 warehouse busy
or not built. Expected problems print a message to stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from etl.upload import (
    CheckResult,
    PreviewChanged,
    UploadError,
    UploadNeedsConfirmation,
    UploadRejected,
    batch_history,
    check_upload,
    implausible,
    parse_key,
    plausibility_text,
    preview,
    publish_upload,
    revert_batch,
    withdraw_keys,
)
from etl.warehouse import PublishBusyError, current_dir, data_dir, require_current

MAX_PRINTED_ISSUES = 200
MAX_PRINTED_CHANGES = 50


def utf8_streams() -> None:
    """Print Vietnamese safely even when the terminal encoding is not UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


def fail(message: str, code: int = 1) -> int:
    """Print an expected problem to stderr and return the exit code."""
    print(message, file=sys.stderr)
    return code


def print_report(result: CheckResult) -> None:
    """The validation report: counts per code, then the detailed rows (capped)."""
    where = f" (sheet '{result.sheet_read}')" if result.sheet_read else ""
    print(f"File: {result.file_name}{where}  sha256={result.file_sha256[:16]}…  data rows: {result.rows_read}")
    print(
        f"Errors: {result.error_count}  Warnings: {result.warning_count}  "
        f"(lỗi: {result.error_count}, cảnh báo: {result.warning_count})"
    )
    if not result.counts:
        return
    print("\nBy code / theo mã lỗi:")
    for row in result.summary_frame().itertuples(index=False):
        print(f"  {row.severity.upper():7} {row.code:28} {row.count:>8}")
    print("\nDetails / chi tiết:")
    frame = result.issues_frame()
    for issue in frame.head(MAX_PRINTED_ISSUES).itertuples(index=False):
        print(f"- [{issue.severity}] {issue.code}")
        print(f"    {issue.message_vi}\n    → {issue.fix_vi}")
        print(f"    {issue.message_en}\n    → {issue.fix_en}")
    hidden = sum(result.counts.values()) - min(len(frame), MAX_PRINTED_ISSUES)
    if hidden > 0:
        print(f"... {hidden} more issue(s) not listed (use --report FILE for the table) / còn {hidden} vấn đề khác.")


def write_report(result: CheckResult, path: str) -> str | None:
    """Write the issue table to .csv or .xlsx; returns an error message for another extension."""
    from etl.export import to_csv_bytes, to_xlsx_bytes  # openpyxl: imported only when a report is asked for

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        target.write_bytes(to_csv_bytes(result.issues_frame()))
    elif suffix == ".xlsx":
        target.write_bytes(to_xlsx_bytes({"issues": result.issues_frame(), "summary": result.summary_frame()}))
    else:
        return f"--report must end in .csv or .xlsx, not {suffix or '(none)'}"
    print(f"Report written to {target}")
    return None


def print_preview(frame: pd.DataFrame) -> None:
    """Counts of new/changed/unchanged rows and the changed rows (old → new)."""
    counts = frame["change"].value_counts()
    print(
        f"\nPreview / xem trước: new={counts.get('new', 0)} changed={counts.get('changed', 0)} "
        f"unchanged={counts.get('unchanged', 0)}"
    )
    changed = frame[frame["change"] == "changed"]
    for row in changed.head(MAX_PRINTED_CHANGES).itertuples(index=False):
        where = row.province if isinstance(row.province, str) else "national"
        source = row.old_batch_id if isinstance(row.old_batch_id, str) else (row.old_source_doc or "document")
        print(
            f"  row {row.excel_row}: {row.indicator_id} {row.year} {where}: {row.old_value} → {row.actual_value} (old from {source})"
        )
    if len(changed) > MAX_PRINTED_CHANGES:
        print(f"  ... {len(changed) - MAX_PRINTED_CHANGES} more changed row(s)")
    flagged = implausible(frame)
    if len(flagged):
        print(f"\nImplausible / bất thường: {len(flagged)} row(s) need --confirm-implausible")
        for row in flagged.head(MAX_PRINTED_CHANGES).itertuples(index=False):
            where = row.province if isinstance(row.province, str) else "national"
            print(f"  row {row.excel_row}{' (' + row.cell + ')' if isinstance(row.cell, str) else ''}: "
                  f"{row.indicator_id} ({row.indicator_name_en}) {row.year} {where}: "
                  f"{row.actual_value} {row.unit_en or ''}")
            print(f"    {plausibility_text(row, 'vi')}\n    {plausibility_text(row, 'en')}")


def load_actuals(args: argparse.Namespace) -> int:
    """Validate, preview and (unless --dry-run) publish an actuals file; exit 1 on any error."""
    utf8_streams()
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return fail(f"Cannot read {path}: {exc.strerror or exc} / Không đọc được tệp {path}.", 2)
    version = current_dir(data_dir())
    if version is None:
        return fail(f"No published warehouse under {data_dir()}: run `python -m etl build` first.", 3)
    result = check_upload(data, path.name, version)
    print_report(result)
    if getattr(args, "report", None):
        problem = write_report(result, args.report)
        if problem:
            return fail(problem)
    if result.has_errors:
        return fail(f"\n{result.error_count} error(s): nothing was published. / Có {result.error_count} lỗi: chưa xuất bản gì.")
    previewed = preview(result, version)
    print_preview(previewed)
    if args.dry_run:
        print("\nDry run: nothing was published. / Chạy thử: chưa xuất bản gì.")
        return 0
    try:
        outcome = publish_upload(data, path.name, args.user, args.note or "", checked=result, checked_against=version,
                                 previewed=previewed, confirmed=bool(getattr(args, "confirm_implausible", False)))
    except UploadRejected as exc:
        print_report(exc.result)
        return fail(str(exc))
    except PreviewChanged as exc:
        print_preview(exc.preview)
        return fail(str(exc))
    except UploadNeedsConfirmation as exc:
        return fail(str(exc))
    except PublishBusyError as exc:
        return fail(str(exc), 3)
    except UploadError as exc:
        return fail(str(exc))
    except OSError as exc:  # PublishFailedError (disk full, I/O error) or a missing warehouse: nothing was written
        return fail(str(exc))
    if outcome.batch_id is None:
        print("\nEvery row is unchanged: no new version. / Mọi dòng đều không đổi: không tạo phiên bản mới.")
    else:
        print(
            f"\nPublished batch {outcome.batch_id}: new={outcome.rows_new} changed={outcome.rows_changed} "
            f"unchanged={outcome.rows_unchanged}"
        )
    return 0


def batch_change(change: Callable[[], str], done: Callable[[str], str]) -> int:
    """Run a revert or withdrawal and print done(new batch id); the exit codes of both commands (3: busy or no
    warehouse yet, 1: refused or failed, nothing written)."""
    utf8_streams()
    try:
        new_id = change()
    except PublishBusyError as exc:
        return fail(str(exc), 3)
    except UploadError as exc:
        return fail(str(exc))
    except OSError as exc:  # no warehouse yet, or PublishFailedError: nothing was written
        return fail(str(exc), 3 if isinstance(exc, FileNotFoundError) else 1)
    print(done(new_id))
    return 0


def revert(args: argparse.Namespace) -> int:
    """Revert a batch with a reason."""
    return batch_change(lambda: revert_batch(args.batch_id, args.user, args.reason),
                        lambda new_id: f"Reverted {args.batch_id} with batch {new_id}")


def withdraw(args: argparse.Namespace) -> int:
    """Withdraw some keys of a batch with a reason (recorded like a revert)."""
    return batch_change(lambda: withdraw_keys(args.batch_id, [parse_key(k) for k in args.keys], args.user, args.reason),
                        lambda new_id: f"Withdrew {len(args.keys)} key(s) of {args.batch_id} with batch {new_id}")


def history(args: argparse.Namespace) -> int:
    """One line per batch: id, ISO time, user, file, rows total/new/changed/unchanged, status."""
    utf8_streams()
    try:
        version = require_current(data_dir())
    except FileNotFoundError as exc:
        return fail(str(exc), 3)
    frame = batch_history(version)
    if frame.empty:
        print("No batches yet. / Chưa có lô dữ liệu nào.")
        return 0
    for row in frame.itertuples(index=False):
        when = pd.Timestamp(row.published_at).tz_convert("UTC").isoformat()
        status = row.status if row.status == "active" else f"{row.status} by {row.reverted_by}"
        target = row.file_name if isinstance(row.file_name, str) else f"revert of {row.reverts_batch_id}"
        if row.kind == "withdraw":
            target = f"withdrawal from {row.reverts_batch_id}"
        print(
            f"{row.batch_id}  {when}  {row.user}  {row.kind}  {target}  rows total={row.rows_total} new={row.rows_new} "
            f"changed={row.rows_changed} unchanged={row.rows_unchanged}  {status}"
        )
    return 0
