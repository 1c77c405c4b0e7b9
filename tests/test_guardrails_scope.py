"""Indication scope (age band, body weight, care setting), route-limited population statements
and uses the label discusses only as adverse reactions, on synthetic labels in the shapes real
labels take: an emergency-use fact sheet whose authorised use is limited to hospitalized
children by weight and age, and an old-format label whose oral form is labelled for children
while its intravenous form is not."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_profile import build_profiles
from assistant.guardrails.scope import PersonFacts, scopes, weights_kg
from assistant.types import Chunk, DocumentMeta

EUA = DocumentMeta(doc_id="zorvir-eua", title="ZORVIR fact sheet", doc_type="label", product="zorvimab", brand="ZORVIR")
EUA_LABEL = [
    ("Authorized Use", "34067-9",
     "ZORVIR is authorized for use under an EUA for treatment of hospitalized pediatric patients weighing 3.5 kg to "
     "less than 40 kg or hospitalized pediatric patients less than 12 years of age weighing at least 3.5 kg with "
     "confirmed viral pneumonia."),
    ("Dosage and Administration", "34068-7",
     "Pediatric patients weighing 3.5 kg to less than 40 kg: 5 mg/kg intravenously on Day 1, then 2.5 mg/kg "
     "once daily."),
    ("Adverse Reactions", "34084-4", "Nausea and elevated transaminases were reported."),
]  # fmt: skip
OLD = DocumentMeta(doc_id="diurex", title="DIUREX tablets and injection", doc_type="label", product="diurexan",
                   brand="DIUREX")  # fmt: skip
OLD_LABEL = [
    ("INDICATIONS AND USAGE", "34067-9",
     "DIUREX is indicated for treatment of edema associated with congestive heart failure. Short-term management "
     "of hospitalized pediatric patients, other than infants, with the nephrotic syndrome."),
    ("DOSAGE AND ADMINISTRATION", "34068-7",
     "The oral dose is 50 mg once daily. The intravenous dose is 50 mg given slowly intravenously."),
    ("ADVERSE REACTIONS", "34084-4", "Nausea, vomiting and delirium have been reported."),
    ("PRECAUTIONS > Pregnancy", "42228-7", "There are no adequate and well-controlled studies of DIUREX in pregnancy."),
    ("PRECAUTIONS > Pediatric Use", "34081-0",
     "Safety and effectiveness of oral and parenteral use in infants have not been established. Safety and "
     "effectiveness of intravenous use in pediatric patients have not been established."),
]  # fmt: skip


def _engine(settings: Settings, meta: DocumentMeta, label: list[tuple[str, str, str]]) -> GuardrailEngine:
    chunks = [
        Chunk(chunk_id=f"{meta.doc_id}:{i}", doc_id=meta.doc_id, text=text, ordinal=i, section=section,
              section_code=code, section_codes=[code], meta=meta)
        for i, (section, code, text) in enumerate(label)
    ]  # fmt: skip
    eng = GuardrailEngine(settings)
    eng.set_profiles(build_profiles(chunks, eng.policy.off_label))
    return eng


def _off_label(engine: GuardrailEngine, text: str, product: str, kind: str = "question") -> bool:
    result = engine.check(text, kind=kind, product=product)  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_an_indication_sentence_is_read_into_population_alternatives() -> None:
    first, second = scopes(EUA_LABEL[0][2])
    assert (first.min_weight, first.max_weight, first.inpatient) == (3.5, 40.0, True)
    assert (second.max_age, second.min_weight, second.max_weight) == (12.0, 3.5, None)
    assert second.admits(PersonFacts(ages=(8.0,), weights=(45.0,)))
    assert not first.admits(PersonFacts(weights=(2.0,))) and not second.admits(PersonFacts(weights=(2.0,)))
    assert not first.admits(PersonFacts(outpatient=True))
    assert scopes("in boys and postmenarchal girls, 10 to 17 years of age")[0].min_age == 10.0


def test_body_weight_is_a_persons_not_a_bound_or_a_per_kg_dose() -> None:
    assert [w for w, _, _ in weights_kg("a 10 kg toddler weighing less than 40 kg gets 5 mg/kg")] == [10.0]
    assert [round(w) for w, _, _ in weights_kg("my son weighs 44 lbs")] == [20]


@pytest.mark.parametrize(
    "text",
    [
        "Can ZORVIR be given to an outpatient child with viral pneumonia?",
        "Could a child with viral pneumonia get ZORVIR at home without being admitted?",
        "Can a premature newborn weighing 2 kg receive ZORVIR?",
    ],
)
def test_people_outside_an_authorised_scope_are_flagged(settings: Settings, text: str) -> None:
    assert _off_label(_engine(settings, EUA, EUA_LABEL), text, "zorvimab")


@pytest.mark.parametrize(
    "text",
    [
        "What is the ZORVIR loading dose for a hospitalized 10 kg toddler with viral pneumonia?",
        "What is the ZORVIR dose for a hospitalized 45 kg child aged 11?",
        "Pediatric patients weighing 3.5 kg to less than 40 kg receive ZORVIR 5 mg/kg on Day 1 [1].",
    ],
)
def test_people_inside_the_authorised_scope_are_allowed(settings: Settings, text: str) -> None:
    assert not _off_label(_engine(settings, EUA, EUA_LABEL), text, "zorvimab")


def test_route_limited_and_infant_statements_set_population_limits(settings: Settings) -> None:
    engine = _engine(settings, OLD, OLD_LABEL)
    population = engine.profiles["diurexan"].population
    assert population.min_age_years == 1.0  # "in infants ... not established": oral and parenteral alike
    assert population.route_min_age == {"intravenous": 18.0}
    assert _off_label(engine, "Could intravenous DIUREX be used in a 7-year-old child?", "diurexan")
    assert _off_label(engine, "Can DIUREX be given to a 4-month-old with heart failure?", "diurexan")
    assert not _off_label(engine, "What oral dose of DIUREX is used in a hospitalized 8-year-old with nephrotic "
                          "syndrome?", "diurexan")  # fmt: skip


@pytest.mark.parametrize(
    ("text", "kind", "flagged"),
    [
        ("Is DIUREX useful for nausea and vomiting after chemotherapy?", "question", True),
        ("DIUREX works well for delirium in intensive care.", "answer", True),
        ("Nausea and delirium have been reported with DIUREX [1].", "answer", False),
        ("Should patients on DIUREX be monitored for delirium?", "question", False),
    ],
)
def test_a_condition_the_label_knows_as_an_adverse_reaction_is_a_use_only_when_claimed(
    settings: Settings, text: str, kind: str, flagged: bool
) -> None:
    assert _off_label(_engine(settings, OLD, OLD_LABEL), text, "diurexan", kind) is flagged


@pytest.mark.parametrize(
    ("text", "kind", "flagged"),
    [
        ("DIUREX is contraindicated in infants [1].", "answer", False),
        ("Why are infants excluded from the DIUREX pediatric indication?", "question", False),
        ("Can DIUREX be given to my 6-month-old baby?", "question", True),
    ],
)
def test_an_age_limit_stated_or_asked_about_is_not_a_use_in_that_age(
    settings: Settings, text: str, kind: str, flagged: bool
) -> None:
    assert _off_label(_engine(settings, OLD, OLD_LABEL), text, "diurexan", kind) is flagged


def test_a_derived_word_form_matches_the_label_but_a_longer_compound_does_not() -> None:
    from assistant.guardrails.word_match import _derivation

    assert _derivation("depression", "depressive")
    assert not _derivation("hyperlipoproteinemia", "hyperlipidemia")
    assert not _derivation("hypertension", "hyperthyroidism")


@pytest.mark.parametrize(
    "text",
    [
        "DIUREX should be used during pregnancy only if clearly needed [1].",
        "Infants should not be nursed during DIUREX treatment [1].",
        "Hypotension occurred in a 2 year old child after an accidental overdose of DIUREX [1].",
        "Oral DIUREX is labelled for pediatric patients other than infants [1].",
    ],
)
def test_label_style_sentences_about_pregnancy_nursing_and_case_reports_are_not_uses(
    settings: Settings, text: str
) -> None:
    assert not _off_label(_engine(settings, OLD, OLD_LABEL), text, "diurexan", "answer")


FORMS = DocumentMeta(doc_id="kelbra", title="KELBRA / KELBRA XR", doc_type="label", product="kelbranib", brand="KELBRA")
FORMS_LABEL = [
    ("Indications and Usage > Juvenile Arthritis", "34067-9",
     "KELBRA oral solution is indicated for polyarticular juvenile idiopathic arthritis in patients 2 years of age "
     "and older. KELBRA XR is not indicated for polyarticular juvenile idiopathic arthritis."),
    ("Dosage and Administration", "34068-7", "KELBRA XR 11 mg orally once daily. KELBRA oral solution by weight."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Can KELBRA XR be used for a 12-year-old with polyarticular juvenile idiopathic arthritis?", True),
        ("Can KELBRA oral solution be used for a 12-year-old with polyarticular juvenile idiopathic arthritis?", False),
    ],
)
def test_a_limitation_of_one_form_binds_only_that_form(settings: Settings, text: str, flagged: bool) -> None:
    assert _off_label(_engine(settings, FORMS, FORMS_LABEL), text, "kelbranib") is flagged
