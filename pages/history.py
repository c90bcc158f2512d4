"""History and rollback: batches, their rows, reverting a batch, and the history of one data point (analysts only)."""

import streamlit as st

from etl import upload
from etl.warehouse import PublishBusyError, PublishFailedError
from ui import auth
from ui.layout import ensure_router, require_version, tr

ensure_router()

user = auth.require_analyst()
version = require_version()

st.title(tr("page_history"))
if "history_flash" in st.session_state:
    st.success(st.session_state.pop("history_flash"), icon=":material/undo:")
batches = upload.batch_history(version)
if batches.empty:
    st.info(tr("no_batches"))
    st.stop()
st.subheader(tr("batches"))
st.dataframe(batches, hide_index=True, placeholder="–", column_config={
    "batch_id": tr("batch"), "kind": tr("batch_kind"), "user": tr("username"), "published_at": tr("published_at"),
    "file_name": tr("file_name"), "status": tr("status"), "note": tr("note")})

batch_id = st.selectbox(tr("pick_batch"), list(batches["batch_id"]), key="history_batch")
st.subheader(tr("batch_rows"))
rows = upload.batch_rows(version, batch_id)
st.dataframe(rows, hide_index=True, placeholder="–")

chosen = batches[batches["batch_id"] == batch_id].iloc[0]
if chosen["kind"] == "upload" and chosen["status"] == "active":
    with st.form("revert"):
        reason = st.text_input(tr("revert_reason"))
        if st.form_submit_button(tr("revert"), type="primary", icon=":material/undo:") and reason.strip():
            auth.require_analyst()  # checked again at the moment of writing
            try:
                new_id = upload.revert_batch(batch_id, user, reason.strip())
                # Rerun so every table above shows the new version; the confirmation survives the rerun.
                st.session_state["history_flash"] = tr("reverted", batch=batch_id) + f" ({new_id})"
                st.rerun()
            except (upload.UploadError, PublishBusyError, PublishFailedError) as exc:
                st.error(str(exc))
elif chosen["status"] == "reverted":
    st.info(tr("already_reverted"))

if not rows.empty:
    st.subheader(tr("point_history"))
    keys = rows[["indicator_id", "year", "province"]].drop_duplicates()
    options = [(i, int(y), p if isinstance(p, str) else None) for i, y, p in keys.itertuples(index=False)]
    key = st.selectbox(tr("point_history"), options, key="history_point", format_func=lambda k: f"{k[0]} · {k[1]} · {k[2] or '–'}")
    st.dataframe(upload.point_history(version, key[0], int(key[1]), key[2]), hide_index=True, placeholder="–")
