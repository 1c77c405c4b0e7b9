"""Nearest maintained condition name of a phrase, by the packaged MiniLM sentence vectors.

Word matching only knows the words an index holds: "stomach cancer", "adult-onset diabetes",
"period pain" or "high blood sugar" are in no ICD-10-CM title and no HPO synonym, although
"Malignant neoplasm of stomach", "Type 2 diabetes mellitus", "Primary dysmenorrhea" and
"Hyperglycemia" are. A reader's phrase and the vocabulary's name are close in meaning, so the
nearest name by cosine gives the phrase the name's codes.

The names (ICD-10-CM titles and inclusion terms of the disease chapters, HPO names and lay
synonyms) are embedded ONCE ahead of time by ``evals/guardrails/build_condition_names.py`` and
shipped as int8 rows in ``condition_names.npz``; at guard time only the few candidate phrases of
a text are embedded (cached by :func:`~.promo_model.sentence_vectors`) and compared by one matrix
product. Without the file (a trimmed install) every lookup finds nothing and the rails fall
back to word matching.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.guardrails.promo_model import sentence_vectors

MATRIX_FILE = Path(__file__).with_name("condition_names.npz")
_INT8_MAX = 127


@dataclass(frozen=True)
class NearName:
    """A vocabulary name near a phrase: its text, cosine and ICD-10-CM codes (may be empty)."""

    name: str
    score: float
    codes: frozenset[str]


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Int8 rows, each scaled to its largest component (the scale kept as float16): a quarter of
    float32's size with cosines within ~0.01 of the float ones."""
    peak = np.abs(vectors).max(axis=1, keepdims=True)
    peak[peak == 0] = 1.0
    matrix = np.round(vectors / peak * _INT8_MAX).astype(np.int8)
    return matrix, (peak[:, 0] / _INT8_MAX).astype(np.float16)


def reduce(vectors: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, first ``dims`` principal axes and the unit-length projected rows: half the columns of
    the sentence vectors keep the nearest name of almost every phrase (see the build script)."""
    mean = vectors.mean(axis=0)
    axes = np.linalg.svd(vectors[::4] - mean, full_matrices=False)[2][:dims].T
    return mean, axes, _unit((vectors - mean) @ axes)


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(rows / norms, dtype=np.float32)


def clusters(rows: np.ndarray, count: int, rounds: int = 12) -> np.ndarray:
    """Spherical k-means labels of unit rows (seeded, so a rebuild gives the same file): a query
    then scores only the names of its nearest clusters, not all of them (see ``PROBES``)."""
    rng = np.random.default_rng(0)
    centroids = rows[rng.choice(len(rows), count, replace=False)]
    labels = np.zeros(len(rows), dtype=np.int64)
    for _ in range(rounds):
        labels = np.concatenate([np.argmax(part @ centroids.T, axis=1) for part in np.array_split(rows, 16)])
        for c in range(count):
            members = rows[labels == c]
            if len(members):
                centroids[c] = members.mean(axis=0)
        centroids = _unit(centroids)
    return labels


PROBES = 32
"""Clusters of 256 scored per query: a product with all 50k rows reads ~38 MB (2.9 ms of CPU, and
far more on a busy machine), 32 clusters ~1 ms; the best names of a phrase lie in its nearest
clusters (the flat search's best name for 95% of phrases with a name at 0.75 or more, at 16)."""


_FLAT_BATCH = 4
"""From this many phrases at once (an indication's fragments) one product with every row is cheaper
than a cluster search per phrase."""


class ConditionNames:
    """The shipped name matrix, dequantised once to float32 for fast products."""

    def __init__(self, path: Path = MATRIX_FILE) -> None:
        data = np.load(path)
        self.names: list[str] = str(data["names"]).split("\n")
        self.codes: list[frozenset[str]] = [frozenset(c.split(",")) - {""} for c in str(data["codes"]).split("\n")]
        self.model = str(data["model"])
        self.mean = data["mean"]
        self.axes = data["axes"]
        self.matrix = _unit(data["matrix"].astype(np.float32) * data["scale"].astype(np.float32)[:, None])
        self.starts = data["starts"]  # rows are sorted by cluster: cluster c is rows starts[c]:starts[c + 1]
        self.centroids = data["centroids"]

    def project(self, phrases: list[str]) -> np.ndarray:
        """Unit rows of the phrases' sentence vectors in the matrix's projected space."""
        return _unit((sentence_vectors(self.model)(phrases) - self.mean) @ self.axes)

    def nearest(self, phrases: list[str], k: int = 3) -> list[list[NearName]]:
        """The ``k`` nearest names of each phrase, best first."""
        if not phrases:
            return []
        queries = self.project(phrases)
        if len(queries) >= _FLAT_BATCH:  # one pass over all rows serves the whole batch
            return [self._best(row, np.arange(len(self.names)), k) for row in queries @ self.matrix.T]
        out = []
        for query in queries:
            probes = np.argsort(-(self.centroids @ query))[:PROBES]
            bounds = [(int(self.starts[c]), int(self.starts[c + 1])) for c in probes]
            row = np.concatenate([self.matrix[a:b] @ query for a, b in bounds])  # slices: no copy of the rows
            ids = np.concatenate([np.arange(a, b) for a, b in bounds])
            out.append(self._best(row, ids, k))
        return out

    def _best(self, scores: np.ndarray, ids: np.ndarray, k: int) -> list[NearName]:
        top = np.argpartition(-scores, k)[:k] if len(scores) > k else np.arange(len(scores))
        top = top[np.argsort(-scores[top])]
        return [NearName(self.names[j], float(scores[i]), self.codes[j]) for i, j in zip(top, ids[top], strict=True)]


@lru_cache(maxsize=1)
def condition_names() -> ConditionNames | None:
    """The packaged matrix, loaded once per process; None when the file is not installed."""
    try:
        return ConditionNames()
    except (OSError, KeyError, ValueError):
        return None


@lru_cache(maxsize=4096)
def nearest_names(phrase: str, k: int = 3) -> tuple[NearName, ...]:
    """Nearest names of one phrase (cached per phrase); none without the matrix."""
    names = condition_names()
    return tuple(names.nearest([phrase], k)[0]) if names is not None else ()


RECOGNISE = 0.75
"""A candidate phrase names a condition when a vocabulary name is at least this near (set on dev)."""
SAME = 0.80
"""A phrase and an indication fragment name one condition when their near names (at least this
near) share a name or a code (set on dev)."""
FRAGMENT_SAME = 0.75
"""The floor for an indication's fragments: they carry the label's framing words ("the treatment
of primary dysmenorrhea"), so their cosine to a bare name runs lower than a short phrase's."""
_TIE = 0.03
"""Names this close to a phrase's best one are as good a reading of it."""
_BROAD = 8
"""A name filed under more codes than this ("pneumonia", "diabetes mellitus") is a family: its
codes would join every member, so only the name itself is compared."""


def reading(phrase: str) -> str:
    """The words a phrase is looked up by: tokens with digits ("HER2-positive", "CLDN18.2+") are
    biomarkers, checked apart, and pull a name away from the condition."""
    return " ".join(w for w in phrase.split() if not any(c.isdigit() for c in w))


def prefetch(phrases: list[str]) -> None:
    """Embed the phrases a text may look up in ONE batch (a batch of a few short phrases costs about
    what one does), so the lookups that follow find their vectors cached."""
    names = condition_names()
    wanted = [p for p in dict.fromkeys(reading(p) for p in phrases) if p]
    if names is not None and wanted:
        sentence_vectors(names.model)(wanted)


def recognised(phrase: str) -> NearName | None:
    """The nearest vocabulary name when it is at least ``RECOGNISE`` near the phrase, else None."""
    near = nearest_names(phrase)
    return near[0] if near and near[0].score >= RECOGNISE else None


def _keys(names: list[NearName] | tuple[NearName, ...]) -> set[str]:
    out: set[str] = set()
    for n in names:
        out.add("name:" + n.name)
        if len(n.codes) <= _BROAD:
            out |= n.codes
    return out


def phrase_keys(phrase: str) -> frozenset[str]:
    """Names and codes of the phrase's best reading (its nearest name, with the names within
    ``_TIE`` of it), when that name is at least ``SAME`` near; else none."""
    near = nearest_names(phrase)
    if not near or near[0].score < SAME:
        return frozenset()
    return frozenset(_keys([n for n in near if n.score >= near[0].score - _TIE]))


@lru_cache(maxsize=1024)
def fragment_keys(fragments: tuple[str, ...]) -> frozenset[str]:
    """Names and codes of the names at least ``FRAGMENT_SAME`` near any of an indication's
    condition fragments (embedded in one batch, once per indication and process)."""
    names = condition_names()
    if names is None or not fragments:
        return frozenset()
    near = [n for row in names.nearest(list(fragments)) for n in row if n.score >= FRAGMENT_SAME]
    return frozenset(_keys(near))
