"""Analyst sign-in: bcrypt-hashed credentials from secrets or environment, rate-limited, checked server-side."""

from __future__ import annotations

import functools
import os
import secrets
import threading
import time

import bcrypt
import streamlit as st

MAX_FAILURES = 5
LOCKOUT_S = 60.0


@st.cache_resource
def registry() -> dict:
    """Process-wide state: live session tokens and failed sign-in counters (never in the browser)."""
    return {"tokens": {}, "failures": {}, "lock": threading.Lock()}


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


def locked_for(username: str) -> float:
    """Seconds the user must still wait after too many failures (0 when free)."""
    reg = registry()
    count, since = reg["failures"].get(username, (0, 0.0))
    if count < MAX_FAILURES:
        return 0.0
    return max(0.0, since + LOCKOUT_S * 2 ** (count - MAX_FAILURES) - time.time())


def password_matches(password: str, hashed: str | None) -> bool:
    """bcrypt check that never raises: a password over bcrypt's 72 bytes, or a configured value that is not a bcrypt
    hash (say a plaintext password put in the config by mistake), is simply a failed sign-in (and counted as one)."""
    if not hashed:
        return False
    try:
        return bcrypt.checkpw(password.encode(), hashed.encode())
    except ValueError:
        return False


def sign_in(username: str, password: str) -> str:
    """'ok', 'bad' or 'locked'; on success the session gets a server-side token."""
    reg = registry()
    with reg["lock"]:
        if locked_for(username) > 0:
            return "locked"
        hashed = accounts().get(username)
        ok = password_matches(password, hashed)
        if not ok:
            count, _ = reg["failures"].get(username, (0, 0.0))
            reg["failures"][username] = (count + 1, time.time())
            return "bad"
        reg["failures"].pop(username, None)
        token = secrets.token_urlsafe(32)
        reg["tokens"][token] = username
    st.session_state["auth_token"] = token
    return "ok"


def sign_out() -> None:
    """Forget this session's token."""
    token = st.session_state.pop("auth_token", None)
    registry()["tokens"].pop(token, None)


def current_analyst() -> str | None:
    """The signed-in analyst, checked against the server-side token registry and the configured accounts."""
    token = st.session_state.get("auth_token")
    user = registry()["tokens"].get(token) if isinstance(token, str) else None
    return user if user and user in accounts() else None


def require_analyst() -> str:
    """The analyst's name, or stop the script: every write path calls this again on the server."""
    user = current_analyst()
    if user is None:
        from ui.layout import tr

        st.error(tr("analyst_only"))
        st.stop()
    return user
