"""Distortion of the label: how a claim departs from the approved sentence it restates.

The promotional heads read a sentence alone, so they learn what claims look like in the voices they
were trained on, and a pitch in a new voice about a familiar topic reads like the label prose it
borrows its words from. A claim about a product almost always distorts something the label says
("may increase the risk of MACE" -> "the heart warnings are paperwork"; "39% in remission at week
52" -> "patients get their lives back"). This module finds, for each sentence, the product's nearest
approved label sentence (by the packaged MiniLM vectors) and scores the DIFFERENCE of the two
vectors with a small logistic head (``promo_distortion_head.npz``, trained by
``evals/guardrails/train_distortion.py``): the topic they share cancels, what is left is the spin
(certainty where the label hedges, risk dismissed where it warns, every patient where it reports
a share). A faithful restatement of a label sentence lands close to it and scores low.

Label sentences come from the off-label rail's profile of the product (``LabelProfile.chunk_sentences``),
so no retrieval is imported here. Their vectors are computed once per product and label text and
kept under the data dir's ``cache/`` (a few seconds per label, once), so a check costs one
matrix product per sentence.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.guardrails.promo_model import load_logistic, sentence_vectors

HEAD_FILE = Path(__file__).with_name("promo_distortion_head.npz")
MIN_WORDS = 6
MAX_WORDS = 60
"""Label sentences indexed: long enough to state something, short enough to be one statement
(table rows and package-panel text are neither)."""
CACHE_DIR_NAME = "label-sentence-vectors"


def anchor_sentences(chunk_sentences: Sequence[Sequence[str]]) -> list[str]:
    """The label sentences a claim is compared with (deduplicated, in label order)."""
    out: dict[str, None] = {}
    for group in chunk_sentences:
        for sentence in group:
            text = " ".join(sentence.split())
            if MIN_WORDS <= len(text.split()) <= MAX_WORDS and not text.isupper():
                out[text] = None
    return list(out)


def unit(x: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (the packaged vectors usually are; the difference needs it)."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.asarray(x / np.maximum(norms, 1e-9), dtype=np.float32)


def nearest(claims: np.ndarray, anchors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per claim row: the nearest anchor's vector and its cosine similarity (anchors are unit rows, as
    :class:`LabelAnchors` keeps them). ``einsum`` rather than ``@``: one sentence against a label is a
    matrix-vector product that a threaded BLAS made 20-50 times slower on a busy machine (6-16 ms vs 0.3)."""
    c = unit(claims)
    sims = np.einsum("kj,ij->ki", c, anchors)
    best = sims.argmax(axis=1)
    return anchors[best], sims[np.arange(len(c)), best]


def features(claims: np.ndarray, anchors: np.ndarray) -> np.ndarray:
    """What the head reads: the DIRECTION in which the claim departs from its nearest label sentence
    (the difference scaled to length 1), how far it departs, and their cosine similarity. The direction
    carries the spin and stays readable when the claim is a small edit of the sentence (a hedge made
    certain moves the vector a little, in a consistent direction; unscaled, such differences were too
    small for the head: held-out recall of edited label sentences 0.58 vs 0.87 scaled); the distance and
    similarity say how much of the difference is subject matter rather than spin."""
    near, sims = nearest(claims, anchors)
    diff = unit(claims) - near
    norms = np.linalg.norm(diff, axis=1, keepdims=True)
    return np.hstack([diff / np.maximum(norms, 1e-6), norms, sims[:, None]]).astype(np.float32)


class DistortionHead:
    """The packaged logistic head over :func:`features`."""

    def __init__(self, path: Path = HEAD_FILE) -> None:
        self.weights, self.bias, self.model = load_logistic(path, "distortion-head")

    def probabilities(self, claims: np.ndarray, anchors: np.ndarray) -> np.ndarray:
        """P(distorts the label) per claim vector, against the label's anchor vectors."""
        return self.readings(claims, anchors)[0]

    def readings(self, claims: np.ndarray, anchors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """P(distorts the label) and the similarity to the nearest label sentence, per claim vector."""
        if not len(claims) or not len(anchors):
            return np.zeros(len(claims), dtype=np.float32), np.zeros(len(claims), dtype=np.float32)
        x = features(claims, anchors)
        logits = np.einsum("ij,j->i", x, self.weights) + self.bias
        return np.asarray(1 / (1 + np.exp(-logits))), x[:, -1]


@lru_cache(maxsize=1)
def packaged_distortion_head() -> DistortionHead:
    return DistortionHead()


class LabelAnchors:
    """Vectors of each product's label sentences: built once per label text, kept in memory and on disk."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self._memory: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def vectors(self, sentences: Sequence[str], model: str) -> np.ndarray:
        """The anchor vectors of one label's sentences (empty when it has none)."""
        if not sentences:
            return np.zeros((0, 1), dtype=np.float32)
        digest = hashlib.sha256("\n".join([model, *sentences]).encode()).hexdigest()
        with self._lock:
            hit = self._memory.get(digest)
        if hit is not None:
            return hit
        vectors = self._load(digest)
        if vectors is None or len(vectors) != len(sentences):
            vectors = unit(sentence_vectors(model).embed_uncached(sentences))
            self._store(digest, vectors)
        with self._lock:
            self._memory[digest] = vectors
        return vectors

    def _path(self, digest: str) -> Path | None:
        return self.cache_dir / CACHE_DIR_NAME / f"{digest[:32]}.npy" if self.cache_dir else None

    def _load(self, digest: str) -> np.ndarray | None:
        path = self._path(digest)
        try:
            return np.load(path) if path and path.exists() else None
        except (OSError, ValueError):
            return None

    def _store(self, digest: str, vectors: np.ndarray) -> None:
        """Atomic write (a reader in another process never sees half a file); a read-only dir is fine."""
        path = self._path(digest)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
            np.save(tmp, vectors)
            tmp.replace(path)
        except OSError:
            pass
