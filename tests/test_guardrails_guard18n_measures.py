"""Measured windows that define who or what a label approves — birth weight and gestational age,
a daily-dose threshold, cell counts below which initiation is not recommended, weight-band doses
and the lowest dosed weight — read from invented labels and compared with the quantity a text
states about the patient. Each out-of-window case has an in-window counterpart that stays allowed."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_profile import build_profiles
from assistant.guardrails.measures import label_windows, text_measures
from assistant.types import Chunk, DocumentMeta
from tests.label_engines import engine_for

IND, DOSE, WARN, PEDS = ["34067-9"], ["34068-7"], ["43685-7"], ["43684-0", "34081-0"]


def _flags(engine: GuardrailEngine, product: str, text: str, kind: str = "question") -> list[str]:
    result = engine.check(text, kind=kind, product=product)  # type: ignore[arg-type]
    return [f.message for f in result.findings if f.rule == "off_label"]


NEO = DocumentMeta(doc_id="duct", title="DUCTALIN injection", doc_type="label", product="ductalin", brand="DUCTALIN")
NEO_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "DUCTALIN is indicated to close a clinically significant patent ductus arteriosus in premature infants "
     "with a birth weight between 600 and 1400 g who are no more than 31 weeks gestational age when usual "
     "medical management is ineffective."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "Give a course of three doses intravenously: 10 mg/kg, then 5 mg/kg after 24 and 48 hours."),
    ("5 WARNINGS AND PRECAUTIONS", WARN,
     "In a trial, infants of 24 to 34 weeks gestational age weighing up to 2000 g were enrolled."),
]  # fmt: skip


def test_birth_weight_and_gestational_age_windows(settings: Settings) -> None:
    engine = engine_for(settings, NEO, NEO_LABEL)
    outside = [
        "ductalin for a 1700 g preterm with PDA?",
        "Can ductalin close the PDA of an infant born at 34 weeks gestation?",
        "ductalin for a PDA in a baby with a birth weight of 1.6 kg?",
    ]
    inside = [
        "ductalin for a 900 g preterm with PDA after fluid restriction failed?",
        "Can ductalin close the PDA of an infant born at 28 weeks gestation weighing 1100 g?",
        "ductalin for a 30 weeks GA baby with a birth weight of 1,400 g and a PDA?",
    ]
    assert [t for t in outside if not _flags(engine, "ductalin", t)] == []
    assert [t for t in inside if _flags(engine, "ductalin", t)] == []
    message = _flags(engine, "ductalin", outside[1])[0]
    assert "31 weeks" in message


INS = DocumentMeta(doc_id="conc", title="CONCENTRIN U-300", doc_type="label", product="concentrin", brand="CONCENTRIN")
INS_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "CONCENTRIN is indicated to improve glycemic control in adults and pediatric patients with diabetes "
     "mellitus requiring more than 150 units of insulin per day."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "Inject CONCENTRIN subcutaneously two or three times daily before meals."),
    ("12 CLINICAL PHARMACOLOGY", ["34090-1"],
     "Healthy volunteers received a single dose of 30 units."),
]  # fmt: skip


def test_daily_dose_threshold(settings: Settings) -> None:
    engine = engine_for(settings, INS, INS_LABEL)
    assert _flags(engine, "concentrin", "concentrin for a T2D patient needing 90 units/day?")
    assert _flags(engine, "concentrin", "Start concentrin in a patient on a total daily dose of 60 units.", "answer")
    assert not _flags(engine, "concentrin", "concentrin for a T2D patient needing 220 units/day?")
    assert not _flags(engine, "concentrin", "Patient requires 180 units a day of insulin; is concentrin suitable?")
    assert not _flags(engine, "concentrin", "What is the max dose of concentrin per injection, 30 units?")


LAB = DocumentMeta(doc_id="jak", title="JANUXA tablets", doc_type="label", product="januxitinib", brand="JANUXA")
LAB_LABEL = [
    ("1 INDICATIONS AND USAGE", IND, "JANUXA is indicated for adults with active rheumatoid arthritis."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "JANUXA initiation is not recommended in patients with an absolute neutrophil count (ANC) <1000 cells/µL "
     "or a platelet count less than 100,000 cells/mm3. The recommended dose is 2 mg once daily."),
]  # fmt: skip


def test_counts_below_an_initiation_threshold(settings: Settings) -> None:
    engine = engine_for(settings, LAB, LAB_LABEL)
    assert _flags(
        engine, "januxitinib", "Januxa can be initiated in RA patients with an ANC of 800 cells/uL.", "answer"
    )
    assert _flags(engine, "januxitinib", "RA patient with platelets 70,000/mm3 - start januxitinib?")
    assert not _flags(engine, "januxitinib", "RA patient, ANC 1500 cells/uL - can januxitinib be initiated?")
    assert not _flags(engine, "januxitinib", "Why is januxitinib not started when the ANC is below 1000?")


PED = DocumentMeta(doc_id="cox", title="ARTHRIZOL capsules", doc_type="label", product="arthrizol", brand="ARTHRIZOL")
PED_LABEL = [
    ("1 INDICATIONS AND USAGE", IND,
     "ARTHRIZOL is indicated for the relief of the signs and symptoms of juvenile arthritis in patients 2 years "
     "and older."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "For juvenile arthritis the dosage is based on weight. For patients ≥8 kg to ≤20 kg the recommended dose "
     "is 25 mg twice daily. For patients >20 kg the recommended dose is 75 mg twice daily."),
]  # fmt: skip


def test_weight_band_doses_and_lowest_dosed_weight(settings: Settings) -> None:
    engine = engine_for(settings, PED, PED_LABEL)
    assert _flags(engine, "arthrizol", "A 15 kg child with juvenile arthritis should take arthrizol 75 mg twice daily.",
                  "answer")  # fmt: skip
    assert _flags(engine, "arthrizol", "Juvenile arthritis patient who weighs 6 kg - can arthrizol be used?")
    assert not _flags(engine, "arthrizol", "Juvenile arthritis patient who weighs 22 kg - can arthrizol be used?")
    assert not _flags(engine, "arthrizol", "For a 30 kg child with juvenile arthritis, arthrizol 75 mg twice daily.",
                      "answer")  # fmt: skip
    assert not _flags(
        engine, "arthrizol", "arthrizol 25 mg twice daily for a 12 kg 3-year-old with juvenile arthritis?"
    )


def test_windows_come_from_use_statements_not_trials_or_pharmacology() -> None:
    windows = label_windows(tuple(text for _, _, text in NEO_LABEL), tuple(text for _, _, text in NEO_LABEL[:1]))
    gestation = [w for w in windows if w.measure == "gestational_weeks"]
    assert gestation and all(w.high == 31 for w in gestation)  # not the trial's 24 to 34 weeks
    weights = [w for w in windows if w.measure == "weight_kg"]
    assert weights and all((w.low, w.high) == (0.6, 1.4) for w in weights)
    assert [m.value for m in text_measures("born at 34 weeks' gestation, now 1,250 g")] == [34.0, 1.25]
    assert text_measures("LDL-C fell by 30 units") == []


GLU_A = DocumentMeta(doc_id="inh", title="INHALIN inhalation powder", doc_type="label", product="glucozin human",
                     brand="INHALIN")  # fmt: skip
GLU_B = DocumentMeta(doc_id="c400", title="GLUCOZIN R C-400", doc_type="label", product="glucozin",
                     brand="GLUCOZIN R C-400")  # fmt: skip


def test_a_brand_word_in_the_product_argument_picks_that_label(settings: Settings) -> None:
    """'glucozin human C-400' names the concentrated label by its brand's strength word, not the
    inhaled label whose generic ('glucozin human') it contains."""
    rows = [
        (GLU_A, "1 INDICATIONS AND USAGE", "INHALIN is indicated to improve glycemic control in adults with diabetes."),
        (GLU_B, "1 INDICATIONS AND USAGE",
         "GLUCOZIN R C-400 is indicated to improve glycemic control in adults and pediatric patients with "
         "diabetes requiring more than 150 units of insulin per day."),
    ]  # fmt: skip
    chunks = [
        Chunk(chunk_id=f"{meta.doc_id}:0", doc_id=meta.doc_id, text=text, ordinal=0, section=section,
              section_code="34067-9", section_codes=["34067-9"], meta=meta)
        for meta, section, text in rows
    ]  # fmt: skip
    engine = GuardrailEngine(settings)
    engine.set_profiles(build_profiles(chunks, engine.policy.off_label))
    assert _flags(engine, "glucozin human C-400", "C-400 for a patient needing 90 units/day?")
    assert not _flags(engine, "glucozin human C-400", "C-400 for a patient needing 240 units/day?")
    inhaled = _flags(engine, "glucozin human", "INHALIN for a patient needing 90 units/day?")
    assert not [m for m in inhaled if "units/day" in m]  # the inhaled label sets no daily threshold
