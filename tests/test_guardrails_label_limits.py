"""Kidney-function thresholds and forbidden administration methods read from any section of a
made-up label, and applied only to texts that place a patient inside them or propose the method."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_limits import forbidden_methods, forbidden_values, kidney_limits, kidney_values
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

META = DocumentMeta(doc_id="glyco", title="GLYCOREX tablets", doc_type="label", product="glycorin", brand="GLYCOREX")
LABEL = [
    ("1 INDICATIONS AND USAGE", ["34067-9"],
     "GLYCOREX is indicated to improve glycemic control in adults with type 2 diabetes mellitus."),
    ("2 DOSAGE AND ADMINISTRATION", ["34068-7"],
     "The recommended starting dose is 500 mg orally twice daily or 100 mg as an intravenous infusion over 30 "
     "minutes. Initiation of GLYCOREX in patients with an eGFR "
     "between 30 to 45 mL/minute/1.73 m2 is not recommended. The 1000 mg tablet should not be used in patients "
     "with a CrCl below 50 mL/min. Do not administer as an intravenous push or bolus."),
    ("4 CONTRAINDICATIONS", ["34070-3"],
     "GLYCOREX is contraindicated in patients with an eGFR below 30 mL/minute/1.73 m2."),
]  # fmt: skip


def _engine(settings: Settings) -> GuardrailEngine:
    return engine_for(settings, META, LABEL)


def _off_label(engine: GuardrailEngine, text: str, kind: str = "question") -> bool:
    result = engine.check(text, kind=kind, product="glycorin")  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_thresholds_and_methods_are_read_from_label_sentences() -> None:
    initiation = "Initiation in patients with an eGFR between 30 to 45 mL/minute/1.73 m2 is not recommended."
    limits = kidney_limits([initiation, "Contraindicated in patients with an eGFR below 30 mL/min/1.73 m2."])
    assert {(k.low, k.high, k.initiation) for k in limits} == {(30.0, 45.0, True), (0.0, 30.0, False)}
    assert [v for v, _, _ in kidney_values("a patient whose eGFR is 25 and CrCl under 40")] == [25.0, 39.9]
    assert forbidden_values(limits, 35.0, "continue at eGFR 35") == []
    assert forbidden_values(limits, 35.0, "start at eGFR 35") != []
    assert set(forbidden_methods(["Do not administer as an intravenous push or bolus."])) == {"push", "bolus"}
    assert forbidden_methods(["Give a bolus of saline before the infusion."]) == {}


def test_a_patient_inside_a_forbidden_threshold_is_off_label(settings: Settings) -> None:
    eng = _engine(settings)
    assert _off_label(eng, "Is glycorin okay for a patient whose eGFR is 25 mL/min/1.73 m2?")
    assert _off_label(eng, "Can glycorin be started in a patient with an eGFR of 35?")
    assert _off_label(eng, "Glycorin can be initiated in patients with an eGFR of 38 [1].", "answer")
    assert _off_label(eng, "Can the 1000 mg glycorin tablet be used when CrCl is 40 mL/min?")
    assert _off_label(eng, "Can glycorin be given as an IV push?")


def test_allowed_values_and_questions_about_the_limit_are_not_flagged(settings: Settings) -> None:
    eng = _engine(settings)
    assert not _off_label(eng, "Is glycorin okay for a patient whose eGFR is 70?")
    assert not _off_label(eng, "Can a patient already on glycorin continue when the eGFR is 40?")
    assert not _off_label(eng, "Can the 500 mg glycorin tablet be used when CrCl is 40 mL/min?")
    assert not _off_label(eng, "What should happen if the eGFR falls below 30 on glycorin?")
    assert not _off_label(eng, "Why shouldn't glycorin be given as an IV push?")
