"""The learned part of the promotional rail: P(promotional) for each sentence.

A logistic regression over the packaged MiniLM sentence embeddings, trained on
``evals/guardrails/promo_train.jsonl`` by ``evals/guardrails/train_promo.py`` (see there for the
data and why). It recognises the function of a sentence in paraphrase ("none of the side effects
that make other biologics risky", "the problem is simply gone") where the policy's patterns need
listed words. Its probability is one more weighted feature of the sentence score; the weight and
the probability floor live in ``policy.yaml`` so compliance can tune or switch it off.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.embeddings import get_embedder

WEIGHTS_FILE = Path(__file__).with_name("promo_classifier.npz")


class PromoClassifier:
    """Loads the packaged weights once; embeds sentences with the packaged embedder."""

    def __init__(self, path: Path = WEIGHTS_FILE) -> None:
        try:
            data = np.load(path)
            self.weights = np.asarray(data["weights"], dtype=np.float32)
            self.bias = float(data["bias"][0])
            self.model = str(data["model"])
        except (OSError, KeyError, ValueError) as exc:
            raise ValueError(f"{path}: not a promotional-classifier weights file: {exc}") from exc

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        """P(promotional) per sentence, in order (one embedder batch)."""
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        x = get_embedder(self.model).embed(list(sentences))
        return np.asarray(1 / (1 + np.exp(-(x @ self.weights + self.bias))))


@lru_cache(maxsize=1)
def packaged_classifier() -> PromoClassifier:
    return PromoClassifier()
