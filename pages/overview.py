"""Overview: headline tiles, status counts per sector, and the filterable table of every target."""

import streamlit as st

from ui import cache, data, views
from ui.charts import status_counts_figure, status_label
from ui.components import tile
from ui.layout import as_of, chart_context, ensure_router, lang, require_version, show_chart, tr

ensure_router()
version = require_version()
language = lang()
score = data.scorecard(str(version), as_of())
sectors = data.query("sectors", str(version))

st.title(tr("page_overview"))
st.caption(tr("overview_intro"))

st.subheader(tr("headline"))
tiles = views.headline_tiles(score, language)
for start in range(0, len(tiles), 4):
    for column, info in zip(st.columns(4), tiles[start:start + 4], strict=False):
        with column:
            tile(info)

st.subheader(tr("status_by_sector"))
counts = views.status_counts(score, sectors, language)
show_chart(status_counts_figure(counts, chart_context(version)), tr("chart_status_counts"), "status_counts")
st.dataframe(views.status_pivot(counts, language))

st.subheader(tr("all_indicators"))
names = dict(zip(sectors["sector_id"], sectors["name_vi" if language == "vi" else "name_en"], strict=True))
all_label = tr("all")
left, middle, right = st.columns(3)
sector = left.selectbox(tr("filter_sector"), [None, *names], key="f_sector", format_func=lambda s: names.get(s, all_label))
statuses = [None, *dict.fromkeys(score["status"])]
status = middle.selectbox(tr("filter_status"), statuses, key="f_status", format_func=lambda s: status_label(s, language) if s else all_label)
years = [None, *sorted(set(score["period_end"]))]
year = right.selectbox(tr("filter_year"), years, key="f_year", format_func=lambda y: str(y) if y else all_label)
table = cache.scorecard_table(str(version), as_of(), language, sector, status, year)
st.caption(tr("targets_n", n=len(table)))
if table.empty:
    st.info(tr("no_rows"))
else:
    st.dataframe(table, hide_index=True, column_config={
        "indicator_id": None,
        "indicator": st.column_config.TextColumn(tr("indicator"), width="large"),
        "period": tr("year"), "target": tr("target"), "latest": tr("latest"), "status": tr("status"),
        "progress": st.column_config.NumberColumn(tr("progress"), format="%d%%"),
        "why": st.column_config.TextColumn(tr("why"), width="large"), "source": tr("source"),
    })
