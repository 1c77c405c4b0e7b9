"""Values compiled once and kept between processes under the data dir's ``cache/``.

The ICD-10-CM index, the HPO lay vocabulary and the label profiles each take seconds to
build and are pure functions of what they are built from, so each is stored with a key
naming that input (a package version, a digest of labels, policy and code) and reused while
the key holds. An unreadable, foreign or stale file is rebuilt; a read-only data dir still
works (the value is then built per process); the write is atomic, so a reader in another
process never sees half a file.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def kept(path: Path, key: str, build: Callable[[], T]) -> T:
    """The value stored in ``path`` under ``key``, else ``build()``, stored there for next time."""
    try:
        with path.open("rb") as fh:
            stored = pickle.load(fh)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
            return stored[1]
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except (OSError, pickle.PicklingError):
        pass
    return value
