"""On-label population questions the rails used to flag, each with a counterpart that must stay flagged.

A plain "drug X for disease Y in an N-year-old?" (or a patient sketch closed by "-- drug X <dose>?")
names the product as the use asked about: no one is exposed and nothing happened, so the adverse-event
head must not judge it (an event narrated in the text, or exposure wording before the product, still
make a report). The failure of the therapy an indication asks to have been tried first ("after failing
an adequate trial of diet therapy", "one or more TNF blockers") is therapy history, not a condition.
Chart shorthand for the patient's age ("13yo T2D") is not part of the condition's name. An answer
listing the label's own steps ("screen for TB before starting X and treat a latent infection before
use", "a parasitic infection should be treated before starting X") treats the infection with something
else. A vaccine "is not a treatment for" existing disease: stated as an answer, that is its limitation.
Invented labels and product names only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from assistant.config import Settings
from assistant.guardrails.adverse_event import AdverseEventRule
from assistant.guardrails.policy import load_policy
from assistant.types import DocumentMeta
from tests.label_engines import engine_for
from tests.label_engines import flags_off_label as _flags

IND, DOSE, WARN = ["34067-9"], ["34068-7"], ["43685-7"]


def _ae_rule() -> AdverseEventRule:
    def certain(texts: Sequence[str]) -> np.ndarray:
        return np.ones(len(texts))  # p = 1: only the candidate selection decides

    return AdverseEventRule(load_policy(None).adverse_event, {"zelvora", "quintrax"}, probabilities=certain)


def _reported(text: str) -> bool:
    rule = _ae_rule()
    return bool(rule.scan(text) or rule.scan_learned(text))


@pytest.mark.parametrize(
    "text",
    [
        "zelvora for Crohn's in a 7 yo?",
        "quintrax in a 9 year old boy with Crohn's disease",
        "7yo w/ Crohn's, zelvora?",
        "quintrax in a 7 year old with colitis not responding to conventional therapy",
        "16 yo with Crohn's, 45 kg -- zelvora induction?",  # the product opens the closing question
        "CD pt failed azathioprine and steroids -- quintrax 5 mg/kg at 0, 2, 6?",
        "Hospitalized 60 yo with COVID on high-flow O2 -- zelvora 4 mg daily?",  # "on" is another therapy
    ],
)
def test_a_patient_described_for_a_prospective_use_is_no_report(text: str) -> None:
    assert not _reported(text)


@pytest.mark.parametrize(
    "text",
    [
        "7yo w/ rash after zelvora?",  # the product tied to what precedes it
        "pt on zelvora for Crohn's, sodium 118 now?",  # exposure wording before the product
        "zelvora for Crohn's in a 7 yo, he developed a rash",  # an event narrated in the text
        "my patient on quintrax developed shingles",
        "54F on quintrax, ALT 300 -- hold quintrax?",  # named once as an exposure
        "zelvora pt with zoster now -- zelvora?",
    ],
)
def test_an_exposure_or_an_event_still_reports(text: str) -> None:
    assert _reported(text)


LIPID_META = DocumentMeta(doc_id="lipid", title="LIPOVEN", doc_type="label", product="lipovastatin", brand="LIPOVEN")
LIPID = [
    ("1 INDICATIONS AND USAGE", IND,
     "LIPOVEN is indicated as an adjunct to diet to reduce LDL-C in boys and postmenarchal girls, 10 to 17 years of "
     "age, with heterozygous familial hypercholesterolemia after failing an adequate trial of diet therapy."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dose of LIPOVEN is 10 mg once daily orally."),
]  # fmt: skip

JIA_META = DocumentMeta(doc_id="jia", title="TOFAVEN", doc_type="label", product="tofavenib", brand="TOFAVEN")
JIA = [
    ("1 INDICATIONS AND USAGE", IND,
     "TOFAVEN is indicated for the treatment of active polyarticular juvenile idiopathic arthritis in patients 2 "
     "years of age and older who have had an inadequate response or intolerance to one or more TNF blockers."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dose of TOFAVEN is 5 mg twice daily orally."),
]  # fmt: skip


HF_META = DocumentMeta(doc_id="hf", title="CARDIVEN", doc_type="label", product="cardivenil", brand="CARDIVEN")
HF = [
    ("1 INDICATIONS AND USAGE", IND, "CARDIVEN is indicated to reduce the risk of cardiovascular death in adults "
     "with chronic heart failure with reduced ejection fraction, usually with other heart failure therapies."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended starting dose of CARDIVEN is 49 mg twice daily."),
]  # fmt: skip


def test_failure_of_the_labels_own_prior_therapy_is_history(settings: Settings) -> None:
    hf = engine_for(settings, HF_META, HF)  # "heart failure with ...": a disease, no therapy tried first
    assert _flags(hf, "Is cardiven good for high blood pressure w/o heart failure?", "cardivenil")
    lipid = engine_for(settings, LIPID_META, LIPID)
    assert not _flags(lipid, "lipoven for a 12 yo boy with HeFH after diet failure?", "lipovastatin")
    assert _flags(lipid, "lipoven for a 12 yo boy with kidney failure?", "lipovastatin")
    jia = engine_for(settings, JIA_META, JIA)
    assert not _flags(jia, "tofaven for a 4-year-old with juvenile arthritis after TNF failure", "tofavenib")
    assert _flags(jia, "tofaven for a 4-year-old with heart failure", "tofavenib")


GLU_META = DocumentMeta(doc_id="glu", title="GLUCAVEN", doc_type="label", product="glucavenide", brand="GLUCAVEN")
GLU = [
    ("1 INDICATIONS AND USAGE", IND,
     "GLUCAVEN is indicated as an adjunct to diet and exercise to improve glycemic control in adults and pediatric "
     "patients 10 years of age and older with type 2 diabetes mellitus (T2D)."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended starting dose of GLUCAVEN is 500 mg twice daily orally."),
]  # fmt: skip


def test_chart_age_shorthand_is_not_part_of_the_condition(settings: Settings) -> None:
    engine = engine_for(settings, GLU_META, GLU)
    assert not _flags(engine, "13yo T2D, glucaven 500 mg twice daily with meals to start?", "glucavenide")
    assert _flags(engine, "glucaven for T2D in an 8yo?", "glucavenide")
    assert _flags(engine, "13yo with psoriasis, glucaven?", "glucavenide")


TB_META = DocumentMeta(doc_id="tb", title="ADAVEN", doc_type="label", product="adavenumab", brand="ADAVEN")
TB = [
    ("1 INDICATIONS AND USAGE", IND, "ADAVEN is indicated for the treatment of moderately to severely active "
     "Crohn's disease in adults."),
    ("5 WARNINGS AND PRECAUTIONS > 5.1 Serious Infections", WARN,
     "Test patients for latent tuberculosis before ADAVEN use and during therapy. Initiate treatment of latent "
     "tuberculosis prior to ADAVEN use."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dose of ADAVEN is 40 mg every other week."),
]  # fmt: skip


def test_a_listed_pretreatment_step_is_not_a_use(settings: Settings) -> None:
    engine = engine_for(settings, TB_META, TB)
    answer = "Evaluate patients for latent TB before starting ADAVEN and treat a latent infection before use."
    assert not _flags(engine, answer, "adavenumab", kind="answer")
    passive = "Any pre-existing parasitic infection should be treated before starting ADAVEN."
    assert not _flags(engine, passive, "adavenumab", kind="answer")
    assert _flags(engine, "ADAVEN is used to treat a parasitic infection.", "adavenumab", kind="answer")
    assert _flags(engine, "Use ADAVEN to treat a latent infection before starting other therapy.", "adavenumab",
                  kind="answer")  # fmt: skip


VAX_META = DocumentMeta(doc_id="vax", title="PAPIVAX", doc_type="label", product="papillovirus vaccine",
                        brand="PAPIVAX")  # fmt: skip
VAX = [
    ("1 INDICATIONS AND USAGE", IND, "PAPIVAX is a vaccine indicated in individuals 9 through 45 years of age for "
     "the prevention of cervical cancer caused by human papillomavirus types 16 and 18."),
    ("1 INDICATIONS AND USAGE", IND, "PAPIVAX is not a treatment for existing cervical lesions."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "Administer PAPIVAX as a 0.5 mL intramuscular injection."),
]  # fmt: skip


def test_a_vaccines_not_a_treatment_limitation_stated_as_an_answer_is_no_use(settings: Settings) -> None:
    engine = engine_for(settings, VAX_META, VAX)
    assert not _flags(engine, "PAPIVAX is not a treatment for existing genital warts.", "papillovirus vaccine",
                      kind="answer")  # fmt: skip
    assert _flags(engine, "PAPIVAX treats existing genital warts.", "papillovirus vaccine", kind="answer")


COAG_META = DocumentMeta(doc_id="coag", title="COAGUVEN", doc_type="label", product="coagufarin", brand="COAGUVEN")
COAG = [
    ("1 INDICATIONS AND USAGE", IND, "COAGUVEN is indicated for the prophylaxis and treatment of venous "
     "thrombosis."),
    ("2 DOSAGE AND ADMINISTRATION > 2.3 Initial Dosage", DOSE,
     "If the patient's genotype is not known, the initial dose of COAGUVEN is usually 2 to 5 mg once daily."),
    ("2 DOSAGE AND ADMINISTRATION > 2.4 Interactions", DOSE,
     "If concomitant use with a strong enzyme inducer is unavoidable, increase the dose to 12 mg once daily."),
]  # fmt: skip


def test_a_dose_for_the_default_case_is_no_specific_situation(settings: Settings) -> None:
    engine = engine_for(settings, COAG_META, COAG)
    assert not _flags(engine, "coaguven 2-5 mg starting dose in an elderly patient?", "coagufarin")
    assert _flags(engine, "coaguven 12 mg once daily for venous thrombosis?", "coagufarin")
