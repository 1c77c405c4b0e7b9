"""The committed golden set is well-formed and its references point at real, approved corpus text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from assistant.evaluation.golden import CATEGORIES, load_golden
from assistant.evaluation.paths import EvalPaths

PRODUCTS = {
    "sacubitril/valsartan",
    "semaglutide",
    "vedolizumab",
    "adalimumab",
    "osimertinib",
    "relugolix/estradiol/norethindrone",
    "nusinersen",
    "tofacitinib",
}
QUESTIONS = load_golden(EvalPaths.default().golden)


def test_golden_set_covers_every_product_and_kind_of_question() -> None:
    assert len(QUESTIONS) >= 60
    assert {q.product for q in QUESTIONS} == PRODUCTS
    by_product = Counter(q.product for q in QUESTIONS)
    assert min(by_product.values()) >= 6, by_product
    assert {q.category for q in QUESTIONS} == set(CATEGORIES)
    assert all(q.expected_status == "insufficient_evidence" for q in QUESTIONS if q.category == "unanswerable")
    off_label = [q for q in QUESTIONS if q.category == "off_label"]
    assert len(off_label) >= 8
    assert all(q.expected_guardrail == "allow_with_notice" and q.expected_rule == "off_label" for q in off_label)


def test_reference_contexts_are_text_of_stored_approved_documents(corpus_assistant: Any) -> None:
    store = corpus_assistant.store
    chunks_by_doc: dict[str, list[str]] = {}
    for chunk in store.all_chunks():
        if chunk.answerable:
            chunks_by_doc.setdefault(chunk.doc_id, []).append(chunk.text)
    problems = []
    for q in QUESTIONS:
        for ref in q.reference_contexts:
            meta = store.get_document(ref.doc_id)
            if meta is None or meta.status != "approved":
                problems.append(f"{q.id}: {ref.doc_id} is not a stored approved document")
                continue
            best = max(
                (fuzz.partial_ratio(ref.text, t, processor=default_process) for t in chunks_by_doc[ref.doc_id]),
                default=0.0,
            )
            if best < 90:
                problems.append(f"{q.id}: snippet not found in {ref.doc_id} (best alignment {best:.0f}%)")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", [EvalPaths.default().own_guardrail_cases])
def test_own_guardrail_cases_cover_every_rule(path: Path) -> None:
    from assistant.evaluation.golden import load_guardrail_cases

    cases = load_guardrail_cases([path])
    assert {c.rule for c in cases if c.rule} == {"off_label", "promotional", "adverse_event", "prompt_injection", "pii"}
    assert any(c.expected == "allow" for c in cases)
