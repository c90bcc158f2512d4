"""Sign-in state that no viewer can clear: session tokens, one-time grants, failed-sign-in counters and lock-outs.

Nothing here imports Streamlit: the state lives in a store of its own (not in st.cache_*, which any browser can ask
the server to clear), and the sign-in rules are plain functions the app, the command line and the tests share.

The store interface (`AuthStore`) is small on purpose so a shared backend can replace the default for several
replicas (selected by $DASHBOARD_STATE_DSN: the PostgreSQL backend in etl/auth_store_pg.py). Every method is atomic on
its own and safe to call from several threads and processes:

- ``secret() -> bytes``: the HMAC key that signs cookies, created once and the same for every replica.
- ``put_token(token_hash, user, expires_at)``, ``token_user(token_hash, now) -> str | None`` (None when unknown,
  revoked or expired), ``revoke_token(token_hash)``, ``revoke_user(user) -> int``.
- ``put_grant(grant_hash, user, expires_at)``, ``take_grant(grant_hash, now) -> str | None``: a one-time grant,
  deleted by the first take (two takes never both succeed).
- ``add_failure(scope, key, now) -> int`` (the new count), ``failure(scope, key) -> (count, last_at)``,
  ``clear_failures(scope, key)``, ``unlock(scope=None, key=None) -> int`` (rows removed; both None = all),
  ``failures() -> list[(scope, key, count, last_at)]``.

Token and grant ids are stored as SHA-256 hashes only, so a copy of the store gives no working cookie.
The default backend is SQLite in $DASHBOARD_STATE_DIR (default: `state/` beside the warehouse directory).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import sqlite3
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from etl.warehouse import data_dir

# Failed sign-ins: the same name from the same client, every name from one client, and one name from everywhere
# (distributed guessing). A stranger can lock only their own client out of a name, never the analyst's browser,
# unless they fail far more often than any person would, which also needs an administrator to look.
LIMITS = {"account_client": 5, "client": 20, "account": 50}
LOCKOUT_S = 60.0
MAX_LOCKOUT_S = 24 * 3600.0
GRANT_TTL_S = 120.0
DEFAULT_SESSION_HOURS = 8.0
COOKIE_NAME = "dashboard_auth"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (token_hash TEXT PRIMARY KEY, user TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS grants (grant_hash TEXT PRIMARY KEY, user TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS failures (scope TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL,
                                     last_at REAL NOT NULL, PRIMARY KEY (scope, key));
"""


class AuthStore(Protocol):
    """What a sign-in store provides (see the module docstring for each method's contract)."""

    def secret(self) -> bytes: ...
    def put_token(self, token_hash: str, user: str, expires_at: float) -> None: ...
    def token_user(self, token_hash: str, now: float) -> str | None: ...
    def revoke_token(self, token_hash: str) -> None: ...
    def revoke_user(self, user: str) -> int: ...
    def put_grant(self, grant_hash: str, user: str, expires_at: float) -> None: ...
    def take_grant(self, grant_hash: str, now: float) -> str | None: ...
    def add_failure(self, scope: str, key: str, now: float) -> int: ...
    def failure(self, scope: str, key: str) -> tuple[int, float]: ...
    def clear_failures(self, scope: str, key: str) -> None: ...
    def unlock(self, scope: str | None = None, key: str | None = None) -> int: ...
    def failures(self) -> list[tuple[str, str, int, float]]: ...


class SQLiteAuthStore:
    """The default store: one SQLite file (WAL), a short-lived connection per call, so threads and processes share it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created owner-only and never through a symlink (O_NOFOLLOW), before SQLite opens it.
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600))
        with closing(self._connect()) as con, con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10, isolation_level=None)  # autocommit: one statement each

    def _run(self, sql: str, params: tuple = ()) -> list[tuple]:
        with closing(self._connect()) as con, con:
            return con.execute(sql, params).fetchall()

    def secret(self) -> bytes:
        from_env = os.environ.get("DASHBOARD_AUTH_SECRET")
        if from_env:
            return from_env.encode()
        self._run("INSERT OR IGNORE INTO meta VALUES ('hmac_secret', ?)", (secrets.token_bytes(32),))
        return bytes(self._run("SELECT value FROM meta WHERE key = 'hmac_secret'")[0][0])

    def put_token(self, token_hash: str, user: str, expires_at: float) -> None:
        self._run("DELETE FROM tokens WHERE expires_at < ?", (time.time(),))
        self._run("INSERT INTO tokens VALUES (?, ?, ?)", (token_hash, user, expires_at))

    def token_user(self, token_hash: str, now: float) -> str | None:
        rows = self._run("SELECT user FROM tokens WHERE token_hash = ? AND expires_at > ?", (token_hash, now))
        return rows[0][0] if rows else None

    def revoke_token(self, token_hash: str) -> None:
        self._run("DELETE FROM tokens WHERE token_hash = ?", (token_hash,))

    def revoke_user(self, user: str) -> int:
        with closing(self._connect()) as con, con:
            return con.execute("DELETE FROM tokens WHERE user = ?", (user,)).rowcount

    def put_grant(self, grant_hash: str, user: str, expires_at: float) -> None:
        self._run("DELETE FROM grants WHERE expires_at < ?", (time.time(),))
        self._run("INSERT INTO grants VALUES (?, ?, ?)", (grant_hash, user, expires_at))

    def take_grant(self, grant_hash: str, now: float) -> str | None:
        rows = self._run("DELETE FROM grants WHERE grant_hash = ? RETURNING user, expires_at", (grant_hash,))
        return rows[0][0] if rows and rows[0][1] > now else None

    def add_failure(self, scope: str, key: str, now: float) -> int:
        rows = self._run("INSERT INTO failures VALUES (?, ?, 1, ?) ON CONFLICT (scope, key) DO UPDATE "
                         "SET count = count + 1, last_at = excluded.last_at RETURNING count", (scope, key, now))
        return int(rows[0][0])

    def failure(self, scope: str, key: str) -> tuple[int, float]:
        rows = self._run("SELECT count, last_at FROM failures WHERE scope = ? AND key = ?", (scope, key))
        return (int(rows[0][0]), float(rows[0][1])) if rows else (0, 0.0)

    def clear_failures(self, scope: str, key: str) -> None:
        self._run("DELETE FROM failures WHERE scope = ? AND key = ?", (scope, key))

    def unlock(self, scope: str | None = None, key: str | None = None) -> int:
        with closing(self._connect()) as con, con:
            return con.execute("DELETE FROM failures WHERE (? IS NULL OR scope = ?) AND (? IS NULL OR key = ?)",
                               (scope, scope, key, key)).rowcount

    def failures(self) -> list[tuple[str, str, int, float]]:
        return [tuple(r) for r in self._run("SELECT scope, key, count, last_at FROM failures ORDER BY last_at DESC")]


def state_dir() -> Path:
    """Where the sign-in store lives: $DASHBOARD_STATE_DIR, else `state/` beside the warehouse directory."""
    return Path(os.environ.get("DASHBOARD_STATE_DIR") or data_dir().parent / "state")


_stores: dict[str, AuthStore] = {}
_stores_lock = threading.Lock()


def open_store() -> AuthStore:
    """The configured store (one object per location and process)."""
    dsn = os.environ.get("DASHBOARD_STATE_DSN")
    if dsn:
        # Several replicas: the shared PostgreSQL store (etl/auth_store_pg.py; scripts/cluster.sh sets the DSN).
        from etl.auth_store_pg import PostgresAuthStore

        with _stores_lock:
            if dsn not in _stores:
                _stores[dsn] = PostgresAuthStore(dsn)
            return _stores[dsn]
    path = state_dir() / "auth.sqlite"
    with _stores_lock:
        if str(path) not in _stores:
            _stores[str(path)] = SQLiteAuthStore(path)
        return _stores[str(path)]


def digest(value: str) -> str:
    """What the store keeps of a token or grant id."""
    return hashlib.sha256(value.encode()).hexdigest()


# ---------------------------------------------------------------------------------------------------------------
# Lock-outs
# ---------------------------------------------------------------------------------------------------------------
def failure_keys(username: str, client: str) -> list[tuple[str, str]]:
    """The counters one failed sign-in adds to."""
    return [("account_client", f"{username}\x1f{client}"), ("client", client), ("account", username)]


def lock_remaining(store: AuthStore, username: str, client: str, now: float | None = None) -> float:
    """Seconds until this name may be tried again from this client (0 when free); the longest of the three locks."""
    now = time.time() if now is None else now
    wait = 0.0
    for scope, key in failure_keys(username, client):
        count, last = store.failure(scope, key)
        if count >= LIMITS[scope]:
            span = min(MAX_LOCKOUT_S, LOCKOUT_S * 2 ** (count - LIMITS[scope]))
            wait = max(wait, last + span - now)
    return max(0.0, wait)


def record_failure(store: AuthStore, username: str, client: str, now: float | None = None) -> None:
    """Count a failed sign-in on every counter."""
    now = time.time() if now is None else now
    for scope, key in failure_keys(username, client):
        store.add_failure(scope, key, now)


# ---------------------------------------------------------------------------------------------------------------
# Passwords, with the same work for names that do not exist
# ---------------------------------------------------------------------------------------------------------------
_dummy_hashes: dict[int, bytes] = {}


def bcrypt_cost(accounts: dict[str, str]) -> int:
    """The cost of the configured hashes (the dummy check must take as long as a real one)."""
    for hashed in accounts.values():
        parts = hashed.split("$")
        if len(parts) >= 4 and parts[2].isdigit():
            return max(4, min(15, int(parts[2])))
    return 12


def dummy_hash(cost: int) -> bytes:
    """A hash of a random password at the given cost, made once per cost."""
    import bcrypt

    if cost not in _dummy_hashes:
        _dummy_hashes[cost] = bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt(rounds=cost))
    return _dummy_hashes[cost]


def password_matches(password: str, hashed: str | None, cost: int = 12) -> bool:
    """bcrypt check that never raises; an unknown name, a plaintext or malformed configured value, or a password over
    bcrypt's 72 bytes is a failed sign-in, after the same bcrypt work as a real check."""
    import bcrypt

    secret = password.encode()[:72]
    try:
        if hashed and hashed.startswith("$2") and len(password.encode()) <= 72:
            return bcrypt.checkpw(secret, hashed.encode())
    except ValueError:
        pass
    bcrypt.checkpw(secret, dummy_hash(cost))
    return False


@dataclass(frozen=True)
class SignInOutcome:
    """'ok' (with a one-time grant to exchange for the cookie), 'bad' or 'locked' (with the seconds to wait)."""

    status: str
    grant: str | None = None
    wait_s: float = 0.0


def sign_in(store: AuthStore, accounts: dict[str, str], username: str, password: str, client: str) -> SignInOutcome:
    """Check a sign-in against the lock-outs and the password; success gives a one-time grant, never a session."""
    wait = lock_remaining(store, username, client)
    if wait > 0:
        return SignInOutcome("locked", wait_s=wait)
    if not password_matches(password, accounts.get(username), bcrypt_cost(accounts)):
        record_failure(store, username, client)
        return SignInOutcome("bad")
    store.clear_failures("account_client", f"{username}\x1f{client}")
    grant = secrets.token_urlsafe(32)
    store.put_grant(digest(grant), username, time.time() + GRANT_TTL_S)
    return SignInOutcome("ok", grant=grant)


# ---------------------------------------------------------------------------------------------------------------
# Signed, expiring cookies checked against the store
# ---------------------------------------------------------------------------------------------------------------
def session_ttl_s() -> float:
    """How long a sign-in lasts: $DASHBOARD_SESSION_HOURS (default 8)."""
    return float(os.environ.get("DASHBOARD_SESSION_HOURS") or DEFAULT_SESSION_HOURS) * 3600


def _signature(store: AuthStore, body: str) -> str:
    mac = hmac.new(store.secret(), body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def redeem_grant(store: AuthStore, grant: str) -> tuple[str, float] | None:
    """Exchange a one-time grant for a cookie value and its expiry (None when unknown, used or expired)."""
    user = store.take_grant(digest(grant), time.time()) if grant else None
    if user is None:
        return None
    token = secrets.token_urlsafe(32)
    expires = int(time.time() + session_ttl_s())
    store.put_token(digest(token), user, expires)
    body = f"v1.{token}.{expires}"
    return f"{body}.{_signature(store, body)}", float(expires)


def cookie_user(store: AuthStore, value: object, now: float | None = None) -> str | None:
    """The analyst a cookie value stands for: signature, expiry and the store's live token all must agree."""
    if not isinstance(value, str) or len(value) > 512:
        return None
    parts = value.split(".")
    if len(parts) != 4 or parts[0] != "v1" or not parts[2].isdigit():
        return None
    now = time.time() if now is None else now
    body = ".".join(parts[:3])
    if int(parts[2]) <= now or not hmac.compare_digest(parts[3], _signature(store, body)):
        return None
    return store.token_user(digest(parts[1]), now)


def revoke_cookie(store: AuthStore, value: object) -> None:
    """Sign out: the token behind the cookie is deleted, so the cookie is dead wherever it was copied."""
    if isinstance(value, str) and value.count(".") == 3:
        store.revoke_token(digest(value.split(".")[1]))
