"""A question about a combination the label restricts asks about the restriction, unless it names
what the combination is for or asks for a dose; an answer presenting it is still off-label.
Invented label and texts."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.combination import asks_about_restriction
from assistant.guardrails.engine import GuardrailEngine
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

IND, DOSE, DI = ["34067-9"], ["34068-7"], ["34073-7"]
META = DocumentMeta(doc_id="zorv", title="ZORVAN", doc_type="label", product="zorvatan", brand="ZORVAN")
LABEL = [
    ("1 INDICATIONS AND USAGE", IND, "ZORVAN is indicated for the treatment of chronic heart failure in adults."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE, "The recommended dose of ZORVAN is 50 mg twice daily orally."),
    ("7 DRUG INTERACTIONS", DI, "Do not give ZORVAN with aliskiren to patients with diabetes."),
]


def _flags(engine: GuardrailEngine, text: str, kind: str = "question") -> bool:
    result = engine.check(text, kind=kind, product="zorvatan")  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_a_question_about_a_restricted_combination_asks_about_the_restriction(settings: Settings) -> None:
    engine = engine_for(settings, META, LABEL)
    assert not _flags(engine, "zorvan with aliskiren in a diabetic?")
    assert not _flags(engine, "can zorvan be taken together with aliskiren?")
    assert _flags(engine, "combine zorvan with aliskiren for resistant hypertension?")
    assert _flags(engine, "what dose of zorvan with aliskiren?")
    assert _flags(engine, "Give ZORVAN with aliskiren to patients with diabetes.", kind="answer")


def test_purpose_and_dose_requests_are_read_from_the_partner_sentence() -> None:
    text = "can the patch be worn together with a vaginal ring?"
    assert asks_about_restriction(text, text.index("vaginal ring"))
    text = "zorvatan as an add-on to lithium?"
    assert not asks_about_restriction(text, text.index("lithium"))
