"""Data & sources: the documents and what was taken from each, the data dictionary, whole-warehouse downloads."""

import streamlit as st

from etl.export import to_csv_bytes, to_csv_excel_vi_bytes, to_xlsx_bytes
from etl.formatting import fmt_number
from presentation.charts import doc_label
from ui import data
from ui.layout import ensure_router, lang, require_version, tr

ensure_router()
version = require_version()
language = lang()

st.title(tr("page_sources"))
st.caption(tr("sources_intro"))

st.subheader(tr("documents"))
docs = data.query("documents_summary", str(version))
st.dataframe(docs.assign(title=docs["title_vi" if language == "vi" else "title_en"], short=[doc_label(d, language) for d in docs["source_doc"]]),
             hide_index=True, placeholder="–", column_order=["short", "title", "source_doc", "is_draft", "n_targets", "n_actuals"],
             column_config={"short": tr("source_doc"), "title": st.column_config.TextColumn(tr("source"), width="large"),
                            "source_doc": tr("file_name"), "is_draft": st.column_config.CheckboxColumn(tr("draft_doc")),
                            "n_targets": tr("n_targets"), "n_actuals": tr("n_actuals")})


st.subheader(tr("downloads"))
tables = data.EXPORT_TABLES
table = st.selectbox(tr("download_table"), tables, key="export_table")
frame = data.table(str(version), table)
st.caption(tr("rows_n", n=fmt_number(len(frame), language)))
cols = st.columns(4)
cols[0].download_button(tr("download_csv"), lambda: to_csv_bytes(frame), f"{table}.csv", "text/csv", icon=":material/download:")
cols[3].download_button(tr("download_csv_vi"), lambda: to_csv_excel_vi_bytes(frame), f"{table}-excel-vn.csv", "text/csv",
                        icon=":material/download:", help=tr("download_csv_vi_help"))
cols[1].download_button(tr("download_xlsx"), lambda: to_xlsx_bytes({table: frame}), f"{table}.xlsx", icon=":material/download:")
cols[2].download_button("Parquet", lambda: data.parquet_bytes(str(version), table), f"{table}.parquet", icon=":material/download:")
cols = st.columns(3)
cols[0].download_button(tr("download_zip_csv"), lambda: data.warehouse_zip(str(version), "csv"), "warehouse-csv.zip", icon=":material/folder_zip:")
cols[1].download_button(tr("download_zip_parquet"), lambda: data.warehouse_zip(str(version), "parquet"), "warehouse-parquet.zip",
                        icon=":material/folder_zip:")
cols[2].download_button(tr("download_all_xlsx"), lambda: data.warehouse_xlsx(str(version)), "warehouse.xlsx", icon=":material/table:")

st.subheader(tr("tasks"))
task_sectors = data.query("task_sectors", str(version))
task_names = dict(zip(task_sectors["sector_id"], task_sectors["name_vi" if language == "vi" else "name_en"], strict=True))
task_sector = st.selectbox(tr("filter_sector"), [None, *task_names], key="task_sector", format_func=lambda s: task_names.get(s, tr("all")))
st.dataframe(data.query("tasks", str(version), sector=task_sector), hide_index=True, placeholder="–")
st.caption(tr("tasks_deadline_flag_help"))

st.subheader(tr("dictionary"))
with st.expander(tr("dictionary"), expanded=False):
    st.markdown(data.dictionary_markdown())
