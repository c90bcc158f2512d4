"""Analyst sign-in in the app: bcrypt-hashed accounts, and analyst authority bound to the browser's HttpOnly cookie.

The rules and the state live in etl.auth_store (a store no viewer can clear). A correct password gives this session
a one-time grant only; the browser exchanges it (a POST to /_dashboard/session, served by serve.py) for a signed,
expiring, HttpOnly, SameSite=Strict cookie. Analyst authority is that cookie, read from the current connection on
every run and every write: a session resumed from another browser (its id leaks in upload URLs) has no cookie and
is a viewer; a reload keeps the cookie and stays signed in.
"""

from __future__ import annotations

import functools
import os

import bcrypt
import streamlit as st

from etl import auth_store

COOKIE_NAME = auth_store.COOKIE_NAME
password_matches = auth_store.password_matches
SESSION_ROUTE = "_dashboard/session"
SIGN_OUT_ROUTE = "_dashboard/sign-out"


def accounts() -> dict[str, str]:
    """username → bcrypt hash, from [analysts] in secrets.toml, DASHBOARD_ANALYSTS ("user:hash,..."), demo mode."""
    found: dict[str, str] = {}
    try:
        found.update({str(k): str(v) for k, v in st.secrets.get("analysts", {}).items()})
    except (FileNotFoundError, KeyError, AttributeError):
        pass
    for pair in filter(None, os.environ.get("DASHBOARD_ANALYSTS", "").split(",")):
        user, _, hashed = pair.partition(":")
        if user and hashed:
            found[user.strip()] = hashed.strip()
    if demo_mode():
        found.setdefault("demo", demo_hash())
    return found


@functools.lru_cache(maxsize=1)
def demo_hash() -> str:
    """The demo account's hash, made once per process and only in demo mode."""
    return bcrypt.hashpw(b"demo", bcrypt.gensalt(rounds=4)).decode()


def demo_mode() -> bool:
    """Explicit demo mode (DASHBOARD_DEMO=1) adds a demo/demo account; never on by default."""
    return os.environ.get("DASHBOARD_DEMO") == "1"


def client_key() -> str:
    """Who is signing in, for the per-client limit: the connection's address (behind a proxy listed in
    $DASHBOARD_TRUSTED_PROXIES, the address that proxy appended to X-Forwarded-For)."""
    try:
        remote = st.context.ip_address
        remote = remote if isinstance(remote, str) and remote else "local"
        trusted = {p.strip() for p in os.environ.get("DASHBOARD_TRUSTED_PROXIES", "").split(",") if p.strip()}
        forwarded = st.context.headers.get("X-Forwarded-For") if remote in trusted or "*" in trusted else None
    except Exception:  # noqa: BLE001 - no client (bare script): one shared key
        return "local"
    if isinstance(forwarded, str) and forwarded.strip():
        return forwarded.split(",")[-1].strip()[:64]
    return str(remote)[:64]


def browser_cookie() -> str | None:
    """The auth cookie the browser sent with this connection (None without one, or outside a browser)."""
    try:
        value = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # noqa: BLE001 - no client context
        return None
    return value if isinstance(value, str) else None


def locked_for(username: str) -> float:
    """Seconds this client must still wait before trying this name again (0 when free)."""
    return auth_store.lock_remaining(auth_store.open_store(), username, client_key())


def sign_in(username: str, password: str) -> str:
    """'ok', 'bad' or 'locked'; on success this session holds a one-time grant the browser exchanges for its cookie."""
    outcome = auth_store.sign_in(auth_store.open_store(), accounts(), username, password, client_key())
    if outcome.grant:
        st.session_state["auth_grant"] = outcome.grant
    return outcome.status


def take_grant() -> str | None:
    """The pending one-time grant of this session, handed to the page once."""
    return st.session_state.pop("auth_grant", None)


def sign_out() -> None:
    """Revoke the token behind this browser's cookie (dead everywhere it was copied)."""
    auth_store.revoke_cookie(auth_store.open_store(), browser_cookie())
    st.session_state.pop("auth_grant", None)


def current_analyst() -> str | None:
    """The signed-in analyst: this connection's cookie, verified against the store, for an account still configured."""
    cookie = browser_cookie()
    if cookie is None:
        return None
    user = auth_store.cookie_user(auth_store.open_store(), cookie)
    return user if user and user in accounts() else None


def require_analyst() -> str:
    """The analyst's name, or stop the script: every write path calls this again on the server."""
    user = current_analyst()
    if user is None:
        from ui.layout import tr

        st.error(tr("analyst_only"))
        st.stop()
    return user
