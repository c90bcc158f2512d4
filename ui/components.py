"""Small reusable Streamlit pieces: status badges, tiles, target lists, empty states."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from presentation.charts import doc_label, evaluate_row_description, status_label
from ui.layout import lang, tr

BADGE_COLORS = {
    "achieved": "green", "on_track": "blue", "at_risk": "orange", "off_track": "red", "not_achieved": "violet",
    "not_measured": "gray", "insufficient_data": "gray", "no_data": "gray",
}


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
        tr("note"): targets["note"],
    })
