"""Memory stays bounded on long ingests: the embedder never runs many long texts at once."""

from __future__ import annotations

import numpy as np

from assistant.embeddings import ATTENTION_BUDGET, get_embedder


def test_long_texts_are_embedded_a_few_at_a_time_with_the_same_vectors() -> None:
    embedder = get_embedder()
    long = [f"Patients in cohort {i} received the study drug for fifty-two weeks. " * 20 for i in range(6)]
    short = [f"dose {i} mg" for i in range(40)]
    texts = short + long
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    batches = list(embedder._batches(order, texts))
    assert sorted(i for b in batches for i in b) == list(range(len(texts)))  # every text exactly once
    for batch in batches:
        longest = max(embedder.count_tokens(texts[i]) + 2 for i in batch)
        assert len(batch) <= embedder.batch_size
        assert len(batch) == 1 or len(batch) * min(longest, embedder.max_tokens) ** 2 <= ATTENTION_BUDGET * 1.5
    assert max(len(b) for b in batches) == embedder.batch_size  # short texts still go in full batches
    together = embedder.embed(texts)
    alone = np.stack([embedder.embed([t])[0] for t in long])
    assert np.allclose(together[len(short) :], alone, atol=1e-4)
