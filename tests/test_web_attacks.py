"""Attacks on the web layer, against one real `streamlit run serve.py` on loopback: Debian's chromium (Playwright) and
raw HTTP/websocket clients. Sign-in that survives a reload; a clear-cache message that neither unlocks nor signs out;
a session resumed from another browser is a viewer; uploads need the analyst's cookie and do not pile up in memory;
the app cannot be framed; tables offer no raw CSV export.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import re
import time
from pathlib import Path

import bcrypt
import pytest
import requests
import websockets
from playwright.sync_api import sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates

from etl.build import build
from tests.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_for_app
from tests.reliability_helpers import ROOT, record_figures

ACCOUNTS = {"lan": "mat-khau-cua-lan-2026", "minh": "mat-khau-cua-minh-2026"}
MB = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory, catalog):
    """A private warehouse, sign-in store and server with two analyst accounts."""
    root = tmp_path_factory.mktemp("web")
    build(root / "warehouse", catalog)
    hashes = ",".join(f"{u}:{bcrypt.hashpw(p.encode(), bcrypt.gensalt(rounds=4)).decode()}" for u, p in ACCOUNTS.items())
    env = {"DASHBOARD_ANALYSTS": hashes, "DASHBOARD_STATE_DIR": str(root / "state"), "DASHBOARD_MAX_UPLOAD_MB": "20"}
    with streamlit_server(root / "warehouse", env=env) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_sign_in(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.get_by_role("link", name="Đăng nhập chuyên viên").click()
    page.get_by_label("Tên đăng nhập").wait_for(timeout=30_000)


def try_sign_in(page, user: str, password: str) -> None:
    page.get_by_label("Tên đăng nhập").fill(user)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    settle(page)


def settle(page) -> None:
    """Wait until the rerun a click started has finished (so the next click is not folded into it)."""
    page.wait_for_timeout(400)
    page.wait_for_function("""() => document.querySelector('[data-testid="stApp"]')
        .getAttribute('data-test-script-state') === 'notRunning'""", timeout=30_000)


def sign_in(context, url: str, user: str) -> object:
    """A page of this browser context signed in as user (the form, then the cookie exchange)."""
    page = context.new_page()
    open_sign_in(page, url)
    try_sign_in(page, user, ACCOUNTS[user])
    page.get_by_role("button", name="Hoàn tất đăng nhập trên trình duyệt này").click()
    page.get_by_text(f"Đã đăng nhập: {user}").wait_for(timeout=30_000)
    return page


def nav_text(page) -> str:
    return page.locator('[data-testid="stSidebarNav"]').inner_text()


def run_async(coroutine):
    """Run a coroutine on a thread of its own (Playwright's sync API owns this thread's event loop)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


async def viewer_session(url: str) -> tuple[object, str]:
    """A raw websocket session (no browser, no cookie) and its session id."""
    ws = await websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"], max_size=None)
    rerun = BackMsg()
    rerun.rerun_script.query_string = ""
    rerun.rerun_script.page_script_hash = ""
    await ws.send(rerun.SerializeToString())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        msg = ForwardMsg()
        msg.ParseFromString(await asyncio.wait_for(ws.recv(), 30))
        if msg.WhichOneof("type") == "new_session":
            return ws, msg.new_session.initialize.session_id
    raise AssertionError("no new_session message")


# ---------------------------------------------------------------------------------------------------------------
def test_sign_in_survives_a_reload_with_an_httponly_strict_signed_cookie(server, chromium):
    """Issue 12 point 14: a reload keeps the analyst signed in; the token is a signed HttpOnly cookie, not the URL."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = sign_in(context, server, "lan")
    cookie = next(c for c in context.cookies() if c["name"] == "dashboard_auth")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "lan" not in cookie["value"] and "analyst" not in cookie["value"] and ACCOUNTS["lan"] not in cookie["value"]
    assert page.evaluate("document.cookie").find("dashboard_auth") == -1  # not readable by scripts
    assert "grant" not in page.url and ACCOUNTS["lan"] not in page.url
    page.reload()
    wait_for_app(page)
    assert "Đã đăng nhập: lan" in page.locator('[data-testid="stMain"]').inner_text()
    assert "Tải lên số liệu" in nav_text(page)
    fresh = context.new_page()  # a new tab of the same browser
    fresh.goto(server)
    wait_for_app(fresh)
    assert "Tải lên số liệu" in nav_text(fresh)
    context.close()


def test_clear_cache_message_neither_unlocks_nor_signs_out(server, chromium):
    """Point 1: the "Clear cache" message used to reset the failed-sign-in counters and sign every analyst out."""
    analyst = chromium.new_context()
    signed = sign_in(analyst, server, "lan")
    attacker = chromium.new_context().new_page()
    open_sign_in(attacker, server)
    for attempt in range(5):
        try_sign_in(attacker, "minh", f"sai-{attempt}")
        attacker.get_by_text("Sai tên đăng nhập hoặc mật khẩu.").wait_for(timeout=30_000)

    async def clear_cache() -> None:
        ws, _ = await viewer_session(server)
        message = BackMsg()
        message.clear_cache = True
        await ws.send(message.SerializeToString())
        await asyncio.sleep(1.5)
        await ws.close()

    run_async(clear_cache())
    try_sign_in(attacker, "minh", ACCOUNTS["minh"])  # the right password, right after the clear-cache message
    attacker.get_by_text("Quá nhiều lần đăng nhập sai").wait_for(timeout=30_000)
    assert attacker.get_by_role("button", name="Hoàn tất đăng nhập trên trình duyệt này").count() == 0
    signed.reload()
    wait_for_app(signed)
    assert "Tải lên số liệu" in nav_text(signed)
    assert "Ignored a clear-cache request" in server.log.read_text()
    record_figures("clear_cache", {"wrong_guesses": 5, "right_password_after_clear_cache": "locked",
                                   "analyst_after_clear_cache": "still signed in"})
    analyst.close()
    attacker.context.close()


def test_a_session_resumed_from_another_browser_is_a_viewer(server, chromium):
    """Point 2: the session id leaks in upload URLs; another browser resuming that session gets no analyst authority."""
    victim_context = chromium.new_context()
    victim = sign_in(victim_context, server, "lan")
    victim.get_by_role("link", name="Tải lên số liệu").click()
    victim.get_by_role("heading", name="Tải lên số liệu").wait_for(timeout=60_000)
    with victim.expect_request(re.compile(r"/_stcore/upload_file/")) as upload:
        victim.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            files=[{"name": "so-lieu.csv", "mimeType": "text/csv", "buffer": b"indicator_id,year,actual_value\n"}])
    session_id = re.search(r"/_stcore/upload_file/([^/]+)/", upload.value.url).group(1)

    thief = chromium.new_context().new_page()
    thief.add_init_script(f"""(() => {{
        const Native = window.WebSocket;
        window.WebSocket = function (url, protocols) {{
            const list = Array.isArray(protocols) ? protocols.slice() : [protocols];
            return new Native(url, [list[0], list[1] || "x", "{session_id}"]);
        }};
        window.WebSocket.prototype = Native.prototype;
        Object.assign(window.WebSocket, {{CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3}});
    }})();""")
    thief.goto(server + "/upload-actuals")
    wait_for_app(thief)
    thief.wait_for_timeout(1000)
    assert f"Session with id {session_id} is already connected! Reconnecting" in server.log.read_text()
    assert "Tải lên số liệu" not in nav_text(thief)
    assert thief.get_by_role("button", name="Xuất bản").count() == 0
    assert thief.locator('[data-testid="stFileUploaderDropzoneInput"]').count() == 0
    record_figures("session_takeover", {"resumed_session": True, "thief_role": "viewer"})
    victim_context.close()
    thief.context.close()


def test_uploads_need_the_analyst_cookie_and_do_not_pile_up(server, chromium):
    """Point 6: 16 unused uploads kept the server ~400 MB larger; now a viewer cannot upload at all and an analyst's
    session keeps at most two files."""
    context = chromium.new_context()
    sign_in(context, server, "lan")
    jar = {c["name"]: c["value"] for c in context.cookies()}
    cookie, xsrf = jar["dashboard_auth"], jar["_streamlit_xsrf"]
    context.close()
    payload = b"x" * (8 * MB)
    texts: set[str] = set()

    async def attack() -> dict:
        ws, session_id = await viewer_session(server)
        before = rss_mb(server.pid)

        def put(i: int, auth: bool, size: int = len(payload)) -> int:
            cookies = {"_streamlit_xsrf": xsrf, **({"dashboard_auth": cookie} if auth else {})}
            body = payload if size == len(payload) else b"x" * size
            response = requests.put(f"{server}/_stcore/upload_file/{session_id}/f{i}", files={"file": (f"f{i}.csv", io.BytesIO(body))},
                                    headers={"X-Xsrftoken": xsrf}, cookies=cookies, timeout=60)
            texts.add(response.text[:80])
            return response.status_code

        viewer_codes = [await asyncio.to_thread(put, i, False) for i in range(16)]
        after_viewer = rss_mb(server.pid)
        analyst_codes = [await asyncio.to_thread(put, 100 + i, True) for i in range(16)]
        await asyncio.sleep(1)
        after_analyst = rss_mb(server.pid)
        too_big = await asyncio.to_thread(put, 999, True, 21 * MB)
        await ws.close()
        return {"viewer_codes": viewer_codes, "analyst_codes": analyst_codes, "too_big": too_big, "rss_before_mb": round(before),
                "rss_after_viewer_uploads_mb": round(after_viewer), "rss_after_analyst_uploads_mb": round(after_analyst)}

    figures = run_async(attack())
    record_figures("unused_uploads", {**figures, "upload_mb": 8, "uploads": 16})
    assert set(figures["viewer_codes"]) == {403}, texts
    assert set(figures["analyst_codes"]) <= {200, 204}, texts
    assert figures["too_big"] == 413
    assert figures["rss_after_viewer_uploads_mb"] - figures["rss_before_mb"] < 40, figures
    # 16 × 8 MB kept would be 128 MB; at most two files (16 MB) plus transient buffers remain.
    assert figures["rss_after_analyst_uploads_mb"] - figures["rss_before_mb"] < 64, figures


def test_the_cookie_route_refuses_other_sites_and_dead_grants(server):
    """A cross-site POST (login CSRF) is refused; an unknown grant sets no cookie."""
    evil = requests.post(f"{server}/_dashboard/session", data={"grant": "x" * 43}, headers={"Origin": "https://evil.example"},
                         allow_redirects=False, timeout=30)
    assert evil.status_code == 403 and "dashboard_auth" not in evil.headers.get("set-cookie", "")
    dead = requests.post(f"{server}/_dashboard/session", data={"grant": "x" * 43}, allow_redirects=False, timeout=30)
    assert dead.status_code == 303 and "dashboard_auth" not in dead.headers.get("set-cookie", "")
    sneaky = requests.post(f"{server}/_dashboard/session", data={"grant": "x" * 43}, headers={"Sec-Fetch-Site": "cross-site"},
                           allow_redirects=False, timeout=30)
    assert sneaky.status_code == 403


def test_the_app_cannot_be_framed_by_another_site(server, chromium):
    """Point 12: CSP frame-ancestors and X-Frame-Options on every response; chromium refuses to frame the app."""
    response = requests.get(server, timeout=30)
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN" and response.headers["X-Content-Type-Options"] == "nosniff"
    page = chromium.new_page()
    page.set_content(f'<iframe id="victim" src="{server}/" width="800" height="600"></iframe>')
    page.wait_for_timeout(3000)
    frame = page.frame_locator("#victim")
    assert frame.locator('[data-testid="stApp"]').count() == 0
    page.close()


def test_tables_offer_no_raw_csv_export(server, chromium):
    """Point 8: st.dataframe's built-in "Download as CSV" would export uploaded formulas raw; it is turned off."""
    page = chromium.new_page(viewport={"width": 1440, "height": 900})
    page.goto(server + "/indicator?indicator=telecom_internet_users_pct")
    wait_for_app(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.hover()
    page.wait_for_timeout(500)
    toolbar = page.locator('[data-testid="stElementToolbar"]').first.inner_html() if page.locator(
        '[data-testid="stElementToolbar"]').count() else ""
    assert "Download" not in toolbar and page.get_by_label("Download as CSV").count() == 0
    page.close()


def test_a_broken_warehouse_shows_a_clear_message_not_a_traceback(tmp_path, catalog, chromium):
    """Point 5 in a real browser: `current` planted to point outside the warehouse makes every read refuse; the
    pages say so in both languages with an incident code; no exception type, path or traceback reaches the browser."""
    root = tmp_path / "warehouse"
    build(root, catalog)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "current").unlink()
    (root / "current").symlink_to(outside)
    with streamlit_server(root, env={"DASHBOARD_STATE_DIR": str(tmp_path / "state")}) as url:
        page = chromium.new_page()
        for path in ("", "/sector?sector=telecom", "/indicator"):
            page.goto(url + path)
            page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=60_000)
            page.get_by_text("mã sự cố").first.wait_for(timeout=60_000)
            shown = page.locator('[data-testid="stMain"]').inner_text() + page.locator('[data-testid="stSidebar"]').inner_text()
            assert "incident code" in shown
            assert "Traceback" not in shown and "WarehouseLayoutError" not in shown and str(tmp_path) not in shown
            assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(ROOT / "test-artifacts" / "page-error.png"))
        page.close()
        assert "WarehouseLayoutError" in url.log.read_text()  # the detail is in the server log


FORGED_IDS = ["_url_last", "cards_telecom", "export_table", "upload_file", "sector", "as_of", "lang", "_w_lang", "_w_as_of",
              "history_point", "f_year", "$$ID-00000000000000000000000000000000-None", "auth_grant", "present"]


def forged_state(rng) -> WidgetStates:
    states = WidgetStates()
    for widget_id in rng.sample(FORGED_IDS, rng.randint(1, 4)):
        state = states.widgets.add()
        state.id = widget_id
        kind = rng.randrange(5)
        if kind == 0:
            state.string_value = rng.choice(["x", "", "💥" * 50, "'; DROP TABLE actuals;--", "2015", "telecom"])
        elif kind == 1:
            state.int_value = rng.choice([-1, 0, 10**12])
        elif kind == 2:
            state.bool_value = True
        elif kind == 3:
            state.json_value = rng.choice(['{"a": 1}', "[]", "null", "1e309"])
        else:
            state.double_value = float("nan")
    return states


def test_forged_widget_ids_over_the_websocket_reach_no_user(server):
    """Point 5 where the attack is: a client sends widget states whose ids are session keys or nonsense, with values
    of any type, on every page. No exception element and no error-boundary message in any reply."""
    import random

    rng = random.Random(19)
    paths = ["", "sector", "indicator", "provinces", "baseline", "briefing", "sources", "sign-in"]

    async def fuzz() -> dict:
        ws, _ = await viewer_session(server)
        runs, problems = 0, []
        for _ in range(60):
            rerun = BackMsg()
            rerun.rerun_script.page_name = rng.choice(paths)
            rerun.rerun_script.query_string = rng.choice(["", "as_of=2015", "sector=press_media&as_of=2019", "lang=en"])
            rerun.rerun_script.widget_states.CopyFrom(forged_state(rng))
            await ws.send(rerun.SerializeToString())
            runs += 1
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await asyncio.wait_for(ws.recv(), 60))
                kind = msg.WhichOneof("type")
                if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    element = msg.delta.new_element
                    if element.WhichOneof("type") == "exception" or (
                            element.WhichOneof("type") == "alert" and "incident" in element.alert.body):
                        problems.append(f"{rerun.rerun_script.page_name}: {str(element)[:200]}")
                if kind == "script_finished":
                    break
        await ws.close()
        return {"runs": runs, "problems": problems}

    result = run_async(fuzz())
    record_figures("websocket_forged_widgets", {"runs": result["runs"], "problems": len(result["problems"])})
    assert result["runs"] == 60 and not result["problems"], result["problems"][:5]
