"""Plausible-but-wrong options of the same kind as the key, each proven wrong.

An item blanks one slot of a cited sentence (see :mod:`assistant.quiz.slots`);
its distractors are values of the *same kind* in the *same form*: another
route for a route, a near-miss interval for an interval, another symbol for a
target. They come, best first, from

1. the product's own documents (values that appear there in another role:
   the label's other intervals, doses, genes), so every option reads like the
   label and a test-taker cannot pick the key by matching words to it;
2. near misses of the key (a number nudged, a period unit swapped);
3. the same slot kind elsewhere in the store (every ingested label).

Each one is checked against the product's own approved sentences: the sentence
with the option in place of the key must not be stated, and no sentence may
put the option next to the words around the gap. An option never names a
product, and never appears in the stem.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from collections import Counter
from collections.abc import Callable

from assistant.quiz.slots import SlotKind, blank, fill, magnitude, near_misses, same_form, shape
from assistant.quiz.sources import SlotVocabulary
from assistant.retrieval.text import content_terms, numbers, tokens

SIMILAR = 1e-6
"""Scores this close count as equal (a tie is a coin toss for a test-taker)."""
Similarity = Callable[[list[str], str], tuple[list[float], list[float]]]
"""(texts, stem) → (each text's closeness to the product's label, each text's closeness to the stem)."""
POOL = 8
SAME_CLASS = 0.1
"""Least context similarity for a symbol to stand in for the key (see :meth:`SlotVocabulary.similarity`)."""
"""Verified candidates to choose the final distractors from."""
CONTEXT_WORDS = 4
"""Content words each side of the gap that, with the option, would make it a stated claim."""


def context_terms(sentence: str, value: str) -> set[str]:
    """Content terms next to the gap: what the sentence says *about* the blanked value."""
    before, _, after = blank(sentence, value, "\x00").partition("\x00")
    near = content_terms(before)[-CONTEXT_WORDS:] + content_terms(after)[:CONTEXT_WORDS]
    return set(near) - set(content_terms(value))


def _mentions(sentence: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", sentence, re.I) is not None


class OwnText:
    """The product's own approved sentences with their terms and numbers worked out once."""

    def __init__(self, sentences: list[str], label_text: list[str] | None = None) -> None:
        self.rows = [(s, s.lower(), frozenset(content_terms(s)), frozenset(numbers(s))) for s in sentences]
        self.counts = Counter(w for s in (sentences if label_text is None else label_text) for w in tokens(s))
        self.words = set(self.counts)

    def familiarity(self, text: str) -> float:
        """Mean log-frequency of the text's words in the product's label: how label-like it sounds."""
        words = tokens(text)
        return sum(math.log1p(self.counts[w]) for w in words) / len(words) if words else 0.0

    def states(self, statement: str) -> bool:
        """One own sentence states every term and number of ``statement`` (as :func:`supported_by`)."""
        terms, nums = set(content_terms(statement)), numbers(statement)
        return any(terms <= t and nums <= n for _, _, t, n in self.rows)

    def is_wrong(self, sentence: str, key: str, option: str) -> bool:
        """True when no own sentence states the filled-in claim or ties the option to the words around the gap.

        Strict on purpose: an option that a sentence of the label mentions together
        with two of the words around the gap might be true there, so it is no
        distractor.
        """
        if self.states(fill(sentence, key, option)):
            return False
        near = context_terms(sentence, key)
        need = min(2, len(near))
        low = option.lower()
        return not any(
            low in lower and len(near & terms) >= need and _mentions(s, option) for s, lower, terms, _ in self.rows
        )


class DistractorPicker:
    """Chooses three wrong options for a slot, preferring label-like values of the key's shape and length."""

    def __init__(
        self,
        own_values: dict[SlotKind, set[str]],
        store: SlotVocabulary,
        own: OwnText,
        names: frozenset[str],
        label_similarity: Similarity | None = None,
    ) -> None:
        self.label_similarity = label_similarity
        self.guessable = 0
        """Items given up because the key alone would read like the label (counted for the error message)."""
        self.own_values = own_values
        self.all_values = store.values
        self.store = store
        self.own = own
        self.names = names

    def label_likeness(self, option: str) -> float:
        """Share of the option's words that the product's own documents use (the key scores 1.0)."""
        words = tokens(option)
        return sum(w in self.own.words for w in words) / len(words) if words else 0.0

    def _candidates(self, kind: SlotKind, key: str) -> list[tuple[int, str]]:
        """(tier, option): own-document values, then near misses, then the rest of the store."""
        own = sorted(self.own_values.get(kind, set()))
        store = sorted(self.all_values.get(kind, set()) - set(own))
        tiers = [(0, v) for v in own] + [(1, v) for v in near_misses(kind, key)] + [(2, v) for v in store]
        return [(t, v) for t, v in tiers if same_form(kind, key, v) and not self.store.names_a_study(v)]

    def pick(self, kind: SlotKind, sentence: str, key: str, stem: str, rng: random.Random, k: int = 3) -> list[str]:
        """Up to ``k`` verified distractors; fewer when the documents do not allow ``k``."""
        seen = {_norm(key)}
        scored: list[tuple[bool, tuple[float, ...], str]] = []
        key_shape = shape(key)
        for tier, option in self._candidates(kind, key):
            norm = _norm(option)
            if not norm or norm in seen or _norm(key) in norm or norm in _norm(key):
                continue  # "SMN" for "SMN2" is a fragment of the key, not an alternative
            seen.add(norm)
            if _mentions(stem, option) or self._names_product(option):
                continue
            likeness = self.label_likeness(option)
            kin = 1.0
            if kind == "entity":  # a near miss ("JAK4" for "JAK3") is of the key's class by construction
                kin = 1.0 if tier == 1 else self.store.similarity(key, option)
            if _far(key, option):
                continue
            rank = (
                -round(likeness, 1),
                float(shape(option) != key_shape),
                float(tier),
                abs(len(option) - len(key)) / max(len(key), 1),
                rng.random(),
            )
            scored.append((kin < SAME_CLASS, rank, option))
        # Same-class options first ("ALT", a liver test, is no stand-in for "JAK3", an enzyme), then the
        # most label-like others, so the pool can keep the options alike in wording (see _balanced).
        in_class = [o for off, _, o in sorted(scored) if not off]
        label_like = [o for _, _, o in sorted(scored, key=lambda row: row[1])]
        pool: list[str] = []
        for limit, ordered in ((POOL - 3, in_class), (POOL, label_like)):
            for option in ordered:
                if len(pool) >= limit:
                    break
                shown = option if kind != "route" else _case_like(option, key)
                if shown not in pool and self.own.is_wrong(sentence, key, option):
                    pool.append(shown)
        return self._balanced(key, pool, stem, rng, k)

    def _balanced(self, key: str, pool: list[str], stem: str, rng: random.Random, k: int) -> list[str]:
        """``k`` of the pool (best first) placed so the key is not singled out by its surface.

        Item writers keep options homogeneous: if the key were always the most
        familiar-sounding, the most label-like in meaning, the closest to the
        stem or the longest option, a test-taker could pass on that alone. For each item and each
        surface feature a random number of distractors (0..k) should outrank
        the key; the combination closest to those targets wins, earlier (better)
        pool members breaking ties. An item whose key outranks every candidate
        on wording or on meaning is given up (empty list): it would be passed
        by elimination.
        """
        if len(pool) < k:
            return []
        texts = [key, *pool]
        zeros = [0.0] * len(texts)
        to_label, to_stem = self.label_similarity(texts, stem) if self.label_similarity else (zeros, zeros)
        features = [[self.own.familiarity(t) for t in texts], to_label, [float(len(t)) for t in texts], to_stem]
        above = [[values[i + 1] >= values[0] - SIMILAR for i in range(len(pool))] for values in features]
        if not any(above[0]) or not any(above[1]):
            self.guessable += 1
            return []
        wants = [rng.randint(0, k) for _ in features]

        def cost(combo: tuple[int, ...]) -> tuple[int, int, int]:
            counts = [sum(row[i] for i in combo) for row in above]
            # First whether the key comes out on top on each feature (what a test-taker picks), then how far off.
            tops = sum((count == 0) != (want == 0) for count, want in zip(counts, wants, strict=True))
            gaps = sum(abs(count - want) for count, want in zip(counts, wants, strict=True))
            return tops, gaps, sum(combo)

        best = min(itertools.combinations(range(len(pool)), k), key=cost)
        return [pool[i] for i in best]

    def _names_product(self, option: str) -> bool:
        return any(t in self.names for t in [option.lower(), *tokens(option)])


def _far(key: str, option: str) -> float:
    """1.0 when the option's number is more than three-fold off the key's (an implausible slip), else 0.0."""
    a, b = magnitude(key), magnitude(option)
    if not a or not b:
        return 0.0
    return float(max(a, b) / min(a, b) > 3)


def _case_like(option: str, key: str) -> str:
    """A route read from the middle of one sentence and the start of another is written as the key is."""
    low = option.lower()
    return low[:1].upper() + low[1:] if key[:1].isupper() else low


def _norm(text: str) -> str:
    """Comparable form: lower-case words, numbers without trailing zeros ("6.0 hours" is "6 hours")."""
    return " ".join(re.sub(r"^(\d+)\.0+$", r"\1", t) for t in tokens(text))
