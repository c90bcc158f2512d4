"""Upload actuals: template, validation report, preview of changes, publish (analysts only)."""

import streamlit as st

from etl import upload
from etl.export import to_csv_bytes
from etl.warehouse import PublishBusyError, PublishFailedError
from ui import auth, cache
from ui.layout import ensure_router, lang, require_version, tr

ensure_router()

PREVIEW_COLUMNS = ["change", "indicator_id", "year", "province", "actual_value", "old_value", "old_batch_id", "old_source_doc",
                   "is_estimate", "note"]
user = auth.require_analyst()
version = require_version()
language = lang()

st.title(tr("page_upload"))
st.caption(tr("upload_intro"))
st.subheader(tr("step_template"))
st.download_button(tr("download_template"), cache.template(str(version)), "mau-so-lieu-thuc-hien.xlsx", icon=":material/download:")

st.subheader(tr("step_upload"))
uploaded = st.file_uploader(tr("choose_file"), type=["xlsx", "csv"], key="upload_file")
if uploaded is None:
    st.stop()
payload = uploaded.getvalue()
result = upload.check_upload(payload, uploaded.name, version)

st.subheader(tr("step_check"))
if result.error_count:
    st.error(tr("errors_found", n=result.error_count), icon=":material/error:")
if result.warning_count:
    st.warning(tr("warnings_found", n=result.warning_count), icon=":material/warning:")
if result.issues:
    other = "_en" if language == "vi" else "_vi"
    summary = result.summary_frame()
    st.dataframe(summary.drop(columns=[c for c in summary.columns if c.endswith(other)]), hide_index=True, placeholder="–")
    if result.truncated:
        st.caption(tr("issues_truncated", shown=len(result.issues)))
    issues = result.issues_frame()
    st.dataframe(issues.drop(columns=[c for c in issues.columns if c.endswith(other)]), hide_index=True, placeholder="–")
    st.download_button(tr("download_report"), to_csv_bytes(issues), "bao-cao-loi.csv", "text/csv", icon=":material/download:")
if result.has_errors:
    st.stop()
st.success(tr("file_ok", n=len(result.rows), where=result.sheet_read or uploaded.name), icon=":material/check_circle:")

st.subheader(tr("step_preview"))
changes = upload.preview(result, version)
counts = changes["change"].value_counts()
changes["change"] = changes["change"].map({c: tr(f"change_{c}") for c in ("new", "changed", "unchanged")})
st.markdown(tr("preview_counts", new=counts.get("new", 0), changed=counts.get("changed", 0), unchanged=counts.get("unchanged", 0)))
st.dataframe(changes, hide_index=True, placeholder="–", column_order=PREVIEW_COLUMNS, column_config={
    "change": tr("change"), "actual_value": tr("new_value"), "old_value": tr("old_value"), "old_batch_id": tr("old_batch"),
    "old_source_doc": tr("source_doc"), "indicator_id": tr("indicator"), "year": tr("year"), "province": tr("province"),
    "note": st.column_config.TextColumn(tr("note"))})
if counts.get("new", 0) + counts.get("changed", 0) == 0:
    st.info(tr("nothing_to_publish"))
    st.stop()

st.subheader(tr("step_publish"))
note = st.text_input(tr("batch_note"), key="batch_note")
if st.button(tr("publish"), type="primary", icon=":material/publish:", key="publish_batch"):
    auth.require_analyst()  # checked again at the moment of writing
    try:
        outcome = upload.publish_upload(payload, uploaded.name, user, note, checked=result, checked_against=version)
    except (upload.UploadError, PublishBusyError, PublishFailedError) as exc:
        st.error(str(exc), icon=":material/error:")
        st.stop()
    if outcome.batch_id is None:
        st.info(tr("nothing_to_publish"))
    else:
        st.success(tr("published", batch=outcome.batch_id), icon=":material/done_all:")
