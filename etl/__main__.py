"""Command line of the ETL: `python -m etl COMMAND` (see `python -m etl --help`)."""

from __future__ import annotations

import argparse
import atexit
import os
import sys

from etl import cli


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and dispatch to the command."""
    parser = argparse.ArgumentParser(prog="python -m etl", description="Build and maintain the dashboard warehouse.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="validate the source catalog and publish a new warehouse version")
    sub.add_parser("check", help="check the source catalog's provenance and keys without publishing")
    sub.add_parser("catalog-report", help="counts of targets and actuals per document and sector")
    sc = sub.add_parser("scorecard", help="status of every (indicator, target) pair")
    sc.add_argument("--format", choices=["csv", "json", "table"], default="table")
    sc.add_argument("--sector")
    sc.add_argument("--as-of", type=int)
    la = sub.add_parser("load-actuals", help="validate, preview and publish an actuals spreadsheet (.xlsx/.csv)")
    la.add_argument("file")
    la.add_argument("--user", required=True)
    la.add_argument("--note", default="")
    la.add_argument("--dry-run", action="store_true")
    la.add_argument("--report", help="also write the validation report to this .csv or .xlsx file")
    la.add_argument("--confirm-implausible", action="store_true",
                    help="publish rows flagged as implausible against the published values (after checking them)")
    rv = sub.add_parser("revert", help="revert a published batch")
    rv.add_argument("batch_id")
    rv.add_argument("--user", required=True)
    rv.add_argument("--reason", required=True)
    wd = sub.add_parser("withdraw", help="withdraw some keys of a published batch (the values they replaced come back)")
    wd.add_argument("batch_id")
    wd.add_argument("keys", nargs="+", help="INDICATOR:YEAR or INDICATOR:YEAR:PROVINCE_CODE")
    wd.add_argument("--user", required=True)
    wd.add_argument("--reason", required=True)
    sub.add_parser("history", help="one line per batch")
    tp = sub.add_parser("template", help="write the .xlsx upload template")
    tp.add_argument("out")
    ul = sub.add_parser("unlock", help="lift sign-in lock-outs (by account, client address, or all) and list what is left")
    ul.add_argument("--account")
    ul.add_argument("--client")
    ul.add_argument("--all", action="store_true")
    ul.add_argument("--revoke-sessions", metavar="ACCOUNT", help="also sign this account out everywhere")
    sub.add_parser("locks", help="failed sign-in counters and the lock-outs they cause")
    br = sub.add_parser("briefing", help="a sector, or the attention list, as a slide deck (pptx) or an A4 report (pdf)")
    scope = br.add_mutually_exclusive_group(required=True)
    scope.add_argument("--sector", help="sector id, e.g. telecom")
    scope.add_argument("--attention", action="store_true", help="the lagging targets of every sector")
    br.add_argument("--as-of", type=int)
    br.add_argument("--lang", choices=["vi", "en"], default="vi")
    br.add_argument("--format", choices=["pptx", "pdf"], required=True)
    br.add_argument("--out", help="output file (default: bao-cao-<scope>[-<as-of>].<format>)")
    args = parser.parse_args(argv)
    return cli.COMMANDS[args.command](args)


def quick_exit(code: int) -> None:
    """End the process without the interpreter's teardown.

    After a 100,000-row load-actuals, tearing the interpreter down (freeing every module and object pandas, pyarrow
    and DuckDB built) takes 0.1-0.3 s, longer than some of the work. Nothing is lost by skipping it: everything the
    command wrote is closed (and the publish fsynced) before it returns, its only other thread (the .xlsx head start)
    just reads, the exit handlers run here (CPython's own runner) and both streams are flushed before os._exit.
    """
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: what could be written was written
            pass
    os._exit(code)


if __name__ == "__main__":
    code = main()
    if sys.argv[1:2] == ["load-actuals"]:  # the command whose whole process is timed; the others exit as usual
        quick_exit(code)
    sys.exit(code)
