"""The retriever over the real bundled corpus (session fixture ``corpus_assistant``)."""

from __future__ import annotations

import pytest

from assistant.retrieval.retriever import best_relevance
from assistant.types import ChunkFilter


def _top(corpus_assistant, question: str, k: int = 3, flt: ChunkFilter | None = None):
    return corpus_assistant.retriever.retrieve(question, flt, k=k)


@pytest.mark.parametrize(
    ("question", "product", "section"),
    [
        ("What is the recommended dose of Humira for rheumatoid arthritis?", "adalimumab", "Dosage and Administration"),
        ("Can Entresto be used during pregnancy?", "sacubitril/valsartan", "Use in Specific Populations"),
        ("What is the half-life of semaglutide?", "semaglutide", "Pharmacokinetics"),
        ("Does osimertinib interact with strong CYP3A inducers?", "osimertinib", "Drug Interactions"),
        ("What are the contraindications of Myfembree?", "relugolix/estradiol/norethindrone", "Contraindications"),
    ],
)
def test_question_reaches_the_answering_label_section(corpus_assistant, question, product, section) -> None:
    results = _top(corpus_assistant, question)
    assert {r.chunk.meta.product for r in results} == {product}
    assert any(r.chunk.meta.doc_type == "label" and section in (r.chunk.section or "") for r in results), [
        (r.chunk.doc_id, r.chunk.section) for r in results
    ]


def test_mechanism_question_without_shared_words_finds_mechanism_passage(corpus_assistant) -> None:
    results = _top(corpus_assistant, "How does relugolix work?", k=8)
    assert any("echanism" in (r.chunk.section or "") for r in results)


def test_superseded_withdrawn_and_unapproved_notes_never_come_back(corpus_assistant) -> None:
    everything = ChunkFilter(statuses=["approved", "expired", "withdrawn", "draft"])
    questions = [
        "ENTRESTO prescribing information superseded 2019 version dosing",
        "OZEMPIC superseded 2020 label dose",
        "tofacitinib field deck",
        "MYFEMBREE speaker notes trainer commentary",
    ]
    for question in questions:
        for result in corpus_assistant.retriever.retrieve(question, everything, k=20):
            assert result.chunk.meta.status == "approved", result.chunk.doc_id
            assert result.chunk.answerable, result.chunk.chunk_id


def test_two_brands_in_one_question_restrict_to_both(corpus_assistant) -> None:
    results = _top(corpus_assistant, "Compare the cardiovascular outcomes of Ozempic and Entresto", k=10)
    assert {r.chunk.meta.product for r in results} == {"semaglutide", "sacubitril/valsartan"}


def test_relevance_separates_answerable_from_off_topic(corpus_assistant) -> None:
    threshold = corpus_assistant.settings.min_evidence_score
    for question in ("What is the capital of France?", "How do I bake sourdough bread at home?"):
        assert best_relevance(_top(corpus_assistant, question, k=8)) < threshold, question
    for question in ("What is the loading dose schedule of Spinraza?", "What did PARADIGM-HF show?"):
        assert best_relevance(_top(corpus_assistant, question, k=8)) >= threshold, question
