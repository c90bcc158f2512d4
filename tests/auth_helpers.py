"""Signing in from AppTest the way a browser does: the form, then the one-time grant exchanged for the cookie."""

from __future__ import annotations

import re

from etl import auth_store
from ui import auth

GRANT = re.compile(r'name="grant" value="([^"]+)"')


def page_grant(at) -> str | None:
    """The one-time grant the sign-in page hands to the browser (inside its POST form), if any."""
    for element in at.get("html"):
        found = GRANT.search(element.proto.body)
        if found:
            return found.group(1)
    return None


def sign_in_with_cookie(at, user: str, password: str, monkeypatch) -> str | None:
    """Fill the sign-in form; on success exchange the grant for the cookie (as /_dashboard/session does) and make this
    process's connection carry it (AppTest has no browser). Returns the cookie value, or None when refused."""
    at.switch_page("pages/sign_in.py").run()
    at.text_input[0].input(user)
    at.text_input[1].input(password)
    at.button[0].click().run()
    grant = page_grant(at)
    if grant is None:
        return None
    cookie, _ = auth_store.redeem_grant(auth_store.open_store(), grant)
    monkeypatch.setattr(auth, "browser_cookie", lambda: cookie)
    at.run()
    return cookie
