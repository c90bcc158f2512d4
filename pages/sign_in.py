"""Analyst sign-in and sign-out."""

import streamlit as st

from ui import auth
from ui.layout import ensure_router, tr

ensure_router()

st.title(tr("page_sign_in"))
user = auth.current_analyst()
if user:
    st.success(tr("signed_in_as", user=user))
    if st.button(tr("sign_out"), icon=":material/logout:"):
        auth.sign_out()
        st.rerun()
    st.stop()

if not auth.accounts():
    st.warning(tr("no_accounts"))
if auth.demo_mode():
    st.info(tr("demo_mode"))
with st.form("sign_in"):
    username = st.text_input(tr("username"))
    password = st.text_input(tr("password"), type="password")
    submitted = st.form_submit_button(tr("sign_in"), type="primary")
if submitted:
    outcome = auth.sign_in(username.strip(), password)
    if outcome == "ok":
        st.rerun()
    elif outcome == "locked":
        st.error(tr("locked_out", seconds=int(auth.locked_for(username.strip())) + 1))
    else:
        st.error(tr("bad_login"))
