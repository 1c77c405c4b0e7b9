"""Population, dose and duration limits read from made-up labels: doses by body-weight band, a use's
recommended course named in its subsection title, courses written as "to week N", and biomarker
statuses written as test scores, decimal marker names or "regardless of status"."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.amounts import durations
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.marker_status import opposite_statuses, required_positive
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

D = ["34068-7"]
IND = ["34067-9"]

JOINTA = DocumentMeta(doc_id="jnt", title="JOINTA", doc_type="label", product="jointamab", brand="JOINTA")
JOINTA_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "JOINTA is indicated for the treatment of juvenile idiopathic arthritis in patients 2 years of age and "
     "older, and of rheumatoid arthritis in adults."),
    ("2 DOSAGE AND ADMINISTRATION > 2.1 Rheumatoid Arthritis", [*D, "42229-5"],
     "The recommended dose for adults is 10 mg orally twice daily."),
    ("2 DOSAGE AND ADMINISTRATION > 2.2 Juvenile Idiopathic Arthritis", [*D, "42229-5"],
     "Body weight: 10 kg (22 lbs) to less than 20 kg (44 lbs); Dosage: 2.5 mg twice daily\n"
     "Body weight: 20 kg (44 lbs) to less than 40 kg (88 lbs); Dosage: 5 mg twice daily\n"
     "Body weight: 40 kg (88 lbs) and more; Dosage: 10 mg twice daily"),
]  # fmt: skip

VIRA = DocumentMeta(doc_id="vir", title="VIRANEX", doc_type="label", product="viranexib", brand="VIRANEX")
VIRA_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "VIRANEX is indicated for the treatment of rheumatoid arthritis in adults and of COVID-19 in "
     "hospitalized adults."),
    ("2 DOSAGE AND ADMINISTRATION > 2.1 Recommended Dosage in Rheumatoid Arthritis", [*D, "42229-5"],
     "The recommended dosage is 2 mg once daily."),
    ("2 DOSAGE AND ADMINISTRATION > 2.2 Recommended Dosage in COVID-19", [*D, "42229-5"],
     "The recommended dosage of VIRANEX for adults is 4 mg once daily for 14 days or until hospital "
     "discharge, whichever occurs first."),
]  # fmt: skip

ONCO = DocumentMeta(doc_id="onc", title="GASTRIVO", doc_type="label", product="gastrimab", brand="GASTRIVO")
ONCO_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "GASTRIVO is indicated for the first-line treatment of adults with metastatic gastric adenocarcinoma "
     "whose tumors are claudin (CLDN) 18.2 positive as determined by an FDA-approved test."),
    ("2 DOSAGE AND ADMINISTRATION", D, "The recommended dose is 800 mg/m2 intravenously every 3 weeks."),
]  # fmt: skip


def _off_label(engine: GuardrailEngine, text: str, product: str, kind: str = "question") -> bool:
    result = engine.check(text, kind=kind, product=product)  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_a_dose_above_the_weight_band_is_off_label(settings: Settings) -> None:
    eng = engine_for(settings, JOINTA, JOINTA_LABEL)
    assert _off_label(eng, "JIA in a 25 kg 8-year-old: can we give jointamab 10 mg twice daily?", "jointamab")
    assert _off_label(eng, "Jointamab 10 mg twice daily for JIA, pt 25 kg?", "jointamab")
    assert _off_label(eng, "A JIA patient weighing 15 kg may take jointamab 5 mg twice daily.", "jointamab", "answer")
    assert not _off_label(eng, "JIA in a 25 kg 8-year-old: jointamab 5 mg twice daily?", "jointamab")
    assert not _off_label(eng, "RA in a 70 kg adult: jointamab 10 mg twice daily?", "jointamab")


def test_time_points_are_read_as_course_lengths() -> None:
    found = durations("no response at week 16 - keep going to week 24?")
    assert [round(v, 2) for v, _, _ in found] == [round(24 * 7 / 30.4, 2)]
    assert durations("reassess at week 16") == []


def test_a_titled_recommended_course_binds_that_use_only(settings: Settings) -> None:
    eng = engine_for(settings, VIRA, VIRA_LABEL)
    assert _off_label(eng, "Hospitalized COVID-19 adult still inpatient: continue viranexib to day 28?", "viranexib")
    assert not _off_label(eng, "Rheumatoid arthritis: continue viranexib for 6 months?", "viranexib")
    assert not _off_label(eng, "Hospitalized COVID-19 adult: viranexib for 10 days?", "viranexib")


def test_marker_statuses_in_other_forms() -> None:
    ind = [ONCO_LABEL[0][2], "for HER2-overexpressing breast cancer", "EGFR mutation-positive NSCLC"]
    assert required_positive(ind) == {"CLDN18.2", "HER2", "EGFR"}
    assert [m for _, _, m in opposite_statuses("CLDN18.2 negative on IHC", ind)] == ["CLDN18.2"]
    assert [m for _, _, m in opposite_statuses("HER2 IHC 1+ and FISH not amplified", ind)] == ["HER2"]
    assert [m for _, _, m in opposite_statuses("works regardless of EGFR mutation status", ind)] == ["EGFR"]
    assert opposite_statuses("HER2 IHC 3+ disease", ind) == []
    assert opposite_statuses("HER2 IHC 1+", ["for adults with NSCLC"]) == []


def test_a_marker_negative_patient_is_off_label(settings: Settings) -> None:
    eng = engine_for(settings, ONCO, ONCO_LABEL)
    assert _off_label(eng, "Metastatic gastric adenocarcinoma, CLDN18.2 negative: gastrimab first line?", "gastrimab")
    assert not _off_label(eng, "Metastatic gastric adenocarcinoma, CLDN18.2 positive: gastrimab first line?",
                          "gastrimab")  # fmt: skip


WEEKLY = DocumentMeta(doc_id="wkl", title="WEEKLIN", doc_type="label", product="weeklutide", brand="WEEKLIN")
WEEKLY_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "WEEKLIN is indicated as an adjunct to diet and exercise to improve glycemic control in adults and "
     "pediatric patients 10 years of age and older with type 2 diabetes mellitus."),
    ("2 DOSAGE AND ADMINISTRATION > 2.1 Adults", [*D, "42229-5"],
     "The recommended starting dosage is 0.75 mg once weekly. Increase to 3 mg, then to 4.5 mg once weekly "
     "for additional glycemic control. The maximum dosage is 4.5 mg once weekly."),
    ("2 DOSAGE AND ADMINISTRATION > 2.2 Pediatric Patients 10 Years of Age and Older", [*D, "42229-5"],
     "The recommended starting dosage is 0.75 mg once weekly. The dosage may be increased to 1.5 mg once "
     "weekly after at least 4 weeks. The maximum dosage is 1.5 mg once weekly."),
]  # fmt: skip


def test_a_child_above_the_childrens_per_dose_maximum_is_off_label(settings: Settings) -> None:
    eng = engine_for(settings, WEEKLY, WEEKLY_LABEL)
    assert eng.profiles["weeklutide"].pediatric_max_dose is not None
    assert _off_label(eng, "A 14-year-old with T2DM on weeklutide 1.5 mg: can we go to 3 mg once weekly?", "weeklutide")
    assert not _off_label(eng, "A 14-year-old with T2DM: weeklutide 1.5 mg once weekly?", "weeklutide")
    assert not _off_label(eng, "A 45-year-old with T2DM: weeklutide 3 mg once weekly?", "weeklutide")


PHENO = DocumentMeta(doc_id="phn", title="EOSIMAB", doc_type="label", product="eosimab", brand="EOSIMAB")
PHENO_LABEL = [
    ("1 INDICATIONS AND USAGE > 1.1 Severe Asthma", [*IND, "42229-5"],
     "EOSIMAB is indicated for the add-on maintenance treatment of adult patients with severe asthma and a "
     "blood eosinophil count of at least 150 cells/µL."),
    ("2 DOSAGE AND ADMINISTRATION", D, "The recommended dose is 100 mg subcutaneously every 4 weeks."),
]  # fmt: skip


def test_an_eosinophil_count_below_the_indication_window_is_off_label(settings: Settings) -> None:
    eng = engine_for(settings, PHENO, PHENO_LABEL)
    assert _off_label(eng, "Severe asthma in an adult, blood eosinophils 80 cells/µL: start eosimab?", "eosimab")
    assert not _off_label(eng, "Severe asthma in an adult, blood eosinophils 300 cells/µL: start eosimab?", "eosimab")


INFANT = DocumentMeta(doc_id="inf", title="RSVSHIELD", doc_type="label", product="rsvimab", brand="RSVSHIELD")
INFANT_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "RSVSHIELD is indicated for the prevention of RSV lower respiratory tract disease in neonates and infants "
     "born during or entering their first RSV season, and in children up to 24 months of age who remain "
     "vulnerable to severe RSV disease through their second RSV season."),
    ("2 DOSAGE AND ADMINISTRATION", D,
     "Infants weighing less than 5 kg: 50 mg intramuscularly. Infants weighing 5 kg or more: 100 mg "
     "intramuscularly. Children in their second season: 200 mg intramuscularly."),
]  # fmt: skip


def test_older_children_and_adults_on_an_infant_product_are_off_label(settings: Settings) -> None:
    eng = engine_for(settings, INFANT, INFANT_LABEL)
    assert _off_label(eng, "RSVSHIELD for a 3-year-old in her third RSV season?", "rsvimab")
    assert _off_label(eng, "Can an adult get RSVSHIELD before RSV season?", "rsvimab")
    assert not _off_label(eng, "RSVSHIELD for a 20-month-old in his second RSV season?", "rsvimab")
    assert not _off_label(eng, "Is the adult dose of RSVSHIELD different?", "rsvimab")
