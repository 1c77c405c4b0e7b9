"""ans19: a dose question is led by the dosage section's sentence stating a dose (for the population
asked); a measured value outside the label's windows is not answered by the labelled window; a measured
acronym followed by a patient's value is no trial name."""

from __future__ import annotations

from assistant.retrieval.answer_gaps import off_label_gap
from assistant.retrieval.compose import compose_answer
from assistant.retrieval.intents import detect_intents
from assistant.retrieval.premises import identifier_gap
from assistant.types import Chunk, DocumentMeta, GuardrailFinding, GuardrailResult, ScoredChunk

LABEL = DocumentMeta(doc_id="demo", title="DEMOZYME (demozumab) tablets", doc_type="label", product="demozumab")


def _hit(n: int, text: str, section: str, score: float = 0.6) -> ScoredChunk:
    chunk = Chunk(chunk_id=f"demo:{n}", doc_id="demo", text=text, ordinal=n, section=section, meta=LABEL)
    return ScoredChunk(chunk=chunk, score=score, scores={"section": 1.0})


GERIATRIC_TRIAL = (
    "Approximately 6% of the 900 patients receiving DEMOZYME in controlled trials were 60 years of age or older; "
    "elderly patients in these trials received daily doses of DEMOZYME between 10 and 20 mg."
)
GERIATRIC_DOSE = "5 mg/day is the recommended dose for most elderly patients."
ADULT_DOSE = "The recommended dose of DEMOZYME is 10 mg once daily."


def _answer(question: str, hits: list[ScoredChunk]) -> str:
    composed = compose_answer(question, hits, products=["demozumab"], intents=detect_intents(question))
    assert composed is not None
    return composed.text


def test_a_dose_question_about_a_population_is_led_by_the_dosage_sections_dose_for_it() -> None:
    hits = [
        _hit(1, GERIATRIC_TRIAL, "Use in Specific Populations > Geriatric Use", score=0.7),
        _hit(2, f"{ADULT_DOSE} {GERIATRIC_DOSE}", "Dosage and Administration > Special Populations", score=0.5),
    ]
    answer = _answer("demozyme dose for elderly patients?", hits)
    assert GERIATRIC_DOSE.rstrip(".") in answer
    assert "received daily doses" not in answer  # the trial's description of what elderly patients took


def test_a_question_not_asking_for_a_dose_keeps_its_best_sentence() -> None:
    hits = [
        _hit(1, GERIATRIC_TRIAL, "Use in Specific Populations > Geriatric Use", score=0.7),
        _hit(2, f"{ADULT_DOSE} {GERIATRIC_DOSE}", "Dosage and Administration > Special Populations", score=0.5),
    ]
    answer = _answer("how many elderly patients were in the demozyme trials?", hits)
    assert answer.startswith("Approximately 6%")


def _off_label(span: str) -> GuardrailResult:
    finding = GuardrailFinding(
        rule="off_label", span=span, start=0, end=len(span), decision="allow_with_notice", message="outside"
    )
    return GuardrailResult(decision="allow_with_notice", findings=[finding])


WINDOW = "In adults and pediatric patients aged 10 years and older: the recommended dose is 140 mg every 2 weeks."


def _gap(question: str, span: str, text: str) -> str | None:
    hits = [_hit(1, text, "Dosage and Administration > Recommended Dosage")]
    intents = detect_intents(question)
    composed = compose_answer(question, hits, products=["demozumab"], intents=intents)
    assert composed is not None
    return off_label_gap(question, _off_label(span), composed, intents)


def test_an_age_outside_the_labelled_window_is_not_answered_by_the_window() -> None:
    gap = _gap("demozyme dose for a 6 year old?", "6 year old", WINDOW)
    assert gap is not None and "6 year old" in gap


def test_an_age_the_answer_states_is_addressed() -> None:
    text = "In pediatric patients 6 years and older the recommended dose is 70 mg every 2 weeks."
    assert _gap("demozyme dose for a 6 year old?", "6 year old", text) is None


def test_a_measured_acronym_with_a_patients_value_is_no_missing_trial_name() -> None:
    table = "Moderate eGFR 30 - <60 mL/min/1.73 m2: 1 mg once daily."
    hits = [_hit(1, table, "Dosage and Administration > Renal Impairment")]
    assert identifier_gap("demozyme dose with eGFR 45?", hits) is None


def test_a_trial_name_with_a_number_the_passages_lack_is_still_missing() -> None:
    hits = [_hit(1, "In SUSTAIN 6, 3297 patients were randomized.", "Clinical Studies")]
    gap = identifier_gap("what did SUSTAIN 9 show?", hits)
    assert gap is not None and "SUSTAIN 9" in gap
