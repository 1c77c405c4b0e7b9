"""A learned comparison: is a condition mention covered by an indication's condition phrase?

Token coverage and exact ICD-10-CM codes decide most mentions, but they are rules over words: a
subtype named in other words ("knee osteoarthritis" under "osteoarthritis", "schizophrenia"
under "psychotic disorders") finds no rule, and hand-tuned rules did not transfer to labels
nobody read. This comparator learns the *comparison* instead of phrasings, from the maintained
vocabularies' own structure (``evals/guardrails/build_coverage_model.py``): an ICD-10-CM child
title or inclusion term is covered by its parent's title, an HPO child or synonym by its term;
a sibling, a cousin or a broader parent is not (an approved subtype does not cover the family).

Its features are few and explainable, each a comparison of the two sides (:class:`Side`):

- ``cos``: cosine of the packaged MiniLM vectors, in the name matrix's projected space
  (:mod:`.condition_names`), so training reuses the 50k shipped vectors;
- ICD-10-CM agreement of the two sides' nearest names: same chapter, same 3-character category,
  the indication's code a prefix of the mention's (mention narrower), the reverse (broader);
- a shared nearest name or HPO term, and how near each side's best name is;
- word overlap both ways, head-word agreement, and the qualifiers one side has and the other lacks.

A logistic regression over them (weights in ``coverage_model.npz``, ~1 kB) gives P(covered).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.guardrails.condition_names import NearName, condition_names
from assistant.guardrails.stopwords import STOPWORDS
from assistant.guardrails.text import tokenize

WEIGHTS_FILE = Path(__file__).with_name("coverage_model.npz")
FEATURES = (
    "cos",
    "same_chapter",
    "same_category",
    "i_code_prefixes_m",
    "m_code_prefixes_i",
    "shared_name",
    "m_name_score",
    "i_name_score",
    "m_words_in_i",
    "i_words_in_m",
    "head_agrees",
    "m_extra",
    "i_extra",
    "cos_x_head",
    "both_extra",
    "only_m_extra",
    "trust",
)
_TIE = 0.03
_READ = 0.6
"""A nearest name below this cosine reads nothing: its codes are not the phrase's."""
_EXTRA_CAP = 3.0


@dataclass(frozen=True)
class Side:
    """One phrase as the comparator sees it: unit vector, content words, head, nearest-name reading."""

    vector: np.ndarray
    words: tuple[str, ...]
    codes: frozenset[str]
    names: frozenset[str]
    score: float
    fidelity: float = 1.0
    """Share of the phrase's content words its best name keeps: a reading that drops a qualifier
    ("erosive esophagitis" read as "esophagitis") gives the family's code, not the phrase's."""


def content_words(phrase: str, drop: frozenset[str]) -> tuple[str, ...]:
    """Stems of the phrase without stopwords and ``drop`` (severity/stage/framing modifiers);
    numbers stay ("type 1" and "type 2" differ by them)."""
    return tuple(t.norm for t in tokenize(phrase) if t.lower not in STOPWORDS and t.norm not in drop)


def reading_of(near: list[NearName] | tuple[NearName, ...]) -> tuple[frozenset[str], frozenset[str], float]:
    """Codes of the best name (the code features compare these: a tie's codes would join a whole
    family) and names and HPO terms of the names within ``_TIE`` of it; none below ``_READ``."""
    if not near or near[0].score < _READ:
        return frozenset(), frozenset(), near[0].score if near else 0.0
    kept = [n for n in near if n.score >= near[0].score - _TIE]
    names = frozenset(n.name for n in kept) | frozenset(c for n in kept for c in n.codes if c.startswith("HP:"))
    return near[0].codes, names, near[0].score


def side(vector: np.ndarray, phrase: str, near: list[NearName] | tuple[NearName, ...], drop: frozenset[str]) -> Side:
    codes, names, score = reading_of(near)
    words = content_words(phrase, drop)
    kept = content_words(near[0].name, drop) if near and codes else ()
    fidelity = sum(_covered_by(w, kept) for w in words) / len(words) if words else 0.0
    return Side(vector, words, codes, names, score, fidelity)


def _icd(codes: frozenset[str]) -> list[str]:
    return [c.replace(".", "") for c in codes if not c.startswith("HP:")]


def _prefixes(short: list[str], long: list[str]) -> bool:
    """Some code of ``short`` is a prefix of a code of ``long`` (same code included)."""
    return any(b.startswith(a) for a in short for b in long)


def _covered_by(word: str, others: tuple[str, ...]) -> bool:
    return word in others or (len(word) >= 6 and any(o[:6] == word[:6] for o in others if len(o) >= 6))


def features(m: Side, i: Side) -> np.ndarray:
    """The comparison of a mention ``m`` with an indication phrase ``i`` (order: ``FEATURES``)."""
    cos = float(m.vector @ i.vector)
    mc, ic = _icd(m.codes), _icd(i.codes)
    trust = m.fidelity * i.fidelity  # codes of faithful readings only
    chapter = trust * any(a[:1] == b[:1] for a in mc for b in ic)
    category = trust * any(a[:3] == b[:3] for a in mc for b in ic)
    i_over_m = trust * _prefixes(ic, mc)
    m_over_i = trust * (_prefixes(mc, ic) and not _prefixes(ic, mc))
    m_in = [_covered_by(w, i.words) for w in m.words]
    i_in = [_covered_by(w, m.words) for w in i.words]
    head = bool(m.words and i.words and _covered_by(m.words[-1], (i.words[-1],)))
    m_extra, i_extra = len(m_in) - sum(m_in), len(i_in) - sum(i_in)  # qualifiers one side lacks
    return np.array(
        [
            cos,
            float(chapter),
            float(category),
            float(i_over_m),
            float(m_over_i),
            float(bool(m.names & i.names)),
            m.score,
            i.score,
            float(np.mean(m_in)) if m_in else 1.0,
            float(np.mean(i_in)) if i_in else 1.0,
            float(head),
            min(m_extra, _EXTRA_CAP) / _EXTRA_CAP,
            min(i_extra, _EXTRA_CAP) / _EXTRA_CAP,
            cos * float(head),
            float(m_extra > 0 and i_extra > 0),
            float(m_extra > 0 and i_extra == 0),
            trust,
        ],
        dtype=np.float32,
    )


class CoverageModel:
    """Standardised logistic regression over :func:`features` (weights from the build script)."""

    def __init__(self, path: Path = WEIGHTS_FILE) -> None:
        data = np.load(path)
        self.mean = data["mean"].astype(np.float32)
        self.std = data["std"].astype(np.float32)
        self.weights = data["weights"].astype(np.float32)
        self.bias = float(data["bias"])
        self.threshold = float(data["threshold"])

    def probability(self, rows: np.ndarray) -> np.ndarray:
        z = ((rows - self.mean) / self.std) @ self.weights + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float32)


@lru_cache(maxsize=1)
def coverage_model() -> CoverageModel | None:
    """The packaged weights, once per process; None when not installed (the rules decide alone)."""
    try:
        return CoverageModel()
    except (OSError, KeyError, ValueError):
        return None


def phrase_side(phrase: str, drop: frozenset[str]) -> Side | None:
    """A phrase embedded and read by the name matrix (cached: indication phrases recur per text)."""
    _prefetch([phrase], drop)
    return _SIDES.get((phrase, drop))


def comparable(s: Side) -> bool:
    """A side names a condition: it keeps a content word and the vocabulary reads it as a name
    (an indication's "adult patients" or "the management" is framing; training pairs are all names)."""
    return bool(s.words) and bool(s.names)


@dataclass(frozen=True)
class Comparison:
    """The best-covering indication phrase of a mention and its probability."""

    fragment: str
    probability: float


def _prefetch(phrases: list[str], drop: frozenset[str]) -> None:
    """Read the phrases not yet cached in one batch (one embedding call, one product with the matrix)."""
    names = condition_names()
    todo = [p for p in dict.fromkeys(phrases) if (p, drop) not in _SIDES]
    if names is None or not todo:
        return
    if len(_SIDES) >= _SIDE_CACHE:
        _SIDES.clear()
    for phrase, vector in zip(todo, names.project(todo), strict=True):  # one embedding batch
        near = names.nearest([phrase])[0]  # a cluster search each: cheaper than one pass over all rows
        _SIDES[(phrase, drop)] = side(vector, phrase, near, drop)


_SIDES: dict[tuple[str, frozenset[str]], Side] = {}
_SIDE_CACHE = 4096


def best_cover(mention: str, phrases: list[str], drop: frozenset[str]) -> Comparison | None:
    """The indication phrase most likely to cover ``mention`` (None without model or phrases)."""
    _prefetch([mention, *phrases], drop)
    model = coverage_model()
    m = phrase_side(mention, drop)
    sides = [(p, phrase_side(p, drop)) for p in phrases]
    pairs = [(p, s) for p, s in sides if s is not None and comparable(s)]
    if model is None or m is None or not comparable(m) or not pairs:
        return None
    probs = model.probability(np.stack([features(m, s) for _, s in pairs]))
    best = int(np.argmax(probs))
    return Comparison(pairs[best][0], float(probs[best]))
