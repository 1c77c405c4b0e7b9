"""What the label approves beyond its Indications sentences, and what its limitations exclude:
alternative starting doses and schedules, a population the indication itself defines by an absence,
a qualified form Dosage and Administration doses, kidney limits stated for one indication, drugs a
use is an adjunct to, a course ended at the first of two events, limitation qualifiers, and
questions asking what the label says about a contraindication. Invented labels only."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_dosing import plain_schedules, regimens, starting_amounts
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

IND, DOSE, WARN, CONTRA = ["34067-9"], ["34068-7"], ["43685-7"], ["34070-3"]
META = DocumentMeta(doc_id="velo", title="VELOTRA tablets", doc_type="label", product="velotran", brand="VELOTRA")
LABEL = [
    ("1 INDICATIONS AND USAGE > 1.1 Prevention of Stroke", IND,
     "In adult patients without clinically evident coronary heart disease, but with multiple risk factors, "
     "VELOTRA is indicated to reduce the risk of stroke."),
    ("1 INDICATIONS AND USAGE > 1.2 Atrial Fibrillation", IND,
     "VELOTRA is indicated for prophylaxis of thromboembolic complications associated with atrial fibrillation (AF)."),
    ("1 INDICATIONS AND USAGE > 1.3 Urinary Tract Infection", IND,
     "VELOTRA is indicated for the treatment of adult patients with urinary tract infections."),
    ("1 INDICATIONS AND USAGE > 1.4 Limitations of Use", IND,
     "VELOTRA is not recommended for empiric treatment of urinary tract infections."),
    ("2 DOSAGE AND ADMINISTRATION > 2.1 Recommended Dosage", DOSE,
     "The recommended starting dose of VELOTRA is 10 or 20 mg once daily. Moderate symptoms - 0.5 mg to 2 mg "
     "b.i.d. or t.i.d. In patients with non-valvular AF, adjust VELOTRA to a target INR of 2.5."),
    ("4 CONTRAINDICATIONS", CONTRA, "VELOTRA is contraindicated in patients with asthma."),
    ("5 WARNINGS AND PRECAUTIONS > 5.1 Renal", WARN,
     "VELOTRA is not recommended in patients with severe renal insufficiency."),
]  # fmt: skip


def _flags(engine: GuardrailEngine, product: str, text: str, kind: str) -> bool:
    result = engine.check(text, kind=kind, product=product)  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_every_alternative_starting_dose_and_schedule_is_read() -> None:
    assert starting_amounts("The recommended starting dose of X is 10 or 20 mg once daily.") == [10.0, 20.0]
    assert starting_amounts("For children the recommended starting dose is 10 mg/day.") == [10.0]
    assert starting_amounts("The recommended starting dose is 97/103 mg twice daily.") == [200.0]
    found = [(r.dose, r.frequency) for r in regimens(plain_schedules("Moderate - 0.5 mg to 2 mg b.i.d. or t.i.d."))]
    assert (2.0, "bid") in found and (2.0, "tid") in found


def test_uses_the_label_gives_outside_its_indication_sentences_are_allowed(settings: Settings) -> None:
    engine = engine_for(settings, META, LABEL)
    ok = [
        ("VELOTRA is started at 10 mg once daily [1].", "answer"),
        ("For moderate symptoms VELOTRA is given 2 mg three times daily [1].", "answer"),
        ("In a patient with no coronary disease, does velotran reduce the risk of stroke?", "question"),
        ("What target INR is recommended for velotran in non-valvular atrial fibrillation?", "question"),
        ("What is the velotran dose for a urinary tract infection?", "question"),
        ("What does the label say about using velotran in someone with asthma?", "question"),
        ("velotran in severe renal insufficiency?", "question"),
    ]
    assert [t for t, kind in ok if _flags(engine, "velotran", t, kind)] == []


def test_what_the_label_limits_is_still_flagged(settings: Settings) -> None:
    engine = engine_for(settings, META, LABEL)
    assert _flags(engine, "velotran", "Is velotran a good empiric choice for a urinary tract infection?", "question")
    assert _flags(engine, "velotran", "What does the label say about using velotran for migraine?", "question")


ADJ = DocumentMeta(doc_id="lipa", title="LIPAMAB injection", doc_type="label", product="lipamab", brand="LIPAMAB")
ADJ_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "LIPAMAB is indicated as an adjunct to diet and exercise and other LDL-C lowering therapies to reduce LDL-C "
     "in adults with homozygous familial hypercholesterolemia."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "The recommended dosage of LIPAMAB is 15 mg/kg by intravenous infusion once monthly."),
]  # fmt: skip


def test_a_use_that_is_an_adjunct_to_other_drugs_is_not_approved_alone(settings: Settings) -> None:
    engine = engine_for(settings, ADJ, ADJ_LABEL)
    assert _flags(engine, "lipamab", "Parents refuse statins - lipamab by itself?", "question")
    assert not _flags(engine, "lipamab", "Is lipamab given alone or with apheresis?", "question")
    assert _flags(engine, "lipamab", "Can lipamab be given subQ at home?", "question")


TWO = DocumentMeta(doc_id="duo", title="DUOTIB tablets", doc_type="label", product="duotinib", brand="DUOTIB")
TWO_LABEL = [
    ("1 INDICATIONS AND USAGE > 1.1 Rheumatoid Arthritis", IND,
     "DUOTIB is indicated for the treatment of adult patients with rheumatoid arthritis."),
    ("1 INDICATIONS AND USAGE > 1.2 COVID-19", IND,
     "DUOTIB is indicated for the treatment of COVID-19 in hospitalized adults requiring supplemental oxygen."),
    ("2 DOSAGE AND ADMINISTRATION > 2.1 COVID-19", DOSE,
     "The recommended dosage of DUOTIB is 4 mg once daily for 14 days or until hospital discharge, whichever "
     "occurs first. In patients with COVID-19 and eGFR 15 to 30 mL/min, the dosage is 1 mg once daily."),
    ("8 USE IN SPECIFIC POPULATIONS > 8.6 Renal Impairment", ["34081-0"],
     "DUOTIB is not recommended for use in patients with rheumatoid arthritis and severe renal impairment "
     "(estimated GFR of less than 30 mL/min)."),
]  # fmt: skip


def test_limits_stated_for_one_indication_and_a_course_ended_at_the_first_event(settings: Settings) -> None:
    engine = engine_for(settings, TWO, TWO_LABEL)
    covid, arthritis = "For COVID-19 with eGFR 20 mL/min", "For rheumatoid arthritis with eGFR 20 mL/min"
    assert not _flags(engine, "duotinib", f"{covid}, DUOTIB 1 mg once daily is used [1].", "answer")
    assert _flags(engine, "duotinib", f"{arthritis}, DUOTIB 1 mg once daily is used [1].", "answer")
    assert _flags(engine, "duotinib", "For COVID-19, DUOTIB 4 mg once daily can be continued for 4 weeks.", "answer")
    assert not _flags(engine, "duotinib", "For COVID-19, DUOTIB 4 mg once daily is given for 10 days [1].", "answer")


INH = DocumentMeta(doc_id="inh", title="BREATHIN powder", doc_type="label", product="inhalin", brand="BREATHIN")
INH_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "BREATHIN is indicated to improve glycemic control in adult patients with diabetes mellitus. "
     "Limitations of Use: The use of BREATHIN is not recommended in patients who smoke or who have recently "
     "stopped smoking."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "Administer BREATHIN at the beginning of each meal by oral inhalation."),
    ("4 CONTRAINDICATIONS", CONTRA, "BREATHIN is contraindicated in patients with chronic lung disease such as "
     "asthma or COPD."),
]  # fmt: skip


def test_limitations_of_use_in_indications_exclude_a_population(settings: Settings) -> None:
    engine = engine_for(settings, INH, INH_LABEL)
    assert _flags(engine, "inhalin", "BREATHIN can be used in patients who recently stopped smoking [1].", "answer")
    stated = "BREATHIN is not recommended in patients who have recently stopped smoking [1]."
    assert not _flags(engine, "inhalin", stated, "answer")


def test_a_question_asking_to_start_in_a_contraindicated_example_gets_a_notice(settings: Settings) -> None:
    engine = engine_for(settings, INH, INH_LABEL)
    assert _flags(engine, "inhalin", "mild COPD, FEV1 70% predicted - ok to trial breathin?", "question")
    assert not _flags(engine, "inhalin", "Is breathin contraindicated in COPD?", "question")


UTI = DocumentMeta(doc_id="uti", title="UROCIN tablets", doc_type="label", product="urocin", brand="UROCIN")
UTI_LABEL = [
    ("1 INDICATIONS AND USAGE > 1.1 Uncomplicated Urinary Tract Infections", IND,
     "UROCIN is indicated for the treatment of female adult and pediatric patients 12 years of age and older "
     "weighing at least 40 kilograms (kg) with uncomplicated urinary tract infections."),
    ("1 INDICATIONS AND USAGE > 1.2 Usage to Reduce Development of Drug-Resistant Bacteria", IND,
     "UROCIN should be used only to treat infections that are proven or strongly suspected to be caused by "
     "susceptible bacteria."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dosage of UROCIN is 1,500 mg twice daily for 5 days."),
]  # fmt: skip


def test_sex_and_weight_of_the_stated_use_bind(settings: Settings) -> None:
    engine = engine_for(settings, UTI, UTI_LABEL)
    assert _flags(engine, "urocin", "Can urocin treat an uncomplicated UTI in a 45-year-old man?", "question")
    girl = "For a 13-year-old girl weighing 32 kg, UROCIN 1,500 mg twice daily for 5 days is appropriate [1]."
    assert _flags(engine, "urocin", girl, "answer")
    assert not _flags(engine, "urocin", girl.replace("32 kg", "50 kg"), "answer")


def test_an_infusion_faster_than_labelled_is_flagged(settings: Settings) -> None:
    label = [*ADJ_LABEL[:1], ("2 DOSAGE AND ADMINISTRATION", DOSE,
             "Administer LIPAMAB 15 mg/kg by intravenous infusion over 60 minutes once monthly.")]  # fmt: skip
    engine = engine_for(settings, ADJ, label)
    assert _flags(engine, "lipamab", "LIPAMAB can be pushed over 10 to 15 minutes [1].", "answer")
    assert not _flags(engine, "lipamab", "LIPAMAB is infused over 60 minutes once monthly [1].", "answer")


RISK = DocumentMeta(doc_id="gast", title="GASTRIX tablets", doc_type="label", product="gastrofen", brand="GASTRIX")
RISK_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "GASTRIX is indicated for treatment of the signs and symptoms of osteoarthritis in patients at high risk of "
     "developing NSAID-induced gastric ulcers."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dosage is 50 mg three times daily."),
]  # fmt: skip


def test_a_patient_without_the_risk_the_use_requires_is_outside_it(settings: Settings) -> None:
    engine = engine_for(settings, RISK, RISK_LABEL)
    no_risk = "gastrix for a 50 yo with OA, no ulcer history and no GI risk factors?"
    assert _flags(engine, "gastrofen", no_risk, "question")
    assert not _flags(engine, "gastrofen", "gastrix for a 70 yo with OA and a history of a bleeding ulcer?", "question")
