"""Plain-text reports behind `python -m etl catalog-report` and `python -m etl scorecard`."""

from __future__ import annotations

import csv
import io
import json
import math

import pandas as pd

from etl.catalog import Catalog, load_catalog

TABLE_COLUMNS = [
    ("indicator_id", 44), ("period", 9), ("cmp", 9), ("target", 13), ("draft", 5), ("baseline", 15),
    ("latest", 15), ("status", 17), ("progress", 8),
]


def text_table(headers: list[str], rows: list[list[object]]) -> str:
    """A fixed-width table: first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def count_table(targets: pd.DataFrame, actuals: pd.DataFrame, key: str, order: list[str], label: str) -> str:
    """Targets and actuals per value of key (document or sector), with a total row."""
    t = targets[key].value_counts()
    a = actuals[key].value_counts()
    keys = [k for k in order if k in t.index or k in a.index] + sorted((set(t.index) | set(a.index)) - set(order))
    rows = [[k, int(t.get(k, 0)), int(a.get(k, 0)), int(t.get(k, 0)) + int(a.get(k, 0))] for k in keys]
    rows.append(["total", len(targets), len(actuals), len(targets) + len(actuals)])
    return text_table([label, "targets", "actuals", "total"], rows)


def conflict_groups(targets: pd.DataFrame) -> pd.DataFrame:
    """One row per (indicator, period) whose statements disagree, with the number of statements."""
    spec = targets[["comparator", "target_value", "target_low", "target_high"]].astype("string").fillna("").agg("|".join, axis=1)
    frame = targets.assign(_spec=spec)
    keys = ["indicator_id", "period_start", "period_end"]
    groups = frame.groupby(keys).agg(specs=("_spec", "nunique"), statements=("_spec", "size"))
    return groups[groups["specs"] > 1].reset_index()


def catalog_report(catalog: Catalog | None = None) -> str:
    """Counts per document and sector, conflicting target groups, and indicators with targets but no actuals."""
    catalog = catalog or load_catalog()
    sector_of = dict(zip(catalog.indicators["indicator_id"], catalog.indicators["sector_id"], strict=True))
    targets = catalog.targets.assign(sector_id=catalog.targets["indicator_id"].map(sector_of))
    actuals = catalog.actuals.assign(sector_id=catalog.actuals["indicator_id"].map(sector_of))
    docs = list(catalog.documents["source_doc"])
    sectors = list(catalog.sectors.sort_values("sort_order")["sector_id"])
    conflicts = conflict_groups(catalog.targets[catalog.targets["kind"] == "target"])
    kinds = catalog.targets["kind"].value_counts()
    provincial = catalog.actuals[catalog.actuals["province"].notna()] if "province" in catalog.actuals else catalog.actuals.iloc[:0]
    flagged_tasks = catalog.tasks[catalog.tasks["deadline_flag"].notna()] if "deadline_flag" in catalog.tasks else catalog.tasks.iloc[:0]
    no_actuals = catalog.indicators[
        catalog.indicators["indicator_id"].isin(set(catalog.targets["indicator_id"]))
        & ~catalog.indicators["indicator_id"].isin(set(catalog.actuals["indicator_id"]))
    ].sort_values("indicator_id")
    parts = [
        (f"Catalog: {len(catalog.indicators)} indicators, {len(catalog.targets)} targets, {len(catalog.actuals)} actuals, "
         f"{len(catalog.tasks)} tasks"),
        "Target statements by kind (only 'target' is judged): "
        + ", ".join(f"{k}={int(kinds.get(k, 0))}" for k in ("target", "projection", "aspiration")),
        f"Provincial actuals: {len(provincial)} rows, {provincial['province'].nunique()} provinces, "
        f"{provincial['indicator_id'].nunique()} indicators (national: {len(catalog.actuals) - len(provincial)} rows)",
        *(f"  {iid}: {len(g)} rows, provinces {', '.join(sorted(g['province']))}"
          for iid, g in provincial.groupby("indicator_id", sort=True)),
        f"Tasks with a flagged deadline: {len(flagged_tasks)}"
        + (f" ({', '.join(str(n) for n in flagged_tasks['task_no'])})" if len(flagged_tasks) else ""),
        "",
        "Per document",
        count_table(targets, actuals, "source_doc", docs, "document"),
        "",
        "Per sector",
        count_table(targets, actuals, "sector_id", sectors, "sector"),
        "",
        f"Conflicting target groups (same indicator and period, different statements): {len(conflicts)}",
        *(f"  {r.indicator_id} {r.period_start}-{r.period_end}: {r.specs} different of {r.statements} statements"
          for r in conflicts.itertuples()),
        "",
        f"Indicators with targets but no actuals: {len(no_actuals)}",
        *(f"  {r.indicator_id}  {r.name_vi}" for r in no_actuals.itertuples()),
        "",
        *public_report_section(catalog, sectors),
    ]
    return "\n".join(parts)


def public_report_counts(reports: pd.DataFrame, sectors: list[str]) -> str:
    """Public-report figures per sector (rows) and year (columns), with totals."""
    years = sorted(int(y) for y in reports["year"].dropna().unique())
    counts = reports.groupby(["sector_id", "year"]).size()
    keys = [s for s in sectors if s in set(reports["sector_id"])]
    rows = [[k, *(int(counts.get((k, y), 0)) for y in years), int(counts.get(k, pd.Series(dtype="int64")).sum())] for k in keys]
    rows.append(["total", *(int((reports["year"] == y).sum()) for y in years), len(reports)])
    return text_table(["sector", *(str(y) for y in years), "total"], rows)


def public_report_section(catalog: Catalog, sectors: list[str]) -> list[str]:
    """The public-report lines of the catalog report: counts per sector and year, and indicators they cover."""
    from etl.public_reports import load_public_reports, public_reports_file

    reports = load_public_reports(catalog.indicators)
    if reports.empty:
        return [f"Public-report figures: 0 ({public_reports_file()})"]
    return [
        f"Public-report figures (origin public_report; {public_reports_file().name}): {len(reports)} figures, "
        f"{reports['indicator_id'].nunique()} indicators, {reports['url'].nunique()} pages read",
        public_report_counts(reports, sectors),
    ]


def plain(value: object) -> object:
    """A JSON/CSV-ready Python value: None for missing, int/float/bool/str otherwise."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def scorecard_records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, object]]:
    """The scorecard rows as plain dicts with exactly the given columns."""
    return [{c: plain(row[c]) for c in columns} for _, row in frame[columns].iterrows()]


def num(value: object) -> str:
    """A compact number for the table ('' when missing)."""
    value = plain(value)
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def table_row(r: dict[str, object]) -> list[str]:
    """The readable subset of one scorecard record (plus the year of its baseline actual)."""
    if r["comparator"] == "range" or (r["target_value"] is None and r["target_low"] is not None):
        target = f"{num(r['target_low'])}-{num(r['target_high'])}"
    else:
        target = num(r["target_value"])
    period = str(r["period_end"]) if r["period_start"] == r["period_end"] else f"{r['period_start']}-{r['period_end']}"
    baseline = f"{num(r['baseline_value'])} ({int(r['baseline_actual_year'])})" if r["baseline_value"] is not None else ""
    latest = f"{num(r['latest_value'])} ({r['latest_year']})" if r["latest_value"] is not None else ""
    progress = f"{r['progress_pct']:.0f}%" if r["progress_pct"] is not None else ""
    draft = "yes" if r["is_draft"] else ""
    cells = [r["indicator_id"], period, r["comparator"], target, draft, baseline, latest, r["status"], progress]
    return [str(c)[:w] for c, (_, w) in zip(cells, TABLE_COLUMNS, strict=True)]


def scorecard_output(fmt: str, sector: str | None = None, as_of: int | None = None) -> str:
    """The scorecard of the published warehouse as JSON (list of objects), CSV (with header) or a fixed-width table:
    one row per distinct target (its statements counted in `statements`), `is_headline` on the one verdict per
    (indicator, target year)."""
    import duckdb

    from etl.scorecard import OUTPUT_COLUMNS, scorecard
    from etl.warehouse import require_current

    con = duckdb.connect()
    try:
        frame = scorecard(con, require_current(), as_of=as_of, sector=sector)
    finally:
        con.close()
    frame = frame[frame["is_primary"]]
    records = scorecard_records(frame, OUTPUT_COLUMNS)
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=OUTPUT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in records)
        return out.getvalue().rstrip("\n")
    if fmt == "table":
        extra = scorecard_records(frame, ["baseline_actual_year"])
        body = text_table([h for h, _ in TABLE_COLUMNS], [table_row({**r, **x}) for r, x in zip(records, extra, strict=True)])
        counts = pd.Series([r["status"] for r in records if r["is_headline"]], dtype="string").value_counts()
        summary = ", ".join(f"{k}={v}" for k, v in counts.items())
        heads, statements = sum(bool(r["is_headline"]) for r in records), sum(int(r["statements"]) for r in records)
        return (f"{body}\n\n{len(records)} distinct targets in {statements} statements; one headline verdict per indicator "
                f"and target year, {heads} target(s): {summary}") if records else "0 target(s)"
    raise ValueError(f"unknown format {fmt!r}: use csv, json or table")
