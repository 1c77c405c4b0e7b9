"""Contraindications and "do not apply ... to" statements of real labels (PDF and SPL), read into
the approved-use profile: an answer presenting a contraindicated condition or a forbidden site as
acceptable is blocked; the label's own sentences, an answer stating the contraindication and a
question asking about it are not. Built from every real label in the repository's eval folders,
with texts made from each label's own contraindication words (no product named here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.guardrails.contraindications import forbidden_uses
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_profile import LabelProfile, build_profiles
from tests.label_engines import real_label_chunks

ROOT = Path(__file__).resolve().parent.parent
REAL_LABELS = sorted(
    p
    for folder in ("evals/real_labels4", "evals/real_labels")
    for p in (ROOT / folder).glob("*")
    if p.suffix in {".pdf", ".xml"}
)


@pytest.fixture(scope="module")
def engine() -> GuardrailEngine:
    chunks = real_label_chunks(REAL_LABELS)
    eng = GuardrailEngine(Settings())
    eng.set_profiles(build_profiles(chunks, eng.policy.off_label))
    return eng


def _names(profile: LabelProfile) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in profile.names) + r")(?!\w)", re.I)


def _off_label(engine: GuardrailEngine, text: str, kind: str, product: str) -> bool:
    result = engine.check(text, kind=kind, product=product)  # type: ignore[arg-type]
    # only this rail's findings: other off-label checks may read the made-up phrase on their own
    return any(f.rule == "off_label" and "the label says the product" in f.message for f in result.findings)


@pytest.mark.skipif(not REAL_LABELS, reason="no real labels in this checkout")
def test_labels_with_contraindications_give_forbidden_conditions(engine: GuardrailEngine) -> None:
    with_items = [p for p in engine.profiles.values() if any(f.kind == "condition" for f in p.forbidden)]
    assert len(with_items) >= 3
    sites = [f for p in engine.profiles.values() for f in p.forbidden if f.kind == "site"]
    assert sites and all(len(f.alternatives[0]) <= 3 for f in sites)


@pytest.mark.skipif(not REAL_LABELS, reason="no real labels in this checkout")
def test_no_label_sentence_reads_as_presenting_a_forbidden_use(engine: GuardrailEngine) -> None:
    for profile in engine.profiles.values():
        names = _names(profile)
        for chunk_sentences in profile.chunk_sentences:
            for sentence in chunk_sentences:
                assert not forbidden_uses(sentence, profile.forbidden, names), (profile.product, sentence)


@pytest.mark.skipif(not REAL_LABELS, reason="no real labels in this checkout")
def test_answers_accepting_a_contraindication_are_blocked_and_statements_and_questions_are_not(
    engine: GuardrailEngine,
) -> None:
    checked = 0
    for product, profile in engine.profiles.items():
        name = profile.brand or product
        for item in profile.forbidden:
            words = " ".join(sorted(item.alternatives[0]))
            if item.kind == "site":
                accepts, states = f"{name} can be applied to the {words}.", f"Do not apply {name} to the {words}."
                asks = f"Can {name} be applied to the {words}?"
            else:
                accepts = f"{name} is fine to keep taking in patients with {words}."
                states = f"{name} is contraindicated in patients with {words}."
                asks = f"Can {name} be used in patients with {words}?"
            assert _off_label(engine, accepts, "answer", product), (product, accepts)
            assert not _off_label(engine, states, "answer", product), (product, states)
            assert not _off_label(engine, asks, "question", product), (product, asks)
            checked += 1
    assert checked >= 5
