"""The learned parts of the rails: logistic heads over the packaged MiniLM sentence embeddings.

Three heads share one cached embedding per distinct text: the promotional head (below), and the
adverse-event and prompt-injection heads (``ae_head.npz`` / ``injection_head.npz``, trained on
``evals/guardrails/ae_train.jsonl`` / ``injection_train.jsonl`` written by
``build_rail_train.py``, by ``train_promo.py --task ...``). Each rail calls its head only where
its rules found part of the signal and could not decide (see the rails), so the head recognises
the FUNCTION of a text in paraphrase (a narrated event, a role override) and the rules keep it
from firing on texts that lack the structure (no person, nothing addressed to the assistant).

The promotional head gives P(promotional) for each sentence.

A logistic regression over the packaged MiniLM sentence embeddings, trained on
``evals/guardrails/promo_train.jsonl`` (written and documented by ``build_promo_train.py``) by
``evals/guardrails/train_promo.py``. It recognises the function of a sentence in paraphrase
("none of the side effects that make other biologics risky", "the problem is simply gone") where
the policy's patterns need listed words. Its probability is one more weighted feature of the
sentence score; the weight and the probability floor live in ``policy.yaml`` so compliance can
tune or switch it off.

Cost: one embedding per distinct sentence (~16 ms on one busy core), on a single-thread session
and cached, so a sentence seen before (a re-check, a retried answer) costs nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.embeddings import PACKAGED_MODEL, get_embedder

WEIGHTS_FILE = Path(__file__).with_name("promo_classifier.npz")
HEAD_FILES = {
    "promotional": WEIGHTS_FILE,
    "adverse_event": Path(__file__).with_name("ae_head.npz"),
    "prompt_injection": Path(__file__).with_name("injection_head.npz"),
    "promo_contrast": Path(__file__).with_name("promo_contrast_head.npz"),
    "injection_addressee": Path(__file__).with_name("injection_addressee_head.npz"),
}
MAX_TOKENS = 128
"""Rail sentences are short; a cap keeps a run-on sentence from costing a 256-token pass."""
CACHE_SIZE = 4096


class SentenceVectors:
    """Sentence embeddings with an LRU cache: the same sentence is never embedded twice."""

    def __init__(self, model: str = PACKAGED_MODEL, size: int = CACHE_SIZE) -> None:
        self.model = model
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every cached vector (benchmarks time what a new text costs)."""
        with self._lock:
            self._cache.clear()

    def embed_uncached(self, sentences: Sequence[str]) -> np.ndarray:
        """Vectors of many texts embedded once (a label's sentences), without filling the cache that
        keeps the rails' recent sentences."""
        return np.asarray(get_embedder(self.model, max_tokens=MAX_TOKENS, threads=1).embed(list(sentences)))

    def __call__(self, sentences: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(s for s in sentences if s not in self._cache))
        if missing:
            # One thread: a single short batch gains nothing from two and loses to contention.
            vectors = get_embedder(self.model, max_tokens=MAX_TOKENS, threads=1).embed(missing)
            with self._lock:
                for sentence, vector in zip(missing, vectors, strict=True):
                    self._cache[sentence] = vector
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        with self._lock:
            for s in sentences:
                self._cache.move_to_end(s)
            return np.stack([self._cache[s] for s in sentences])


@lru_cache(maxsize=2)
def _vectors_of(model: str) -> SentenceVectors:
    return SentenceVectors(model)


def sentence_vectors(model: str = PACKAGED_MODEL) -> SentenceVectors:
    """The process-wide cache of a model (one object whether the name is passed or defaulted)."""
    return _vectors_of(model)


def load_logistic(path: Path, kind: str) -> tuple[np.ndarray, float, str]:
    """(weights, bias, embedding model) of a packaged logistic head; a clear error naming the file.

    Every head over sentence vectors (the promotional, adverse-event, injection and contrast heads,
    and the distortion head) is stored the same way by the training scripts, so one reader serves all.
    """
    try:
        data = np.load(path)
        return np.asarray(data["weights"], dtype=np.float32), float(data["bias"][0]), str(data["model"])
    except (OSError, KeyError, ValueError) as exc:
        raise ValueError(f"{path}: not a {kind} weights file: {exc}") from exc


class PromoClassifier:
    """A logistic head: loads its packaged weights once; embeds through the cached sentence vectors."""

    def __init__(self, path: Path = WEIGHTS_FILE) -> None:
        self.weights, self.bias, self.model = load_logistic(path, "promotional-classifier")

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        """P(positive class) per text, in order."""
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        x = sentence_vectors(self.model)(sentences)
        return np.asarray(1 / (1 + np.exp(-(x @ self.weights + self.bias))))


@lru_cache(maxsize=4)
def packaged_head(rule: str) -> PromoClassifier:
    """The packaged head of a rail ("promotional", "adverse_event", "prompt_injection")."""
    return PromoClassifier(HEAD_FILES[rule])


def packaged_classifier() -> PromoClassifier:
    return packaged_head("promotional")
