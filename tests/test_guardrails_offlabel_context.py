"""Off-label rail on an invented label built in the test: risk context, cited sources,
combination classes, regimens, durations, ages, purposes and unknown conditions.

Every expectation follows from the invented label's wording below, not from a product
list, so the rules are shown to generalise to a label the rail has never seen.
"""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_profile import build_profiles
from assistant.types import Chunk, DocumentMeta

META = DocumentMeta(doc_id="velor-label", title="VELOR (velorimab) tablets", doc_type="label",
                    product="velorimab", brand="VELOR")  # fmt: skip
LABEL = [
    ("Indications and Usage > Plaque Psoriasis", "34067-9",
     "VELOR is indicated for the treatment of adults with moderate to severe plaque psoriasis."),
    ("Indications and Usage > Juvenile Arthritis", "34067-9",
     "VELOR is indicated for active juvenile idiopathic arthritis in patients 6 years of age and older."),
    ("Indications and Usage > Limitations of Use", "34067-9",
     "Use of VELOR in combination with biologic DMARDs is not recommended."),
    ("Dosage and Administration > Plaque Psoriasis", "34068-7",
     "The recommended dosage is 150 mg orally once daily. VELOR may be used in combination with methotrexate."),
    ("Dosage and Administration > Juvenile Arthritis", "34068-7", "The recommended dosage is 75 mg orally once daily."),
    ("Dosage and Administration > Drug Interactions", "34068-7",
     "Avoid coadministration with strong CYP3A4 inducers. If concomitant use is unavoidable, increase VELOR to "
     "300 mg once daily."),
    ("Dosage and Administration > Duration", "34068-7", "Limit use to 12 months."),
    ("Contraindications", "34070-3",
     "VELOR is contraindicated in patients with a history of angioedema. Do not coadminister VELOR with aliskiren "
     "in patients with diabetes."),
    ("Adverse Reactions", "34084-4", "Hypoglycemia occurred in patients with diabetes. Headache occurred in 4%."),
]  # fmt: skip


@pytest.fixture
def engine(settings: Settings) -> GuardrailEngine:
    chunks = [
        Chunk(chunk_id=f"velor:{i}", doc_id=META.doc_id, text=text, ordinal=i, section=section,
              section_code=code, meta=META)
        for i, (section, code, text) in enumerate(LABEL)
    ]  # fmt: skip
    eng = GuardrailEngine(settings)
    eng.set_profiles(build_profiles(chunks, eng.policy.off_label))
    return eng


def _off_label_spans(engine: GuardrailEngine, text: str, kind: str = "question", **kw: object) -> list[str]:
    result = engine.check(text, kind=kind, product="velorimab", **kw)  # type: ignore[arg-type]
    return [f.span for f in result.findings if f.rule == "off_label"]


@pytest.mark.parametrize(
    "text",
    [
        "VELOR is contraindicated in patients with a history of angioedema [1].",
        "Do not coadminister VELOR with aliskiren in patients with diabetes [1].",
        "Hypoglycemia occurred in patients with diabetes taking VELOR [1].",
        "Avoid VELOR in patients with severe hepatic impairment.",
        "Monitor all patients on VELOR for angioedema.",
    ],
)
def test_conditions_in_risk_context_are_not_uses(engine: GuardrailEngine, text: str) -> None:
    assert _off_label_spans(engine, text, kind="answer") == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("VELOR works well for diabetes.", "diabetes"),
        ("In patients with diabetes, VELOR improves glucose control.", "diabetes"),
        ("VELOR can be used for angioedema.", "angioedema"),
    ],
)
def test_the_same_conditions_as_use_claims_are_blocked(engine: GuardrailEngine, text: str, span: str) -> None:
    assert span in _off_label_spans(engine, text, kind="answer")


def test_a_sentence_restating_a_cited_source_is_not_off_label(engine: GuardrailEngine) -> None:
    source = "In an open-label study, VELOR was used for lupus nephritis in 12 patients."
    answer = "VELOR was used for lupus nephritis in 12 patients [1]."
    assert _off_label_spans(engine, answer, kind="answer")  # without sources: a use claim
    assert _off_label_spans(engine, answer, kind="answer", sources=[source]) == []
    added = answer + " VELOR is also effective for lupus nephritis in children."
    assert "lupus nephritis" in _off_label_spans(engine, added, kind="answer", sources=[source])
    promo = engine.check("VELOR is the safest drug ever. " + answer, kind="answer", product="velorimab",
                         sources=[source])  # fmt: skip
    assert promo.decision == "block" and {f.rule for f in promo.findings} == {"promotional"}


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Can VELOR be combined with adalimumab?", True),  # a biologic DMARD: restricted by class
        ("Is VELOR plus Humira an option for psoriasis?", True),
        ("Can VELOR be given together with ustekinumab?", True),
        ("Can VELOR be used in combination with methotrexate?", False),
        ("Can VELOR be added to pembrolizumab?", True),  # never described
        ("What is the VELOR dose with rifampin?", False),  # the label manages it with a dose change
        ("Was VELOR compared with adalimumab in psoriasis?", False),
    ],
)
def test_combination_partners_are_judged_by_class(engine: GuardrailEngine, text: str, flagged: bool) -> None:
    assert bool(_off_label_spans(engine, text)) is flagged, text


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Is VELOR 150 mg once daily the dose for plaque psoriasis?", False),
        ("Is VELOR 75 mg once daily the dose for plaque psoriasis?", True),  # labelled for JIA only
        ("Can VELOR 150 mg be given twice daily?", True),
        ("Can VELOR 300 mg once daily be used for plaque psoriasis?", True),  # only with an inducer
        ("Should VELOR be increased to 300 mg once daily with rifampin?", False),
        ("Can patients take three VELOR tablets at once?", False),  # no tablet count in this label
    ],
)
def test_doses_are_tied_to_schedule_indication_and_situation(engine: GuardrailEngine, text: str, flagged: bool) -> None:
    assert bool(_off_label_spans(engine, text)) is flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "Can VELOR be continued beyond 12 months?",
        "Can VELOR be continued into a second year?",
        "Can VELOR be used long-term?",
        "Can a 4 y/o with juvenile idiopathic arthritis take VELOR?",
        "Is VELOR used in children as young as 3 years with juvenile idiopathic arthritis?",
        "Can VELOR double as a contraceptive?",
        "Can VELOR treat shingles?",
    ],
)
def test_duration_age_purpose_and_unknown_conditions(engine: GuardrailEngine, text: str) -> None:
    assert _off_label_spans(engine, text), text


@pytest.mark.parametrize(
    "text",
    [
        "Can an 8-year-old with juvenile idiopathic arthritis take VELOR?",
        "Can VELOR be used for 12 months?",
        "How is VELOR given to patients with severe renal impairment?",
    ],
)
def test_labelled_uses_stay_allowed(engine: GuardrailEngine, text: str) -> None:
    assert engine.check(text, product="velorimab").decision == "allow", text
