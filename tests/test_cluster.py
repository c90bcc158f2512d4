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
    value = round(60 + (time.time() % 1000) / 100, 2)  # a value no earlier run published (two decimals, as shown)
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


def attempt(url: str, user: str, password: str) -> tuple[str | None, list[str]]:
    """One sign-in from a new browser through `url`: the replica it landed on and what the page said."""
    async def go():
        session = Session(url)
        await session.open()
        page = await sign_in(session, user, password)
        await session.close()
        return session.cookies.get("DASHBOARD_REPLICA"), page.texts()

    return run(go())


def test_six_wrong_passwords_spread_over_the_replicas_lock_the_account(cluster):
    locked = t("locked_out", seconds=0).split("0")[0]
    replicas, said = set(), []
    for i in range(6):
        replica, texts = attempt(cluster.front, TARGET, f"wrong password {i}")
        replicas.add(replica)
        said.append(next((x for x in texts if x in (t("bad_login"),) or x.startswith(locked)), None))
    assert len(replicas - {None}) >= 2, f"the attempts all reached one replica: {replicas}"
    assert said[:5] == [t("bad_login")] * 5, said
    assert said[5] is not None and said[5].startswith(locked), said
    replica, texts = attempt(cluster.front, TARGET, PASSWORD)  # even the right password, on any replica, now waits
    assert any(x.startswith(locked) for x in texts) and t("signed_in_as", user=TARGET) not in texts, texts


def test_an_analyst_whose_replica_dies_stays_signed_in_and_can_publish(cluster):
    value = round(50 + (time.time() % 1000) / 100, 2)
    csv = f"indicator_id,year,value,province\n{INDICATOR},{YEAR - 1},{value},\n".encode()

    async def scenario():
        session = Session(cluster.front)
        await session.open()
        page = await sign_in(session, ANALYST, PASSWORD)
        assert t("signed_in_as", user=ANALYST) in page.texts(), page.texts()
        first = session.cookies["DASHBOARD_REPLICA"]
        cluster.kill(first)  # SIGKILL: the replica holding the session dies
        await session.close()
        await session.reconnect()  # the browser reconnects its websocket, as after any drop
        page = await session.run("sign-in")
        published = await publish_csv(session, csv, "after-failover.csv")
        await session.close()
        return first, session.cookies.get("DASHBOARD_REPLICA"), page.texts(), published.texts()

    first, second, signed, published = run(scenario())
    assert second != first, "HAProxy did not send the browser to another replica"
    assert t("signed_in_as", user=ANALYST) in signed, signed
    assert any(text.startswith(t("published", batch="")[:15]) for text in published), published

    async def read_back():
        session = Session(cluster.front)
        await session.open()
        found = series_value(await session.run("indicator", f"indicator={INDICATOR}"), YEAR - 1)
        await session.close()
        return found

    assert run(read_back()) == [value]
