"""Helpers for browser tests: a real `streamlit run` server and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


class ServerURL(str):
    """The base URL of a test server; .pid is its process id and .log its log file."""

    pid: int
    log: Path


def free_port() -> int:
    """An unused TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_server(data_dir: Path, env: dict[str, str] | None = None):
    """Serve the app (serve.py: app.py with the cookie route, headers and upload guard) on a free loopback port until
    the block ends; yields the base URL."""
    port = free_port()
    log = open(data_dir.parent / f"streamlit-{port}.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, "DASHBOARD_DATA_DIR": str(data_dir), **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
    )
    url = ServerURL(f"http://127.0.0.1:{port}")
    url.pid, url.log = process.pid, Path(log.name)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


RENDERED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const done = app && app.getAttribute('data-test-script-state') === 'notRunning';
    const charts = [...document.querySelectorAll('[data-testid="dashboardChart"]')];
    const skeletons = document.querySelectorAll('[data-testid="stSkeleton"]').length;
    return done && !skeletons && document.querySelector('[data-testid="stMain"] h1')
        && charts.every(c => c.querySelector('.main-svg .trace'));
}"""


def wait_until_rendered(page, timeout_ms: int = 60_000) -> None:
    """Wait until the page is rendered: connected, the script run finished, a heading, no skeletons, and every Plotly
    chart on the page has drawn its traces."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout_ms)
    page.wait_for_function(RENDERED, timeout=timeout_ms)


def wait_for_app(page, timeout_ms: int = 60_000, settle_ms: int = 300) -> None:
    """Wait until the page is rendered, then let late layout (fonts, resize observers) settle before acting on it."""
    wait_until_rendered(page, timeout_ms)
    page.wait_for_timeout(settle_ms)


def full_screenshot(page, path: Path) -> None:
    """Screenshot of the whole main area (Streamlit scrolls inside its own container)."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(max(height + 40, 900), 12000)})
    # Resizing redraws every Plotly chart: wait until each has its SVG again.
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"dashboardChart\"]')].every(c => c.querySelector('.main-svg .trace'))",
        timeout=30_000,
    )
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def sign_in(page, base_url: str, user: str, password: str) -> None:
    """Sign an analyst in through the sign-in page, finishing with the click that gives the browser its cookie."""
    page.goto(base_url)
    wait_for_app(page)
    page.get_by_role("link", name="Đăng nhập chuyên viên").click()
    wait_for_app(page)
    page.get_by_label("Tên đăng nhập").fill(user)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Hoàn tất đăng nhập trên trình duyệt này").click()
    page.get_by_text(f"Đã đăng nhập: {user}").wait_for(timeout=30_000)
