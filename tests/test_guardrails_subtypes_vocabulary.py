"""Sub-types, exclusions and condition names read through the label and the vocabularies (guard22s):
a disease the label says cannot undergo something ("cannot be curatively resected") that a text
says can; a reader's acronym the label never defines, spelled by one ICD-10-CM name (CTEPH) or by
the one whose words the label uses (PH); a condition the ICD-10-CM titles carry only under a
qualifier (osteomalacia); a Roman numeral the vocabulary writes after a word ("bipolar I"); the
other side of benign/malignant. Each has an on-label counterpart. Invented labels."""

from __future__ import annotations

from assistant.config import Settings
from tests.test_guardrails_subtypes import _engine, _flags


def test_a_disease_that_can_undergo_what_the_labelled_one_cannot(settings: Settings) -> None:
    engine = _engine(settings, "fostuma", "FOSTUMA is indicated for hypophosphatemia in tumor-induced osteomalacia "
                     "associated with mesenchymal tumors that cannot be curatively resected or localized.")  # fmt: skip
    assert _flags(engine, "fostuma", "fostuma for tumor-induced osteomalacia where the tumor can be fully resected?")
    assert _flags(engine, "fostuma", "Fostuma treats osteomalacia from a resectable mesenchymal tumor.", "answer")
    assert not _flags(engine, "fostuma", "fostuma dose for tumor-induced osteomalacia with a non-localizable tumor?")
    assert not _flags(engine, "fostuma", "Is fostuma labelled for resectable or only unresectable mesenchymal tumors?")


def test_an_acronym_the_label_never_defines(settings: Settings) -> None:
    engine = _engine(settings, "pulvotar", "PULVOTAR is indicated for the treatment of adults with pulmonary "
                     "arterial hypertension (PAH, WHO Group 1) to increase exercise capacity.")  # fmt: skip
    assert _flags(engine, "pulvotar", "pulvotar for CTEPH after a failed endarterectomy?")
    assert _flags(engine, "pulvotar", "pulvotar in group 2 PH?")
    assert _flags(engine, "pulvotar", "pulvotar for PH due to HFpEF?")
    assert not _flags(engine, "pulvotar", "pulvotar dose for idiopathic PAH in a 50 year old?")


def test_a_condition_the_vocabulary_titles_only_under_a_qualifier(settings: Settings) -> None:
    engine = _engine(settings, "ostradel", "OSTRADEL is indicated for the prevention of postmenopausal osteoporosis.")
    assert _flags(engine, "ostradel", "Can ostradel be used to treat osteomalacia in a postmenopausal woman?")
    assert not _flags(engine, "ostradel", "Can ostradel prevent postmenopausal osteoporosis in a 55 year old?")


def test_a_roman_numeral_of_the_vocabulary_is_no_pronoun(settings: Settings) -> None:
    engine = _engine(settings, "moodora", "MOODORA is indicated for treating major depressive disorder in adults.")
    assert _flags(engine, "moodora", "Could moodora be started for bipolar I depression in an adult on lithium?")
    assert not _flags(engine, "moodora", "Could moodora be started for major depressive disorder in an adult?")


def test_the_other_side_of_benign(settings: Settings) -> None:
    engine = _engine(settings, "gastrazol", "GASTRAZOL is indicated for short-term treatment of active benign "
                     "gastric ulcer in adults.")  # fmt: skip
    assert _flags(engine, "gastrazol", "Could gastrazol treat a malignant gastric ulcer?")
    assert not _flags(engine, "gastrazol", "How long is gastrazol given for a benign gastric ulcer?")


def test_a_question_naming_both_sides_of_the_boundary(settings: Settings) -> None:
    engine = _engine(settings, "uvexa", "UVEXA is indicated for the treatment of non-infectious intermediate, "
                     "posterior and panuveitis in adults.")  # fmt: skip
    assert not _flags(engine, "uvexa", "Does uvexa cover anterior uveitis, or only posterior and panuveitis?")
    assert _flags(engine, "uvexa", "Can uvexa be used for anterior uveitis?")
    assert _flags(engine, "uvexa", "Can uvexa be used for anterior uveitis or scleritis?")


def test_the_floor_of_an_indication_named_by_the_labels_abbreviation(settings: Settings) -> None:
    engine = _engine(settings, "fostuma", "FOSTUMA is indicated for X-linked hypophosphatemia (XLH) in patients 6 "
                     "months of age and older. FOSTUMA is indicated for hypophosphatemia in tumor-induced osteomalacia "
                     "(TIO) in patients 2 years of age and older.")  # fmt: skip
    assert _flags(engine, "fostuma", "fostuma for TIO in a 1-year-old?")
    assert not _flags(engine, "fostuma", "fostuma for TIO in a 5 year old?")
