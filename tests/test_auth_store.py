"""The sign-in store's contract (etl.auth_store.AuthStore), run against every backend: a new backend (e.g. the
shared one selected by DASHBOARD_STATE_DSN) joins BACKENDS and must pass the same tests."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from etl import auth_store

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = {"sqlite": lambda tmp: auth_store.SQLiteAuthStore(tmp / "auth.sqlite"), "postgres": None}


@pytest.fixture(scope="module")
def postgres_dsn():
    """A private PostgreSQL for the shared backend (etl/auth_store_pg.py), started and stopped here."""
    from tests.cluster_helpers import private_postgres

    with private_postgres() as dsn:
        yield dsn


@pytest.fixture(params=list(BACKENDS))
def store(request, tmp_path):
    if request.param == "postgres":
        from etl.auth_store_pg import PostgresAuthStore

        found = PostgresAuthStore(request.getfixturevalue("postgres_dsn"))
        found._run("TRUNCATE auth_tokens, auth_grants, auth_failures, auth_meta")
        return found
    return BACKENDS[request.param](tmp_path)


def test_secret_is_made_once_and_shared(store, tmp_path, monkeypatch):
    monkeypatch.delenv("DASHBOARD_AUTH_SECRET", raising=False)
    first = store.secret()
    assert len(first) >= 32 and store.secret() == first


def test_tokens_expire_and_are_revoked(store):
    now = time.time()
    store.put_token("h1", "lan", now + 60)
    store.put_token("h2", "lan", now + 60)
    store.put_token("h3", "minh", now - 1)
    assert store.token_user("h1", now) == "lan" and store.token_user("h3", now) is None and store.token_user("nope", now) is None
    store.revoke_token("h1")
    assert store.token_user("h1", now) is None and store.token_user("h2", now) == "lan"
    assert store.revoke_user("lan") == 1 and store.token_user("h2", now) is None


def test_a_grant_is_taken_once_even_by_racing_threads(store):
    store.put_grant("g", "lan", time.time() + 60)
    results: list[str | None] = []
    threads = [threading.Thread(target=lambda: results.append(store.take_grant("g", time.time()))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=str) == [*[None] * 7, "lan"]
    store.put_grant("old", "lan", time.time() - 1)
    assert store.take_grant("old", time.time()) is None


def test_failure_counters_count_clear_and_unlock(store):
    assert [store.add_failure("account", "lan", 1.0) for _ in range(3)] == [1, 2, 3]
    store.add_failure("client", "203.0.113.9", 2.0)
    assert store.failure("account", "lan") == (3, 1.0) and store.failure("account", "nobody") == (0, 0.0)
    store.clear_failures("account", "lan")
    assert store.failure("account", "lan") == (0, 0.0)
    store.add_failure("account", "lan", 3.0)
    assert {row[:3] for row in store.failures()} == {("account", "lan", 1), ("client", "203.0.113.9", 1)}
    assert store.unlock("client", None) == 1 and store.unlock() == 1 and store.failures() == []


def test_two_processes_count_every_failure(tmp_path):
    """Several server processes (or replicas on one disk) share the counters: none is lost."""
    script = ("import sys; from pathlib import Path; from etl import auth_store; "
              "s = auth_store.SQLiteAuthStore(Path(sys.argv[1])); [s.add_failure('client', 'x', 1.0) for _ in range(100)]")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "auth.sqlite")], cwd=ROOT) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert auth_store.SQLiteAuthStore(tmp_path / "auth.sqlite").failure("client", "x")[0] == 200


def test_the_store_file_is_private_and_never_a_symlink(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    (tmp_path / "auth.sqlite").symlink_to(victim)
    with pytest.raises(OSError):
        auth_store.SQLiteAuthStore(tmp_path / "auth.sqlite")
    assert victim.read_text(encoding="utf-8") == "keep"
    made = auth_store.SQLiteAuthStore(tmp_path / "own" / "auth.sqlite")
    assert (made.path.stat().st_mode & 0o777) == 0o600
