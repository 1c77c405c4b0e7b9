"""Off-label false positives from words that are not the product's regimen or purpose: a period that
belongs to a condition ("her cramps come back every month"), a quantity read as a purpose ("for a total
of 10 days"), and a dose threshold the label itself states ("at doses above 200 mg"). Each has its
counterpart that stays flagged. Invented labels only."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

IND, DOSE, WARN = ["34067-9"], ["34068-7"], ["43685-7"]
META = DocumentMeta(doc_id="tarv", title="TARVENA tablets", doc_type="label", product="tarvenol", brand="TARVENA")
LABEL = [
    ("1 INDICATIONS AND USAGE", IND, "TARVENA is indicated for the treatment of primary dysmenorrhea in adults."),
    ("2 DOSAGE AND ADMINISTRATION", DOSE,
     "The recommended dose of TARVENA is 20 mg once daily for a total of 5 days. The maximum dose is 40 mg."),
    ("5 WARNINGS AND PRECAUTIONS > 5.1 QT Prolongation", WARN,
     "QT prolongation has occurred more often with higher dose treatment (> 200 mg/day)."),
]  # fmt: skip


def _flags(engine: GuardrailEngine, text: str, kind: str) -> bool:
    result = engine.check(text, kind=kind, product="tarvenol")  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_words_that_are_not_the_regimen_or_a_purpose_are_allowed(settings: Settings) -> None:
    engine = engine_for(settings, META, LABEL)
    ok = [
        ("Her cramps come back every month; what is the tarvenol dose for primary dysmenorrhea?", "question"),
        ("TARVENA is given 20 mg once daily for a total of 5 days [1].", "answer"),
        ("What ECG monitoring does the label advise at doses above 200 mg of tarvenol?", "question"),
    ]
    assert [t for t, kind in ok if _flags(engine, t, kind)] == []


def test_the_counterparts_stay_flagged(settings: Settings) -> None:
    engine = engine_for(settings, META, LABEL)
    flagged = [
        ("Can tarvenol be taken every month for primary dysmenorrhea?", "question"),
        ("Can we go above 200 mg of tarvenol a day for her cramps?", "question"),
        ("What does the label say about tarvenol at doses above 300 mg?", "question"),
    ]
    assert [t for t, kind in flagged if not _flags(engine, t, kind)] == []
