"""Rank fusion of several retrievers' result lists.

Dense and BM25 scores live on incomparable scales (cosine in [-1, 1], BM25
unbounded and query-length dependent), so the retriever fuses *ranks*:
reciprocal rank fusion (Cormack et al., 2009) is robust without tuning, which
matters because the corpus changes whenever a document is ingested. A convex
combination of min-max normalised scores is kept beside it for the benchmarks,
which compare the two.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

from assistant.retrieval.intents import SectionIntent
from assistant.retrieval.sections import section_match
from assistant.types import ScoredChunk

K = TypeVar("K", bound=Hashable)


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[K]], k: int = 60, weights: Sequence[float] | None = None
) -> dict[K, float]:
    """``sum_i w_i / (k + rank_i)`` over the lists an item appears in (rank 1 is best).

    An item missing from a list simply gets nothing from it, so an item found by
    both retrievers beats one found by a single retriever at a similar rank.
    Duplicates inside one list count once, at their best rank.
    """
    if k < 1:
        raise ValueError(f"rrf k must be >= 1, got {k}")
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"{len(weights)} weights for {len(rankings)} rankings")
    fused: dict[K, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        seen: set[K] = set()
        for rank, item in enumerate(ranking, start=1):
            if item in seen:
                continue
            seen.add(item)
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


def rrf_ceiling(k: int, weights: Sequence[float]) -> float:
    """The largest fused score possible: rank 1 in every list. Used to map RRF into [0, 1]."""
    return sum(w / (k + 1) for w in weights)


def minmax_normalise(scores: Mapping[K, float]) -> dict[K, float]:
    """Scale to [0, 1] within one result list; a list of equal scores maps to 1.0."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    span = high - low
    if span <= 0:
        return dict.fromkeys(scores, 1.0)
    return {key: (value - low) / span for key, value in scores.items()}


def convex_combination(score_lists: Sequence[Mapping[K, float]], weights: Sequence[float]) -> dict[K, float]:
    """``sum_i w_i * minmax(s_i)``; an item absent from a list contributes 0 from it."""
    if len(weights) != len(score_lists):
        raise ValueError(f"{len(weights)} weights for {len(score_lists)} score lists")
    fused: dict[K, float] = {}
    for scores, weight in zip(score_lists, weights, strict=True):
        for key, value in minmax_normalise(scores).items():
            fused[key] = fused.get(key, 0.0) + weight * value
    return fused


def ranked(scores: Mapping[K, float]) -> list[K]:
    """Keys by descending score; ties keep insertion order (deterministic)."""
    return [key for key, _ in sorted(scores.items(), key=lambda kv: -kv[1])]


def with_lexical_best(
    fused: list[ScoredChunk], lexical: list[ScoredChunk], intents: Sequence[SectionIntent]
) -> list[ScoredChunk]:
    """``fused``, and BM25's best passage for the question's own words after them when fusion left it out.

    A question whose wording matches a section kind ("how long after catheter removal can the
    next dose be given?" reads as dosing) lifts every passage of that section, and a finely
    subsectioned label has many: they can crowd out the one passage naming what was asked
    (epidural catheter removal, under Warnings). That passage is kept in reach of the composer.
    """
    if not lexical or any(h.chunk.chunk_id == lexical[0].chunk.chunk_id for h in fused):
        return fused
    best = lexical[0].chunk
    section = section_match(best, list(intents)) if intents else 0.0
    return [*fused, ScoredChunk(chunk=best, score=0.0, scores={"section": section, "fused": 0.0, "lexical": 1.0})]


MAX_TABLE_CHUNKS = 4
"""Row groups of one table among the top results before other passages come first."""


def spread_tables(results: list[ScoredChunk]) -> list[ScoredChunk]:
    """``results`` with the row groups of one table beyond the first MAX_TABLE_CHUNKS moved last.

    A table is chunked a few rows at a time (see :mod:`assistant.ingest.chunking`), and its
    row groups share caption and headers: without a cap one table's rows would fill the
    top k and push out the passage that names what was asked.
    """
    kept: list[ScoredChunk] = []
    later: list[ScoredChunk] = []
    seen: dict[tuple[str, str], int] = {}
    for scored in results:
        chunk = scored.chunk
        key = (chunk.doc_id, chunk.caption) if chunk.kind == "table" and chunk.caption else None
        if key is None:
            kept.append(scored)
            continue
        seen[key] = seen.get(key, 0) + 1
        (kept if seen[key] <= MAX_TABLE_CHUNKS else later).append(scored)
    return kept + later


def interleave(lists: list[list[ScoredChunk]], k: int) -> list[ScoredChunk]:
    """Round-robin over ranked lists (best of each first), without duplicates, up to ``k``."""
    out: list[ScoredChunk] = []
    seen: set[str] = set()
    for rank in range(max((len(x) for x in lists), default=0)):
        for results in lists:
            if rank < len(results) and results[rank].chunk.chunk_id not in seen:
                seen.add(results[rank].chunk.chunk_id)
                out.append(results[rank])
    return out[:k]
