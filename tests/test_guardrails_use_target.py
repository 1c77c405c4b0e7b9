"""Off-label rail, whose use is it: the product's, another medicine's, or a comorbidity's context?
And population/dosing limits read from the structure of invented labels (a PLR label and an
OTC Drug Facts label), so the expectations follow from the label wording below, not from a list.
"""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.guardrails.abbreviations import defined_abbreviations
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_profile import build_profiles
from assistant.types import Chunk, DocumentMeta

RX = DocumentMeta(doc_id="dorav-label", title="DORAVEX (doravexin) tablets", doc_type="label",
                  product="doravexin", brand="DORAVEX")  # fmt: skip
RX_LABEL = [
    ("Indications and Usage", "34067-9", "DORAVEX is indicated for the treatment of chronic plaque psoriasis (CPP)."),
    ("Dosage and Administration", "34068-7", "The recommended dose is 20 mg taken once daily with water."),
    ("Use in Specific Populations > Pediatric Use", "34081-0",
     "Safety and effectiveness of DORAVEX tablets in pediatric patients have not been established. DORAVEX is not "
     "recommended in pediatric patients with renal failure."),
    ("Drug Interactions", "34073-7",
     "Monoamine oxidase inhibitors (MAOIs) increase exposure; reduce the dose of DORAVEX tablets to 10 mg."),
]  # fmt: skip
OTC = DocumentMeta(doc_id="kidcough-label", title="KIDCOUGH syrup", doc_type="label",
                   product="tussilin", brand="KIDCOUGH")  # fmt: skip
OTC_LABEL = [
    ("Uses", "34067-9", "temporarily relieves cough due to a cold"),
    ("Stop use and ask a doctor if", "50566-9", "cough persists for more than 5 days"),
    ("Directions", "34068-7",
     "may be given every 6 hours. Do not give more than 4 doses in 24 hours. children under 4 years of age do not "
     "use children 4 to under 10 years of age 1 teaspoonful (5 mL)"),
]  # fmt: skip


def _chunks(meta: DocumentMeta, label: list[tuple[str, str, str]]) -> list[Chunk]:
    return [
        Chunk(chunk_id=f"{meta.doc_id}:{i}", doc_id=meta.doc_id, text=text, ordinal=i, section=section,
              section_code=code, meta=meta)
        for i, (section, code, text) in enumerate(label)
    ]  # fmt: skip


@pytest.fixture(scope="module")
def engine() -> GuardrailEngine:
    eng = GuardrailEngine(Settings())
    chunks = _chunks(RX, RX_LABEL) + _chunks(OTC, OTC_LABEL)
    eng.set_profiles(build_profiles(chunks, eng.policy.off_label))
    return eng


def _rule(engine: GuardrailEngine, text: str, product: str, kind: str = "question") -> bool:
    result = engine.check(text, kind=kind, product=product)  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)


def test_the_label_defines_its_own_abbreviations() -> None:
    found = defined_abbreviations("treatment of erectile dysfunction (ED) and monoamine oxidase inhibitors (MAOIs)")
    assert found == {"ED": "erectile dysfunction", "MAOI": "monoamine oxidase inhibitors"}


@pytest.mark.parametrize(
    "text",
    [
        "My patient takes an MAOI for depression; can he start Doravex for his CPP?",
        "A psoriasis patient is on metformin for diabetes. What is the Doravex dose?",
        "He uses an alpha-blocker for his enlarged prostate; is Doravex ok for his psoriasis?",
        "An adult with chronic plaque psoriasis also has lupus. Can she take Doravex?",
        "Does Doravex work for plaque psoriasis in men with diabetes?",
    ],
)
def test_conditions_another_medicine_treats_or_comorbidities_are_context(engine: GuardrailEngine, text: str) -> None:
    assert not _rule(engine, text, "doravexin")


@pytest.mark.parametrize(
    "text",
    [
        "Can Doravex be used for lupus?",
        "Is Doravex approved for eczema symptoms?",
        "Is Doravex better than methotrexate for lupus?",
        "Can Doravex be given to a 12-year-old with psoriasis?",
    ],
)
def test_uses_of_the_product_itself_are_still_flagged(engine: GuardrailEngine, text: str) -> None:
    assert _rule(engine, text, "doravexin")


def test_a_qualified_pediatric_statement_does_not_hide_the_general_one(engine: GuardrailEngine) -> None:
    population = engine.profiles["doravexin"].population
    assert population.min_age_years == 18.0
    assert "have not been established" in population.age_quote


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Give the syrup every 3 hours for a bad cough.", True),
        ("Give this syrup every 6 hours, no more than 4 doses in 24 hours [1].", False),
        ("Can I give it 6 times a day?", True),
        ("Can adults take this syrup for a cough?", True),
        ("Can my 12 year old take this for a cough?", True),
        ("Can my 8 year old take this for a cough?", False),
        ("Can I keep giving it for 2 weeks?", True),
    ],
)
def test_otc_directions_set_interval_age_and_duration_limits(engine: GuardrailEngine, text: str, flagged: bool) -> None:
    kind = "answer" if text.endswith("[1].") or text.startswith("Give") else "question"
    assert _rule(engine, text, "tussilin", kind=kind) is flagged
