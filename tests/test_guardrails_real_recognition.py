"""Off-label recognition over real SPL labels (evals/real_labels), built without a store.

- Per-kg doses against the remdesivir EUA fact sheet: it doses 5 mg/kg on Day 1 then 2.5 mg/kg;
  its nonclinical section also names "10 mg/kg first dose" (rhesus monkeys) and "10 mg/kg" (rats),
  which must not count as patient doses.
- Stated purposes judged by meaning against Indications and Usage (see ``purposes.py``) on the
  ethacrynic acid and hydrocodone/acetaminophen labels, with labelled uses in lay words kept allowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.guardrails.conditions import ConditionMatcher
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_profile import build_profiles
from assistant.guardrails.text import stems
from assistant.guardrails.weight_doses import labelled_per_weight, per_weight_doses
from assistant.ingest.spl import parse_spl
from assistant.types import Chunk, DocumentMeta

LABELS = Path(__file__).resolve().parent.parent / "evals" / "real_labels"
FILES = {  # product -> (file, brand as the listing names it)
    "remdesivir": ("veklury-remdesivir-eua-pediatric-2020.xml", "VEKLURY"),
    "ethacrynic acid": ("edecrin-ethacrynic-acid.xml", "EDECRIN"),
    "hydrocodone/acetaminophen": ("hydrocodone-acetaminophen-tablets-2023.xml", None),
    "escitalopram": ("escitalopram-tablets-2023.xml", None),
    "haloperidol": ("haloperidol-tablets-2010.xml", None),
}
pytestmark = pytest.mark.skipif(not LABELS.is_dir(), reason="real labels not available")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> GuardrailEngine:
    chunks = []
    for product, (name, brand) in FILES.items():
        meta = DocumentMeta(doc_id=name, title=name, doc_type="label", product=product, brand=brand)
        chunks += [
            Chunk(chunk_id=f"{name}:{i}", doc_id=name, text=b.text, ordinal=i, section=" > ".join(b.section_path),
                  section_code=b.section_code, section_codes=b.section_codes, meta=meta)
            for i, b in enumerate(parse_spl(LABELS / name).blocks)
        ]  # fmt: skip
    eng = GuardrailEngine(Settings(data_dir=tmp_path_factory.mktemp("recognition")))
    eng.set_profiles(build_profiles(chunks, eng.policy.off_label))
    return eng


def _decision(engine: GuardrailEngine, text: str, kind: str, product: str) -> str:
    return engine.check(text, kind=kind, product=product).decision  # type: ignore[arg-type]


def test_units_are_read_apart() -> None:
    found = per_weight_doses("a 10 mg/kg loading dose, 2.5 mg per kg daily, 175 mg/m2 and 0.1 mg/kg/day")
    assert [(v, u) for v, u, _, _ in found] == [(10.0, "kg"), (2.5, "kg"), (175.0, "m2"), (0.1, "kg/day")]


def test_label_doses_leave_out_animal_studies(engine: GuardrailEngine) -> None:
    assert labelled_per_weight(engine.profiles["remdesivir"].label_text) == {"kg": 5.0}


@pytest.mark.parametrize(
    ("text", "kind", "decision"),
    [
        ("Is a 10 mg/kg loading dose of remdesivir ok for a 20 kg child?", "question", "allow_with_notice"),
        ("Give remdesivir 7.5 mg per kg on Day 1 to children under 40 kg.", "answer", "block"),
        ("Is the Day 1 remdesivir dose 5 mg/kg for a 25 kg child?", "question", "allow"),
        ("After the 5 mg/kg loading dose, remdesivir continues at 2.5 mg/kg once daily.", "answer", "allow"),
    ],
)
def test_per_weight_dose_above_the_label(engine: GuardrailEngine, text: str, kind: str, decision: str) -> None:
    assert _decision(engine, text, kind, "remdesivir") == decision


@pytest.mark.parametrize(
    ("text", "kind", "product", "decision"),
    [
        ("Edecrin can be used to drop a few pounds of water weight before a weigh-in.", "answer",
         "ethacrynic acid", "block"),
        ("Can hydrocodone and acetaminophen tablets be used to stop a bad cough?", "question",
         "hydrocodone/acetaminophen", "allow_with_notice"),
        ("Can ethacrynic acid be used to clear fluid from the belly in liver cirrhosis?", "question",
         "ethacrynic acid", "allow"),
        ("Are hydrocodone and acetaminophen tablets used for pain that other painkillers did not control?",
         "question", "hydrocodone/acetaminophen", "allow"),
        # a condition the label names elsewhere, claimed as the purpose ("given for ..."): a use
        ("Can Edecrin be given for high blood pressure on its own?", "question", "ethacrynic acid",
         "allow_with_notice"),
        # recipients and durations after a use verb are no purpose
        ("How is remdesivir given to young children under 40 kg?", "question", "remdesivir", "allow"),
        ("Is Edecrin used for at least a few days before the dose is changed?", "question", "ethacrynic acid",
         "allow"),
    ],
)  # fmt: skip
def test_stated_purpose_far_from_every_indication(
    engine: GuardrailEngine, text: str, kind: str, product: str, decision: str
) -> None:
    assert _decision(engine, text, kind, product) == decision


def test_a_pitch_for_an_unlabelled_purpose_is_also_off_label(engine: GuardrailEngine) -> None:
    result = engine.check(
        "Escitalopram works well for stopping people from smoking.", kind="answer", product="escitalopram"
    )
    assert "off_label" in {f.rule for f in result.findings}
    negative = engine.check(
        "Escitalopram works well for depression in adolescents.", kind="question", product="escitalopram"
    )
    assert "off_label" not in {f.rule for f in negative.findings}


def test_an_absent_marker_is_not_covered_by_another_words_status(engine: GuardrailEngine) -> None:
    matcher = ConditionMatcher(engine.policy.off_label, {"zorbamab"})
    label = (
        "ZORBAMAB is indicated for adjuvant treatment of KRX2 overexpressing node positive or node negative "
        "breast cancer"
    )
    found = frozenset(stems(label))
    assert not matcher.covers("KRX2-negative breast cancer", found, label)
    assert matcher.covers("node-negative breast cancer", found, label)
    assert matcher.covers("KRX2-positive breast cancer", found, label)  # "positive" may restate "overexpressing"


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        ("Can haloperidol be used to calm agitated patients in the ICU?", "allow_with_notice"),
        ("Is haloperidol used for tics in patients with Tourette's disorder?", "allow"),
    ],
)
def test_a_setting_the_label_never_names(engine: GuardrailEngine, text: str, decision: str) -> None:
    assert _decision(engine, text, "question", "haloperidol") == decision


def test_indication_fragments_cut_conditions_apart() -> None:
    from assistant.guardrails.meaning import fragments

    found = fragments(
        "Treatment of the edema associated with congestive heart failure, cirrhosis of the liver, and renal disease"
    )
    assert "congestive heart failure" in found and "renal disease" in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can escitalopram be used for constant worrying in adults?", "allow"),  # lay words for GAD
        ("Is escitalopram used for jet lag on long flights?", "allow_with_notice"),  # far from any indication
        ("Does escitalopram help with obsessive compulsive disorder?", "allow_with_notice"),  # a named condition
    ],
)
def test_lay_names_of_an_indication_are_judged_by_meaning(engine: GuardrailEngine, text: str, expected: str) -> None:
    assert _decision(engine, text, "question", "escitalopram") == expected


def test_a_verb_after_its_subject_is_not_part_of_the_condition(engine: GuardrailEngine) -> None:
    matcher = ConditionMatcher(engine.policy.off_label, {"zorbamab"})
    spans = [m.text for m in matcher.mentions("My patient gets migraines with aura; can she take zorbamab?")]
    assert "migraines" in spans and not any(s.startswith("gets") for s in spans)
    named = [m.text for m in matcher.mentions("Is zorbamab used in colorectal cancer with KRX2 amplification?")]
    assert "colorectal cancer" in named  # a modifier no ICD-10-CM name uses still belongs to the condition
