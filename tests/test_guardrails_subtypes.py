"""Sub-types of a labelled condition (see :mod:`assistant.guardrails.subtypes`): another numbered
group, the other side of primary/secondary or hereditary/acquired, a cause no indication names, and
a population only one qualified indication admits. Each has an on-label counterpart. Invented labels."""

from __future__ import annotations

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

IND, DOSE = ["34067-9"], ["34068-7"]


def _engine(settings: Settings, product: str, indication: str) -> GuardrailEngine:
    meta = DocumentMeta(doc_id=product, title=f"{product} label", doc_type="label", product=product,
                        brand=product.upper())  # fmt: skip
    label = [
        ("1 INDICATIONS AND USAGE", IND, indication),
        ("2 DOSAGE AND ADMINISTRATION", DOSE, f"The recommended dose of {product.upper()} is 40 mg once daily."),
    ]
    return engine_for(settings, meta, label)


def _flags(engine: GuardrailEngine, product: str, text: str, kind: str = "question") -> bool:
    result = engine.check(text, kind=kind, product=product)  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_another_numbered_group_of_the_labelled_condition(settings: Settings) -> None:
    engine = _engine(settings, "pulvotar", "PULVOTAR is indicated for the treatment of adults with pulmonary "
                     "arterial hypertension (PAH, WHO Group 1) to improve exercise capacity.")  # fmt: skip
    assert _flags(engine, "pulvotar", "pulvotar for group 3 pulmonary hypertension from COPD?")
    assert _flags(engine, "pulvotar", "Pulvotar is used for WHO group 4 pulmonary hypertension.", "answer")
    assert not _flags(engine, "pulvotar", "pulvotar dose for WHO group 1 pulmonary arterial hypertension?")
    assert _flags(engine, "pulvotar", "pulvotar for pulmonary hypertension due to interstitial lung disease?")
    assert not _flags(engine, "pulvotar", "pulvotar for PAH associated with systemic sclerosis?")


def test_the_other_side_of_primary_or_hereditary(settings: Settings) -> None:
    engine = _engine(settings, "mensodol", "MENSODOL is indicated for the treatment of primary dysmenorrhea.")
    assert _flags(engine, "mensodol", "mensodol for secondary dysmenorrhea from adenomyosis?")
    assert not _flags(engine, "mensodol", "mensodol dose for primary dysmenorrhea?")
    engine = _engine(settings, "fosfara", "FOSFARA is indicated for X-linked hypophosphatemia in adults.")
    assert _flags(engine, "fosfara", "fosfara for acquired hypophosphatemia in an adult?")
    assert not _flags(engine, "fosfara", "fosfara for X-linked hypophosphatemia in a 40 year old?")


def test_a_cause_no_indication_names(settings: Settings) -> None:
    engine = _engine(settings, "menorel", "MENOREL is indicated for the management of heavy menstrual bleeding "
                     "associated with uterine leiomyomas (fibroids) in premenopausal women.")  # fmt: skip
    assert _flags(engine, "menorel", "menorel for heavy menstrual bleeding caused by a platelet function defect?")
    assert not _flags(engine, "menorel", "menorel for heavy menstrual bleeding caused by fibroids in a 40 year old?")


def test_a_population_only_the_qualified_indication_admits(settings: Settings) -> None:
    engine = _engine(settings, "lipocor", "LIPOCOR is indicated as an adjunct to diet to reduce LDL-C in adults "
                     "with hypercholesterolemia. LIPOCOR is indicated in adults and pediatric patients aged 10 years "
                     "and older with familial hypercholesterolemia.")  # fmt: skip
    assert _flags(engine, "lipocor", "lipocor for a 13-year-old with non-familial hypercholesterolemia?")
    assert not _flags(engine, "lipocor", "lipocor for a 13-year-old with familial hypercholesterolemia?")
    assert not _flags(engine, "lipocor", "lipocor for a 50-year-old with non-familial hypercholesterolemia?")


def test_a_question_naming_both_sides_asks_about_the_boundary(settings: Settings) -> None:
    engine = _engine(settings, "homolip", "HOMOLIP is indicated to reduce LDL-C in adults with homozygous "
                     "familial hypercholesterolemia (HoFH).")  # fmt: skip
    assert _flags(engine, "homolip", "homolip for an adult with heterozygous familial hypercholesterolemia?")
    assert not _flags(engine, "homolip", "Is homolip approved for heterozygous FH, or only HoFH?")
