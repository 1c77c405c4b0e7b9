"""What a question asks, questions the documents cannot answer, and how the composer shapes an answer."""

from __future__ import annotations

import pytest

from assistant.retrieval.citations import parse_markers
from assistant.retrieval.compose import compose_answer
from assistant.retrieval.scope import answers_what_is_asked, asks_about_use, key_terms, out_of_scope
from assistant.retrieval.text import content_terms, split_sentences
from tests.label_hits import hit as _hit


@pytest.mark.parametrize(
    "question",
    [
        "What is the list price of osimertinib in Germany?",
        "What market share does Xeljanz have among JAK inhibitors in Spain?",
        "What is the reimbursement status of nusinersen in Japan?",
        "How many Entresto prescriptions were written in France in 2023?",
        "How many patients in Denmark are currently using Ozempic?",
        "What is your personal opinion of Humira?",
    ],
)
def test_questions_about_prices_markets_usage_and_opinions_are_out_of_scope(question: str) -> None:
    assert out_of_scope(question)


@pytest.mark.parametrize(
    "question",
    [
        "How many patients were enrolled in ADAURA?",
        "What is the recommended dose of osimertinib?",
        "What is the boxed warning for Ozempic?",
    ],
)
def test_clinical_questions_are_in_scope(question: str) -> None:
    assert out_of_scope(question) is None


def test_key_terms_leave_out_product_names_framing_and_question_words() -> None:
    idf = {"denmark": 7.0, "current": 3.0, "use": 1.0, "patient": 0.9}.get
    terms = key_terms(
        "How many patients in Denmark are currently using Ozempic?",
        set(content_terms("Ozempic")),
        lambda t: idf(t, 5.0),
    )
    stems = {t.stem for t in terms}
    assert "denmark" in stems and "ozemp" not in stems and "mani" not in stems
    dosing = key_terms(
        "What is the recommended dose of Ozempic in renal impairment?", set(content_terms("Ozempic")), lambda t: 1.0
    )
    assert {t.word for t in dosing} == {"recommended"}, "dose and renal impairment frame the section asked"


def test_an_answer_that_misses_the_most_specific_terms_does_not_answer() -> None:
    terms = key_terms(
        "How many patients in Denmark are currently using Ozempic?",
        set(content_terms("Ozempic")),
        {"denmark": 7.4, "mani": 5.4, "current": 3.0, "use": 1.4, "patient": 0.9}.__getitem__,
    )
    assert not answers_what_is_asked(terms, {"patient", "use"})
    assert answers_what_is_asked(terms, {"patient", "use", "denmark", "current"})


def test_use_questions_are_recognised() -> None:
    assert asks_about_use("Is there evidence for adalimumab in sarcoidosis?")
    assert asks_about_use("Is Myfembree effective for treating adenomyosis?")
    assert not asks_about_use("Can nusinersen be given by intravenous infusion instead of intrathecally?")


def test_a_labelled_table_row_answers_and_its_caption_heads_it() -> None:
    table = (
        "Table 5. Clinically relevant interactions with demozumab\n"
        "Interacting drug: Strong CYP3A4 inhibitors (e.g., ketoconazole); Effect: Increased exposure; "
        "Recommendation: Reduce dosage\n"
        "Interacting drug: Strong CYP3A4 inducers (e.g., rifampin); Effect: Decreased exposure (AUC down 84%); "
        "Recommendation: Coadministration not recommended"
    )
    hits = [_hit(table, "Drug Interactions", 1, kind="table")]
    composed = compose_answer("How does rifampin affect demozumab?", hits)
    assert composed is not None
    assert composed.text.startswith("Interacting drug: Strong CYP3A4 inducers (e.g., rifampin)")
    assert "interact" in composed.mentioned, "the caption is read with the row"


def test_the_answer_stops_once_the_question_is_answered() -> None:
    dosing = (
        "Start with 0.25 mg once weekly for 4 weeks. After 4 weeks, increase to 0.5 mg once weekly. "
        "If more control is needed after at least 4 weeks at 0.5 mg, the dose may be increased to 1 mg once weekly. "
        "The maximum recommended dose is 2 mg once weekly. Inspect the pen before each use."
    )
    hits = [_hit(dosing, "Dosage and Administration > Recommended Dosage", 3)]
    composed = compose_answer("What is the maximum weekly dose of Demozyme?", hits)
    assert composed is not None
    sentences = split_sentences(composed.text)
    assert sentences[0].startswith("The maximum recommended dose is 2 mg")
    assert len(sentences) < 3 and parse_markers(composed.text) == [1]


def test_sentences_of_one_passage_keep_document_order() -> None:
    text = (
        "Angioedema was reported in 0.5% of patients. Black patients had a higher rate of angioedema. "
        "Patients with a prior history of angioedema may be at higher risk of angioedema."
    )
    hits = [_hit(text, "Warnings and Precautions > Angioedema", 5)]
    composed = compose_answer("What is the risk of angioedema with Demozyme?", hits)
    assert composed is not None
    positions = [text.index(s.text) for s in composed.sentences]
    assert positions == sorted(positions)
    assert all(set(content_terms(s.text)) for s in composed.sentences)


def test_a_count_question_needs_a_count_of_what_it_counts() -> None:
    from assistant.retrieval.scope import count_gap

    assert count_gap("How many people take it?", "The recommended dose is 50 mg taken 1 hour before.") is not None
    assert count_gap("How many patients were randomised?", "In all, 122 infants were randomised [1].") is None
    assert count_gap("how many loading doses are given", "Initiate treatment with 4 loading doses [1].") is None
    assert count_gap("What is the dose?", "The dose is 50 mg [1].") is None
