"""Reciprocal rank fusion and convex combination: the arithmetic the retriever ranks by."""

from __future__ import annotations

import pytest

from assistant.retrieval.fusion import (
    convex_combination,
    minmax_normalise,
    ranked,
    reciprocal_rank_fusion,
    rrf_ceiling,
)


def test_rrf_sums_reciprocal_ranks() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "a"]], k=60)
    assert fused["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert fused["b"] == pytest.approx(1 / 62)
    assert fused["c"] == pytest.approx(1 / 63 + 1 / 61)


def test_item_found_by_both_lists_beats_single_list_leader() -> None:
    # "x" is second in both lists; "a" and "b" each top only one list.
    fused = reciprocal_rank_fusion([["a", "x"], ["b", "x"]], k=60)
    assert ranked(fused)[0] == "x"


def test_rrf_weights_scale_each_list() -> None:
    fused = reciprocal_rank_fusion([["a"], ["b"]], k=10, weights=[2.0, 0.5])
    assert fused["a"] == pytest.approx(2 / 11)
    assert fused["b"] == pytest.approx(0.5 / 11)
    assert rrf_ceiling(10, [2.0, 0.5]) == pytest.approx(2.5 / 11)


def test_rrf_counts_a_duplicate_once_at_its_best_rank() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "a"]], k=1)
    assert fused["a"] == pytest.approx(1 / 2)


def test_rrf_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="weights"):
        reciprocal_rank_fusion([["a"]], weights=[1.0, 1.0])
    with pytest.raises(ValueError, match="k must be"):
        reciprocal_rank_fusion([["a"]], k=0)


def test_minmax_and_convex_combination() -> None:
    assert minmax_normalise({"a": 10.0, "b": 5.0, "c": 0.0}) == {"a": 1.0, "b": 0.5, "c": 0.0}
    assert minmax_normalise({"a": 3.0, "b": 3.0}) == {"a": 1.0, "b": 1.0}
    assert minmax_normalise({}) == {}
    fused = convex_combination([{"a": 0.9, "b": 0.1}, {"b": 30.0, "c": 10.0}], weights=[0.3, 0.7])
    assert fused == pytest.approx({"a": 0.3, "b": 0.7, "c": 0.0})


def test_ranked_is_descending_and_stable() -> None:
    assert ranked({"a": 1.0, "b": 2.0, "c": 1.0}) == ["b", "a", "c"]
