"""Off-label recognition of busy clinicians' phrasing (guard15o): reader acronyms the label never
defines, topic-first questions, negated indications ("non-diabetic") and vocabulary names in
everyday word order. The invented label below fixes every expectation; no product is named.
"""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.guardrails.abbreviations import defined_abbreviations, reader_acronym, spells
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_profile import build_profiles
from assistant.guardrails.text import stem
from assistant.guardrails.use_requests import topic_question
from assistant.guardrails.vocabulary import find_conditions, icd_words
from assistant.types import Chunk, DocumentMeta

META = DocumentMeta(doc_id="velor-label", title="VELOR (velorimab) tablets", doc_type="label",
                    product="velorimab", brand="VELOR")  # fmt: skip
LABEL = [
    ("Indications and Usage", "34067-9",
     "VELOR is indicated for the treatment of osteoarthritis and of type 2 diabetes mellitus in adults, and of "
     "heterozygous familial hypercholesterolemia in pediatric patients aged 10 years and older."),
    ("Dosage and Administration", "34068-7", "The recommended dose is 20 mg taken once daily."),
    ("Adverse Reactions", "34084-4", "The most common adverse reactions were nausea, fever and headache."),
]  # fmt: skip


def _morpheme(part: str) -> bool:
    return len(part) >= 4 and stem(part) in icd_words()


def _engine(meta: DocumentMeta, label: list[tuple[str, str, str]]) -> GuardrailEngine:
    """An engine whose only profile is built from the invented label's sections."""
    eng = GuardrailEngine(Settings())
    chunks = [
        Chunk(chunk_id=f"{meta.doc_id}:{i}", doc_id=meta.doc_id, text=text, ordinal=i, section=section,
              section_code=code, meta=meta)
        for i, (section, code, text) in enumerate(label)
    ]  # fmt: skip
    eng.set_profiles(build_profiles(chunks, eng.policy.off_label))
    return eng


@pytest.fixture(scope="module")
def engine() -> GuardrailEngine:
    return _engine(META, LABEL)


def _off_label(engine: GuardrailEngine, text: str, kind: str = "question") -> bool:
    result = engine.check(text, kind=kind, product="velorimab")  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


@pytest.mark.parametrize(
    ("short", "phrase", "expected"),
    [
        ("OA", "osteoarthritis", True),  # a capital inside a word starts a vocabulary word: osteo-Arthritis
        ("HeFH", "heterozygous familial hypercholesterolemia", True),
        ("HeFH", "homozygous familial hypercholesterolemia", False),
        ("T2DM", "type 2 diabetes mellitus", True),
        ("COVID", "COVID-19", True),
        ("OA", "rheumatoid arthritis", False),
        ("AS", "arthritis", False),  # the final "s" of a word is no part of its own
        ("MI", "migraine", False),
        ("BID", "bipolar disorder", False),
    ],
)
def test_a_reader_acronym_spells_a_phrase_word_by_word(short: str, phrase: str, expected: bool) -> None:
    assert spells(short, phrase, _morpheme) is expected


def test_reader_acronyms_and_mixed_case_definitions() -> None:
    assert reader_acronym("HeFH") and reader_acronym("OA") and not reader_acronym("Ms") and not reader_acronym("pt")
    found = defined_abbreviations("with homozygous familial hypercholesterolemia (HoFH) and (fibroids)")
    assert found == {"HoFH": "homozygous familial hypercholesterolemia"}


def test_an_acronym_the_label_never_defines_is_compared_with_its_indication(engine: GuardrailEngine) -> None:
    # HeFH is labelled from 10 years: the reader's acronym must reach the age check
    assert _off_label(engine, "peds pt, 7yo with HeFH — VELOR dose?")
    assert not _off_label(engine, "12 yo with HeFH, VELOR dose?")


def test_topic_first_questions_ask_for_a_use() -> None:
    products, use, risk = {"velor"}, {"work", "use", "start", "starting"}, {"monitor"}
    text = "eczema pt, would VELOR work?"
    assert topic_question(text, 0, 6, products, use, risk)
    text = "fever after starting VELOR, is that known?"
    assert not topic_question(text, 0, 5, products, use, risk)  # an event after the start, not a request
    text = "eczema pt, would VELOR work."
    assert not topic_question(text, 0, 6, products, use, risk)  # a statement, not a question


def test_conditions_the_label_lists_as_reactions_asked_as_uses(engine: GuardrailEngine) -> None:
    assert _off_label(engine, "fever in a 4 yo, can parents use VELOR?")
    assert _off_label(engine, "VELOR for fever in adults?")
    assert not _off_label(engine, "fever after starting VELOR, is that known?")
    assert not _off_label(engine, "does VELOR cause nausea?")


def test_a_negated_indication_is_outside_the_population(engine: GuardrailEngine) -> None:
    assert _off_label(engine, "weight loss in a non-diabetic adult, VELOR reasonable?")
    assert _off_label(engine, "pt not diabetic, VELOR dose?")
    assert not _off_label(engine, "pt with type 2 diabetes mellitus, VELOR dose?")


def test_vocabulary_names_in_everyday_word_order() -> None:
    assert [h.text for h in find_conditions("any data to prevent colon polyps?")] == ["colon polyps"]


def test_infusion_faster_than_the_label_or_as_a_push() -> None:
    meta = DocumentMeta(doc_id="infuso-label", title="INFUSO (infusomab) injection", doc_type="label",
                        product="infusomab", brand="INFUSO")  # fmt: skip
    label = [
        ("Indications and Usage", "34067-9", "INFUSO is indicated for the treatment of plaque psoriasis in adults."),
        ("Dosage and Administration", "34068-7",
         "The recommended dosage is 10 mg/kg administered by intravenous infusion over 60 minutes every 4 weeks."),
    ]  # fmt: skip
    eng = _engine(meta, label)

    def flagged(text: str, kind: str) -> bool:
        result = eng.check(text, kind=kind, product="infusomab")  # type: ignore[arg-type]
        return any(f.rule == "off_label" for f in result.findings)

    assert flagged("INFUSO can be pushed over 10 to 15 minutes in patients with poor venous access.", "answer")
    assert flagged("INFUSO as an IV push over 2 minutes ok?", "question")
    assert not flagged("INFUSO infused over 60 minutes, any premedication needed?", "question")
    assert not flagged("INFUSO is infused over 90 minutes when the previous infusion caused a reaction.", "answer")


def test_a_nebulizer_is_not_the_labels_inhaler() -> None:
    meta = DocumentMeta(doc_id="inhalo-label", title="INHALO (inhalomab) inhalation powder", doc_type="label",
                        product="inhalomab", brand="INHALO")  # fmt: skip
    label = [
        ("Indications and Usage", "34067-9", "INHALO is indicated to improve glycemic control in diabetes."),
        ("Dosage and Administration", "34068-7", "Only administer INHALO by oral inhalation with its inhaler."),
    ]  # fmt: skip
    eng = _engine(meta, label)

    def flagged(text: str) -> bool:
        return any(f.rule == "off_label" for f in eng.check(text, kind="question", product="inhalomab").findings)

    assert flagged("can INHALO be nebulized for a pt who cannot use the inhaler?")
    assert not flagged("INHALO is inhaled at the start of each meal, right?")
