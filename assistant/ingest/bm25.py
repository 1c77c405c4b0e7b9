"""Lexical index (bm25s, English stopwords, Snowball stemmer) over the stored chunks.

Rebuilt from the registry after every ingest or removal (a few hundred ms at
corpus scale) and persisted with the registry version it was built from, so a
reopened store reuses it and a stale one (after a crash) is rebuilt.

Each row also records its document and whether it may be cited, so a filtered
search builds its row mask with numpy from the set of allowed documents (every
ChunkFilter field is a document field) instead of looking up chunk ids or
deserialising chunks: at 100,000 chunks that is ~1 ms instead of ~100 ms per
query. Masks are cached per set of allowed documents.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import OrderedDict
from pathlib import Path
from typing import Any, cast

import bm25s
import numpy as np
import Stemmer

_STEMMER = Stemmer.Stemmer("english")
_IDS_FILE = "chunk_ids.json"
_MASK_CACHE = 64  # masks kept (4 bytes per chunk each)


TOKENIZER_VERSION = 2
"""Bump when what the index is tokenized by changes: a saved index of another version is rebuilt."""
_NAME_NUMBER = re.compile(r"(?<![\w-])([A-Z][A-Za-z]*[A-Z][A-Za-z]*)[ -](\d{1,3})(?![\w.,])")
_AMOUNT = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?) ?(mg/kg|mg/m2|mg|mcg|kg|lbs?|ml|g)(?![\w/])", re.IGNORECASE)


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stop-worded, stemmed tokens (the same for documents and queries)."""
    tokens = bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, return_ids=False, show_progress=False)
    return cast(list[list[str]], tokens)


def lexical_text(text: str) -> str:
    """``text`` plus one token per trial number and per amount: what BM25 indexes and is queried with.

    The word tokenizer keeps no one-character token and splits at "." and "/", so
    "SUSTAIN 7" is indexed as "sustain", "0.5 mg" as "mg" and "40 kg" as "40", "kg":
    the number that tells the trial or the weight band apart is lost. Gluing it on
    ("sustain7", "0_5mg", "40kg") makes it a term of its own, as rare as it is specific.
    """
    glued = [f"{m.group(1)}{m.group(2)}" for m in _NAME_NUMBER.finditer(text)]
    glued += [f"{m.group(1).replace('.', '_')}{m.group(2).replace('/', '')}" for m in _AMOUNT.finditer(text)]
    return f"{text} {' '.join(glued)}" if glued else text


class BM25Index:
    """bm25s retriever plus, per row, the chunk id, its document and whether it is answerable."""

    def __init__(
        self,
        retriever: bm25s.BM25 | None,
        chunk_ids: list[str],
        version: int,
        doc_ids: list[str],
        answerable: list[bool],
    ) -> None:
        self._retriever = retriever
        self.chunk_ids = chunk_ids
        self.version = version
        self.doc_ids = doc_ids
        names, rows = np.unique(np.array(doc_ids, dtype=object), return_inverse=True)
        self._doc_names: list[str] = [str(n) for n in names]
        self._doc_of_row = rows.astype(np.int32)
        self._answerable = np.array(answerable, dtype=bool)
        self._masks: OrderedDict[frozenset[str] | None, np.ndarray[Any, Any]] = OrderedDict()

    @classmethod
    def build(
        cls, chunk_ids: list[str], texts: list[str], version: int, doc_ids: list[str], answerable: list[bool]
    ) -> BM25Index:
        if not texts:
            return cls(None, [], version, [], [])
        retriever = bm25s.BM25()
        glued = [lexical_text(t) for t in texts]
        retriever.index(
            bm25s.tokenize(glued, stopwords="en", stemmer=_STEMMER, show_progress=False), show_progress=False
        )
        return cls(retriever, chunk_ids, version, doc_ids, answerable)

    def save(self, folder: Path) -> None:
        """Write to a temp folder and swap it in, so a crash never leaves a half-written index."""
        tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._retriever is not None:
            self._retriever.save(str(tmp), show_progress=False)
        rows = {
            "tokenizer": TOKENIZER_VERSION,
            "version": self.version,
            "chunk_ids": self.chunk_ids,
            "doc_ids": self.doc_ids,
            "answerable": self._answerable.tolist(),
        }
        (tmp / _IDS_FILE).write_text(json.dumps(rows))
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
        """The persisted index, or None when missing, unreadable, from an older layout or swapped while read."""
        ids_file = folder / _IDS_FILE
        before = cls.stamp(folder)
        if before is None:
            return None
        try:
            data = json.loads(ids_file.read_text())
            if data.get("tokenizer") != TOKENIZER_VERSION:
                return None  # built by another tokenizer: rebuilt by the store
            chunk_ids = list(data["chunk_ids"])
            doc_ids, answerable = list(data["doc_ids"]), list(data["answerable"])
            retriever = bm25s.BM25.load(str(folder), show_progress=False) if chunk_ids else None
        except (OSError, ValueError, KeyError):
            return None
        if cls.stamp(folder) != before:  # another process saved a new index meanwhile: parts may mix
            return None
        return cls(retriever, chunk_ids, int(data["version"]), doc_ids, answerable)

    def _mask(self, allowed_docs: frozenset[str] | None) -> np.ndarray[Any, Any]:
        """1.0 for answerable rows of allowed documents (all documents when None), else 0.0; cached."""
        if allowed_docs in self._masks:
            self._masks.move_to_end(allowed_docs)
            return self._masks[allowed_docs]
        keep = self._answerable.copy()
        if allowed_docs is not None:
            wanted = np.array([i for i, name in enumerate(self._doc_names) if name in allowed_docs], dtype=np.int32)
            keep &= np.isin(self._doc_of_row, wanted)
        mask = keep.astype(np.float32)
        self._masks[allowed_docs] = mask
        if len(self._masks) > _MASK_CACHE:
            self._masks.popitem(last=False)
        return mask

    def search(self, query: str, k: int, allowed_docs: frozenset[str] | None = None) -> list[tuple[str, float]]:
        """Top ``k`` (chunk id, raw BM25 score) with score > 0 among answerable chunks of ``allowed_docs``."""
        if self._retriever is None or k <= 0:
            return []
        tokens = tokenize([lexical_text(query)])
        if not tokens[0]:
            return []
        mask = self._mask(allowed_docs)
        n = min(k, int(np.count_nonzero(mask)))
        if n == 0:
            return []
        docs, scores = self._retriever.retrieve(tokens, k=n, show_progress=False, weight_mask=mask)
        return [(self.chunk_ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if float(s) > 0]
