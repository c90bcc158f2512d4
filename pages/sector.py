"""Sector: one card per indicator with its chart (actuals, baseline, every dated target) and status reasons."""

import streamlit as st

from ui import cache, data, views
from ui.components import target_list
from ui.layout import as_of, chart_context, ensure_router, lang, require_version, show_chart, tr
from ui.state import linked_choice

CARDS_PER_PAGE = 8
ensure_router()
version = require_version()
language = lang()
sectors = data.query("sectors", str(version))
names = dict(zip(sectors["sector_id"], sectors["name_vi" if language == "vi" else "name_en"], strict=True))

st.title(tr("page_sector"))
sector = linked_choice(st.selectbox, tr("pick_sector"), list(names), "sector", "telecom", names.get, always_in_url=True)
year = as_of()
indicators = data.query("indicators", str(version), sector=sector)
score = data.scorecard(str(version), year, sector)
ctx = chart_context(version)
st.caption(tr("indicators_n", n=len(indicators)) + " · " + tr("targets_n", n=len(score)))

figures = cache.sector_figures(str(version), sector, names[sector], year, ctx)
charted = views.with_targets_first(indicators[indicators["indicator_id"].isin(set(figures))], score)
pages = max(1, -(-len(charted) // CARDS_PER_PAGE))
page = st.session_state.get(f"cards_{sector}", 1) if pages > 1 else 1
if pages > 1:
    st.caption(tr("cards_page", page=page, pages=pages, n=len(charted)))
for _, meta in charted.iloc[(page - 1) * CARDS_PER_PAGE: page * CARDS_PER_PAGE].iterrows():
    indicator_id, name = meta["indicator_id"], meta["name_vi" if language == "vi" else "name_en"]
    with st.container(border=True):
        show_chart(figures[indicator_id], name, indicator_id)
        target_list(score[score["indicator_id"] == indicator_id])
        st.page_link("pages/indicator.py", label=tr("open_indicator"), icon=":material/arrow_forward:",
                     query_params={"indicator": indicator_id, "lang": language})

if pages > 1:
    # A page of charts at a time keeps the page fast and readable on large sectors.
    st.pagination(pages, key=f"cards_{sector}")
waiting = indicators[~indicators["indicator_id"].isin(set(figures))]
if not waiting.empty:
    st.subheader(tr("no_data_group", n=len(waiting)))
    st.caption(tr("no_data_group_help"))
    # One table, not a card each: it is what analysts read to know which ids to upload, and it stays light.
    st.dataframe(views.waiting_table(waiting, score, language), hide_index=True, column_config={
        "indicator": st.column_config.TextColumn(tr("indicator"), width="large"), "indicator_id": tr("indicator_id"),
        "unit": tr("unit"), "targets": st.column_config.TextColumn(tr("targets"), width="large")})
