"""Kidney stages named in words ("on hemodialysis", "ESRD", "severe renal insufficiency") on both
sides: a made-up label that limits by stage only, or by threshold only, and texts placing a patient
in a stage without a number."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.kidney_stages import stage_ranges, stage_values
from assistant.guardrails.label_limits import kidney_limits
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

META = DocumentMeta(doc_id="renx", title="RENAXA tablets", doc_type="label", product="renaxib", brand="RENAXA")
LABEL = [
    ("1 INDICATIONS AND USAGE", ["34067-9"],
     "RENAXA is indicated for the relief of the signs and symptoms of osteoarthritis in adults."),
    ("2 DOSAGE AND ADMINISTRATION", ["34068-7"],
     "The recommended dose is 100 mg orally once daily. No dosage adjustment is needed in mild or moderate "
     "renal impairment."),
    ("8.6 Renal Impairment", ["42228-7"],
     "RENAXA is not recommended in patients with severe renal insufficiency."),
]  # fmt: skip

META2 = DocumentMeta(doc_id="thrx", title="THRESHA tablets", doc_type="label", product="threshib", brand="THRESHA")
LABEL2 = [
    ("1 INDICATIONS AND USAGE", ["34067-9"],
     "THRESHA is indicated for the treatment of adults with moderately to severely active rheumatoid arthritis."),
    ("2 DOSAGE AND ADMINISTRATION", ["34068-7"],
     "The recommended dose is 2 mg orally once daily; 1 mg once daily for an eGFR between 30 and 60 "
     "mL/min/1.73 m2. THRESHA is not recommended for use in patients with an estimated GFR of less than "
     "30 mL/min/1.73 m2."),
]  # fmt: skip

META3 = DocumentMeta(doc_id="dial", title="DIALEX tablets", doc_type="label", product="dialexin", brand="DIALEX")
LABEL3 = [
    ("1 INDICATIONS AND USAGE", ["34067-9"],
     "DIALEX is indicated for the treatment of hypercholesterolemia in adults."),
    ("2 DOSAGE AND ADMINISTRATION", ["34068-7"],
     "The recommended dose is 140 mg every 2 weeks. Not recommended Not recommended In patients receiving "
     "hemodialysis, give the dose after the dialysis session."),
]  # fmt: skip


def _off_label(engine: GuardrailEngine, text: str, product: str, kind: str = "question") -> bool:
    result = engine.check(text, kind=kind, product=product)  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_stage_words_are_read_as_kidney_bands() -> None:
    assert [v for v, _, _ in stage_values("RA patient on hemodialysis three times a week")] == [10.0]
    assert [v for v, _, _ in stage_values("an ESRD patient with severe renal impairment")] == [10.0, 22.0]
    assert [v for v, _, _ in stage_values("an adult on renal replacement therapy")] == [10.0]
    assert stage_values("a patient not on dialysis") == []
    assert stage_values("he developed acute renal failure") == []
    assert stage_ranges("RENAXA is not recommended in patients with severe renal insufficiency.") == [(0.0, 30.0)]
    assert stage_ranges("Avoid use of X in patients with kidney failure, including those receiving dialysis.") != []
    assert stage_ranges("Not recommended In patients receiving hemodialysis, give the dose after dialysis.") == []
    assert stage_ranges("Discontinue X if renal failure develops.") == []
    limits = kidney_limits(["Avoid use of X in patients with severe renal impairment (eGFR <30 mL/min)."])
    assert {(k.low, k.high) for k in limits} == {(0.0, 30.0)}


def test_a_patient_in_a_stage_the_label_does_not_recommend_is_off_label(settings: Settings) -> None:
    eng = engine_for(settings, META, LABEL)
    assert _off_label(eng, "Osteoarthritis patient on peritoneal dialysis: ok to start renaxib?", "renaxib")
    assert _off_label(eng, "Renaxib is a good choice for OA in patients with ESRD.", "renaxib", "answer")
    assert not _off_label(eng, "Renaxib for OA in a patient with moderate renal impairment?", "renaxib")
    assert not _off_label(eng, "What does the label say about renaxib in severe renal insufficiency?", "renaxib")
    assert not _off_label(eng, "Does renaxib need a dose adjustment in ESRD?", "renaxib")
    assert not _off_label(eng, "Was renaxib studied in patients on hemodialysis?", "renaxib")
    assert not _off_label(eng, "renaxib in severe renal insufficiency?", "renaxib")  # where the population ends
    eng2 = engine_for(settings, META2, LABEL2)
    assert _off_label(eng2, "RA patient on hemodialysis - can he start threshib 1 mg?", "threshib")
    assert not _off_label(eng2, "RA patient with eGFR 45 - threshib 1 mg daily?", "threshib")


def test_a_dosing_table_for_dialysis_patients_is_no_limit(settings: Settings) -> None:
    eng = engine_for(settings, META3, LABEL3)
    assert not _off_label(eng, "Hypercholesterolemia, on hemodialysis: dialexin 140 mg every 2 weeks?", "dialexin")
