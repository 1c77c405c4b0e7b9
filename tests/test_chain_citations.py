"""Citation markers, dense renumbering, and the sentence verifier of generated answers."""

from __future__ import annotations

import pytest

from assistant.embeddings import get_embedder
from assistant.retrieval.citations import CitationNumbering, attach_markers, parse_markers, renumber
from assistant.retrieval.text import numbers, split_sentences, strip_markers
from assistant.retrieval.verify import check_sentence, verify_answer
from assistant.types import Chunk, Citation, DocumentMeta

PASSAGES = {
    1: "The recommended starting dosage is 0.25 mg injected subcutaneously once weekly for 4 weeks. "
    "After 4 weeks, increase the dosage to 0.5 mg once weekly.",
    2: "The most common adverse reactions, reported in at least 5% of patients, were nausea, vomiting, "
    "diarrhea, abdominal pain and constipation.",
}


def _chunk(chunk_id: str) -> Chunk:
    meta = DocumentMeta(doc_id=f"doc-{chunk_id}", title=f"Doc {chunk_id}", doc_type="label", product="x")
    return Chunk(chunk_id=chunk_id, doc_id=meta.doc_id, text=f"text {chunk_id}", ordinal=0, meta=meta)


def test_parse_markers_in_order_of_first_appearance() -> None:
    assert parse_markers("A [3]. B [1, 2]. C [2-4][1].") == [3, 1, 2, 4]
    assert parse_markers("no markers, 5 mg [sic]") == []


def test_markers_after_the_full_stop_move_before_it() -> None:
    assert attach_markers("Dose is 5 mg. [1] Nausea occurs.[2][3]") == "Dose is 5 mg [1]. Nausea occurs [2][3]."
    assert split_sentences(attach_markers("First claim. [1] Second claim. [2]")) == [
        "First claim [1].",
        "Second claim [2].",
    ]


def test_numbering_is_dense_in_order_of_first_citation() -> None:
    numbering = CitationNumbering()
    assert [numbering.cite(_chunk(c)) for c in ("b", "a", "b", "c")] == [1, 2, 1, 3]
    citations = numbering.citations()
    assert [(c.n, c.chunk_id) for c in citations] == [(1, "b"), (2, "a"), (3, "c")]


def test_renumber_closes_gaps_and_drops_unknown_markers() -> None:
    given = {k: Citation(n=k, doc_id=f"d{k}", title="t", doc_type="label", quote="q") for k in (2, 5, 7)}
    text, citations = renumber("Alpha [5]. Beta [2][9]. Gamma [5, 2].", given)
    assert text == "Alpha [1]. Beta [2]. Gamma [1][2]."
    assert [(c.n, c.doc_id) for c in citations] == [(1, "d5"), (2, "d2")]


def test_numbers_are_normalised_and_markers_ignored() -> None:
    assert numbers("HbA1c fell 1.50% in 1,234 patients [2]") == {"1.5", "1234"}


def test_verifier_drops_a_sentence_whose_number_is_not_in_its_cited_passage() -> None:
    check = check_sentence("The starting dosage is 1 mg once weekly [1].", PASSAGES)
    assert not check.supported and "1" in check.reason and "number" in check.reason


def test_verifier_drops_uncited_and_unknown_citations_keeps_supported() -> None:
    text = (
        "The recommended starting dosage is 0.25 mg once weekly for 4 weeks [1]. "
        "This makes it the best choice for every patient. "
        "Nausea and vomiting were among the most common adverse reactions [2]. "
        "Hair loss was reported [3]."
    )
    result = verify_answer(text, PASSAGES, get_embedder())
    assert [parse_markers(s.text) for s in result.kept] == [[1], [2]]
    reasons = {strip_markers(s.text): s.reason for s in result.dropped}
    assert reasons["This makes it the best choice for every patient."] == "no citation"
    assert "unknown" in reasons["Hair loss was reported."]


def test_verifier_drops_a_cited_sentence_about_something_else() -> None:
    check = check_sentence("Semaglutide reduces cardiovascular death in heart failure patients [2].", PASSAGES)
    assert not check.supported and "not supported" in check.reason


@pytest.mark.parametrize(
    "sentence",
    [
        "After four weeks the dosage is increased to 0.5 mg once weekly [1].",
        "Common adverse reactions included nausea, vomiting and diarrhea [2].",
    ],
)
def test_verifier_accepts_faithful_rewording(sentence: str) -> None:
    assert check_sentence(sentence, PASSAGES, get_embedder()).supported
