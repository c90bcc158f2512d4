"""Upload actuals: template, validation report, preview of changes, publish (analysts only)."""

import streamlit as st
from etl.export import to_csv_bytes
from etl.template import template_bytes

from etl import upload
from ui import auth, data
from ui.layout import ensure_router, lang, require_version, tr

ensure_router()

user = auth.require_analyst()
version = require_version()
language = lang()

st.title(tr("page_upload"))
st.caption(tr("upload_intro"))
st.subheader(tr("step_template"))
st.download_button(tr("download_template"), lambda: template_bytes(version), "mau-so-lieu-thuc-hien.xlsx", icon=":material/download:")

st.subheader(tr("step_upload"))
uploaded = st.file_uploader(tr("choose_file"), type=["xlsx", "csv"], key="upload_file")
if uploaded is None:
    st.stop()
payload = uploaded.getvalue()
result = upload.check_upload(payload, uploaded.name, version)

st.subheader(tr("step_check"))
issues = result.issues_frame()
errors = issues[issues["severity"] == "error"] if not issues.empty else issues
warnings = issues[issues["severity"] == "warning"] if not issues.empty else issues
if not errors.empty:
    st.error(tr("errors_found", n=len(errors)), icon=":material/error:")
if not warnings.empty:
    st.warning(tr("warnings_found", n=len(warnings)), icon=":material/warning:")
if not issues.empty:
    drop = [c for c in issues.columns if c.endswith("_en" if language == "vi" else "_vi")]
    st.dataframe(issues.drop(columns=drop), hide_index=True)
    st.download_button(tr("download_report"), to_csv_bytes(issues), "bao-cao-loi.csv", "text/csv", icon=":material/download:")
if result.has_errors:
    st.stop()
st.success(tr("file_ok", n=len(result.rows), where=result.sheet_read or uploaded.name), icon=":material/check_circle:")

st.subheader(tr("step_preview"))
changes = upload.preview(result, version)
counts = changes["change"].value_counts()
st.markdown(tr("preview_counts", new=counts.get("new", 0), changed=counts.get("changed", 0), unchanged=counts.get("unchanged", 0)))
st.dataframe(changes, hide_index=True)
if counts.get("new", 0) + counts.get("changed", 0) == 0:
    st.info(tr("nothing_to_publish"))
    st.stop()

st.subheader(tr("step_publish"))
note = st.text_input(tr("batch_note"), key="batch_note")
if st.button(tr("publish"), type="primary", icon=":material/publish:"):
    auth.require_analyst()  # checked again at the moment of writing
    outcome = upload.publish_upload(payload, uploaded.name, user, note)
    data.query.clear()
    st.success(tr("published", batch=outcome.batch_id), icon=":material/done_all:")
