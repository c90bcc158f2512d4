"""Baseline vs targets: every indicator with a 2021 or 2025 target, from its baseline to its targets and latest value."""

import streamlit as st

from presentation import baseline
from presentation.charts import status_label
from ui import cache, data
from ui.layout import as_of, chart_context, ensure_router, lang, require_version, show_chart, tr
from ui.state import linked_choice, linked_toggle

ensure_router()
version = require_version()
language = lang()

st.title(tr("page_baseline"))
st.caption(tr("bl_intro"))
rows = cache.baseline_rows(str(version), as_of(), language)
if rows.empty:
    st.info(tr("baseline_empty"))
    st.stop()

sectors = data.query("sectors", str(version))
names = dict(zip(sectors["sector_id"], sectors["name_vi" if language == "vi" else "name_en"], strict=True))
all_label = tr("all")
left, middle, right = st.columns([2, 2, 1.4], vertical_alignment="bottom")
sector = linked_choice(left.selectbox, tr("filter_sector"), ["all", *names], "bl_sector", "all",
                       lambda s: names.get(s, all_label))
statuses = [s for s in baseline.STATUS_RANK if s in set(rows["status"].dropna())]
status = linked_choice(middle.selectbox, tr("filter_status"), ["all", *statuses], "bl_status", "all",
                       lambda s: all_label if s == "all" else status_label(s, language))
headline_only = linked_toggle(right, tr("bl_headline_only"), "headline")
shown = baseline.filter_rows(rows, None if sector == "all" else sector, headline_only, None if status == "all" else status)
st.caption(tr("bl_rows_n", n=len(shown)))
if shown.empty:
    st.info(tr("no_rows"))
    st.stop()

parts = baseline.slide_parts(len(shown))
part_labels = {str(i + 1): tr("bl_part_option", first=first, last=last) for i, (first, last) in enumerate(parts)}
part = linked_choice(st.selectbox, tr("bl_part_pick"), list(part_labels), "part", "1", part_labels.get)
normalised, multiples = cache.baseline_charts(str(version), as_of(), chart_context(version), None if sector == "all" else sector,
                                              headline_only, None if status == "all" else status, int(part) - 1)
norm_tab, mult_tab = st.tabs([tr("bl_tab_norm"), tr("bl_tab_mult")])
with norm_tab:
    show_chart(normalised, tr("bl_norm_title"), "baseline")
with mult_tab:
    show_chart(multiples, tr("bl_mult_title"), "baseline_units")

st.dataframe(baseline.table(shown), hide_index=True, placeholder="–", column_config={
    "no": st.column_config.NumberColumn(tr("bl_col_no"), width="small"),
    "name": st.column_config.TextColumn(tr("indicator"), width="large"), "status_text": tr("bl_col_status"),
    "progress": tr("bl_col_progress"), "scale_text": tr("bl_col_scale"), "base_text": tr("bl_col_base"),
    "t2021_text": tr("target_2021"), "t2025_text": tr("target_2025"), "latest_text": tr("bl_col_latest"),
    "note": st.column_config.TextColumn(tr("bl_col_note"), width="large"), "sector": tr("sector"),
})
