"""Services that only serving many users needs, started by the tests that need them and always stopped: a private
PostgreSQL (scripts/cluster.sh pg-up) and a cluster of replicas behind HAProxy (scripts/cluster.sh up N)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

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
