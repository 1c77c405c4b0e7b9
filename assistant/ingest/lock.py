"""One writer at a time per state directory, across processes (``fcntl.flock``).

Why: the registry's write-ahead protocol (stage → write Chroma → commit) is
crash-safe but not concurrency-safe. When a second process finished or undid
"interrupted" writes that were really another process's writes in progress,
commits found their staged rows gone and documents lost their chunks. So every
write (ingest, remove, reconcile) holds this lock, and a reader that finds it
busy skips recovery instead of racing the writer.

The lock is reentrant within a process (ingest calls reconcile, which also
locks) and released by the kernel when its holder dies, so ``kill -9`` never
leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from assistant.errors import StoreError

LOCK_NAME = "writer.lock"
_POLL_S = 0.2

log = logging.getLogger(__name__)


def _default_notice(message: str) -> None:
    log.warning(message)


class WriterLock:
    """Exclusive, reentrant, inter-process lock on ``<data_dir>/writer.lock``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._thread_lock = threading.RLock()
        self._fd: int | None = None
        self._depth = 0
        self._owner: int | None = None

    @property
    def held(self) -> bool:
        """True while the calling thread holds the lock."""
        return self._depth > 0 and self._owner == threading.get_ident()

    @property
    def held_here(self) -> bool:
        """True while any thread of this process holds the lock through this object."""
        return self._depth > 0

    def holder(self) -> str:
        """Who holds the lock, as its holder wrote it (pid, command, since when); may be stale."""
        try:
            return self.path.read_text(encoding="utf-8").strip() or "unknown process"
        except OSError:
            return "unknown process"

    def _try_flock(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        since = datetime.now(UTC).isoformat(timespec="seconds")
        command = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv))[:200]
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} ({command}) since {since}\n".encode())
        self._fd = fd
        return True

    def try_acquire(self) -> bool:
        """Take the lock if nobody else holds it; never waits."""
        if not self._thread_lock.acquire(blocking=False):
            return False
        if self._depth == 0 and not self._try_flock():
            self._thread_lock.release()
            return False
        self._depth += 1
        self._owner = threading.get_ident()
        return True

    def acquire(
        self, timeout_s: float, notice_after_s: float = 2.0, notice: Callable[[str], None] = _default_notice
    ) -> None:
        """Wait for the lock; say once who is holding it, and give up after ``timeout_s`` with StoreError."""
        start = time.monotonic()
        noticed = False
        while not self.try_acquire():
            waited = time.monotonic() - start
            if waited >= timeout_s:
                raise StoreError(
                    f"another process is writing to {self.path.parent} ({self.holder()}); "
                    f"gave up after waiting {waited:.0f} s. Run again when it has finished."
                )
            if not noticed and waited >= notice_after_s:
                notice(
                    f"waiting for another process writing to {self.path.parent} ({self.holder()}); "
                    f"will wait up to {timeout_s:.0f} s"
                )
                noticed = True
            time.sleep(_POLL_S)

    def release(self) -> None:
        if self._depth == 0:
            raise RuntimeError("writer lock released more often than acquired")
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            self._owner = None
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        self._thread_lock.release()
