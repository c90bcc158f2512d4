"""The ETL commands behind `python -m etl`."""

from __future__ import annotations

import argparse
import sys

from etl.catalog import CatalogError
from etl.provenance import check_catalog


def cmd_build(args: argparse.Namespace) -> int:
    """Validate the catalog and publish a new version."""
    from etl.build import build, version_info

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
