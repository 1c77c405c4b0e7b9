"""The offline embedder: unit vectors, sensible similarities, determinism, token counts."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embeddings import DIMENSION, get_embedder


@pytest.fixture(scope="module")
def embedder():
    return get_embedder()


def test_unit_vectors_of_the_right_shape(embedder) -> None:
    vectors = embedder.embed(["Semaglutide lowers HbA1c.", "", "x" * 5000])
    assert vectors.shape == (3, DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert embedder.embed([]).shape == (0, DIMENSION)


def test_similar_sentences_score_higher_than_unrelated(embedder) -> None:
    a, b, c = embedder.embed(
        [
            "The recommended starting dose is 0.25 mg once weekly.",
            "Patients should begin with 0.25 mg injected once a week.",
            "The museum opens at nine and closes at five on weekdays.",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.3
    query = embedder.embed_query("what dose should patients start on?")
    assert float(query @ a) > float(query @ c)


def test_deterministic_and_order_independent(embedder) -> None:
    texts = ["short text", "a somewhat longer sentence about renal impairment and dosing", "mid length one"]
    first = embedder.embed(texts)
    reversed_ = embedder.embed(texts[::-1])[::-1]
    assert np.allclose(first, reversed_, atol=1e-5)
    assert np.allclose(first, embedder.embed(texts), atol=1e-6)


def test_count_tokens_is_sane(embedder) -> None:
    assert embedder.count_tokens("") == 0
    assert embedder.count_tokens("hello world") == 2
    long = "word " * 300
    assert embedder.count_tokens(long) == 300  # no truncation when counting for chunk budgets
    assert embedder.count_tokens("semaglutide") > 1  # rare words split into word pieces
