"""Lexical index (bm25s, English stopwords, Snowball stemmer) over the stored chunks.

Rebuilt from the registry after every ingest or removal (a few hundred ms at
corpus scale) and persisted with the registry version it was built from, so a
reopened store reuses it and a stale one (after a crash) is rebuilt.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import cast

import bm25s
import numpy as np
import Stemmer

_STEMMER = Stemmer.Stemmer("english")
_IDS_FILE = "chunk_ids.json"


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stop-worded, stemmed tokens (the same for documents and queries)."""
    tokens = bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, return_ids=False, show_progress=False)
    return cast(list[list[str]], tokens)


class BM25Index:
    """bm25s retriever plus the chunk id of each row."""

    def __init__(self, retriever: bm25s.BM25 | None, chunk_ids: list[str], version: int) -> None:
        self._retriever = retriever
        self.chunk_ids = chunk_ids
        self.version = version
        self._row = {cid: i for i, cid in enumerate(chunk_ids)}

    @classmethod
    def build(cls, chunk_ids: list[str], texts: list[str], version: int) -> BM25Index:
        if not texts:
            return cls(None, [], version)
        retriever = bm25s.BM25()
        retriever.index(
            bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, show_progress=False), show_progress=False
        )
        return cls(retriever, chunk_ids, version)

    def save(self, folder: Path) -> None:
        """Write to a temp folder and swap it in, so a crash never leaves a half-written index."""
        tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._retriever is not None:
            self._retriever.save(str(tmp), show_progress=False)
        (tmp / _IDS_FILE).write_text(json.dumps({"version": self.version, "chunk_ids": self.chunk_ids}))
        old = folder.with_name(f"{folder.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def stamp(folder: Path) -> tuple[int, int] | None:
        """Identity of the saved index (inode, mtime of its id file): a cheap "has it been replaced?" check."""
        try:
            st = (folder / _IDS_FILE).stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    @classmethod
    def load(cls, folder: Path) -> BM25Index | None:
        """The persisted index, or None when missing, unreadable or swapped while being read."""
        ids_file = folder / _IDS_FILE
        before = cls.stamp(folder)
        if before is None:
            return None
        try:
            data = json.loads(ids_file.read_text())
            chunk_ids = list(data["chunk_ids"])
            retriever = bm25s.BM25.load(str(folder), show_progress=False) if chunk_ids else None
        except (OSError, ValueError, KeyError):
            return None
        if cls.stamp(folder) != before:  # another process saved a new index meanwhile: parts may mix
            return None
        return cls(retriever, chunk_ids, int(data["version"]))

    def search(self, query: str, k: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """Top ``k`` (chunk id, raw BM25 score) with score > 0, restricted to ``allowed`` ids."""
        if self._retriever is None or k <= 0:
            return []
        tokens = tokenize([query])
        if not tokens[0]:
            return []
        mask = None
        if allowed is not None:
            mask = np.zeros(len(self.chunk_ids), dtype=np.float32)
            rows = [self._row[c] for c in allowed if c in self._row]
            if not rows:
                return []
            mask[rows] = 1.0
        n = min(k, len(self.chunk_ids))
        docs, scores = self._retriever.retrieve(tokens, k=n, show_progress=False, weight_mask=mask)
        return [(self.chunk_ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if float(s) > 0]
