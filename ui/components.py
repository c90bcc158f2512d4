"""Small reusable Streamlit pieces: status badges, tiles, target lists, empty states."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from presentation.charts import doc_label, evaluate_row_description, status_label
from presentation.views import local_notes
from ui.layout import lang, tr

BADGE_COLORS = {
    "achieved": "green", "on_track": "blue", "at_risk": "orange", "off_track": "red", "not_achieved": "violet",
    "not_measured": "gray", "insufficient_data": "gray", "no_data": "gray",
}


def tile(info: dict, change: dict | None = None) -> None:
    """A headline tile: name, latest value and year, the change since the previous report, target, status with its
    reason on hover."""
    with st.container(border=True, height="stretch"):
        st.markdown(f"**{info['name']}**")
        if info["value"] is None:
            st.markdown(f"### –\n{tr('tile_no_data')}")
        else:
            st.markdown(f"### {info['value']}\n{tr('year')} {info['year']}")
            change_line(change)
        st.caption(f"{tr('target')} {info['target']}")
        st.badge(info["status_text"], color=BADGE_COLORS[info["status"]], help=info["why"])
        if info["status"] == "not_measured":
            # A newer figure beside "not measured" reads as a contradiction unless the reason is in sight.
            st.caption(md_escape(info["why"]))
        if info.get("also_behind"):
            st.caption(tr("tile_also_behind", items="; ".join(info["also_behind"])))


def change_line(change: dict | None) -> None:
    """'▲ +4,1 điểm % so với 2022' and a "mới cập nhật" badge when the newest upload set the indicator."""
    if not change or not (change["change"] or change["fresh"]):
        return
    fresh = f" :blue-badge[:material/fiber_new: {tr('fresh')}]" if change["fresh"] else ""
    st.markdown(f":small[{md_escape(change['change'] or '')}]{fresh}", help=tr("fresh_help") if change["fresh"] else None)


def target_list(items: list[dict]) -> None:
    """Each headline target (views.target_items): what it asks, a status badge with symbol and words, the reason and
    progress in natural units; the other statements for the same year listed under it, not counted. One markdown
    element per target (plus its progress bar) keeps long card pages light in the browser."""
    for item in items:
        target_entry(item)
        if item.get("variants"):
            st.markdown(f":small[**{tr('variants')}** · {tr('variant_stricter')}:]")
            for variant in item["variants"]:
                target_entry(variant, nested=True)


def target_entry(item: dict, nested: bool = False) -> None:
    """One target: heading line with notes and badge, its reason, and progress (a bar only while it is not met)."""
    notes = f" · _{tr('draft')}_" if item["draft"] else ""
    notes += f" · {tr('stated_in', n=item['documents'])}" if item["documents"] > 1 else ""
    notes += f" · ⚠ {tr('conflict')}" if item["conflict"] and not nested else ""
    badge = f":{BADGE_COLORS[item['status']]}-badge[{md_escape(item['status_text'])}]"
    head = f"{tr('target')} {item['period']}: {md_escape(item['goal'])}"
    prefix = "↳ " if nested else ""
    st.markdown(f"{prefix}{'' if nested else '**'}{head}{'' if nested else '**'}{notes} {badge}  \n"
                f":small[:gray[{md_escape(item['why'])}]]")
    if item["progress"] is not None and item["status"] != "achieved" and not nested:
        # Progress is 0-100% of the way from the trend's start; how far short or beyond is said in units.
        st.progress(min(max(item["progress"], 0.0), 100.0) / 100, text=md_escape(item["progress_text"]))
    elif item.get("progress_text"):
        st.markdown(f":small[{md_escape(item['progress_text'])}]")


def md_escape(text: str) -> str:
    """Text that cannot open a Markdown directive, link or formula."""
    return "".join("\\" + ch if ch in "\\[]$*_`" else ch for ch in str(text))


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
        tr("note"): local_notes(targets, language)["note"],
    })


ATTENTION_LINES = 6


def attention_list(rows: pd.DataFrame, key: str) -> None:
    """The "Cần chú ý" block: worst lagging targets one line each (status, target, latest figure, reason, lead unit,
    link to the indicator); the rest in an expander."""
    language = lang()
    with st.container(border=True, key=f"attention_{key}"):
        st.markdown(f"#### :material/priority_high: {tr('attention')} · {tr('attention_count', n=len(rows))}")
        st.caption(tr("attention_help"))
        if rows.empty:
            st.success(tr("attention_none"))
            return
        for record in rows.head(ATTENTION_LINES).to_dict("records"):
            attention_line(record, language)
        if len(rows) > ATTENTION_LINES:
            with st.expander(tr("attention_more", n=len(rows) - ATTENTION_LINES)):
                for record in rows.iloc[ATTENTION_LINES:].to_dict("records"):
                    attention_line(record, language)


def attention_line(record: dict, language: str) -> None:
    """One lagging target: badge, name and target, latest figure and year, reason, lead unit, link."""
    badge = f":{BADGE_COLORS[record['status']]}-badge[{md_escape(record['status_text'])}]"
    latest = tr("latest_figure", value=record["latest"], year=record["latest_year"]) if record["latest_year"] else "–"
    unit = md_escape(record["unit"]) if record["tasks"] else f"_{md_escape(record['unit'])}_"
    left, right = st.columns([6, 1], vertical_alignment="center")
    left.markdown(f"{badge} **{md_escape(record['indicator'])}** · {md_escape(record['target'])} · {md_escape(latest)}  \n"
                  f":small[{md_escape(record['why'])} · {tr('responsible_unit')}: {unit}]")
    right.page_link("pages/indicator.py", label=tr("open_card"), icon=":material/arrow_forward:",
                    query_params={"indicator": record["indicator_id"], "lang": language})
