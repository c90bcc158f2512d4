"""Sector: one card per indicator with its chart (actuals, baseline, every dated target) and status reasons."""

import streamlit as st

from ui import cache, data
from ui.components import target_list
from ui.layout import as_of, chart_context, ensure_router, lang, require_version, show_chart, tr
from ui.state import linked_choice

# Four Plotly charts a page keep a warm page well under a second in the browser (each chart costs the browser far
# more than everything else on a card); the pager below the cards reaches the rest.
CARDS_PER_PAGE = 4
ensure_router()
version = require_version()
language = lang()
sectors = data.query("sectors", str(version))
names = dict(zip(sectors["sector_id"], sectors["name_vi" if language == "vi" else "name_en"], strict=True))

st.title(tr("page_sector"))
sector = linked_choice(st.selectbox, tr("pick_sector"), list(names), "sector", "telecom", names.get, always_in_url=True)
year = as_of()
ctx = chart_context(version)
model = cache.sector_cards(str(version), sector, year, language)
st.caption(tr("sector_counts", indicators=model["indicators"], targets=model["targets"], statements=model["statements"]))

cards = model["cards"]
pages = max(1, -(-len(cards) // CARDS_PER_PAGE))
page = min(st.session_state.get(f"cards_{sector}", 1), pages)
if pages > 1:
    st.caption(tr("cards_page", page=page, pages=pages, n=len(cards)))
for card in cards[(page - 1) * CARDS_PER_PAGE: page * CARDS_PER_PAGE]:
    with st.container(border=True):
        figure = cache.card_figure(str(version), sector, card["indicator_id"], names[sector], year, ctx)
        show_chart(figure, card["name"], card["indicator_id"])
        target_list(card["targets"])
        st.page_link("pages/indicator.py", label=tr("open_indicator"), icon=":material/arrow_forward:",
                     query_params={"indicator": card["indicator_id"], "lang": language})

if pages > 1:
    st.pagination(pages, key=f"cards_{sector}")
waiting = model["waiting"]
if not waiting.empty:
    st.subheader(tr("no_data_group", n=len(waiting)))
    st.caption(tr("no_data_group_help"))
    # One table, not a card each: it is what analysts read to know which ids to upload, and it stays light.
    st.dataframe(waiting, hide_index=True, placeholder="–", column_config={
        "indicator": st.column_config.TextColumn(tr("indicator"), width="large"), "indicator_id": tr("indicator_id"),
        "unit": tr("unit"), "targets": st.column_config.TextColumn(tr("targets"), width="large")})
