"""The Parquet warehouse: immutable version directories behind an atomically swapped `current` symlink."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEEP_VERSIONS = 5
KEEP_YOUNGER_THAN_S = 600
LOCK_WAIT_S = 30.0
# A version a page rendered in the last LEASE_S seconds is kept even when it is no longer among the newest KEEP_VERSIONS,
# so a page left open across publishes can still download what it shows ($DASHBOARD_VERSION_LEASE_S, default 12 h).
LEASE_S = 12 * 3600.0
LEASE_REFRESH_S = 60.0


class WarehouseLayoutError(RuntimeError):
    """A warehouse entry points outside the warehouse (a symlink planted there): refused, never followed."""

    def __init__(self, entry: str) -> None:
        super().__init__(
            f"The warehouse entry «{entry}» is a symbolic link or points outside the warehouse; nothing was read or "
            "written. An administrator must replace it with the warehouse's own file. / "
            f"Mục «{entry}» của kho dữ liệu là liên kết tượng trưng hoặc trỏ ra ngoài kho; không đọc hay ghi gì. "
            "Quản trị viên cần thay nó bằng tệp của chính kho dữ liệu."
        )


class PublishBusyError(RuntimeError):
    """Another publish holds the warehouse lock."""


class PublishFailedError(OSError):
    """Writing a new version failed (disk full, I/O error): nothing was left behind and `current` is unchanged."""


def lock_wait_s() -> float:
    """How long a second publisher waits for the lock: $DASHBOARD_LOCK_WAIT_S (default 30), read at call time."""
    return float(os.environ.get("DASHBOARD_LOCK_WAIT_S") or LOCK_WAIT_S)


def data_dir() -> Path:
    """Warehouse root: $DASHBOARD_DATA_DIR or data/warehouse, read at call time so tests can redirect it."""
    return Path(os.environ.get("DASHBOARD_DATA_DIR") or ROOT / "data" / "warehouse")


def current_dir(root: Path | None = None) -> Path | None:
    """The published version directory, resolved once (callers pass it to every read of one query); a `current` that
    leads anywhere but a directory directly under this warehouse's versions/ is refused."""
    root = root or data_dir()
    link = root / "current"
    if not link.exists():
        return None
    target = Path(os.path.realpath(link))
    if target.parent != Path(os.path.realpath(root / "versions")) or not target.is_dir():
        raise WarehouseLayoutError("current")
    return target


def lease_s() -> float:
    """How long a rendered version is kept after its last use: $DASHBOARD_VERSION_LEASE_S (default 12 h)."""
    return float(os.environ.get("DASHBOARD_VERSION_LEASE_S") or LEASE_S)


def lease_version(version: Path) -> None:
    """Note that a page shows this version now (an empty file per version under leases/, touched at most once a
    minute); best effort, a read-only warehouse simply keeps no leases."""
    leases = version.parent.parent / "leases"
    stamp = leases / version.name
    try:
        if time.time() - stamp.lstat().st_mtime < LEASE_REFRESH_S:
            return
    except OSError:
        pass
    try:
        leases.mkdir(exist_ok=True)
        fd = os.open(stamp, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            os.utime(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def leased(root: Path, name: str) -> bool:
    """Whether a page used this version within the lease period."""
    try:
        return time.time() - (root / "leases" / name).lstat().st_mtime < lease_s()
    except OSError:
        return False


def check_layout(root: Path) -> None:
    """Refuse a warehouse whose top-level entries (or versions) are symlinks other than `current` into versions/."""
    for entry in [*root.iterdir(), *((root / "versions").iterdir() if (root / "versions").is_dir() else [])]:
        if entry.is_symlink() and entry != root / "current" and not entry.name.startswith(".current-"):
            raise WarehouseLayoutError(str(entry.relative_to(root)))
    current_dir(root)


def require_current(root: Path | None = None) -> Path:
    """The published version directory, or a clear error telling how to build one."""
    found = current_dir(root)
    if found is None:
        raise FileNotFoundError(
            f"No published warehouse under {root or data_dir()}: run `python -m etl build` first."
        )
    return found


def read_manifest(version: Path) -> dict:
    """The manifest of a version directory."""
    return json.loads((version / "manifest.json").read_text(encoding="utf-8"))


def new_version_id() -> str:
    """A sortable, unique version id (UTC time plus random suffix)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:6]


@contextmanager
def publish_lock(root: Path, wait_s: float | None = None) -> Iterator[None]:
    """Exclusive publish lock (flock): a second publisher waits up to wait_s (default lock_wait_s()), then is refused clearly."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        check_layout(root)
        # Never through a symlink (O_NOFOLLOW) and never truncated: the lock file is only ever flocked.
        fd = os.open(root / "publish.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except WarehouseLayoutError as exc:
        raise PublishFailedError(str(exc)) from exc
    except OSError as exc:
        raise publish_failed(exc) from exc
    with os.fdopen(fd, "r+") as fh:
        deadline = time.monotonic() + (lock_wait_s() if wait_s is None else wait_s)
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                    raise PublishBusyError(
                        "Another publish is in progress; try again in a minute. / "
                        "Đang có một lần xuất bản dữ liệu khác; vui lòng thử lại sau ít phút."
                    ) from exc
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def fsync_tree(path: Path) -> None:
    """Flush every file and the directory itself to disk before the version becomes visible."""
    for item in path.rglob("*"):
        if item.is_file():
            with open(item, "rb") as fh:
                os.fsync(fh.fileno())
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def staged_version(root: Path) -> Iterator[Path]:
    """A fresh staging directory; on success it is renamed to a version and `current` is swapped to it.

    Must be used under publish_lock. On any exception the staging directory (or the renamed version, when the swap
    did not happen) is removed and `current` is untouched; a write error (disk full, I/O error, in Python, pyarrow or
    DuckDB) is re-raised as PublishFailedError with a message saying so. A crash (SIGKILL) at any moment leaves
    `current` on the old or the new complete version; the next publish removes the leftovers.
    """
    versions = root / "versions"
    staging = versions / f".tmp-{uuid.uuid4().hex}"
    final: Path | None = None
    try:
        versions.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
        yield staging
        fsync_tree(staging)
        final = versions / new_version_id()
        os.rename(staging, final)
        swap_current(root, final)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        swapped = final is not None and current_dir(root) == Path(os.path.realpath(final))
        if final is not None and not swapped:
            shutil.rmtree(final, ignore_errors=True)
        if not swapped and is_write_error(exc):
            raise publish_failed(exc) from exc
        raise
    clean_old_versions(root)


def is_write_error(exc: BaseException) -> bool:
    """An I/O failure while writing a version: OSError (Python, pyarrow) or DuckDB's IOException."""
    if isinstance(exc, OSError):
        return True
    import duckdb

    return isinstance(exc, duckdb.IOException)


def publish_failed(exc: BaseException) -> PublishFailedError:
    """A clear, bilingual error for a failed write; errno kept (ENOSPC when the disk is full)."""
    code = getattr(exc, "errno", None)
    if code is None and "No space left on device" in str(exc):
        code = errno.ENOSPC
    # The reason only (errno's text), never the exception's paths: this message is shown to users.
    reason = os.strerror(code) if isinstance(code, int) else type(exc).__name__
    if code == errno.ELOOP:
        reason = "a symbolic link where the warehouse expects its own file"
    cause = "the disk is full" if code == errno.ENOSPC else f"a write error ({reason})"
    cause_vi = "ổ đĩa đã đầy" if code == errno.ENOSPC else f"lỗi ghi dữ liệu ({reason})"
    error = PublishFailedError(
        f"Publishing failed because {cause}; nothing was changed and the published data is as before. "
        "Free some disk space (or fix the cause) and try again. / "
        f"Xuất bản thất bại vì {cause_vi}; chưa có gì thay đổi, dữ liệu đã xuất bản vẫn như cũ. "
        "Hãy giải phóng dung lượng đĩa (hoặc khắc phục nguyên nhân) rồi thử lại."
    )
    error.errno = code
    return error


def swap_current(root: Path, version: Path) -> None:
    """Point `current` at version atomically (rename of a new relative symlink over the old one)."""
    tmp_link = root / f".current-{uuid.uuid4().hex}"
    try:
        os.symlink(os.path.relpath(version, root), tmp_link)
        os.replace(tmp_link, root / "current")
    except BaseException:
        tmp_link.unlink(missing_ok=True)
        raise
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def clean_old_versions(root: Path, keep: int = KEEP_VERSIONS, keep_younger_than_s: float = KEEP_YOUNGER_THAN_S) -> list[str]:
    """Remove versions beyond the newest `keep` that are older than the grace period; never the current one."""
    versions = root / "versions"
    current = current_dir(root)
    finished = sorted((p for p in versions.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True)
    removed = []
    now = time.time()
    for old in finished[keep:]:
        if current is not None and old.resolve() == current:
            continue
        if now - old.stat().st_mtime < keep_younger_than_s or leased(root, old.name):
            continue
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old.name)
    for leftover in versions.glob(".tmp-*"):
        # Only a crashed publisher leaves these; we hold the lock, so none is in use.
        shutil.rmtree(leftover, ignore_errors=True)
    for lease in (root / "leases").glob("*") if (root / "leases").is_dir() else []:
        if not (versions / lease.name).exists():
            lease.unlink(missing_ok=True)
    for stale_link in root.glob(".current-*"):
        stale_link.unlink(missing_ok=True)
    for partial in (root / "archive").glob(".tmp-*"):
        # A publisher killed while archiving the uploaded file (etl.upload.archive_bytes, also under the lock).
        partial.unlink(missing_ok=True)
    return removed


def link_or_copy(src: Path, dst: Path) -> None:
    """Reuse an unchanged immutable file in a new version (hard link; copy across file systems)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
