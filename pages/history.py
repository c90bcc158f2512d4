"""History and rollback: batches newest first, a batch's rows, reverting a batch or withdrawing some of its rows (after a
confirmation that lists what comes back), and the history of one data point (analysts only)."""

import streamlit as st

from etl import upload
from etl.warehouse import PublishBusyError, PublishFailedError
from presentation import upload_view as view
from ui import auth
from ui.layout import ensure_router, lang, require_version, tr

ensure_router()

user = auth.require_analyst()
version = require_version()
language = lang()

st.title(tr("page_history"))
if "history_flash" in st.session_state:
    st.success(st.session_state.pop("history_flash"), icon=":material/undo:")
batches = upload.batch_history(version)
if batches.empty:
    st.info(tr("no_batches"))
    st.stop()
st.subheader(tr("batches_newest"))
st.dataframe(view.history_table(batches, language), hide_index=True, placeholder="–")

newest = batches.sort_values(["published_at", "batch_id"], ascending=False, kind="stable").set_index("batch_id", drop=False)
batch_id = st.selectbox(tr("batch_choice"), list(newest.index), key="history_batch",
                        format_func=lambda b: view.batch_choice_label(newest.loc[b], language))
chosen = newest.loc[batch_id]
rows = upload.batch_rows(version, batch_id)
st.subheader(tr("batch_rows"))
if chosen["kind"] in ("revert", "withdraw"):
    st.caption(tr(f"batch_is_{chosen['kind']}"))
st.dataframe(view.batch_rows_table(rows, language), hide_index=True, placeholder="–")


def act(action: str, keys: list[tuple[str, int, str | None]], reason: str) -> None:
    """Revert the batch or withdraw keys of it, then rerun so every table shows the new version."""
    auth.require_analyst()  # checked again at the moment of writing
    try:
        if action == "revert":
            new_id = upload.revert_batch(batch_id, user, reason)
            st.session_state["history_flash"] = tr("reverted", batch=batch_id) + f" ({new_id})"
        else:
            new_id = upload.withdraw_keys(batch_id, keys, user, reason)
            st.session_state["history_flash"] = tr("withdrawn", n=len(keys), batch=batch_id, new_id=new_id)
    except (upload.UploadError, PublishBusyError, PublishFailedError) as exc:
        st.error(view.md_text(exc), icon=":material/error:")
        return
    st.session_state.pop("history_pending", None)
    st.rerun()


if chosen["kind"] in ("upload", "withdraw") and chosen["status"] == "active":
    own = upload.batch_rows(version, batch_id, own=True)
    live = own[own["is_current"].astype(bool)]
    keys = [(i, int(y), p if isinstance(p, str) else None) for i, y, p in zip(live["indicator_id"], live["year"], live["province"], strict=True)]
    picked = st.multiselect(tr("withdraw_pick"), keys, key=f"withdraw_{batch_id}",
                            format_func=lambda k: view.key_label(*k, language))
    left, right = st.columns(2)
    if left.button(tr("withdraw_start"), icon=":material/remove_circle:", key="withdraw_start"):
        st.session_state["history_pending"] = ("withdraw", batch_id, picked) if picked else None
        if not picked:
            st.warning(tr("nothing_chosen"))
    if right.button(tr("revert_start"), icon=":material/undo:", key="revert_start"):
        st.session_state["history_pending"] = ("revert", batch_id, [])
    pending = st.session_state.get("history_pending")
    if pending and pending[1] == batch_id:
        action, _, chosen_keys = pending
        own_keys = [(i, int(y), p if isinstance(p, str) else None) for i, y, p in
                    zip(own["indicator_id"], own["year"], own["province"], strict=True)]
        shown = own if action == "revert" else own[[k in chosen_keys for k in own_keys]]
        with st.container(border=True):
            title = tr("confirm_revert_title", batch=batch_id) if action == "revert" else tr(
                "confirm_withdraw_title", n=len(chosen_keys), batch=batch_id)
            st.markdown(f"**{title}**")
            st.dataframe(view.comes_back_table(shown, language), hide_index=True, placeholder="–")
            reason = st.text_input(tr("revert_reason") if action == "revert" else tr("withdraw_reason"), key="history_reason")
            go, stop = st.columns(2)
            if go.button(tr(f"confirm_do_{action}"), type="primary", key="history_confirm"):
                if reason.strip():
                    act(action, chosen_keys, reason.strip())
                else:
                    st.error(tr("reason_missing"), icon=":material/edit_note:")
            if stop.button(tr("cancel"), key="history_cancel"):
                st.session_state.pop("history_pending", None)
                st.rerun()
elif chosen["status"] == "reverted":
    withdrawn = chosen["reverted_by_kind"] == "withdraw"
    st.info(tr("partly_withdrawn", by=chosen["reverted_by"]) if withdrawn else tr("already_reverted"))

if not rows.empty:
    st.subheader(tr("point_history"))
    point_keys = rows[["indicator_id", "year", "province"]].drop_duplicates()
    options = [(i, int(y), p if isinstance(p, str) else None) for i, y, p in point_keys.itertuples(index=False)]
    key = st.selectbox(tr("point_history"), options, key="history_point", format_func=lambda k: view.key_label(*k, language))
    points = upload.point_history(version, key[0], int(key[1]), key[2])
    st.dataframe(view.point_history_table(points, language), hide_index=True, placeholder="–")
