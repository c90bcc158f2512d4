"""The charts' plotly.js file: served from static/, asked for from the page's <head> also when the page is gzipped
(as every browser gets it), and the head tag left out with DASHBOARD_CHART_PRELOAD=off."""

from __future__ import annotations

import asyncio
import gzip

import pytest

from ui import web
from ui.plotly_chart import PLOTLY_FILE, head_tag

PAGE = b"<html><head><title>x</title></head><body><div id='root'></div></body></html>"


def run_asgi(app, headers: list[tuple[bytes, bytes]]) -> tuple[dict, bytes]:
    """One GET / through an ASGI app; the response start message and the whole body."""
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/sector", "headers": headers, "query_string": b""}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def html_app(encoding: bytes | None):
    """A stand-in for Streamlit's index route: the page, gzipped in two body chunks when asked."""

    async def app(scope, receive, send) -> None:
        body = gzip.compress(PAGE) if encoding == b"gzip" else PAGE
        headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                   (b"etag", b'"abc"')]
        if encoding:
            headers.append((b"content-encoding", encoding))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})

    return app


@pytest.mark.parametrize("encoding", [None, b"gzip"])
def test_the_head_asks_for_plotly_whether_or_not_the_page_is_gzipped(encoding, monkeypatch):
    monkeypatch.delenv("DASHBOARD_CHART_PRELOAD", raising=False)
    start, body = run_asgi(web.ChartLibraryEarly(html_app(encoding)), [(b"accept-encoding", b"gzip")])
    page = gzip.decompress(body) if encoding else body
    assert page.count(head_tag()) == 1 and page.index(head_tag()) < page.index(b"</head>")
    headers = dict(start["headers"])
    assert int(headers[b"content-length"]) == len(body) and b"etag" not in headers
    assert headers.get(b"content-encoding") == encoding


def test_an_unknown_encoding_is_passed_through_unchanged():
    body = b"\x00\x01 not html we can read </head>"
    assert web.with_tag(body, head_tag(), b"br") == body


def test_preload_off_leaves_the_page_alone(monkeypatch):
    monkeypatch.setenv("DASHBOARD_CHART_PRELOAD", "off")
    _, body = run_asgi(web.ChartLibraryEarly(html_app(None)), [])
    assert body == PAGE


def test_the_served_file_is_the_basic_bundle_the_tag_names():
    from pathlib import Path

    static = Path(__file__).resolve().parent.parent / "static"
    assert f"app/static/{PLOTLY_FILE}".encode() in head_tag()
    assert b"plotly.js (basic - minified) v4.1.1" in (static / PLOTLY_FILE).read_bytes()[:200]
    assert "enableStaticServing = true" in (static.parent / ".streamlit" / "config.toml").read_text()
