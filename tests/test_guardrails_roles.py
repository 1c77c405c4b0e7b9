"""The product's role in therapy: a timing its dosing never gives, or a required partner replaced.

Invented labels (no real product); the checks read only the label's own Indications and Dosage
and Administration sections."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

MEAL = DocumentMeta(doc_id="prand", title="PRANDA inhalation powder", doc_type="label", product="insulin demo",
                    brand="PRANDA")  # fmt: skip
MEAL_LABEL = [
    ("1 INDICATIONS AND USAGE", ["34067-9"],
     "PRANDA is a rapid acting inhaled insulin indicated to improve glycemic control in adults with diabetes."),
    ("2 DOSAGE AND ADMINISTRATION", ["34068-7"],
     "Administer PRANDA at the beginning of each meal. Start PRANDA at 4 units at each meal."),
    ("5 WARNINGS AND PRECAUTIONS", ["43685-7"],
     "Patients with type 1 diabetes must always use PRANDA in combination with basal insulin."),
]  # fmt: skip
PARTNER = DocumentMeta(doc_id="partn", title="PARTNA injection", doc_type="label", product="partnamab", brand="PARTNA")
PARTNER_LABEL = [
    ("1 INDICATIONS AND USAGE", ["34067-9"],
     "PARTNA is indicated, in combination with cisplatin, for the treatment of adults with metastatic gastric "
     "adenocarcinoma."),
    ("2 DOSAGE AND ADMINISTRATION", ["34068-7"],
     "Administer PARTNA at 6 mg/kg by intravenous infusion every 3 weeks."),
]  # fmt: skip


@pytest.fixture()
def meal(settings: Settings) -> GuardrailEngine:
    return engine_for(settings, MEAL, MEAL_LABEL)


@pytest.fixture()
def partner(settings: Settings) -> GuardrailEngine:
    return engine_for(settings, PARTNER, PARTNER_LABEL)


@pytest.mark.parametrize(
    "text",
    [
        "PRANDA can be inhaled at bedtime as a basal insulin.",
        "PRANDA works well taken two hours after the meal.",
        "PRANDA can serve as a once-daily long-acting insulin.",
    ],
)
def test_a_timing_the_dosing_never_gives_is_blocked_in_an_answer(meal: GuardrailEngine, text: str) -> None:
    result = meal.check(text, kind="answer", product="insulin demo")
    assert result.decision == "block" and any(f.rule == "off_label" for f in result.findings)


def test_a_question_about_another_timing_gets_a_notice(meal: GuardrailEngine) -> None:
    result = meal.check("Can PRANDA be used as a basal insulin once a day?", kind="question", product="insulin demo")
    assert result.decision == "allow_with_notice"


@pytest.mark.parametrize(
    "text",
    [
        "PRANDA is inhaled at the beginning of each meal [1].",
        "In type 1 diabetes, PRANDA is used with a basal insulin [1].",
        "PRANDA and basal insulin lowered HbA1c in the trial [1].",
        "PRANDA is not a basal insulin [1].",
    ],
)
def test_the_labels_own_timing_and_its_partner_pass(meal: GuardrailEngine, text: str) -> None:
    assert meal.check(text, kind="answer", product="insulin demo").decision == "allow"


def test_the_required_partner_dropped_is_blocked(meal: GuardrailEngine) -> None:
    text = "In type 1 diabetes, PRANDA can be used alone; stop the basal insulin."
    assert meal.check(text, kind="answer", product="insulin demo").decision == "block"


def test_replacing_the_required_partner_is_blocked(partner: GuardrailEngine) -> None:
    result = partner.check("PARTNA can replace cisplatin in metastatic gastric cancer.", kind="answer",
                           product="partnamab")  # fmt: skip
    assert result.decision == "block" and any("cisplatin" in f.message for f in result.findings)


def test_the_partner_stated_as_labelled_passes(partner: GuardrailEngine) -> None:
    text = "PARTNA is given in combination with cisplatin for metastatic gastric adenocarcinoma [1]."
    assert partner.check(text, kind="answer", product="partnamab").decision == "allow"


SCHEDULE = DocumentMeta(doc_id="sched", title="SCHEDA injection", doc_type="label", product="schedamab", brand="SCHEDA")
SCHEDULE_LABEL = [
    ("1 INDICATIONS AND USAGE", ["34067-9"], "SCHEDA is indicated for adults with active Crohn's disease."),
    ("2 DOSAGE AND ADMINISTRATION", ["34068-7"],
     "Administer SCHEDA 300 mg by intravenous infusion at 0, 2 and 6 weeks and then every 8 weeks thereafter. "
     "Apply the SCHEDA patch twice weekly."),
]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "SCHEDA maintenance infusions every 12 weeks work just as well as every 8 weeks.",
        "The SCHEDA patch can be applied once weekly instead of twice weekly.",
    ],
)
def test_a_schedule_the_label_does_not_give_is_blocked(settings: Settings, text: str) -> None:
    engine = engine_for(settings, SCHEDULE, SCHEDULE_LABEL)
    assert engine.check(text, kind="answer", product="schedamab").decision == "block"


def test_the_labelled_schedule_and_a_monitoring_interval_pass(settings: Settings) -> None:
    engine = engine_for(settings, SCHEDULE, SCHEDULE_LABEL)
    for text in ("After the first three doses, SCHEDA is infused every 8 weeks [1].",
                 "The SCHEDA patch is applied twice weekly [1].",
                 "Check liver tests every 3 months during SCHEDA treatment [1]."):  # fmt: skip
        assert engine.check(text, kind="answer", product="schedamab").decision == "allow", text


def test_a_parenthesised_dose_does_not_cut_the_schedule_from_the_dose_it_restates() -> None:
    from assistant.guardrails.label_dosing import regimens

    found = regimens("The recommended dosage is 1,500 mg (two 750 mg tablets) taken orally, twice daily for 5 days.")
    assert [(r.dose, r.frequency) for r in found] == [(1500.0, "bid"), (750.0, "bid")]
