"""Small reusable Streamlit pieces: status badges, tiles, target lists, empty states."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.formatting import fmt_number
from ui.charts import TARGET_SPEC, doc_label, evaluate_row_description, status_label
from ui.layout import lang, tr

BADGE_COLORS = {
    "achieved": "green", "on_track": "blue", "at_risk": "orange", "off_track": "red", "not_achieved": "violet",
    "not_measured": "gray", "insufficient_data": "gray", "no_data": "gray",
}


def status_badge(status: str, early: bool = False) -> None:
    """A coloured badge that also carries a symbol and words."""
    st.badge(status_label(status, lang(), early), color=BADGE_COLORS[status])


def tile(info: dict) -> None:
    """A headline tile: name, latest value and year, target, status with its reason on hover."""
    with st.container(border=True, height="stretch"):
        st.markdown(f"**{info['name']}**")
        if info["value"] is None:
            st.markdown(f"### –\n{tr('tile_no_data')}")
        else:
            st.markdown(f"### {info['value']}\n{tr('year')} {info['year']}")
        st.caption(f"{tr('target')} {info['target']}")
        st.badge(info["status_text"], color=BADGE_COLORS[info["status"]], help=info["why"])


def target_list(targets: pd.DataFrame) -> None:
    """Each distinct target with its status badge, reason and progress (a restatement in several documents once)."""
    language = lang()
    if targets.empty:
        return
    for _, group in targets.groupby(TARGET_SPEC, dropna=False, sort=True):
        row = group.iloc[0]
        period = str(row["period_end"]) if row["period_start"] == row["period_end"] else f"{row['period_start']}-{row['period_end']}"
        draft = f" · _{tr('draft')}_" if row["is_draft"] else ""
        conflict = f" · ⚠ {tr('conflict')}" if row["has_conflict"] else ""
        if len(group) > 1:
            draft += f" · {tr('stated_in', n=len(group))}"
        cols = st.columns([3, 1])
        cols[0].markdown(f"**{tr('target')} {period}: {evaluate_row_description(row, language)}**{draft}{conflict}")
        with cols[1]:
            status_badge(row["status"], bool(row["early"]))
        st.caption(row["why_vi" if language == "vi" else "why_en"])
        if not pd.isna(row["progress_pct"]):
            pct = float(row["progress_pct"])
            st.progress(min(max(pct, 0.0), 100.0) / 100, text=f"{tr('progress')}: {fmt_number(pct, language, 0)}%")


def no_data_notice(indicator_id: str) -> None:
    """The honest empty state: what is missing and what analysts should upload."""
    st.info(f"**{tr('no_data_title')}**\n\n{tr('no_data_body', indicator_id=indicator_id)}", icon=":material/upload_file:")


def sources_table(targets: pd.DataFrame) -> pd.DataFrame:
    """Targets with their verbatim quotes, document and line, for display."""
    language = lang()
    return pd.DataFrame({
        tr("target"): [f"{r['period_start']}-{r['period_end']}" if r["period_start"] != r["period_end"] else str(r["period_end"])
                       for _, r in targets.iterrows()],
        tr("value"): [evaluate_row_description(r, language) for _, r in targets.iterrows()],
        tr("status"): [status_label(s, language, bool(e)) for s, e in zip(targets["status"], targets["early"], strict=True)],
        tr("source_doc"): [doc_label(d, language) + (f" ({tr('draft')})" if dr else "")
                           for d, dr in zip(targets["source_doc"], targets["is_draft"], strict=True)],
        tr("source_line"): targets["source_line"].astype("Int64"),
        tr("source_quote"): targets["source_quote"],
        tr("note"): targets["note"],
    })
