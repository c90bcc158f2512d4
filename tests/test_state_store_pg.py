"""The PostgreSQL sign-in store (etl.auth_store_pg, selected by $DASHBOARD_STATE_DSN) beyond the contract every backend
passes (tests/test_auth_store.py): what only a shared store must get right, against a real PostgreSQL: processes
racing on one row, one secret for every replica, a dropped connection, and open_store choosing it."""

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


def test_open_store_uses_postgresql_when_a_dsn_is_set(dsn, monkeypatch):
    from etl import auth_store

    monkeypatch.setenv("DASHBOARD_STATE_DSN", dsn)
    assert isinstance(auth_store.open_store(), PostgresAuthStore)
    monkeypatch.delenv("DASHBOARD_STATE_DSN")
    assert isinstance(auth_store.open_store(), auth_store.SQLiteAuthStore)
