"""Upload actuals: template, validation report, preview of changes, confirmation of implausible rows, publish."""

import hashlib
import math
from pathlib import Path

import streamlit as st

from etl import upload
from etl.export import to_csv_bytes
from etl.warehouse import PublishBusyError, PublishFailedError
from presentation import upload_view as view
from ui import auth, cache
from ui.layout import ensure_router, lang, require_version, tr

ensure_router()

user = auth.require_analyst()
version = require_version()
language = lang()
cap_mb = math.ceil(upload.max_upload_bytes() / 2**20)

st.title(tr("page_upload"))
st.caption(tr("upload_intro_any", mb=cap_mb, rows=f"{upload.max_upload_rows():,}".replace(",", ".")))
if "upload_flash" in st.session_state:
    kind, text = st.session_state.pop("upload_flash")
    (st.warning if kind == "warning" else st.success)(text, icon=":material/info:")
st.subheader(tr("step_template"))
st.download_button(tr("download_template"), cache.template(str(version)), "mau-so-lieu-thuc-hien.xlsx", icon=":material/download:")

st.subheader(tr("step_upload"))
uploaded = st.file_uploader(tr("choose_file_any", mb=cap_mb), type=["xlsx", "ods", "csv"], key="upload_file",
                            max_upload_size=cap_mb)
if uploaded is None:
    st.stop()
payload = uploaded.getvalue()
# One check per file and published version: typing the batch note or ticking a box reruns the page, not the check.
check_key = (hashlib.sha256(payload).hexdigest(), uploaded.name, str(version))
seen = st.session_state.get("upload_check")  # what the analyst was looking at when they clicked
if st.session_state.get("upload_check", (None,))[0] != check_key:
    result = upload.check_upload(payload, uploaded.name, version)
    changes = None if result.has_errors else upload.preview(result, version)
    st.session_state["upload_check"] = (check_key, result, changes)
_, result, changes = st.session_state["upload_check"]
file_md = view.md_text(result.file_name)

st.subheader(tr("step_check"))
if result.error_count:
    st.error(tr("errors_found", n=result.error_count), icon=":material/error:")
if result.warning_count:
    st.warning(tr("warnings_found", n=result.warning_count), icon=":material/warning:")
if result.issues:
    issues = result.issues_frame()
    st.dataframe(view.summary_table(issues, result.counts, language), hide_index=True, placeholder="–")
    if result.truncated:
        st.caption(tr("issues_truncated", shown=len(result.issues)))
    st.dataframe(view.issues_table(issues, language), hide_index=True, placeholder="–")
    st.download_button(tr("download_report"), to_csv_bytes(issues), "bao-cao-loi.csv", "text/csv", icon=":material/download:")
if result.has_errors:
    st.stop()
where = view.md_text(result.sheet_read) if result.sheet_read else file_md
st.success(tr("file_ok_named", file=file_md, n=len(result.rows), where=where), icon=":material/check_circle:")

st.subheader(tr("step_preview"))
counts = changes["change"].value_counts()
st.markdown(tr("preview_counts", new=counts.get("new", 0), changed=counts.get("changed", 0), unchanged=counts.get("unchanged", 0)))
st.dataframe(view.preview_table(changes, language), hide_index=True, placeholder="–")
if counts.get("new", 0) + counts.get("changed", 0) == 0:
    st.info(tr("nothing_to_publish"))
    st.stop()

flagged = upload.implausible(changes)
confirmed = True
if len(flagged):
    st.warning(f"**{tr('implausible_title', n=len(flagged))}**\n\n{tr('implausible_help')}", icon=":material/rule:")
    st.markdown("\n".join(view.flagged_lines(flagged.head(20), language)))
    if len(flagged) > 20:
        st.dataframe(view.flagged_table(flagged, language), hide_index=True, placeholder="–")
    confirmed = st.checkbox(tr("implausible_confirm", n=len(flagged)), key=f"confirm_{check_key[0][:16]}")

st.subheader(tr("step_publish"))
note = st.text_input(tr("batch_note"), key="batch_note")
if not confirmed:
    st.caption(tr("implausible_needed"))
if st.button(tr("publish"), type="primary", icon=":material/publish:", key="publish_batch", disabled=not confirmed):
    auth.require_analyst()  # checked again at the moment of writing
    # Publish what the analyst saw: if another publish landed since, the preview they saw differs and is refused.
    basis = seen if seen is not None and seen[0][:2] == check_key[:2] and seen[2] is not None else (check_key, result, changes)
    try:
        outcome = upload.publish_upload(payload, uploaded.name, user, note, checked=basis[1], checked_against=Path(basis[0][2]),
                                        previewed=basis[2],
                                        confirmed=set(upload.implausible(basis[2])["row_no"].astype(int)) if confirmed else set())
    except (upload.PreviewChanged, upload.UploadNeedsConfirmation):
        # Another publish landed since this preview: show the new preview (the check is redone against the new version).
        st.session_state.pop("upload_check", None)
        st.session_state["upload_flash"] = ("warning", tr("preview_changed"))
        st.rerun()
    except (upload.UploadError, PublishBusyError, PublishFailedError) as exc:
        st.error(view.md_text(exc), icon=":material/error:")
        st.stop()
    if outcome.batch_id is None:
        st.info(tr("nothing_to_publish"))
    else:
        st.success(tr("published_file", batch=outcome.batch_id, file=file_md, new=outcome.rows_new, changed=outcome.rows_changed),
                   icon=":material/done_all:")
