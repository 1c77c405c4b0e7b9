"""The approved-use profile read from a label's structure the way a prescribing-information PDF
arrives (sections coded with LOINC, Limitations of Use as a subsection, pediatric ages, biomarker
status, weight-based and per-day maxima), and the decisions taken against it: uses outside the
label are flagged, the label's own uses and neutral safety questions are not.

The label is invented (no product of the corpus or of the eval sets); a second test reads every
real PDF label in the repository and checks properties any profile must have."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_profile import build_profiles
from assistant.types import DocumentMeta
from tests.label_engines import engine_for, real_label_chunks

META = DocumentMeta(doc_id="tumab", title="TUMAXA (tumazumab)", doc_type="label", product="tumazumab", brand="TUMAXA")
IND, DOSE, WARN, PEDS = ["34067-9"], ["34068-7"], ["43685-7"], ["43684-0", "34081-0"]
LABEL = [
    ("Indications and Usage > Breast Cancer", IND,
     "TUMAXA is indicated for the treatment of HER2-overexpressing metastatic breast cancer."),
    ("Indications and Usage > Crohn's Disease", IND,
     "TUMAXA is indicated for pediatric patients 6 years of age and older with moderately to severely active "
     "Crohn's disease (CD)."),
    ("Indications and Usage > Rheumatoid Arthritis", IND,
     "TUMAXA is indicated for reducing signs and symptoms in patients with rheumatoid arthritis."),
    ("Indications and Usage > Limitations of Use", IND,
     "TUMAXA has no direct effect on an established thrombus. Once a clot has formed, the goals of treatment are "
     "to prevent its extension."),
    ("Dosage and Administration > Adult Dosage", DOSE,
     "Administer according to one of the following schedules for a total of 52 weeks. Give 8 mg/kg as an "
     "intravenous infusion over 90 minutes, then 6 mg/kg every three weeks. Increase up to a maximum dose of "
     "2,550 mg per day. Withhold for up to 4 weeks for a decline "
     "in cardiac function. Reconstitute each 440 mg vial with 20 mL of sterile water. Starting TUMAXA in a "
     "patient who is being treated with intravenous methylene blue is contraindicated."),
    ("Dosage and Administration > Pediatric Dosage", DOSE,
     "The starting dose for pediatric patients is 500 mg twice a day, up to a maximum of 2,000 mg per day."),
    ("Warnings and Precautions > Dosing", WARN,
     "Routine use of loading doses is not recommended as this practice may increase bleeding."),
    ("Use in Specific Populations > Pediatric Use", PEDS,
     "In juvenile rheumatoid arthritis (JRA), the study failed to establish the efficacy of TUMAXA in the "
     "treatment of JRA."),
]  # fmt: skip


@pytest.fixture
def engine(settings: Settings) -> GuardrailEngine:
    return engine_for(settings, META, LABEL)


def _off_label(engine: GuardrailEngine, text: str, kind: str = "question") -> bool:
    result = engine.check(text, kind=kind, product="tumazumab")  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_profile_reads_structure_amounts_and_routes(engine: GuardrailEngine) -> None:
    profile = engine.profiles["tumazumab"]
    assert not any("thrombus" in e.text for e in profile.indications)
    assert any("thrombus" in e.text for e in profile.limitations)
    assert not any("clot has formed" in e.text for e in profile.limitations)  # explanatory, not a limitation
    assert 2550.0 in profile.doses_mg and 550.0 not in profile.doses_mg and 440.0 not in profile.doses_mg
    assert profile.max_dose_per_kg == 8.0
    assert profile.pediatric_max_daily is not None and profile.pediatric_max_daily[0] == 2000.0
    assert profile.routes == frozenset({"intravenous"})
    assert [round(m, 1) for m, _ in profile.duration_limits] == [12.0]  # 52 weeks; not "withhold for 4 weeks"
    assert "loading dose" in profile.forbidden_methods


@pytest.mark.parametrize(
    "text",
    [
        "Can tumazumab be used for HER2-negative metastatic breast cancer?",
        "Is tumazumab approved for juvenile rheumatoid arthritis?",
        "Can tumazumab be used in a 12-year-old with rheumatoid arthritis?",
        "Tumazumab 10 mg/kg as the first infusion for breast cancer?",
        "Can a 12-year-old with Crohn's disease take 2,400 mg of tumazumab a day?",
        "Should we give a tumazumab loading dose to speed things up?",
        "Can tumazumab be continued for 2 years in breast cancer?",
    ],
)
def test_uses_outside_the_label_are_flagged(engine: GuardrailEngine, text: str) -> None:
    assert _off_label(engine, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Can tumazumab be used for HER2-overexpressing metastatic breast cancer?", "question"),
        ("What tumazumab dose is used for a 9-year-old with Crohn's disease?", "question"),
        ("Can a 12-year-old with Crohn's disease take 1,500 mg of tumazumab a day?", "question"),
        ("Can an adult take 2,400 mg of tumazumab a day for rheumatoid arthritis?", "question"),
        ("Is tumazumab safer than other biologics for patients with heart disease?", "question"),
        ("The most common adverse reactions with tumazumab in breast cancer were upper respiratory tract "
         "infections, nasopharyngitis, diarrhea and headache [1].", "answer"),
        ("Tumazumab 6 mg/kg every three weeks is given for 52 weeks in breast cancer [1].", "answer"),
    ],
)  # fmt: skip
def test_labelled_uses_and_safety_statements_stay_allowed(engine: GuardrailEngine, text: str, kind: str) -> None:
    assert not _off_label(engine, text, kind)


REAL_PDFS = sorted(
    p
    for folder in ("evals/real_labels3", "evals/pdf_dev/labels")
    for p in (Path(__file__).resolve().parent.parent / folder).glob("*.pdf")
)


@pytest.mark.skipif(not REAL_PDFS, reason="no real PDF labels in this checkout")
def test_every_real_pdf_label_gives_a_profile_with_uses_and_no_limitation_read_as_a_use(settings: Settings) -> None:
    chunks = real_label_chunks(REAL_PDFS)
    engine = GuardrailEngine(settings)
    profiles = build_profiles(chunks, engine.policy.off_label)
    assert len(profiles) == len(REAL_PDFS)
    for profile in profiles.values():
        assert profile.indications, profile.product
        assert profile.routes, profile.product
        assert not any(e.text.lower().lstrip("• ").startswith("limitations of use") for e in profile.indications)
        assert all(d >= 1 for d in profile.doses_mg), (profile.product, profile.doses_mg)  # no "2,550" read as 550/0
