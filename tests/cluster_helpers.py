"""Services that only serving many users needs, started by the tests that need them and always stopped: a private
PostgreSQL (scripts/cluster.sh pg-up) and a cluster of replicas behind HAProxy (scripts/cluster.sh up N)."""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

from bench.streamlit_client import PageRun, Session, text_value, trigger, upload

ROOT = Path(__file__).resolve().parent.parent
CLUSTER_SH = ROOT / "scripts" / "cluster.sh"


@contextlib.contextmanager
def private_postgres() -> Iterator[str]:
    """A PostgreSQL of its own on a free loopback port; yields its DSN. Its directory is under /tmp (run as root,
    PostgreSQL runs as the postgres user, who cannot enter pytest's private temp directories)."""
    state = Path(tempfile.mkdtemp(prefix="dashboard-test-pg-"))
    env = {**os.environ, "DASHBOARD_CLUSTER_DIR": str(state)}
    try:
        done = subprocess.run([str(CLUSTER_SH), "pg-up"], env=env, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        yield (state / "state.dsn").read_text().strip()
    finally:
        subprocess.run([str(CLUSTER_SH), "pg-down"], env=env, capture_output=True, timeout=60, check=False)
        shutil.rmtree(state, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------------------
# An analyst, driven over the websocket protocol as the browser does (bench/streamlit_client.py)
# ---------------------------------------------------------------------------------------------------------------
GRANT = re.compile(r'name="grant" value="([^"]+)"')


async def sign_in(session: Session, user: str, password: str) -> PageRun:
    """Fill and submit the sign-in form; when the app answers with a one-time grant (cookie-bound sign-in), post it
    to the cookie route as the browser's form does and reconnect with the cookie. Returns the sign-in page's run."""
    page = await session.run("sign-in")
    submit = next(b for b in page.widgets("button") if b.is_form_submitter)
    name, secret = [w for w in page.widgets("text_input") if w.form_id == submit.form_id][:2]  # the form's, not the sidebar's
    run = await session.run("sign-in", widgets=[text_value(name.id, user), text_value(secret.id, password), trigger(submit.id)])
    grant = next((m.group(1) for body in run.html() for m in [GRANT.search(body)] if m), None)
    if grant:
        status, _, _ = await session.http("POST", "/_dashboard/session", urlencode({"grant": html.unescape(grant)}).encode(),
                                          {"Content-Type": "application/x-www-form-urlencoded"})
        assert status in (200, 303), f"the cookie route answered {status}"
        await session.close()
        await session.connect()  # the browser reloads: a new websocket carrying the cookie
        run = await session.run("sign-in")
    return run


async def publish_csv(session: Session, data: bytes, name: str) -> PageRun:
    """Upload a CSV on the upload page, then press publish; returns the run that published."""
    page = await session.run("upload-actuals")
    uploaders = page.widgets("file_uploader")
    assert uploaders, f"no upload form (not signed in?): {page.texts()}"
    state = await upload(session, uploaders[0], name, data)
    checked = await session.run("upload-actuals", widgets=[state])
    button = next((b for b in checked.widgets("button") if b.id.endswith("publish_batch")), None)
    assert button is not None, f"no publish button: {checked.texts()}"
    return await session.run("upload-actuals", widgets=[state, trigger(button.id)])


def series_value(run: PageRun, year: int, province: str | None = None) -> list[float]:
    """The current actual values the indicator page's series table shows for one year (national by default)."""
    values = []
    for table in run.tables():
        frame = table.to_pandas()
        if {"year", "actual_value", "is_current"} <= set(frame.columns):
            rows = frame[(frame["year"] == year) & frame["is_current"].astype(bool)]
            if "province_name" in frame.columns and province is None:
                rows = rows[rows["province_name"].isna() | (rows["province_name"] == "")]
            values += [shown_number(v) for v in rows["actual_value"]]
    return values


def shown_number(value: object) -> float:
    """A number as the table shows it: a float, or Vietnamese text (dot thousands, decimal comma)."""
    if isinstance(value, str):
        return float(value.replace("\xa0", "").replace(".", "").replace(",", "."))
    return float(value)
