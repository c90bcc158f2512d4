"""The "Cần chú ý" (needs attention) list: distinct lagging targets, worst first, one line each (pure pandas)."""

from __future__ import annotations

import pandas as pd

from etl.formatting import fmt_number
from presentation.charts import TARGET_SPEC, doc_label, evaluate_row_description, status_label
from presentation.text import t

# Worst first: a target already missed, then one that will be missed at this pace, then one at risk.
LAGGING = ("not_achieved", "off_track", "at_risk")
# Every status, worst first: the order of cards, filters and lists that put what is behind first.
SEVERITY = (*LAGGING, "on_track", "achieved", "not_measured", "insufficient_data", "no_data")
COLUMNS = ["indicator_id", "sector_id", "indicator", "target", "status", "status_text", "latest", "latest_year", "why",
           "unit", "tasks", "gap", "documents", "sources"]


def distinct_targets(score: pd.DataFrame) -> pd.DataFrame:
    """One row per target statement: restatements of the same target in several documents collapse to the first,
    with how many documents state it and which.

    The one place that decides "which row stands for a target"; when the scorecard marks a headline row per target
    (is_headline), that row is taken.
    """
    if score.empty:
        return score.assign(documents=pd.Series(dtype="int64"), sources=pd.Series(dtype="object"))
    # A text key: target specs hold missing values, which pandas group keys and joins do not match reliably.
    key = score[["indicator_id", *TARGET_SPEC]].astype("string").fillna("").agg("|".join, axis=1)
    frame = score.assign(_key=key)
    docs = frame.groupby("_key", sort=False)["source_doc"].agg(lambda s: list(dict.fromkeys(s.dropna())))
    count = frame.groupby("_key", sort=False).size()
    if "is_headline" in frame.columns:
        frame = frame[frame["is_headline"].fillna(False).astype(bool)]
    first = frame.drop_duplicates("_key", keep="first")
    return first.assign(documents=first["_key"].map(count).astype("int64"), sources=first["_key"].map(docs)).drop(columns="_key")


def gap(row: pd.Series) -> float:
    """How far behind, as a share (0 = on the line, 1 = nothing done): the end-year shortfall against the goal for a
    missed target, the missing part of the required pace (1 - observed/required) for a target still ahead."""
    if row["status"] == "not_achieved":
        goal, end = row.get("goal"), row.get("end_value")
        if goal is None or pd.isna(goal) or end is None or pd.isna(end) or float(goal) == 0:
            return 1.0 if pd.isna(row.get("progress_pct")) else max(0.0, 1 - float(row["progress_pct"]) / 100)
        return abs(float(goal) - float(end)) / abs(float(goal))
    ratio = row.get("ratio")
    return 1.0 if ratio is None or pd.isna(ratio) else max(0.0, 1 - float(ratio))


def attention_rows(score: pd.DataFrame, units: dict[str, str], lang: str, limit: int | None = None) -> pd.DataFrame:
    """The lagging distinct targets of score (a whole scorecard or one sector's), worst first (status, then gap).

    units maps indicator_id to the lead unit(s) of the annex-II tasks serving it; others read "chưa gán".
    """
    lagging = distinct_targets(score[score["status"].isin(LAGGING)])
    if lagging.empty:
        return pd.DataFrame(columns=COLUMNS)
    lagging = lagging.assign(_rank=lagging["status"].map(LAGGING.index), gap=lagging.apply(gap, axis=1))
    lagging = lagging.sort_values(["_rank", "gap", "period_end", "indicator_id"], ascending=[True, False, True, True], kind="stable")
    if limit:
        lagging = lagging.head(limit)
    vi = lang == "vi"
    records = []
    for row in lagging.to_dict("records"):
        period = str(row["period_end"]) if row["period_start"] == row["period_end"] else f"{row['period_start']}-{row['period_end']}"
        draft = f" ({t('draft', lang)})" if row["is_draft"] else ""
        unit = row["unit"] if vi else (row.get("unit_en") or row["unit"])
        has_latest = not pd.isna(row["latest_value"])
        records.append({
            "indicator_id": row["indicator_id"], "sector_id": row["sector_id"],
            "indicator": row["name_vi" if vi else "name_en"],
            "target": f"{t('target_short', lang)} {period}: {evaluate_row_description(pd.Series(row), lang)}{draft}",
            "status": row["status"], "status_text": status_label(row["status"], lang, bool(row["early"])),
            "latest": figure_text(row["latest_value"], unit, row["value_type"], lang) if has_latest else "–",
            "latest_year": int(row["latest_year"]) if has_latest else None,
            "why": row["why_vi" if vi else "why_en"],
            "unit": units.get(row["indicator_id"]) or t("unassigned", lang),
            "tasks": units.get(row["indicator_id"]) is not None,
            "gap": float(row["gap"]), "documents": int(row["documents"]),
            "sources": "; ".join(doc_label(d, lang) for d in row["sources"]),
        })
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def figure_text(value: float, unit: str, value_type: str, lang: str) -> str:
    """'73,2%', '86 thuê bao/100 dân', 'hạng 86' / 'rank 86'."""
    number = fmt_number(value, lang)
    if value_type == "rank":
        return f"{'hạng' if lang == 'vi' else 'rank'} {number}"
    return f"{number}%" if unit == "%" else f"{number} {unit}".strip()


def attention_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The list as a table with readable headers (for the slide, the PDF and downloads)."""
    return pd.DataFrame({
        t("indicator", lang): rows["indicator"], t("target", lang): rows["target"], t("status", lang): rows["status_text"],
        t("latest", lang): [f"{v} ({y})" if y else v for v, y in zip(rows["latest"], rows["latest_year"], strict=True)],
        t("why", lang): rows["why"], t("responsible_unit", lang): rows["unit"],
    })
