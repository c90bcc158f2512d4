"""The HTTP layer around the Streamlit app (mounted by serve.py through st.App): the sign-in cookie route, security
headers, the upload guard, and server-side refusal of viewers' "clear cache" requests."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import gzip
import logging
import os
import time
from collections import OrderedDict

from etl import auth_store

log = logging.getLogger("dashboard.web")

# What every response carries (see deploy/security-headers.md for the reverse proxy's copy and the reasons).
SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'",
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
UPLOAD_PATH = "/_stcore/upload_file/"
MAX_FILES_PER_SESSION = 2
UPLOAD_TTL_S = float(os.environ.get("DASHBOARD_UPLOAD_TTL_S") or 1800)


def max_upload_mb() -> float:
    """The app's upload cap in MB ($DASHBOARD_MAX_UPLOAD_MB, default 20): also Streamlit's server.maxUploadSize."""
    return float(os.environ.get("DASHBOARD_MAX_UPLOAD_MB") or 20)


def both(key: str, **values: object) -> str:
    """A catalogue text in Vietnamese, then English (HTTP answers have no language setting)."""
    from presentation.text import t

    return f"{t(key, 'vi', **values)} / {t(key, 'en', **values)}"


def request_cookie(scope: dict) -> str | None:
    """The auth cookie of a raw ASGI request."""
    # Parsed by hand: http.cookies.SimpleCookie gives up on the whole header at the first value it dislikes (the
    # XSRF cookie's "|"), which would make a valid sign-in look absent.
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, found = part.strip().partition("=")
                if key == auth_store.COOKIE_NAME:
                    return found.strip().strip('"')
    return None


def is_https(scope: dict) -> bool:
    """Behind a TLS-terminating proxy (X-Forwarded-Proto: https) or served over TLS: the cookie gets Secure."""
    forwarded = dict(scope.get("headers", [])).get(b"x-forwarded-proto", b"").decode("latin-1")
    return scope.get("scheme") == "https" or forwarded.lower() == "https" or os.environ.get("DASHBOARD_COOKIE_SECURE") == "1"


async def session_route(request):
    """POST grant=…: exchange the one-time grant for the signed HttpOnly, SameSite=Strict cookie; back to sign-in."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import PlainTextResponse, RedirectResponse

    origin = request.headers.get("origin")
    fetch_site = request.headers.get("sec-fetch-site")
    if (origin and origin != "null" and origin.split("://", 1)[-1] != request.headers.get("host")) or (
            fetch_site and fetch_site not in ("same-origin", "none")):
        # Login CSRF: another site must not sign this browser in (to an account of its choosing).
        return PlainTextResponse(both("cross_site_sign_in"), status_code=403)
    form = await request.form()
    grant = str(form.get("grant") or "")[:128]
    redeemed = await run_in_threadpool(auth_store.redeem_grant, auth_store.open_store(), grant)
    response = RedirectResponse("../sign-in", status_code=303)
    if redeemed is not None:
        value, expires = redeemed
        response.set_cookie(auth_store.COOKIE_NAME, value, max_age=max(1, int(expires - time.time())), path="/",
                            httponly=True, samesite="strict", secure=is_https(request.scope))
    response.headers["Cache-Control"] = "no-store"
    return response


def routes() -> list:
    """The app's own HTTP routes."""
    from starlette.routing import Route

    return [Route("/_dashboard/session", session_route, methods=["POST"])]


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response (pure ASGI, so websockets pass untouched)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.lower().encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class UploadGuard:
    """Uploads only from a browser holding a live analyst cookie, no larger than the app's cap; at most
    MAX_FILES_PER_SESSION kept per session, and any left unused longer than UPLOAD_TTL_S dropped from memory."""

    def __init__(self, app) -> None:
        global _guard
        self.app = app
        self.seen: OrderedDict[tuple[str, str], float] = OrderedDict()
        _guard = self

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "PUT" or UPLOAD_PATH not in path:
            await self.app(scope, receive, send)
            return
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import PlainTextResponse

        user = await run_in_threadpool(analyst_for_cookie, request_cookie(scope))
        length = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if user is None:
            await PlainTextResponse(both("analyst_only"), status_code=403)(scope, receive, send)
            return
        if not length.isdigit() or int(length) > max_upload_mb() * 1024 * 1024:
            await PlainTextResponse(both("upload_too_large", mb=round(max_upload_mb())), status_code=413)(scope, receive, send)
            return
        await self.app(scope, receive, send)
        session_id, _, file_id = path.split(UPLOAD_PATH, 1)[1].partition("/")
        self.seen[(session_id, file_id)] = time.monotonic()
        self.trim(session_id)

    def trim(self, session_id: str | None = None) -> int:
        """Drop a session's older uploads beyond the cap, and every upload older than the TTL; returns how many."""
        now = time.monotonic()
        mine = [key for key in self.seen if key[0] == session_id]
        doomed = set(mine[:-MAX_FILES_PER_SESSION]) | {k for k, at in self.seen.items() if now - at > UPLOAD_TTL_S}
        if not doomed:
            return 0
        manager = upload_manager()
        for key in doomed:
            self.seen.pop(key, None)
            if manager is not None:
                manager.remove_file(*key)
        release_memory()
        return len(doomed)



_guard: UploadGuard | None = None


async def sweep_uploads_forever(every_s: float = 60.0) -> None:
    """Expire unused uploads even when nobody uploads again."""
    while True:
        await asyncio.sleep(every_s)
        if _guard is not None:
            try:
                _guard.trim()
            except Exception:  # noqa: BLE001 - a sweep must never stop the server
                log.exception("Upload sweep failed")


def script_error(exc: Exception) -> bool:
    """Last net for an exception outside the page boundary (app.py itself): a clear message, the detail in the log."""
    from ui.layout import show_page_error

    show_page_error(exc)
    return True


def analyst_for_cookie(cookie: str | None) -> str | None:
    """The analyst a raw cookie value stands for, for a configured account."""
    from ui.auth import accounts

    user = auth_store.cookie_user(auth_store.open_store(), cookie) if cookie else None
    return user if user and user in accounts() else None


def upload_manager():
    """Streamlit's uploaded-file manager of this process (None before the runtime exists)."""
    from streamlit.runtime import Runtime

    return Runtime.instance().uploaded_file_mgr if Runtime.exists() else None


def release_memory() -> None:
    """Give freed upload buffers back to the operating system (glibc keeps them otherwise)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def refuse_viewer_cache_clearing() -> None:
    """Ignore the "clear cache" message on the server unless client.toolbarMode is "developer": any browser can send
    it, and it would empty every cache for every user (the menu item is hidden by toolbarMode = "viewer" as well)."""
    from streamlit import config
    from streamlit.runtime.app_session import AppSession

    if getattr(AppSession, "_dashboard_guarded", False):
        return
    original = AppSession._handle_clear_cache_request

    def guarded(self) -> None:
        if config.get_option("client.toolbarMode") == "developer":
            original(self)
        else:
            log.warning("Ignored a clear-cache request from session %s (client.toolbarMode is not developer).", self.id)

    AppSession._handle_clear_cache_request = guarded
    AppSession._dashboard_guarded = True


def with_tag(body: bytes, tag: bytes, encoding: bytes) -> bytes:
    """The HTML with the tag put before </head>; a gzipped page (what every browser gets, since it sends
    Accept-Encoding) is unzipped, changed and zipped again, any other encoding is left as it is."""
    if encoding.strip().lower() == b"gzip":
        return gzip.compress(gzip.decompress(body).replace(b"</head>", tag + b"</head>", 1), compresslevel=6, mtime=0)
    if encoding.strip().lower() in (b"", b"identity"):
        return body.replace(b"</head>", tag + b"</head>", 1)
    return body


class ChartLibraryEarly:
    """Puts a tag for the charts' plotly.js file (ui.plotly_chart) into the page's HTML head, so a fresh browser
    fetches and starts it from the first milliseconds, while it waits for Streamlit's own chunks, the websocket and the
    script run, instead of when the first chart arrives (measured in
    tests/test_browser_leadership.py::test_shared_link_time_to_all_charts). DASHBOARD_CHART_PRELOAD=off leaves it out."""

    def __init__(self, app) -> None:
        from ui.plotly_chart import head_tag

        self.app = app
        self.tag = b"" if os.environ.get("DASHBOARD_CHART_PRELOAD") == "off" else head_tag()

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if (not self.tag or scope["type"] != "http" or scope.get("method") != "GET" or "/_stcore/" in path
                or "/static/" in path or "/app/static/" in path):
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        chunks: list[bytes] = []

        async def send_with_tag(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                kind = dict(message.get("headers", [])).get(b"content-type", b"")
                if not kind.startswith(b"text/html"):
                    start = None
                    await send(message)
                    return
                start = message
                return
            if start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = with_tag(b"".join(chunks), self.tag, dict(start.get("headers", [])).get(b"content-encoding", b""))
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"etag")]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, send_with_tag)
