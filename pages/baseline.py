"""Baseline vs targets: where each indicator stood in 2020, what 2021 and 2025 demand, and where it is now."""

import streamlit as st

from ui import cache
from ui.layout import as_of, chart_context, ensure_router, lang, require_version, show_chart, tr

ensure_router()
version = require_version()
language = lang()

st.title(tr("page_baseline"))
st.caption(tr("baseline_intro"))
rows = cache.baseline_rows(str(version), as_of(), language)
if rows.empty:
    st.info(tr("baseline_empty"))
    st.stop()

show_chart(cache.baseline_chart(str(version), as_of(), chart_context(version)), tr("page_baseline"), "baseline")
st.dataframe(rows, hide_index=True, placeholder="–", column_order=["sector", "label", "value_2020", "target_2021", "target_2025", "latest_value",
                                                  "latest_year", "latest_pct", "status_2025"], column_config={
    "sector": tr("sector"), "label": st.column_config.TextColumn(tr("indicator"), width="large"),
    "value_2020": tr("value_2020"), "target_2021": tr("target_2021"), "target_2025": tr("target_2025"),
    "latest_value": tr("latest_value"), "latest_year": st.column_config.NumberColumn(tr("latest_year"), format="%d"),
    "latest_pct": st.column_config.NumberColumn(tr("progress_axis"), format="%.0f%%"), "status_2025": tr("status"),
})
