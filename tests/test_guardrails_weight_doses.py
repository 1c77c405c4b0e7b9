"""Per-kg and per-m2 doses against a real weight-dosed label (the remdesivir EUA SPL in evals/real_labels).

The label doses 5 mg/kg on Day 1 then 2.5 mg/kg; its nonclinical section also names "10 mg/kg first
dose" (in rhesus monkeys) and "10 mg/kg" (in rats), which must not count as patient doses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_profile import build_profiles
from assistant.guardrails.weight_doses import labelled_per_weight, per_weight_doses
from assistant.ingest.spl import parse_spl
from assistant.types import Chunk, DocumentMeta

LABEL = Path(__file__).resolve().parent.parent / "evals" / "real_labels" / "veklury-remdesivir-eua-pediatric-2020.xml"
pytestmark = pytest.mark.skipif(not LABEL.is_file(), reason="real label not available")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> GuardrailEngine:
    doc = parse_spl(LABEL)
    meta = DocumentMeta(doc_id="label", title="label", doc_type="label", product="remdesivir", brand="VEKLURY")
    chunks = [
        Chunk(chunk_id=f"c:{i}", doc_id="label", text=b.text, ordinal=i, section=" > ".join(b.section_path),
              section_code=b.section_code, section_codes=b.section_codes, meta=meta)
        for i, b in enumerate(doc.blocks)
    ]  # fmt: skip
    eng = GuardrailEngine(Settings(data_dir=tmp_path_factory.mktemp("weight")))
    eng.set_profiles(build_profiles(chunks, eng.policy.off_label))
    return eng


def test_units_are_read_apart() -> None:
    found = per_weight_doses("a 10 mg/kg loading dose, 2.5 mg per kg daily, 175 mg/m2 and 0.1 mg/kg/day")
    assert [(v, u) for v, u, _, _ in found] == [(10.0, "kg"), (2.5, "kg"), (175.0, "m2"), (0.1, "kg/day")]


def test_label_doses_leave_out_animal_studies(engine: GuardrailEngine) -> None:
    profile = engine.profiles["remdesivir"]
    assert labelled_per_weight(profile.label_text) == {"kg": 5.0}


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
    result = engine.check(text, kind=kind, product="remdesivir")  # type: ignore[arg-type]
    assert result.decision == decision, result.findings
