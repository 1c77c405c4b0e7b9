"""On-label questions the off-label rail used to flag, each with an off-label counterpart that must
stay flagged: a label naming a KIND of condition (an ICD-10-CM block title: "osteoarthritis",
"psychotic disorders") covers its members; adults joined to a younger band ("in adults and in
adolescents 12 to 17") are not bounded by the band; a medicine's failure is therapy history; chart
clippings of the label's own qualifiers ("mod-sev"); and questions about the label's own boundary
(a limitation, a biomarker status, a population). Invented labels only."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.icd_groups import group_name
from assistant.guardrails.scope import scopes
from assistant.types import DocumentMeta
from tests.label_engines import engine_for
from tests.label_engines import flags_off_label as _flags

IND, DOSE, LIMIT = ["34067-9"], ["34068-7"], ["34067-9"]


def test_block_titles_name_one_kind_of_condition_or_none() -> None:
    assert group_name("Osteoarthritis (M15-M19)") == "Osteoarthritis"
    assert (
        group_name("Schizophrenia, schizotypal, delusional, and other non-mood psychotic disorders (F20-F29)")
        == "non-mood psychotic disorders"
    )
    assert group_name("Other diseases of the urinary system (N30-N39)") is None
    assert group_name("Influenza and pneumonia (J09-J18)") is None


JOINT_META = DocumentMeta(doc_id="joint", title="ARTHROVEL", doc_type="label", product="zelcoxib", brand="ARTHROVEL")
JOINT = [
    ("1 INDICATIONS AND USAGE > 1.1 Osteoarthritis", IND,
     "ARTHROVEL is indicated for relief of the signs and symptoms of osteoarthritis."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dose of ARTHROVEL is 200 mg once daily orally."),
]  # fmt: skip


def test_a_labelled_kind_of_condition_covers_its_members(settings: Settings) -> None:
    engine = engine_for(settings, JOINT_META, JOINT)
    assert not _flags(engine, "arthrovel for knee osteoarthritis in a 70 year old?", "zelcoxib")
    assert not _flags(engine, "arthrovel for hip osteoarthritis?", "zelcoxib")
    assert _flags(engine, "arthrovel for gouty arthritis?", "zelcoxib")


PSY_META = DocumentMeta(doc_id="psy", title="HALOVEN", doc_type="label", product="halovenol", brand="HALOVEN")
PSY = [
    ("1 INDICATIONS AND USAGE", IND, "HALOVEN is indicated for use in the management of manifestations of "
     "psychotic disorders."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The usual dose of HALOVEN is 2 mg orally two or three times daily."),
]  # fmt: skip

DIAB_META = DocumentMeta(doc_id="diab", title="GLUCAVEN", doc_type="label", product="glucavenide", brand="GLUCAVEN")
DIAB = [
    ("1 INDICATIONS AND USAGE", IND,
     "GLUCAVEN is indicated as an adjunct to diet and exercise to improve glycemic control in adults with type 2 "
     "diabetes mellitus."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dose of GLUCAVEN is 500 mg twice daily orally."),
]  # fmt: skip


def test_a_kind_named_as_a_subtype_covers_no_sibling(settings: Settings) -> None:
    assert not _flags(engine_for(settings, PSY_META, PSY), "haloven for schizophrenia, usual oral dose?", "halovenol")
    assert _flags(engine_for(settings, PSY_META, PSY), "haloven for migraine, usual oral dose?", "halovenol")
    assert _flags(engine_for(settings, DIAB_META, DIAB), "glucaven for type 1 diabetes?", "glucavenide")


MOOD_META = DocumentMeta(doc_id="mood", title="CITAVEN", doc_type="label", product="citavenam", brand="CITAVEN")
MOOD = [
    ("1 INDICATIONS AND USAGE", IND,
     "CITAVEN is indicated for the acute and maintenance treatment of major depressive disorder in adults and in "
     "adolescents 12 to 17 years of age."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dose of CITAVEN is 10 mg once daily orally."),
]  # fmt: skip


def test_adults_joined_to_a_younger_band_are_not_bounded_by_it(settings: Settings) -> None:
    sentence = "indicated in adults and in adolescents 12 to 17 years of age who are hospitalized"
    adults, adolescents = scopes(sentence)
    assert (adults.min_age, adults.max_age, adolescents.min_age, adolescents.max_age) == (18.0, None, 12.0, 18.0)
    assert adults.inpatient and adolescents.inpatient  # a setting stated for the pair holds for both
    engine = engine_for(settings, MOOD_META, MOOD)
    assert not _flags(engine, "Is citaven a reasonable choice for major depressive disorder in a 40 year old?",
                      "citavenam")  # fmt: skip
    assert _flags(engine, "citaven for major depressive disorder in a 9 year old?", "citavenam")


RA_META = DocumentMeta(doc_id="ra", title="BARIVEN", doc_type="label", product="barivenib", brand="BARIVEN")
RA = [
    ("1 INDICATIONS AND USAGE", IND,
     "BARIVEN is indicated for the treatment of adult patients with moderately to severely active rheumatoid "
     "arthritis who have had an inadequate response to one or more TNF blockers."),
    ("1 INDICATIONS AND USAGE", LIMIT,
     "Limitations of Use: BARIVEN is not recommended for the treatment of patients with dementia-related "
     "psychosis."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dosage of BARIVEN is 2 mg once daily orally."),
]  # fmt: skip


def test_a_medicines_failure_is_therapy_history_not_a_condition(settings: Settings) -> None:
    engine = engine_for(settings, RA_META, RA)
    assert not _flags(engine, "bariven for rheumatoid arthritis after methotrexate failure?", "barivenib")
    assert _flags(engine, "bariven for kidney failure?", "barivenib")


def test_a_clipped_label_qualifier_is_the_labels_own(settings: Settings) -> None:
    engine = engine_for(settings, RA_META, RA)
    assert not _flags(engine, "bariven for mod-sev rheumatoid arthritis in an adult?", "barivenib")
    assert _flags(engine, "bariven for mod-sev psoriasis in an adult?", "barivenib")


def test_a_question_about_the_labels_limitation_asks_for_it(settings: Settings) -> None:
    engine = engine_for(settings, RA_META, RA)
    assert not _flags(engine, "What does the label say about dementia-related psychosis with bariven?", "barivenib")
    assert _flags(engine, "Can bariven be used for dementia-related psychosis?", "barivenib")


ONC_META = DocumentMeta(doc_id="onc", title="ZOLVEN", doc_type="label", product="zolvenumab", brand="ZOLVEN")
ONC = [
    ("1 INDICATIONS AND USAGE", IND,
     "ZOLVEN, in combination with platinum-containing chemotherapy, is indicated for the first-line treatment of "
     "adults with metastatic HER2-negative gastric adenocarcinoma."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "Give ZOLVEN 800 mg/m2 as an intravenous infusion every 3 weeks."),
]  # fmt: skip


def test_a_question_naming_both_statuses_asks_for_the_boundary(settings: Settings) -> None:
    engine = engine_for(settings, ONC_META, ONC)
    question = "Was zolven's benefit shown for HER2-positive tumors, or only for HER2-negative disease?"
    assert not _flags(engine, question, "zolvenumab")
    assert not _flags(engine, "Zolven is indicated with chemotherapy in HER2-negative disease.", "zolvenumab",
                      kind="answer")  # fmt: skip
    assert _flags(engine, "zolven for HER2-positive gastric adenocarcinoma?", "zolvenumab")
    # a mutation the label does not select by is no status: still a condition the text presents
    assert _flags(engine, "Patients with G12C mutations can receive first-line zolven.", "zolvenumab", kind="answer")
