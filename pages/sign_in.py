"""Analyst sign-in and sign-out."""

import html

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

grant = auth.take_grant()
if grant:
    # The browser itself exchanges the one-time grant for its HttpOnly cookie (a POST, never in a URL), then reloads.
    st.info(tr("finish_sign_in_help"))
    st.html(f'<form method="post" action="{auth.SESSION_ROUTE}"><input type="hidden" name="grant" value="{html.escape(grant)}">'
            f'<button type="submit" data-testid="finishSignIn" style="padding:.5rem 1rem;background:#1f3b73;color:#fff;'
            f'border:0;border-radius:.5rem;font-size:1rem;cursor:pointer">{html.escape(tr("finish_sign_in"))}</button></form>')
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
