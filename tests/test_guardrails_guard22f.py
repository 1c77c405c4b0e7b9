"""False positives on labels the code was not written for, each with a counterpart that must stay flagged.

- a question ABOUT the label's population boundary or a limitation ("approved for teens or only
  adults?", "does the label cover men?", "limitations of use - type 1 diabetes?") is not a use request;
  a patient described for treatment outside the boundary still is;
- chart shorthand before a condition ("pt 54M h/o T2D") is not part of the condition's name, and a
  chart age-sex token ("28M", "34F") names the patient's sex;
- administration directions restated in an answer ("a missed dose should be taken the same day; do not
  double up") get no learned promotional evidence; a claim beside them still blocks;
- an indication for infections of a body site ("Infections of the Ear, Nose, and Throat",
  "uncomplicated urinary tract infections") covers that site's infections read from ICD-10-CM, not
  other sites' infections nor non-infectious diseases of the site.
Invented labels and product names only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.config import Settings
from assistant.guardrails.instructions import is_direction
from assistant.guardrails.policy import load_policy
from assistant.guardrails.promotional import PromotionalRule
from assistant.types import DocumentMeta
from tests.label_engines import engine_for
from tests.label_engines import flags_off_label as _flags
from tests.test_guardrails_guard21f import GLU, GLU_META  # the same invented T2D label

IND, DOSE, LIM = ["34067-9"], ["34068-7"], ["34067-9"]


MOOD_META = DocumentMeta(doc_id="mood", title="CALMOVEN", doc_type="label", product="calmovenine", brand="CALMOVEN")
MOOD = [
    ("1 INDICATIONS AND USAGE > 1.1 Major Depressive Disorder", IND,
     "CALMOVEN is indicated for the treatment of major depressive disorder in adults and pediatric patients 12 "
     "years of age and older."),
    ("1 INDICATIONS AND USAGE > 1.2 Generalized Anxiety Disorder", IND,
     "CALMOVEN is indicated for the treatment of generalized anxiety disorder in adults."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dose of CALMOVEN is 10 mg once daily."),
]  # fmt: skip

ERECT_META = DocumentMeta(doc_id="erect", title="VIRAVEN", doc_type="label", product="viravenafil", brand="VIRAVEN")
ERECT = [
    ("1 INDICATIONS AND USAGE", IND, "VIRAVEN is indicated for the treatment of erectile dysfunction."),
    ("8 USE IN SPECIFIC POPULATIONS", ["42228-7"], "VIRAVEN is not indicated for use in women."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dose of VIRAVEN is 50 mg taken as needed."),
]  # fmt: skip


def test_a_question_about_the_population_boundary_is_not_a_use(settings: Settings) -> None:
    engine = engine_for(settings, MOOD_META, MOOD)
    assert not _flags(engine, "is calmoven approved for generalized anxiety disorder in teens or only in adults?",
                      "calmovenine")  # fmt: skip
    assert _flags(engine, "15 yo with generalized anxiety disorder - start calmoven?", "calmovenine")
    assert _flags(engine, "can I start calmoven in my 15 year old with generalized anxiety disorder, or is it only "
                  "for adults?", "calmovenine")  # fmt: skip
    erect = engine_for(settings, ERECT_META, ERECT)
    assert not _flags(erect, "Per its label, is viraven indicated for women?", "viravenafil")
    assert _flags(erect, "viraven for a woman with low libido?", "viravenafil")


def test_chart_history_markers_are_not_part_of_the_condition(settings: Settings) -> None:
    engine = engine_for(settings, GLU_META, GLU)
    assert not _flags(engine, "pt 54M h/o T2D x3y, eGFR 62, considering glucaven 500 bid", "glucavenide")
    assert not _flags(engine, "s/p cholecystectomy, h/o T2D - glucaven ok?", "glucavenide")
    assert _flags(engine, "h/o T2D, 8 yo - glucaven?", "glucavenide")


UTI_META = DocumentMeta(doc_id="uti", title="URIVEN", doc_type="label", product="urivenacin", brand="URIVEN")
UTI = [
    ("1 INDICATIONS AND USAGE", IND,
     "URIVEN is indicated for the treatment of female adult patients with uncomplicated urinary tract infections "
     "(uUTI) caused by susceptible Escherichia coli."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dose of URIVEN is 750 mg twice daily for 5 days."),
]  # fmt: skip


def test_a_chart_age_sex_token_names_the_patients_sex(settings: Settings) -> None:
    engine = engine_for(settings, UTI_META, UTI)
    assert _flags(engine, "28M with a urinary tract infection - uriven?", "urivenacin")
    assert not _flags(engine, "28F with a urinary tract infection - uriven?", "urivenacin")


def test_a_site_group_covers_its_infections_only(settings: Settings) -> None:
    engine = engine_for(settings, UTI_META, UTI)
    assert not _flags(engine, "acute cystitis in a 30 year old woman - uriven?", "urivenacin")
    assert _flags(engine, "acute pyelonephritis in a 30 year old woman - uriven?", "urivenacin")
    amox = engine_for(settings, AMOX_META, AMOX)
    assert not _flags(amox, "6 yo with acute otitis media, can amoxivent be used?", "amoxivenicillin")
    assert not _flags(amox, "adult with cellulitis - is amoxivent labeled for that?", "amoxivenicillin")
    assert _flags(amox, "amoxivent for bacterial meningitis in an adult?", "amoxivenicillin")
    assert _flags(amox, "amoxivent for atopic dermatitis in an adult?", "amoxivenicillin")


AMOX_META = DocumentMeta(doc_id="amox", title="AMOXIVENT", doc_type="label", product="amoxivenicillin",
                         brand="AMOXIVENT")  # fmt: skip
AMOX = [
    ("1 INDICATIONS AND USAGE > 1.1 Infections of the Ear, Nose, and Throat", IND,
     "Due to Streptococcus species or Haemophilus influenzae."),
    ("1 INDICATIONS AND USAGE > 1.2 Infections of the Skin and Skin Structure", IND,
     "Due to Streptococcus species or Staphylococcus species."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dose of AMOXIVENT is 500 mg every 12 hours."),
]  # fmt: skip


def test_administration_directions_are_not_read_as_claims() -> None:
    assert is_direction("A missed dose should be taken as soon as it is remembered that same day; patients "
                        "should not double up the following day.")  # fmt: skip
    assert is_direction("Swallow the capsules whole and take them at least 1 hour before a meal.")
    assert not is_direction("Just swallow it whole and it will wipe out the cancer for good.")
    assert not is_direction("Take control of your diabetes with it.")
    assert not is_direction("Start every patient on it today.")

    def certain(texts: Sequence[str]) -> np.ndarray:
        return np.ones(len(texts))  # the heads read every sentence as a claim

    rule = PromotionalRule(load_policy(None).promotional, probabilities=certain)
    direction = "If a dose is missed, take it as soon as possible on the same day; do not double the next dose."
    assert not rule.scan(direction, "answer")
    assert rule.scan("Taking it before meals guarantees heartburn never comes back.", "answer")
