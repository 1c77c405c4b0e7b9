"""ans20c: a sentence is read under the patient band of its subsection; a sentence holding the asked band
leads; "10 < 20 kg" rows are bands; a question's clipped lab code ("a1c") is the passages' longer one
("HbA1c"); a subsection titled with what was asked is not about another population."""

from __future__ import annotations

from assistant.retrieval.compose import coded_as, compose_answer
from assistant.retrieval.intents import detect_intents
from assistant.retrieval.quantities import Band, bands
from assistant.types import Chunk, DocumentMeta, ScoredChunk

LABEL = DocumentMeta(doc_id="demo", title="DEMOSTATIN (demostatin) tablets", doc_type="label", product="demostatin")


def _hit(n: int, text: str, section: str, score: float = 0.6, in_section: float = 1.0) -> ScoredChunk:
    chunk = Chunk(chunk_id=f"demo:{n}", doc_id="demo", text=text, ordinal=n, section=section, meta=LABEL)
    return ScoredChunk(chunk=chunk, score=score, scores={"section": in_section})


def _answer(question: str, hits: list[ScoredChunk], kind: str = "") -> str:
    intents = detect_intents(kind or question)  # ``kind``: the section the retriever understood was asked
    composed = compose_answer(question, hits, products=["demostatin"], intents=intents)
    assert composed is not None
    return composed.text


def test_a_weight_band_row_written_with_a_less_than_sign_is_a_band() -> None:
    assert bands("10 < 20 kg 10 mg") == [Band("kg", 10.0, 20.0, True, False)]
    assert bands("5 < 10 kg 5 mg") == [Band("kg", 5.0, 10.0, True, False)]
    assert bands("eGFR below 30 mL/minute/1.73 m2") == [Band("ml/min", high=30.0, high_closed=False)]


OLDER_CHILDREN = "Dosage and Administration > Pediatric Patients (10 to 17 years of age)"
YOUNGER = "DEMOSTATIN has not been studied in patients younger than 10 years of age."
INDIVIDUALIZED = "Doses should be individualized to the goal."


def test_a_sentence_under_a_band_that_excludes_the_patient_does_not_lead() -> None:
    hits = [
        _hit(1, f"The recommended starting dose is 10 mg/day. {INDIVIDUALIZED}", OLDER_CHILDREN),
        _hit(2, f"Safety was evaluated in adolescents. {YOUNGER}", "Use in Specific Populations > Pediatric Use", 0.5),
    ]
    answer = _answer("demostatin dose for a 6 year old child?", hits)
    assert YOUNGER.rstrip(".") in answer
    assert "10 mg/day" not in answer


def test_a_sentence_under_a_band_that_holds_the_patient_keeps_the_lead() -> None:
    hits = [
        _hit(1, f"The recommended starting dose is 10 mg/day. {INDIVIDUALIZED}", OLDER_CHILDREN),
        _hit(2, f"Safety was evaluated in adolescents. {YOUNGER}", "Use in Specific Populations > Pediatric Use", 0.5),
    ]
    answer = _answer("demostatin dose for a 12 year old child?", hits)
    assert answer.startswith("The recommended starting dose is 10 mg/day")


def test_a_clipped_lab_code_is_the_longer_code_the_passages_write() -> None:
    assert coded_as({"a1c", "reduct"}, {"hba1c", "reduct", "weight"}) == {"a1c": {"hba1c"}}
    assert coded_as({"5mg"}, {"25mg"}) == {}  # a number glued to a unit is no code


def test_a_row_naming_the_code_asked_answers_a_code_question() -> None:
    row = "Trial: STUDY-A (26 weeks); HbA1c change: -1.5%; Weight change: -4.6 kg"
    hits = [
        _hit(1, "DEMOSTATIN was studied as monotherapy and with metformin.", "Clinical Studies", 0.5, 0.0),
        _hit(2, row, "Clinical Studies > Glycemic Control", 0.45, 0.0),
    ]
    assert "-1.5%" in _answer("demostatin a1c change?", hits)


def test_a_subsection_titled_with_what_was_asked_is_not_about_another_population() -> None:
    rows = "Adverse reaction: Constipation; DEMOSTATIN (N=80): 35%; Placebo (N=41): 22%"
    general = (
        "The most common adverse reactions (incidence of at least 20% in DEMOSTATIN-treated patients) were "
        "respiratory infection and constipation in infantile-onset disease."
    )
    hits = [
        _hit(1, general, "Adverse Reactions", 0.73),
        _hit(2, rows, "Adverse Reactions > Infantile-Onset Disease (TRIALONE)", 0.72),
    ]
    assert "35%" in _answer("constipation incidence with demostatin in TRIALONE", hits, "adverse reactions")


def test_a_renal_value_without_its_unit_is_read_in_ml_per_minute() -> None:
    assert bands("can it be started with an eGFR of 40?", unitless=True) == [Band("ml/min", 40.0, 40.0)]
    assert bands("eGFR 30 - 45") == []  # a range written apart is not one value


def test_the_band_stated_as_asked_leads_over_a_wider_open_one() -> None:
    hits = [
        _hit(
            1,
            "Dosage adjustment is usually required in patients with severe renal impairment (GFR <30 mL/min).",
            "Clinical Pharmacology > Pharmacokinetics",
            0.7,
            0.0,
        ),
        _hit(
            2,
            "Patients with a GFR less than 10 mL/min should receive 250 mg every 24 hours.",
            "Dosage and Administration > Dosing in Renal Impairment",
            0.5,
            0.0,
        ),
    ]
    answer = _answer("how often should demostatin be given when GFR is below 10 mL/min?", hits)
    assert answer.startswith("Patients with a GFR less than 10 mL/min")
