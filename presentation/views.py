"""Shape query results for pages (pure pandas, no Streamlit): tiles, counts, filters, the 2020-2021-2025 view."""

from __future__ import annotations

import pandas as pd

from etl.formatting import fmt_number
from etl.status import STATUSES
from presentation.charts import doc_label, evaluate_row_description, status_label
from presentation.text import TEXT, t

HEADLINE_INDICATORS = (
    "telecom_fixed_broadband_per100",
    "telecom_mobile_broadband_per100",
    "telecom_internet_users_pct",
    "telecom_fibre_households_pct",
    "digital_transformation_egdi_rank",
    "publishing_ebook_share_pct",
    "digital_economy_digital_enterprises_per1000",
    "postal_communes_staffed_post_pct",
)


def name_col(lang: str) -> str:
    """Column holding names in lang."""
    return "name_vi" if lang == "vi" else "name_en"


def headline_target(rows: pd.DataFrame) -> pd.Series:
    """The target a tile shows, among the headline verdicts: the earliest non-draft target not yet ended, else the latest
    ended one."""
    rows = rows[rows["is_headline"]] if rows["is_headline"].any() else rows
    latest_year = rows["latest_year"].dropna().max() if rows["latest_year"].notna().any() else None
    ordered = rows.sort_values(["is_draft", "period_end"])
    if latest_year is not None:
        ahead = ordered[ordered["period_end"] > latest_year]
        if not ahead.empty:
            return ahead.iloc[0]
    return ordered.sort_values(["is_draft", "period_end"], ascending=[True, False]).iloc[0]


def headline_tiles(score: pd.DataFrame, lang: str) -> list[dict]:
    """One tile per headline indicator: name, latest value and year, its headline target and status."""
    tiles = []
    for indicator_id in HEADLINE_INDICATORS:
        rows = score[score["indicator_id"] == indicator_id]
        if rows.empty:
            continue
        target = headline_target(rows)
        unit = target["unit"] if lang == "vi" else (target["unit_en"] or target["unit"])
        has_value = not pd.isna(target["latest_value"])
        tiles.append({
            "indicator_id": indicator_id,
            "name": target[name_col(lang)],
            "value": value_with_unit(target["latest_value"], unit, target["value_type"], lang) if has_value else None,
            "year": int(target["latest_year"]) if has_value else None,
            "target": f"{target['period_end']}: {evaluate_row_description(target, lang)}" + (
                f" · {t('stated_in', lang, n=int(target['statements']))}" if target["statements"] > 1 else ""),
            "status": target["status"],
            "status_text": status_label(target["status"], lang, bool(target["early"])),
            "why": target["why_vi" if lang == "vi" else "why_en"],
            "also_behind": also_behind(rows, target, lang),
        })
    return tiles


def also_behind(rows: pd.DataFrame, shown: pd.Series, lang: str) -> list[str]:
    """The indicator's other lagging headline targets ('MT 2022 (dự thảo): ✖ Không đạt'), worst first: a tile showing
    "on track" for 2025 must not look contradicted by the same indicator's missed 2022 target in the attention list."""
    from presentation.attention import LAGGING

    lagging = rows[rows["is_headline"] & rows["status"].isin(LAGGING) & (rows["target_id"] != shown["target_id"])]
    lagging = lagging.assign(_rank=lagging["status"].map(LAGGING.index)).sort_values(["_rank", "period_end"])
    items = []
    for _, row in lagging.drop_duplicates(["period_start", "period_end", "status"]).iterrows():
        period = str(row["period_end"]) if row["period_start"] == row["period_end"] else f"{row['period_start']}-{row['period_end']}"
        draft = f" ({t('draft', lang)})" if row["is_draft"] else ""
        items.append(f"{t('target_short', lang)} {period}{draft}: {status_label(row['status'], lang, bool(row['early']))}")
    return items


def value_with_unit(value: float, unit: str, value_type: str, lang: str) -> str:
    """'68,7%', '86 thuê bao/100 dân', 'hạng 86' / 'rank 86'."""
    number = fmt_number(value, lang)
    if value_type == "rank":
        return f"{'hạng' if lang == 'vi' else 'rank'} {number}"
    return f"{number}%" if unit == "%" else f"{number} {unit}".strip()


def status_counts(score: pd.DataFrame, sectors: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Number of distinct targets per (sector, status), sectors in display order: one headline verdict per indicator
    and target year, a target restated in several documents counted once."""
    names = sectors.set_index("sector_id")[name_col(lang)]
    counts = score[score["is_headline"]].groupby(["sector_id", "status"]).size().rename("n").reset_index()
    counts["sector_name"] = counts["sector_id"].map(names)
    order = {s: i for i, s in enumerate(sectors["sector_id"])}
    counts["order"] = counts["sector_id"].map(order)
    return counts.sort_values(["order", "status"]).reset_index(drop=True)


def status_pivot(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Sector × status table of counts, with status words as column headers."""
    pivot = counts.pivot_table(index="sector_name", columns="status", values="n", aggfunc="sum", fill_value=0, sort=False)
    pivot = pivot.reindex(columns=[s for s in STATUSES if s in pivot.columns])
    pivot.columns = [status_label(s, lang) for s in pivot.columns]
    pivot.index.name = "Lĩnh vực" if lang == "vi" else "Sector"
    return pivot


def scorecard_table(score: pd.DataFrame, lang: str, sector: str | None = None, status: str | tuple[str, ...] | None = None,
                    year: int | None = None) -> pd.DataFrame:
    """The filterable table of the headline targets (one per indicator and target year), with readable columns."""
    rows = score[score["is_headline"]]
    if sector:
        rows = rows[rows["sector_id"] == sector]
    if status:
        rows = rows[rows["status"].isin([status] if isinstance(status, str) else list(status))]
    if year:
        rows = rows[(rows["period_start"] <= year) & (rows["period_end"] >= year)]
    from presentation.attention import SEVERITY

    # Worst first, then by sector and indicator: what is behind leads the table as it leads the page.
    rows = (rows.assign(_severity=rows["status"].map(SEVERITY.index))
            .sort_values(["_severity", "sector_id", "indicator_id", "period_end"], kind="stable").drop(columns="_severity"))
    vi = lang == "vi"
    return pd.DataFrame({
        "indicator_id": rows["indicator_id"],
        "indicator": rows[name_col(lang)],
        "period": [str(e) if s == e else f"{s}-{e}" for s, e in zip(rows["period_start"], rows["period_end"], strict=True)],
        "target": [evaluate_row_description(r, lang) + (" (dự thảo)" if vi and r["is_draft"] else " (draft)" if r["is_draft"] else "")
                   for _, r in rows.iterrows()],
        "latest": [("–" if pd.isna(v) else f"{fmt_number(v, lang)} ({int(y)})")
                   for v, y in zip(rows["latest_value"], rows["latest_year"], strict=True)],
        "status": [status_label(s, lang, bool(e)) for s, e in zip(rows["status"], rows["early"], strict=True)],
        "progress": rows["progress_vi" if vi else "progress_en"],
        "statements": rows["statements"].astype("int64"),
        "why": rows["why_vi" if vi else "why_en"],
        "source": [f"{doc_label(d, lang)}, {'dòng' if vi else 'line'} {ln}" for d, ln in zip(rows["source_doc"], rows["source_line"], strict=True)],
    }).reset_index(drop=True)


def with_targets_first(indicators: pd.DataFrame, score: pd.DataFrame) -> pd.DataFrame:
    """Indicators ordered so those judged against more targets come first (the most telling cards lead)."""
    counts = score[score["is_headline"]].groupby("indicator_id").size().to_dict()
    # Plain ints: with no scored target (an early as-of year) a mapped Series came back as strings and "-" failed.
    order = [-int(counts.get(i, 0)) for i in indicators["indicator_id"]]
    return indicators.assign(_n=order).sort_values(["_n", "indicator_id"], kind="stable").drop(columns="_n")


def target_item(row: pd.Series, lang: str) -> dict:
    """One distinct target ready to show: period, what it asks, documents stating it, status and reason, progress."""
    start, end = row["period_start"], row["period_end"]
    return {
        "period": str(end) if start == end else f"{start}-{end}",
        "goal": evaluate_row_description(row, lang),
        "draft": bool(row["target_is_draft"]), "conflict": bool(row["disagrees"]), "documents": int(row["statements"]),
        "status": row["status"], "status_text": status_label(row["status"], lang, bool(row["early"])),
        "why": row["why_vi" if lang == "vi" else "why_en"],
        "progress": None if pd.isna(row["progress_pct"]) else float(row["progress_pct"]),
        "progress_text": row["progress_vi" if lang == "vi" else "progress_en"],
    }


def by_severity(indicators: pd.DataFrame, score: pd.DataFrame) -> pd.DataFrame:
    """Indicators ordered worst first: by the worst status among their headline targets (not achieved, off track, at
    risk, ...), then by how many targets they are judged against (the most telling cards lead)."""
    from presentation.attention import SEVERITY

    rows = score[score["is_headline"]] if "is_headline" in score.columns else score
    worst = rows.assign(_rank=rows["status"].map(SEVERITY.index)).groupby("indicator_id")["_rank"].min().to_dict()
    counts = rows.groupby("indicator_id").size().to_dict()
    ids = indicators["indicator_id"]
    # Plain ints, not mapped Series: with no scored target (an early as-of year) those came back as strings and "-"
    # failed ("unary '-' not supported for dtype 'str'").
    return (indicators.assign(_worst=[int(worst.get(i, len(SEVERITY))) for i in ids], _n=[-int(counts.get(i, 0)) for i in ids])
            .sort_values(["_worst", "_n", "indicator_id"], kind="stable").drop(columns=["_worst", "_n"]))


def target_items(targets: pd.DataFrame, lang: str) -> list[dict]:
    """The headline target of each year once (its restatements counted as documents), with the other statements for
    that year as its variants: one verdict per indicator and year, the disagreement visible under it."""
    items = []
    if targets.empty:
        return items
    primary = targets[targets["is_primary"]].sort_values(["period_end", "period_start", "target_key"])
    for _, head in primary[primary["is_headline"]].iterrows():
        item = target_item(head, lang)
        others = primary[(primary["headline_key"] == head["target_key"]) & ~primary["is_headline"]]
        item["variants"] = [target_item(v, lang) for _, v in others.iterrows()]
        items.append(item)
    return items


def sector_cards(indicators: pd.DataFrame, score: pd.DataFrame, charted: set[str], lang: str) -> dict:
    """The sector page's model: a card per indicator with actuals (most targets first) and the indicators awaiting
    actuals as one table. Counts: indicators, distinct targets (one per indicator and year) and the statements."""
    with_chart = by_severity(indicators[indicators["indicator_id"].isin(charted)], score)
    by_indicator = dict(tuple(score.groupby("indicator_id", sort=False)))
    cards = [{"indicator_id": meta["indicator_id"], "name": meta[name_col(lang)],
              "targets": target_items(by_indicator.get(meta["indicator_id"], score.iloc[:0]), lang)}
             for meta in with_chart.to_dict("records")]
    waiting = indicators[~indicators["indicator_id"].isin(charted)]
    return {"indicators": len(indicators), "targets": int(score["is_headline"].sum()), "statements": len(score),
            "cards": cards, "waiting": waiting_table(waiting, score, lang)}


def waiting_table(indicators: pd.DataFrame, score: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Indicators without actuals: name, the id to upload under, unit, and every distinct target in short form."""
    records = []
    for meta in indicators.to_dict("records"):
        own = score[(score["indicator_id"] == meta["indicator_id"]) & score["is_primary"]].sort_values(["period_end", "period_start"])
        targets = dict.fromkeys(
            f"{e if s == e else f'{s}-{e}'}: {evaluate_row_description(r, lang)}" + (" (dự thảo)" if lang == "vi" and r["is_draft"]
                                                                                     else " (draft)" if r["is_draft"] else "")
            for (_, r), s, e in zip(own.iterrows(), own["period_start"], own["period_end"], strict=True))
        records.append({"indicator": meta[name_col(lang)], "indicator_id": meta["indicator_id"],
                        "unit": meta["unit"] if lang == "vi" else (meta.get("unit_en") or meta["unit"]), "targets": "; ".join(targets)})
    return pd.DataFrame.from_records(records, columns=["indicator", "indicator_id", "unit", "targets"])


def readable_numbers(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """A display copy with the figures of columns written as in the reasons ("68,7", "973.692"); downloads keep the
    numbers themselves."""
    shown = frame.copy()
    for column in columns:
        if column in shown:
            shown[column] = [None if pd.isna(v) else fmt_number(float(v), lang) for v in shown[column]]
    return shown


def local_notes(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`note` in the reader's language: in Vietnamese our translation (note_vi) where the row has one, else the note as
    written (an uploader's note, an untranslated row); note_vi itself is not shown."""
    if "note_vi" not in frame:
        return frame
    shown = frame.drop(columns="note_vi")
    if lang == "vi" and "note" in shown:
        shown["note"] = [vi if isinstance(vi, str) and vi.strip() else en
                         for vi, en in zip(frame["note_vi"], frame["note"], strict=True)]
    return shown


def readable_source(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Source files, source classes and batch ids as people name them: 'Báo cáo tổng kết 2020', 'Công bố công khai',
    'Tải lên 01/12/2026' (never 'public_report'); notes in the reader's language."""
    shown = local_notes(frame.copy(), lang)
    if "origin" in shown:
        shown["origin"] = [None if pd.isna(o) else t(f"origin_{o}", lang) if f"origin_{o}" in TEXT else o for o in shown["origin"]]
    if "source_doc" in shown:
        shown["source_doc"] = [None if pd.isna(d) else doc_label(d, lang) for d in shown["source_doc"]]
    if "batch_id" in shown:
        word = "Tải lên" if lang == "vi" else "Uploaded"
        shown["batch_id"] = [None if pd.isna(b) or len(str(b)) < 9 else f"{word} {str(b)[7:9]}/{str(b)[5:7]}/{str(b)[1:5]}"
                             for b in shown["batch_id"]]
    return shown


def readable_tasks(tasks: pd.DataFrame, sector_names: dict[str, str], lang: str) -> pd.DataFrame:
    """The key-task table as people read it: sector and document by name, a deadline flag in words."""
    shown = readable_source(tasks, lang)
    shown["sector_id"] = [sector_names.get(s, s) for s in shown["sector_id"]]
    shown["deadline_flag"] = [None if pd.isna(f) else t(f"task_flag_{f}", lang) if f"task_flag_{f}" in TEXT else f
                              for f in shown["deadline_flag"]]
    return shown
