"""Provinces: one indicator per provincial unit — ranking against the national target, tile map, highlighted trend."""

import streamlit as st

from etl.export import to_csv_bytes
from presentation import province_views as pv
from ui import data, province_cache
from ui.layout import as_of, chart_context, ensure_router, lang, require_version, show_chart, tr
from ui.state import linked_choice

ensure_router()
version = require_version()
language, year_limit = lang(), as_of()
st.title(tr("page_provinces"))
st.caption(tr("prov_intro"))
available = data.query("province_indicators", str(version), as_of=year_limit or 9999)
if available.empty:
    st.info(tr("prov_none"), icon=":material/info:")
    st.stop()
indicators = data.query("indicators", str(version), sector=None).set_index("indicator_id")
name = "name_vi" if language == "vi" else "name_en"
ids = list(available["indicator_id"])
indicator_id = linked_choice(st.selectbox, tr("pick_indicator"), ids, "indicator", ids[0],
                             lambda i: indicators.loc[i, name], always_in_url=True)
m = province_cache.model(str(version), indicator_id, year_limit, language)
left, right = st.columns(2)
year = int(linked_choice(left.selectbox, tr("prov_year"), [str(y) for y in m["years"]], "prov_year", str(m["years"][0])))
units = province_cache.year_units(m, year).sort_values("name")
labels = {"": tr("prov_all"), **dict(zip(units["unit"], units["name"], strict=True))}
selected = linked_choice(right.selectbox, tr("prov_pick"), list(labels), "province", "", labels.get) or None
if m["unmatched"]:
    st.warning(tr("prov_unmatched", years=", ".join(map(str, m["unmatched"]))), icon=":material/warning:")

table, goal_sentence = province_cache.ranking(str(version), indicator_id, year_limit, language, year)
tile_map, trend = province_cache.figures(str(version), indicator_id, year_limit, year, selected, chart_context(version))
rank_col, map_col = st.columns(2)
with rank_col:
    st.subheader(tr("prov_ranking", year=year, n=len(units)))
    additive = m["rule"] == "sum"
    st.caption(tr("prov_additive") if additive else goal_sentence or tr("prov_no_goal"))
    gap = tr("prov_share_national") if additive else tr("prov_gap_goal") if goal_sentence else tr("prov_gap_national")
    shown = table[["rank", "name", "value_text", "gap_text", "verdict"]].rename(columns={
        "rank": tr("prov_rank"), "name": tr("province"), "value_text": tr("value"), "gap_text": gap, "verdict": tr("prov_verdict")})
    widths = dict(zip(shown.columns, ["small", "medium", "small", "small", "medium"], strict=True))
    st.dataframe(shown, hide_index=True, height=min(38 * (len(shown) + 1), 760), key="prov_ranking",
                 column_config={c: st.column_config.Column(width=w) for c, w in widths.items()})
    st.download_button(tr("download_csv"), lambda: to_csv_bytes(shown), f"{indicator_id}_{year}_provinces.csv", "text/csv",
                       icon=":material/download:")
with map_col:
    show_chart(tile_map, f"{indicators.loc[indicator_id, name]} {year} map", "province_map")
show_chart(trend, f"{indicators.loc[indicator_id, name]} provinces", "province_trend")

st.subheader(tr("prov_comparable"))
st.caption(tr(f"prov_rule_{m['rule']}"))
if m["rule"] == "sum":
    comp = m["comparable"]
    st.dataframe(pv.comparable_table(comp, language), hide_index=True, placeholder="–")
    gaps = comp[comp["missing"].notna()]
    if not gaps.empty:
        st.caption(tr("prov_incomplete", items="; ".join(f"{r.name_vi} {r.year}: {r.missing}" for r in gaps.itertuples())))
else:
    st.dataframe(pv.former_units_table(m["series"], language), hide_index=True, placeholder="–")
