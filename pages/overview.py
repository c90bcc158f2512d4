"""Overview: headline tiles, status counts per sector, and the filterable table of every target."""

import streamlit as st

from presentation.attention import SEVERITY
from presentation.charts import status_label
from ui import cache, data
from ui.components import attention_list, tile
from ui.layout import as_of, chart_context, ensure_router, lang, require_version, show_chart, tr
from ui.state import linked_filter, linked_multiselect

ensure_router()
version = require_version()
language = lang()
model = cache.overview(str(version), as_of(), language)
sectors = data.query("sectors", str(version))

st.title(tr("page_overview"))
st.caption(tr("overview_intro"))
attention_list(cache.attention(str(version), as_of(), language), "overview")

st.subheader(tr("headline"))
tiles = model["tiles"]
changes = cache.changes(str(version), as_of(), language)
for start in range(0, len(tiles), 4):
    for column, info in zip(st.columns(4), tiles[start:start + 4], strict=False):
        with column:
            tile(info, changes.get(info["indicator_id"]))

st.subheader(tr("status_by_sector"))
show_chart(cache.status_counts_chart(str(version), as_of(), chart_context(version)), tr("chart_status_counts"), "status_counts")
st.dataframe(model["pivot"])

st.subheader(tr("all_indicators"))
names = dict(zip(sectors["sector_id"], sectors["name_vi" if language == "vi" else "name_en"], strict=True))
all_label = tr("all")
left, middle, right = st.columns(3)
sector = linked_filter(left.selectbox, tr("filter_sector"), [None, *names], "f_sector", format_func=lambda s: names.get(s, all_label))
statuses = [s for s in SEVERITY if s in model["statuses"]]  # worst first, as everywhere
status = linked_multiselect(middle.multiselect, tr("filter_status"), statuses, "f_status", placeholder=all_label,
                            format_func=lambda s: status_label(s, language))
year = linked_filter(right.selectbox, tr("filter_year"), [None, *model["years"]], "f_year", format_func=lambda y: str(y) if y else all_label)
table = cache.scorecard_table(str(version), as_of(), language, sector, tuple(status), year)
st.caption(tr("targets_counted", n=len(table)))
if table.empty:
    st.info(tr("no_rows"))
else:
    st.dataframe(table, hide_index=True, placeholder="–", column_config={
        "indicator_id": None,
        "indicator": st.column_config.TextColumn(tr("indicator"), width="large"),
        "period": tr("year"), "target": tr("target"), "latest": tr("latest"), "status": tr("status"),
        "progress": tr("progress"), "statements": st.column_config.NumberColumn(tr("statements"), format="%d"),
        "why": st.column_config.TextColumn(tr("why"), width="large"), "source": tr("source"),
    })
