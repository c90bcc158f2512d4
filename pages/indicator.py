"""Indicator: full series (national and uploaded provinces), every target with its verbatim source, downloads."""

import streamlit as st

from etl.export import to_csv_bytes, to_csv_excel_vi_bytes, to_xlsx_bytes
from presentation import views
from ui import cache, data
from ui.components import no_data_notice, sources_table, target_list
from ui.layout import as_of, chart_context, ensure_router, lang, require_version, show_chart, tr
from ui.state import linked_choice

SERIES_COLUMNS = ["year", "province_name", "actual_value", "actual_low", "actual_high", "is_estimate", "is_current",
                  "origin", "report_publisher", "report_published", "report_url", "source_doc", "source_line", "source_quote",
                  "batch_id", "note"]
ensure_router()
version = require_version()
language = lang()
indicators = data.query("indicators", str(version), sector=None)
label = {r.indicator_id: f"{r.name_vi if language == 'vi' else r.name_en}" for r in indicators.itertuples()}

st.title(tr("page_indicator"))
indicator_id = linked_choice(st.selectbox, tr("pick_indicator"), list(label), "indicator", "telecom_internet_users_pct", label.get,
                             always_in_url=True)
meta = indicators[indicators["indicator_id"] == indicator_id].iloc[0]
year = as_of()
score = data.scorecard(str(version), year, meta["sector_id"])
targets = score[score["indicator_id"] == indicator_id]
sector_name = meta["sector_name_vi" if language == "vi" else "sector_name_en"]
st.caption(f"{tr('sector')}: {sector_name} · {tr('unit')}: {meta['unit'] if language == 'vi' else meta['unit_en']} · `{indicator_id}`")

national_chart, province_chart = cache.indicator_figures(str(version), indicator_id, year, chart_context(version))
if national_chart is None:
    no_data_notice(indicator_id)
else:
    show_chart(national_chart, label[indicator_id], "indicator")
if province_chart is not None:
    st.subheader(tr("provinces_uploaded"))
    show_chart(province_chart, label[indicator_id] + " provinces", "provinces")
    st.page_link("pages/provinces.py", label=tr("page_provinces"), icon=":material/map:")

st.subheader(tr("targets"))
target_list(views.target_items(targets, language))
st.dataframe(sources_table(targets), hide_index=True, placeholder="–")
context = data.query("indicator_context_targets", str(version), indicator=indicator_id)
if not context.empty:
    st.caption(tr("context_targets_help"))
    st.dataframe(views.local_notes(context, language), hide_index=True, placeholder="–")
conflicts = targets[targets["disagrees"]]
if not conflicts.empty:
    st.subheader(tr("conflicts_title"))
    st.warning(tr("conflicts_body"), icon=":material/warning:")
    st.dataframe(sources_table(conflicts), hide_index=True, placeholder="–")

st.subheader(tr("series"))
all_actuals = data.query("indicator_actuals_all", str(version), indicator=indicator_id)
all_actuals = all_actuals[all_actuals["year"] <= (year or 9999)]  # the as-of year applies to the table as to the chart
shown = views.readable_source(views.readable_numbers(all_actuals, ["actual_value", "actual_low", "actual_high"], language), language)
st.dataframe(shown, hide_index=True, placeholder="–", column_order=SERIES_COLUMNS, column_config={
    "year": st.column_config.NumberColumn(tr("year"), format="%d"), "province_name": tr("province"),
    "actual_value": tr("value"), "actual_low": tr("range_low"), "actual_high": tr("range_high"), "is_estimate": tr("estimate"),
    "is_current": tr("current"), "source_doc": tr("source_doc"), "source_line": tr("source_line"),
    "source_quote": tr("source_quote"), "batch_id": tr("batch"), "note": tr("note"), "origin": tr("origin"),
    "report_publisher": tr("report_publisher"), "report_published": tr("report_published"),
    "report_url": st.column_config.LinkColumn(tr("report_url"))})
left, middle, right = st.columns(3)
left.download_button(tr("download_csv"), lambda: to_csv_bytes(all_actuals), f"{indicator_id}.csv", "text/csv", icon=":material/download:")
middle.download_button(tr("download_csv_vi"), lambda: to_csv_excel_vi_bytes(all_actuals), f"{indicator_id}-excel-vn.csv", "text/csv",
                       icon=":material/download:", help=tr("download_csv_vi_help"))
sheets = {"actuals": all_actuals, "targets": targets.drop(columns=["why_en" if language == "vi" else "why_vi"])}
right.download_button(tr("download_xlsx"), lambda: to_xlsx_bytes(sheets),
                      f"{indicator_id}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:")

