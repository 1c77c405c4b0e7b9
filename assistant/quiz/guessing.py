"""Naive test-takers: how far a quiz can be passed without knowing the product.

Each strategy sees only an item's stem and options, the product's name and
its label text (as similarity, never as knowledge): it picks the longest
option (or the shortest), the option closest to the stem or to the label (MiniLM embeddings),
or the option whose words the label uses most. Ties are broken at random, so
a strategy that cannot tell options apart scores chance. A quiz is guessable
when any strategy beats chance by a wide margin; the generator aims to keep
every strategy at or below :data:`GUESSABILITY_GOAL`.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from assistant.embeddings import Embedder
from assistant.quiz.models import QuizItem
from assistant.retrieval.text import tokens

GUESSABILITY_GOAL = 0.40
"""Highest acceptable accuracy of any naive strategy on four-option items (chance is 0.25)."""


class NaiveTaker:
    """Scores options by surface similarity to one product's label text; knows nothing else."""

    def __init__(self, embedder: Embedder, label_passages: Sequence[str], seed: int = 0) -> None:
        self.embedder = embedder
        self.rng = random.Random(seed)
        self.passages = np.asarray(embedder.embed(list(label_passages))) if label_passages else np.zeros((0, 1))
        self.centroid = self.passages.mean(axis=0) if len(self.passages) else None
        self.counts = Counter(w for p in label_passages for w in tokens(p))

    def strategies(self) -> dict[str, Callable[[QuizItem], list[float]]]:
        """Name → option scorer (higher is picked)."""
        return {
            "longest option": lambda item: [float(len(c)) for c in item.choices],
            "shortest option": lambda item: [-float(len(c)) for c in item.choices],
            "most similar to stem": self._stem_similarity,
            "most similar to label (best passage)": self._label_similarity,
            "most similar to label (centroid)": self._centroid_similarity,
            "lexical overlap with label": self._lexical,
        }

    def pick(self, scores: list[float]) -> int:
        """The best-scoring option; a tie is a coin toss among the tied options."""
        top = max(scores)
        tied = [i for i, s in enumerate(scores) if math.isclose(s, top, rel_tol=1e-6, abs_tol=1e-9)]
        return self.rng.choice(tied)

    def _vectors(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.embedder.embed(texts))

    def _stem_similarity(self, item: QuizItem) -> list[float]:
        vectors = self._vectors([item.question, *item.choices])
        return [float(v @ vectors[0]) for v in vectors[1:]]

    def _label_similarity(self, item: QuizItem) -> list[float]:
        if not len(self.passages):
            return [0.0] * len(item.choices)
        return [float((self.passages @ v).max()) for v in self._vectors(item.choices)]

    def _centroid_similarity(self, item: QuizItem) -> list[float]:
        if self.centroid is None:
            return [0.0] * len(item.choices)
        return [float(v @ self.centroid) for v in self._vectors(item.choices)]

    def _lexical(self, item: QuizItem) -> list[float]:
        """Mean log-frequency in the label of the option's words: label-sounding options score high."""
        scores = []
        for choice in item.choices:
            words = tokens(choice)
            scores.append(sum(math.log1p(self.counts[w]) for w in words) / len(words) if words else 0.0)
        return scores


def chance(items: Sequence[QuizItem]) -> float:
    """Expected accuracy of a blind guess."""
    return sum(1 / len(i.choices) for i in items) / len(items) if items else 0.0


def measure(
    quiz: Callable[[str, int], Sequence[QuizItem]],
    label_passages: Callable[[str], list[str]],
    embedder: Embedder,
    products: Sequence[str],
    seeds: Sequence[int],
) -> dict[str, object]:
    """Accuracy of every naive strategy per product and overall, with chance and the item count.

    ``quiz(product, seed)`` returns the multiple-choice items to attack,
    ``label_passages(product)`` the label text the taker may compare options with.
    """
    per_product: dict[str, dict[str, float]] = {}
    hits: Counter[str] = Counter()
    all_items: list[QuizItem] = []
    by_fact: dict[str, Counter[str]] = {}
    for product in products:
        taker = NaiveTaker(embedder, label_passages(product), seed=len(all_items))
        items = [i for seed in seeds for i in quiz(product, seed) if i.kind == "multiple_choice"]
        right: Counter[str] = Counter()
        for item in items:
            fact = by_fact.setdefault(item.fact or "?", Counter())
            fact["n"] += 1
            for name, scorer in taker.strategies().items():
                correct = taker.pick(scorer(item)) == item.answer
                right[name] += correct
                fact[name] += correct
        hits.update(right)
        all_items.extend(items)
        per_product[product] = {name: round(right[name] / len(items), 3) for name in taker.strategies()} | {
            "items": len(items)
        }
    names = list(next(iter(per_product.values())).keys())[:-1] if per_product else []
    overall = {name: round(hits[name] / len(all_items), 3) for name in names} if all_items else {}
    return {
        "goal": GUESSABILITY_GOAL,
        "chance": round(chance(all_items), 3),
        "items": len(all_items),
        "seeds": list(seeds),
        "overall": overall,
        "worst": max(overall.values(), default=0.0),
        "per_product": per_product,
        "per_fact": {
            fact: {name: round(c[name] / c["n"], 3) for name in names} | {"items": c["n"]}
            for fact, c in sorted(by_fact.items())
        },
    }
