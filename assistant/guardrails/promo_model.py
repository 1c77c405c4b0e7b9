"""The learned parts of the rails: P(class) for each sentence, from the packaged MiniLM embeddings.

Three logistic regressions over the same sentence embeddings, each trained on a labelled set built
and documented in ``evals/guardrails/`` (``build_promo_train.py``, ``build_intent_train.py``;
fitted by ``train_promo.py``):

* ``promo``: the sentence sells, dismisses risk, promises an outcome or asks for such material
  ("none of the side effects that make other biologics risky", "the problem is simply gone");
* ``ae``: the text narrates something that happened to a person on a product, in any register
  ("she got a rash on it", "her enzymes went up after starting X");
* ``injection``: the text tries to change the assistant's instructions or extract its configuration
  (role play, "developer mode", instructions hidden in quoted text).

They recognise a sentence's function in paraphrase, where the policy's patterns need listed words.
Each probability is one more feature of its rail; weights and thresholds live in ``policy.yaml`` so
compliance can tune or switch them off.

Cost: one embedding per distinct sentence (~16 ms on one busy core), shared by every head and
cached, so a question checked by three heads is embedded once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.embeddings import PACKAGED_MODEL, get_embedder

HEADS_DIR = Path(__file__).parent
WEIGHTS_FILE = HEADS_DIR / "promo_classifier.npz"
HEAD_FILES = {"promo": WEIGHTS_FILE, "ae": HEADS_DIR / "ae_classifier.npz",
              "injection": HEADS_DIR / "injection_classifier.npz"}  # fmt: skip
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
def sentence_vectors(model: str = PACKAGED_MODEL) -> SentenceVectors:
    return SentenceVectors(model)


class PromoClassifier:
    """One packaged head: loads its weights once; embeds through the shared cached vectors."""

    def __init__(self, path: Path = WEIGHTS_FILE) -> None:
        try:
            data = np.load(path)
            self.weights = np.asarray(data["weights"], dtype=np.float32)
            self.bias = float(data["bias"][0])
            self.model = str(data["model"])
        except (OSError, KeyError, ValueError) as exc:
            raise ValueError(f"{path}: not a sentence-classifier weights file: {exc}") from exc

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        """P(class) per sentence, in order."""
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        x = sentence_vectors(self.model)(sentences)
        return np.asarray(1 / (1 + np.exp(-(x @ self.weights + self.bias))))


@lru_cache(maxsize=4)
def packaged_head(name: str) -> PromoClassifier:
    """The packaged head ``promo``, ``ae`` or ``injection``."""
    return PromoClassifier(HEAD_FILES[name])


def packaged_classifier() -> PromoClassifier:
    return packaged_head("promo")


def head_probabilities(name: str, sentences: Sequence[str]) -> np.ndarray:
    """P(class) of the packaged head ``name`` for each sentence."""
    return packaged_head(name).probabilities(sentences)
