"""Sector: one card per indicator with its chart (actuals, baseline, every dated target) and status reasons."""

import streamlit as st

from ui import cache, data
from ui.components import attention_list, change_line, target_list
from ui.layout import as_of, chart_context, ensure_router, lang, require_version, rotate_through, show_chart, tr
from ui.state import linked_choice, linked_page, linked_toggle

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
rotate_through(list(names), "sector", sector)
year = as_of()
ctx = chart_context(version)
model = cache.sector_cards(str(version), sector, year, language)
st.caption(f"{names[sector]} · " + tr("sector_counts", indicators=model["indicators"], targets=model["targets"], statements=model["statements"]))
attention_list(cache.attention(str(version), year, language, sector), sector)

cards = model["cards"]
# "Every card" (for printing a whole sector on A4) lifts the pager; kept in the URL like the other choices.
per_page = len(cards) or 1 if linked_toggle(st, tr("all_cards"), "all_cards", help=tr("all_cards_help")) else CARDS_PER_PAGE
pages = max(1, -(-len(cards) // per_page))
page = linked_page(f"cards_{sector}", pages)
if pages > 1:
    st.caption(tr("cards_page", page=page, pages=pages, n=len(cards)))
changes = cache.changes(str(version), year, language)
for card in cards[(page - 1) * per_page: page * per_page]:
    with st.container(border=True):
        figure = cache.card_figure(str(version), sector, card["indicator_id"], names[sector], year, ctx)
        show_chart(figure, card["name"], card["indicator_id"])
        change_line(changes.get(card["indicator_id"]))
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
