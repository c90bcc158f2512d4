"""Three replicas behind HAProxy with shared sign-in state in PostgreSQL (scripts/cluster.sh), driven by real
Streamlit sessions over the websocket protocol (bench/streamlit_client.py). Loopback only; everything the cluster
started is stopped afterwards, also when a test fails."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import bcrypt
import pytest

from bench.load import Cluster
from bench.streamlit_client import Session
from presentation.text import t
from tests.cluster_helpers import publish_csv, series_value, sign_in

ANALYST, PASSWORD = "analyst_hn", "correct horse 2026"
TARGET = "victim"  # the account the lock-out test locks (the others keep signing in)
INDICATOR, YEAR = "telecom_internet_users_pct", 2024
STEP_TIMEOUT_S = 120


def run(coro, timeout: float = STEP_TIMEOUT_S):
    """One bounded async step."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    data = tmp_path_factory.mktemp("cluster-warehouse")
    subprocess.run([sys.executable, "-m", "etl", "build"], env={**os.environ, "DASHBOARD_DATA_DIR": str(data)}, check=True,
                   capture_output=True, timeout=300)
    hashes = {name: bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode() for name in (ANALYST, TARGET)}
    env = {"DASHBOARD_ANALYSTS": ",".join(f"{n}:{h}" for n, h in hashes.items()), "DASHBOARD_DEMO": ""}
    with Cluster(3, data, extra_env=env) as found:
        yield found


def test_three_replicas_serve_pages_through_the_front(cluster):
    async def visit() -> tuple[set[str], list[str]]:
        replicas, headings = set(), []
        for _ in range(4):  # new browsers: the front spreads them over the replicas
            session = Session(cluster.front)
            await session.open()
            for page, query in (("", ""), ("sector", "sector=telecom"), ("indicator", f"indicator={INDICATOR}")):
                page_run = await session.run(page, query)
                assert not page_run.exceptions, page_run.exceptions
                headings.append(page_run.texts()[1])
            replicas.add(session.cookies.get("DASHBOARD_REPLICA"))
            await session.close()
        return replicas, headings

    replicas, headings = run(visit())
    assert len(cluster.replica_pids()) == 3
    assert len(replicas - {None}) >= 2, f"every new browser went to the same replica: {replicas}"
    assert {t("page_overview"), t("page_sector"), t("page_indicator")} <= set(headings)


def test_a_publish_through_one_replica_shows_the_new_value_on_another(cluster):
    value = round(60 + (time.time() % 1000) / 100, 3)  # a value no earlier run published
    csv = f"indicator_id,year,value,province\n{INDICATOR},{YEAR},{value},\n".encode()
    urls = cluster.replica_urls()

    async def publish_on_first_read_on_second() -> tuple[list[str], list[float], list[float]]:
        reader = Session(urls[1])
        await reader.open()
        before = series_value(await reader.run("indicator", f"indicator={INDICATOR}"), YEAR)
        writer = Session(urls[0])
        await writer.open()
        await sign_in(writer, ANALYST, PASSWORD)
        published = await publish_csv(writer, csv, "cluster-publish.csv")
        after = series_value(await reader.run("indicator", f"indicator={INDICATOR}"), YEAR)  # the same session's next run
        for session in (reader, writer):
            await session.close()
        return published.texts(), before, after

    texts, before, after = run(publish_on_first_read_on_second())
    assert any(text.startswith(t("published", batch="")[:15]) for text in texts), texts
    assert value not in before and after == [value], (before, after)
