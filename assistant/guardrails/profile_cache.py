"""Label profiles kept between processes, under the data dir.

Building the approved-use profiles reads every label sentence through the ICD-10-CM index,
the dosing and population readers: seconds per start, which every ``assistant ask`` process
paid before its first answer. The profiles are a pure function of the label chunks, the
off-label policy and the code that reads them, so they are stored once with a key over all
three and reused while the key holds; any change to a label, the policy or the assistant's
code builds them afresh. One file is kept (the latest key), so the cache never grows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from assistant.guardrails.cache_files import kept
from assistant.guardrails.policy import OffLabelPolicy
from assistant.types import Chunk

CACHE_NAME = "label-profiles.pickle"
_PACKAGE = Path(__file__).resolve().parents[1]
T = TypeVar("T")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the assistant's source and the vocabulary package it reads: a code change
    (a new reader, a fixed regex) must never be answered from profiles an older one built."""
    digest = hashlib.sha256(metadata.version("simple-icd-10-cm").encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(_PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def profiles_key(chunks: Iterable[Chunk], policy: OffLabelPolicy) -> str:
    """What the profiles depend on: every chunk's id, text and metadata, the policy, the code."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(policy.model_dump_json().encode())
    for chunk in chunks:
        digest.update(chunk.model_dump_json().encode())
    return digest.hexdigest()


def cached(cache_dir: Path, key: str, build: Callable[[], T]) -> T:
    """The profiles stored under ``key`` in ``cache_dir``, else ``build()`` stored for next time."""
    return kept(cache_dir / CACHE_NAME, key, build)
