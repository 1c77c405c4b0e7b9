"""Question intent -> label section: which sections get the boost."""

from __future__ import annotations

import pytest

from assistant.retrieval.intents import detect_intents
from assistant.retrieval.sections import section_match
from assistant.types import Chunk, DocType, DocumentMeta


def _chunk(section: str | None, code: str | None, doc_type: DocType = "label") -> Chunk:
    meta = DocumentMeta(doc_id="d", title="T", doc_type=doc_type, product="adalimumab")
    return Chunk(chunk_id="d:0", doc_id="d", text="text", ordinal=0, section=section, section_code=code, meta=meta)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("What is the recommended dose of Humira for RA?", "dosing"),
        ("How often should adalimumab be injected?", "dosing"),
        ("Is it contraindicated in heart failure?", "contraindications"),
        ("What is the mechanism of action of semaglutide?", "mechanism"),
        ("What are the most common side effects?", "adverse_reactions"),
        ("Does it interact with methotrexate?", "interactions"),
        ("Can it be used during pregnancy or breastfeeding?", "specific_populations"),
        ("Is dose adjustment needed in renal impairment?", "specific_populations"),
        ("What is the half-life of semaglutide?", "pharmacokinetics"),
        ("What did the SUSTAIN-6 trial show?", "efficacy"),
        ("Does the label carry a boxed warning?", "boxed_warning"),
    ],
)
def test_intent_detected(question: str, intent: str) -> None:
    assert intent in [i.name for i in detect_intents(question)]


def test_contraindication_is_not_read_as_indication() -> None:
    names = [i.name for i in detect_intents("What are the contraindications of Entresto?")]
    assert "contraindications" in names
    assert "indications" not in names


def test_no_intent_in_unrelated_wording() -> None:
    assert detect_intents("Who manufactures Ozempic?") == []


def test_dosing_question_matches_dosage_section_by_code_or_title() -> None:
    intents = detect_intents("What is the starting dose?")
    assert section_match(_chunk("2 DOSAGE AND ADMINISTRATION", "34068-7"), intents) == 1.0
    assert section_match(_chunk("Dosage and Administration > Dosing in Adults", None), intents) == 1.0
    assert section_match(_chunk("6 ADVERSE REACTIONS", "34084-4"), intents) == 0.0
    assert section_match(_chunk(None, None), intents) == 0.0


def test_subsection_inherits_parent_title_match() -> None:
    intents = detect_intents("Is it safe in hepatic impairment?")
    chunk = _chunk("8 USE IN SPECIFIC POPULATIONS > 8.6 Hepatic Impairment", "42229-5")
    assert section_match(chunk, intents) == 1.0


def test_secondary_sections_get_half_boost() -> None:
    renal = detect_intents("Dose in renal impairment?")
    assert section_match(_chunk("2 DOSAGE AND ADMINISTRATION", "34068-7"), renal) == 1.0
    efficacy = detect_intents("What were the trial results?")
    assert section_match(_chunk("Results", None, doc_type="publication"), efficacy) == 1.0
    assert section_match(_chunk("Discussion", None, doc_type="publication"), efficacy) == 0.5
    assert section_match(_chunk("6 ADVERSE REACTIONS", "34084-4"), efficacy) == 0.0


@pytest.mark.parametrize(
    "question",
    ["headache rate at 100 mg", "what % improved erections on demozyme 100 mg", "nausea with 2 mg vs placebo?"],
)
def test_a_dose_amount_qualifies_the_question_without_making_it_a_dosing_question(question: str) -> None:
    """"at 100 mg" says which arm; the question asks for a rate or a result, not how to dose."""
    names = [i.name for i in detect_intents(question)]
    assert "dosing" not in names, names
