"""Tables of the Upload and History pages, shaped for reading (pure: no Streamlit): problem and fix first, labels in
the reader's language, Vietnamese number formats, local time (UTC+7), newest batch first."""

from __future__ import annotations

import math
import re
from datetime import timedelta

import pandas as pd

from etl.formatting import fmt_number
from etl.upload.preview import neighbours_text, plausibility_text
from presentation.text import t
from presentation.views import local_notes

VIETNAM = timedelta(hours=7)
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$<>:&])")


def md_text(value: object) -> str:
    """User-supplied text (file, sheet, user names, notes, reasons) made inert inside Markdown: every character that
    could open emphasis, a link, an image, a formula, a directive or HTML is backslash-escaped; line breaks become spaces."""
    return MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def number(value: object, lang: str) -> str:
    """A figure for display (– when missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    return fmt_number(float(value), lang, 4)


def issues_table(issues: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The detailed issues: problem, how to fix it, where, the value, severity (no codes, no repeated file prefix)."""
    return pd.DataFrame({
        t("col_problem", lang): issues[f"problem_{lang}"],
        t("col_fix", lang): issues[f"fix_{lang}"],
        t("col_where", lang): issues[f"where_{lang}"],
        t("col_value", lang): issues["value"],
        t("col_severity", lang): issues["severity"].map(lambda s: t(f"severity_{s}", lang)),
    })


def summary_table(issues: pd.DataFrame, counts: dict[tuple[str, str], int], lang: str) -> pd.DataFrame:
    """One line per kind of problem: severity, how often, and its first problem and fix."""
    first = issues.drop_duplicates("code").set_index("code")
    rows = []
    for (code, severity), n in sorted(counts.items(), key=lambda kv: (kv[0][1] != "error", -kv[1])):
        example = first.loc[code] if code in first.index else None
        rows.append({
            t("col_severity", lang): t(f"severity_{severity}", lang),
            t("col_count", lang): n,
            t("col_example", lang): example[f"problem_{lang}"] if example is not None else "",
            t("col_fix", lang): example[f"fix_{lang}"] if example is not None else "",
        })
    return pd.DataFrame(rows)


def where_label(row: object, lang: str) -> str:
    """'national' or the province code."""
    return row.province if isinstance(row.province, str) else t("national", lang)


def preview_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The preview: where in the file, change, indicator (id, name, unit), year, place, new and old value, published
    neighbouring values and the plausibility warning."""
    name = f"indicator_name_{lang}"
    unit = "unit" if lang == "vi" else "unit_en"
    rows = list(frame.itertuples(index=False))
    return pd.DataFrame({
        t("col_row", lang): frame["excel_row"],
        t("col_cell", lang): frame["cell"],
        t("change", lang): frame["change"].map(lambda c: t(f"change_{c}", lang)),
        t("indicator", lang): frame["indicator_id"],
        t("col_indicator_name", lang): frame[name],
        t("year", lang): frame["year"],
        t("province", lang): [where_label(r, lang) for r in rows],
        t("new_value", lang): [number(v, lang) for v in frame["actual_value"]],
        t("col_unit", lang): frame[unit].where(frame[unit].notna(), frame["unit"]),
        t("old_value", lang): [number(v, lang) for v in frame["old_value"]],
        t("col_neighbours", lang): [neighbours_text(r, lang) for r in rows],
        t("col_check", lang): [plausibility_text(r, lang) or "" for r in rows],
        t("col_estimate", lang): frame["is_estimate"],
        t("note", lang): frame["note"],
    })


def local_time(value: object) -> str:
    """A UTC timestamp as Vietnam time, dd/mm/yyyy HH:MM."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "–"
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return (stamp.tz_localize(None) + VIETNAM).strftime("%d/%m/%Y %H:%M")


def status_label(row: object, lang: str) -> str:
    """Active, reverted (by whom, when) or partly withdrawn."""
    if row.status == "active":
        return t("status_active", lang)
    key = "status_withdrawn" if getattr(row, "reverted_by_kind", None) == "withdraw" else "status_reverted"
    return t(key, lang, by=row.reverted_by_user or "–", when=local_time(row.reverted_at))


def history_table(batches: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The batch log, newest first, in readable labels and local time."""
    newest = batches.sort_values(["published_at", "batch_id"], ascending=False, kind="stable")
    rows = list(newest.itertuples(index=False))
    return pd.DataFrame({
        t("col_when", lang): [local_time(r.published_at) for r in rows],
        t("col_kind", lang): [t(f"kind_{r.kind}", lang) if r.kind in ("upload", "revert", "withdraw") else r.kind for r in rows],
        t("col_user", lang): newest["user"].to_numpy(),
        t("col_file", lang): newest["file_name"].to_numpy(),
        t("note", lang): newest["note"].to_numpy(),
        t("col_rows", lang): [t("rows_summary", lang, total=r.rows_total, new=r.rows_new, changed=r.rows_changed,
                                unchanged=r.rows_unchanged) for r in rows],
        t("col_status", lang): [status_label(r, lang) for r in rows],
        t("col_batch", lang): newest["batch_id"].to_numpy(),
    })


def batch_choice_label(row: pd.Series, lang: str) -> str:
    """How a batch is named in the picker: time, kind, user, file."""
    kind = t(f"kind_{row['kind']}", lang) if row["kind"] in ("upload", "revert", "withdraw") else row["kind"]
    name = row["file_name"] if isinstance(row["file_name"], str) else row["batch_id"]
    return f"{local_time(row['published_at'])} · {kind} · {row['user']} · {name}"


def key_label(indicator_id: str, year: int, province: str | None, lang: str) -> str:
    """'indicator · 2021 · national'."""
    return f"{indicator_id} · {int(year)} · {province or t('national', lang)}"


def comes_back_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """For a revert or withdrawal: each key, its value now, and the value the batch had replaced (which comes back)."""
    current = rows[rows["is_current"].astype(bool)] if len(rows) else rows
    return pd.DataFrame({
        t("col_key", lang): [key_label(i, y, p if isinstance(p, str) else None, lang)
                             for i, y, p in zip(current["indicator_id"], current["year"], current["province"], strict=True)],
        t("col_now", lang): [number(v, lang) for v in current["actual_value"]],
        t("col_back", lang): [number(v, lang) if v is not None and not pd.isna(v) else t("no_value_back", lang)
                              for v in current["previous_value"]],
    })


def batch_rows_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A batch's rows: key, value, change at publish time, whether it is in use now."""
    return pd.DataFrame({
        t("col_key", lang): [key_label(i, y, p if isinstance(p, str) else None, lang)
                             for i, y, p in zip(rows["indicator_id"], rows["year"], rows["province"], strict=True)],
        t("new_value", lang): [number(v, lang) for v in rows["actual_value"]],
        t("old_value", lang): [number(v, lang) for v in rows["previous_value"]],
        t("change", lang): rows["change"].map(lambda c: t(f"change_{c}", lang) if c in ("new", "changed", "unchanged") else c),
        t("is_current", lang): rows["is_current"].astype(bool),
        t("note", lang): rows["note"],
    })


def flagged_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows flagged as implausible, the warning first: row, cell, what to check, indicator, year, value, unit and
    the published values around it."""
    full = preview_table(frame, lang)
    order = ["col_row", "col_cell", "col_check", "col_indicator_name", "year", "province", "new_value", "col_unit",
             "col_neighbours"]
    return full[[t(k, lang) for k in order]]


def point_history_table(points: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every value of one key, oldest first: source, value, estimate, document line or batch, who, when, status."""
    rows = list(points.itertuples(index=False))
    return pd.DataFrame({
        t("col_origin", lang): [t(f"origin_{r.origin}", lang) for r in rows],
        t("new_value", lang): [number(r.value, lang) for r in rows],
        t("col_estimate", lang): points["is_estimate"].astype("boolean"),
        t("col_source", lang): [f"{r.source_doc} ({int(r.source_line)})" if isinstance(r.source_doc, str) and pd.notna(r.source_line)
                                else (r.batch_id or "–") for r in rows],
        t("col_user", lang): points["user"],
        t("col_when", lang): [local_time(r.published_at) if pd.notna(r.published_at) else "–" for r in rows],
        t("col_status", lang): [t(f"point_{r.batch_status}", lang) if r.batch_status in ("active", "reverted") else "–"
                                for r in rows],
        t("is_current", lang): points["is_current"].astype(bool),
        t("note", lang): local_notes(points, lang)["note"].to_numpy(),
    })


def flagged_lines(frame: pd.DataFrame, lang: str) -> list[str]:
    """One Markdown line per flagged row (every piece of text escaped): where, indicator, year, place, value and
    unit in bold, then what to check against which published values."""
    name = f"indicator_name_{lang}"
    unit = "unit" if lang == "vi" else "unit_en"
    lines = []
    for r in frame.itertuples(index=False):
        where = f"{t('col_row', lang)} {int(r.excel_row)}" + (f" ({r.cell})" if isinstance(r.cell, str) else "")
        label = getattr(r, name) if isinstance(getattr(r, name), str) else r.indicator_id
        shown_unit = getattr(r, unit) if isinstance(getattr(r, unit), str) else (r.unit or "")
        value = f"{number(r.actual_value, lang)} {shown_unit}".strip()
        lines.append(f"- {md_text(where)} · {md_text(label)} · {int(r.year)} · {md_text(where_label(r, lang))}: "
                     f"**{md_text(value)}**  \n  {md_text(plausibility_text(r, lang) or '')}")
    return lines
