"""Sector: one card per indicator with its chart (actuals, baseline, every dated target) and status reasons."""

import streamlit as st

from ui import data
from ui.charts import indicator_figure
from ui.components import no_data_notice, target_list
from ui.layout import as_of, chart_context, lang, require_version, show_chart, tr

version = require_version()
language = lang()
sectors = data.query("sectors", str(version))
names = dict(zip(sectors["sector_id"], sectors["name_vi" if language == "vi" else "name_en"], strict=True))

st.title(tr("page_sector"))
sector = st.selectbox(tr("pick_sector"), list(names), key="sector", bind="query-params", format_func=names.get)
year = as_of()
indicators = data.query("indicators", str(version), sector=sector)
score = data.scorecard(str(version), year, sector)
series = data.query("sector_series", str(version), sector=sector, as_of=year or 9999)
ctx = chart_context(version)
st.caption(tr("indicators_n", n=len(indicators)) + " · " + tr("targets_n", n=len(score)))

for _, meta in indicators.iterrows():
    indicator_id = meta["indicator_id"]
    own = series[series["indicator_id"] == indicator_id]
    targets = score[score["indicator_id"] == indicator_id]
    name = meta["name_vi" if language == "vi" else "name_en"]
    with st.container(border=True):
        if own.empty:
            st.markdown(f"#### {name}")
            no_data_notice(indicator_id)
        else:
            show_chart(indicator_figure(meta.to_dict(), own, targets, names[sector], ctx, height=460), name, indicator_id)
        target_list(targets)
        st.page_link("pages/indicator.py", label=tr("open_indicator"), icon=":material/arrow_forward:",
                     query_params={"indicator": indicator_id, "lang": language})
