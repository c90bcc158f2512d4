"""The ETL commands behind `python -m etl`."""

from __future__ import annotations

import argparse
import sys

# Each command imports what it needs: load-actuals starts reading its file before pandas is imported.


def cmd_build(args: argparse.Namespace) -> int:
    """Validate the catalog and publish a new version."""
    from etl.build import build, version_info
    from etl.catalog import CatalogError

    try:
        version = build()
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        return 1
    info = version_info(version)
    counts = ", ".join(f"{k}={v}" for k, v in info["row_counts"].items())
    print(f"Published version {info['version_id']} at {version}\n  {counts}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Print every catalog problem."""
    from etl.provenance import check_catalog

    problems = check_catalog()
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_catalog_report(args: argparse.Namespace) -> int:
    """Counts per document and sector, and indicators with targets but no actuals."""
    from etl.report import catalog_report

    print(catalog_report())
    return 0


def cmd_scorecard(args: argparse.Namespace) -> int:
    """Print the scorecard as a table, CSV or JSON."""
    from etl.report import scorecard_output

    print(scorecard_output(args.format, sector=args.sector, as_of=args.as_of))
    return 0


def cmd_load_actuals(args: argparse.Namespace) -> int:
    """Validate, preview and (unless --dry-run) publish an actuals file."""
    from etl.upload.prefetch import prefetch_file

    prefetch_file(args.file)  # an .xlsx is checked, then read in a thread while the imports below run
    from etl.upload_cli import load_actuals

    return load_actuals(args)


def cmd_revert(args: argparse.Namespace) -> int:
    """Revert a batch."""
    from etl.upload_cli import revert

    return revert(args)


def cmd_withdraw(args: argparse.Namespace) -> int:
    """Withdraw keys of a batch."""
    from etl.upload_cli import withdraw

    return withdraw(args)


def cmd_history(args: argparse.Namespace) -> int:
    """One line per batch."""
    from etl.upload_cli import history

    return history(args)


def cmd_template(args: argparse.Namespace) -> int:
    """Write the upload template."""
    from etl.template import write_template

    write_template(args.out)
    print(f"Template written to {args.out}")
    return 0


def cmd_locks(args: argparse.Namespace) -> int:
    """Print every failed-sign-in counter with the lock-out it causes."""
    import time

    from etl import auth_store

    rows = auth_store.open_store().failures()
    for scope, key, count, last in rows:
        limit = auth_store.LIMITS.get(scope, 0)
        wait = min(auth_store.MAX_LOCKOUT_S, auth_store.LOCKOUT_S * 2 ** (count - limit)) + last - time.time() if count >= limit else 0
        shown = key.replace("\x1f", " from ")
        print(f"{scope:15} {shown:40} {count:4} failures  " + (f"locked {int(wait)} s more" if wait > 0 else "not locked"))
    print(f"{len(rows)} counter(s) in {auth_store.state_dir()}")
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    """Lift lock-outs: every counter of an account (from any client), of a client address, or all of them."""
    from etl import auth_store

    store = auth_store.open_store()
    if not (args.account or args.client or args.all or args.revoke_sessions):
        print("Say what to unlock: --account NAME, --client ADDRESS or --all.", file=sys.stderr)
        return 2
    removed = 0
    if args.all:
        removed += store.unlock()
    if args.account:
        removed += store.unlock("account", args.account)
        removed += sum(store.unlock("account_client", key) for scope, key, _, _ in store.failures()
                       if scope == "account_client" and key.split("\x1f")[0] == args.account)
    if args.client:
        removed += store.unlock("client", args.client)
        removed += sum(store.unlock("account_client", key) for scope, key, _, _ in store.failures()
                       if scope == "account_client" and key.split("\x1f")[-1] == args.client)
    print(f"Removed {removed} failed-sign-in counter(s).")
    if args.revoke_sessions:
        print(f"Signed {args.revoke_sessions} out of {store.revoke_user(args.revoke_sessions)} browser session(s).")
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    """Write the briefing deck or report of a sector or of the attention list."""
    from pathlib import Path

    import duckdb

    from etl.warehouse import current_dir, data_dir
    from presentation.briefing import load_briefing, render

    version = current_dir(data_dir())
    if version is None:
        print("No published warehouse yet: run `python -m etl build` first.", file=sys.stderr)
        return 1
    try:
        briefing = load_briefing(duckdb.connect(), version, args.lang, sector=args.sector, as_of=args.as_of)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    out = Path(args.out or briefing.file_name(args.format))
    out.write_bytes(render(briefing, args.format))
    print(f"{out}: {len(briefing.charts) + 2} pages ({len(briefing.charts)} charts, {len(briefing.attention)} targets needing attention)")
    return 0


COMMANDS = {
    "locks": cmd_locks,
    "unlock": cmd_unlock,
    "build": cmd_build,
    "check": cmd_check,
    "catalog-report": cmd_catalog_report,
    "scorecard": cmd_scorecard,
    "load-actuals": cmd_load_actuals,
    "revert": cmd_revert,
    "withdraw": cmd_withdraw,
    "history": cmd_history,
    "template": cmd_template,
    "briefing": cmd_briefing,
}
