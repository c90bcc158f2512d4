"""The sign-in store in PostgreSQL, shared by every replica behind the load balancer ($DASHBOARD_STATE_DSN).

Same contract as the default SQLite store (etl.auth_store.AuthStore): session tokens, one-time grants, failed-sign-in
counters and lock-outs, the cookie-signing secret. Every method is one atomic statement, so replicas racing on the
same row (two takes of one grant, failures counted from three replicas at once) get the database's answer, not a
lost update. A connection per thread, reopened once when the server dropped it (a PostgreSQL restart or failover).
"""

from __future__ import annotations

import os
import secrets
import threading
import time

import psycopg

SCHEMA = """
CREATE TABLE IF NOT EXISTS auth_meta (key TEXT PRIMARY KEY, value BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS auth_tokens (token_hash TEXT PRIMARY KEY, username TEXT NOT NULL,
                                        expires_at DOUBLE PRECISION NOT NULL);
CREATE INDEX IF NOT EXISTS auth_tokens_user ON auth_tokens (username);
CREATE TABLE IF NOT EXISTS auth_grants (grant_hash TEXT PRIMARY KEY, username TEXT NOT NULL,
                                        expires_at DOUBLE PRECISION NOT NULL);
CREATE TABLE IF NOT EXISTS auth_failures (scope TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL,
                                          last_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (scope, key));
"""
SCHEMA_LOCK = 0x64617368  # advisory lock id: replicas starting together create the tables one at a time
CONNECT_TIMEOUT_S = 5


class PostgresAuthStore:
    """Sign-in state in PostgreSQL tables (auth_*), for several replicas."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._local = threading.local()
        with psycopg.connect(dsn, connect_timeout=CONNECT_TIMEOUT_S) as con, con.transaction():
            con.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            con.execute(SCHEMA)

    def _connection(self) -> psycopg.Connection:
        con = getattr(self._local, "con", None)
        if con is None or con.closed:
            con = psycopg.connect(self.dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
            self._local.con = con
        return con

    def _run(self, sql: str, params: tuple = ()) -> list[tuple]:
        """One statement in autocommit; a dropped connection is reopened and the statement tried once more."""
        for attempt in (1, 2):
            con = self._connection()
            try:
                with con.cursor() as cur:
                    cur.execute(sql, params)
                    return cur.fetchall() if cur.description else []
            except psycopg.OperationalError:
                con.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _rowcount(self, sql: str, params: tuple = ()) -> int:
        return len(self._run(sql + " RETURNING 1", params))

    def secret(self) -> bytes:
        from_env = os.environ.get("DASHBOARD_AUTH_SECRET")
        if from_env:
            return from_env.encode()
        self._run("INSERT INTO auth_meta VALUES ('hmac_secret', %s) ON CONFLICT (key) DO NOTHING", (secrets.token_bytes(32),))
        return bytes(self._run("SELECT value FROM auth_meta WHERE key = 'hmac_secret'")[0][0])

    def put_token(self, token_hash: str, user: str, expires_at: float) -> None:
        self._run("DELETE FROM auth_tokens WHERE expires_at < %s", (time.time(),))
        self._run("INSERT INTO auth_tokens VALUES (%s, %s, %s)", (token_hash, user, expires_at))

    def token_user(self, token_hash: str, now: float) -> str | None:
        rows = self._run("SELECT username FROM auth_tokens WHERE token_hash = %s AND expires_at > %s", (token_hash, now))
        return rows[0][0] if rows else None

    def revoke_token(self, token_hash: str) -> None:
        self._run("DELETE FROM auth_tokens WHERE token_hash = %s", (token_hash,))

    def revoke_user(self, user: str) -> int:
        return self._rowcount("DELETE FROM auth_tokens WHERE username = %s", (user,))

    def put_grant(self, grant_hash: str, user: str, expires_at: float) -> None:
        self._run("DELETE FROM auth_grants WHERE expires_at < %s", (time.time(),))
        self._run("INSERT INTO auth_grants VALUES (%s, %s, %s)", (grant_hash, user, expires_at))

    def take_grant(self, grant_hash: str, now: float) -> str | None:
        rows = self._run("DELETE FROM auth_grants WHERE grant_hash = %s RETURNING username, expires_at", (grant_hash,))
        return rows[0][0] if rows and rows[0][1] > now else None

    def add_failure(self, scope: str, key: str, now: float) -> int:
        rows = self._run("INSERT INTO auth_failures VALUES (%s, %s, 1, %s) ON CONFLICT (scope, key) DO UPDATE "
                         "SET count = auth_failures.count + 1, last_at = excluded.last_at RETURNING count", (scope, key, now))
        return int(rows[0][0])

    def failure(self, scope: str, key: str) -> tuple[int, float]:
        rows = self._run("SELECT count, last_at FROM auth_failures WHERE scope = %s AND key = %s", (scope, key))
        return (int(rows[0][0]), float(rows[0][1])) if rows else (0, 0.0)

    def clear_failures(self, scope: str, key: str) -> None:
        self._run("DELETE FROM auth_failures WHERE scope = %s AND key = %s", (scope, key))

    def unlock(self, scope: str | None = None, key: str | None = None) -> int:
        return self._rowcount("DELETE FROM auth_failures WHERE (%s::text IS NULL OR scope = %s) AND (%s::text IS NULL OR key = %s)",
                              (scope, scope, key, key))

    def failures(self) -> list[tuple[str, str, int, float]]:
        return [tuple(r) for r in self._run("SELECT scope, key, count, last_at FROM auth_failures ORDER BY last_at DESC")]
