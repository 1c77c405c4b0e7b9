"""The coverage check refuses on what is asked, never on an everyday word of the asking."""

from __future__ import annotations

import pytest

from assistant.retrieval.answer_gaps import coverage_gap
from assistant.retrieval.common_words import everyday_words, is_everyday
from assistant.retrieval.compose import compose_answer
from assistant.retrieval.intents import detect_intents
from assistant.types import Chunk, DocumentMeta, ScoredChunk

LABEL = DocumentMeta(doc_id="demo", title="DEMOZYME (demozumab) tablets", doc_type="label", product="demozumab")
LIBRARY = {"safeti", "effect", "pediatr", "patient", "establish", "recommend", "dose", "mg", "daili", "demozumab"}

needs_vocabulary = pytest.mark.skipif(not everyday_words(), reason="packaged WordPiece vocabulary not installed")


def _hit(text: str, section: str) -> ScoredChunk:
    chunk = Chunk(chunk_id="demo:1", doc_id="demo", text=text, ordinal=1, section=section, meta=LABEL)
    return ScoredChunk(chunk=chunk, score=0.6, scores={"section": 1.0})


def _gap(question: str, text: str, section: str) -> str | None:
    hits = [_hit(text, section)]
    intents = detect_intents(question)
    composed = compose_answer(question, hits, products=["demozumab"], intents=intents)
    assert composed is not None
    return coverage_gap(question, hits, composed, lambda _: 8.0, intents, seen=lambda word: word.lower() in LIBRARY)


@needs_vocabulary
def test_everyday_words_are_told_from_names_and_technical_words() -> None:
    assert is_everyday("ok", "is it ok in kids")
    assert is_everyday("max", "max dose per day?")
    assert not is_everyday("decanoate", "dose of haloperidol decanoate")
    assert not is_everyday("hypercalcemia", "dose for hypercalcemia?")
    assert not is_everyday("Denmark", "How many patients in Denmark use it?"), "a capitalised word names something"


@needs_vocabulary
def test_an_everyday_word_no_passage_uses_does_not_refuse_an_answer_from_the_asked_section() -> None:
    text = "Safety and effectiveness of DEMOZYME in pediatric patients have not been established."
    assert _gap("is demozyme ok in kids", text, "Use in Specific Populations > Pediatric Use") is None


def test_a_specific_word_no_passage_uses_still_refuses() -> None:
    text = "The recommended dose of DEMOZYME is 10 mg once daily."
    gap = _gap("dose of demozyme decanoate", text, "Dosage and Administration")
    assert gap is not None and "decanoate" in gap


def _gap_over(question: str, hits: list[ScoredChunk]) -> str | None:
    intents = detect_intents(question)
    composed = compose_answer(question, hits, products=["demozumab"], intents=intents)
    assert composed is not None
    return coverage_gap(question, hits, composed, lambda _: 8.0, intents)


def test_a_dose_asked_for_a_condition_only_an_adverse_reaction_list_names_is_refused() -> None:
    dose = _hit("The recommended dose of DEMOZYME is 10 mg once daily.", "Dosage and Administration")
    caption = "Table 2. Adverse reactions in at least 2% of patients"
    harm = _hit(
        f"{caption}\nAdverse Reaction: Insomnia; DEMOZYME: 12%; Placebo: 6%", "Adverse Reactions > Clinical Trials"
    )
    harm.chunk.chunk_id, harm.chunk.kind, harm.chunk.caption = "demo:2", "table", caption
    harm.scores["section"] = 0.0  # adverse reactions do not answer a dosing question
    gap = _gap_over("demozyme dose for insomnia", [dose, harm])
    assert gap is not None and "insomnia" in gap, gap
    listed = _hit("The recommended dose of DEMOZYME for insomnia is 10 mg at bedtime.", "Dosage and Administration")
    assert _gap_over("demozyme dose for insomnia", [listed, harm]) is None


COMBINATION = DocumentMeta(
    doc_id="combo",
    title="DEMOCET (democodone and acetaminophen) tablets",
    doc_type="label",
    product="democodone/acetaminophen",
)


def test_an_abbreviation_written_onto_a_combinations_named_component_names_its_partner() -> None:
    """ "the drug apap" (masked "democodone apap"): "apap" is acetaminophen, not what is asked."""
    chunk = Chunk(
        chunk_id="combo:1",
        doc_id="combo",
        text="Overdosage with DEMOCET can be manifested by respiratory depression and hepatic necrosis.",
        ordinal=1,
        section="Overdosage",
        meta=COMBINATION,
    )
    hits = [ScoredChunk(chunk=chunk, score=0.6, scores={"section": 1.0})]
    question = "the drug apap overdose"
    intents = detect_intents(question)
    composed = compose_answer(question, hits, intents=intents)
    assert composed is not None
    assert coverage_gap(question, hits, composed, lambda _: 8.0, intents) is None
    single = [h.model_copy(update={"chunk": h.chunk.model_copy(update={"meta": LABEL})}) for h in hits]
    assert coverage_gap("the drug decanoate overdose", single, composed, lambda _: 8.0, intents) is not None


@needs_vocabulary
@pytest.mark.parametrize(
    ("question", "text", "section"),
    [
        (
            "demozyme dose in afib",
            "In patients with nonvalvular atrial fibrillation, the recommended dose of DEMOZYME is 5 mg twice daily.",
            "Dosage and Administration",
        ),
        (
            "HSTCL with demozyme - which concomitant drugs?",
            "Cases of hepatosplenic T-cell lymphoma have been reported in patients given DEMOZYME with azathioprine.",
            "Warnings and Precautions",
        ),
    ],
)
def test_a_short_form_is_addressed_by_the_phrase_it_abbreviates(question: str, text: str, section: str) -> None:
    """Clinical short forms take letters from inside words ("afib", "HSTCL"), not only initials."""
    assert _gap(question, text, section) is None
    unrelated = "The recommended dose of DEMOZYME is 5 mg twice daily in adults."
    gap = _gap(question, unrelated, section)
    assert gap is not None, "a passage that does not spell the short form out does not address it"
