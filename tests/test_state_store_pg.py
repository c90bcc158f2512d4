"""The PostgreSQL sign-in store (etl.auth_store_pg, selected by $DASHBOARD_STATE_DSN): the store contract against a
real PostgreSQL, including what only a shared store must get right: several processes racing on one row."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from etl.auth_store_pg import PostgresAuthStore
from tests.cluster_helpers import ROOT, private_postgres


@pytest.fixture(scope="module")
def dsn():
    with private_postgres() as found:
        yield found


@pytest.fixture
def store(dsn):
    found = PostgresAuthStore(dsn)
    found._run("TRUNCATE auth_tokens, auth_grants, auth_failures, auth_meta")
    return found


def test_tokens_live_until_revoked_or_expired(store):
    now = time.time()
    store.put_token("t1", "analyst", now + 60)
    store.put_token("t2", "analyst", now + 60)
    store.put_token("old", "other", now - 1)
    assert store.token_user("t1", now) == "analyst"
    assert store.token_user("old", now) is None
    assert store.token_user("unknown", now) is None
    store.revoke_token("t1")
    assert store.token_user("t1", now) is None
    assert store.revoke_user("analyst") == 1
    assert store.token_user("t2", now) is None


def test_a_grant_is_taken_once_and_not_after_expiry(store):
    now = time.time()
    store.put_grant("g", "analyst", now + 60)
    assert store.take_grant("g", now) == "analyst"
    assert store.take_grant("g", now) is None
    store.put_grant("late", "analyst", now + 1)
    assert store.take_grant("late", now + 2) is None


def test_failures_count_clear_and_unlock(store):
    now = time.time()
    assert [store.add_failure("account", "analyst", now + i) for i in range(3)] == [1, 2, 3]
    assert store.failure("account", "analyst") == (3, now + 2)
    store.add_failure("client", "10.0.0.1", now)
    assert {(s, k, c) for s, k, c, _ in store.failures()} == {("account", "analyst", 3), ("client", "10.0.0.1", 1)}
    store.clear_failures("account", "analyst")
    assert store.failure("account", "analyst") == (0, 0.0)
    assert store.unlock() == 1 and store.failures() == []


def test_the_secret_is_made_once_and_shared(store, dsn, monkeypatch):
    monkeypatch.delenv("DASHBOARD_AUTH_SECRET", raising=False)
    first = store.secret()
    assert len(first) == 32 and PostgresAuthStore(dsn).secret() == first
    monkeypatch.setenv("DASHBOARD_AUTH_SECRET", "from-the-environment")
    assert store.secret() == b"from-the-environment"


RACER = """
import sys, time
from etl.auth_store_pg import PostgresAuthStore
store = PostgresAuthStore(sys.argv[1])
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.001)
took = store.take_grant("contested", time.time())
counts = [store.add_failure("account", "raced", time.time()) for _ in range(25)]
print(took, max(counts))
"""


def test_processes_racing_never_lose_a_count_nor_share_a_grant(store, dsn):
    store.put_grant("contested", "analyst", time.time() + 60)
    start = time.time() + 2.0
    procs = [subprocess.Popen([sys.executable, "-c", RACER, dsn, str(start)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
             for _ in range(4)]
    try:
        outs = [p.communicate(timeout=60)[0].split() for p in procs]
    finally:
        for p in procs:
            p.kill()
    assert sum(took == "analyst" for took, _ in outs) == 1, outs
    assert store.failure("account", "raced")[0] == 100


def test_a_dropped_connection_is_reopened(store):
    store.put_token("t", "analyst", time.time() + 60)
    store._connection().close()
    assert store.token_user("t", time.time()) == "analyst"
