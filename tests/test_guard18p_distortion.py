"""The promotional rail reads a claim against its nearest sentence of the product's label.

The distortion head (``promo_distortion_head.npz``) scores the difference between a sentence's
vector and the vector of the label sentence nearest to it: a restatement of a label sentence lands
next to it and reads as faithful, the same sentence with its hedge made certain or its warning
dismissed reads as a distortion. These run the packaged heads over an invented label.
"""

from __future__ import annotations

import numpy as np

from assistant.config import Settings
from assistant.guardrails.distortion import LabelAnchors, anchor_sentences, features, packaged_distortion_head
from assistant.guardrails.policy import load_policy
from assistant.guardrails.promo_model import sentence_vectors
from assistant.guardrails.promotional import PromotionalRule
from assistant.types import DocumentMeta
from tests.label_engines import engine_for

META = DocumentMeta(doc_id="velorin-label", title="Velorin label", doc_type="label", product="velorimab",
                    brand="Velorin", status="approved")  # fmt: skip
WARN = "5.1 Serious Infections"
LABEL = [
    ("Indications and Usage", ["34067-9"], "Velorin is indicated for the treatment of adults with moderately to "
     "severely active plaque psoriasis who are candidates for systemic therapy."),
    (f"Warnings and Precautions > {WARN}", ["43685-7"], "Velorin may increase the risk of serious infections, "
     "including tuberculosis. Evaluate patients for tuberculosis infection prior to initiating treatment with "
     "Velorin. Monitor patients for signs and symptoms of infection during and after treatment."),
    ("Clinical Studies", ["34092-7"], "In two randomized, placebo-controlled trials, 72% of patients treated "
     "with Velorin achieved PASI 75 at Week 16 compared with 9% of patients on placebo. Some patients did not "
     "respond to treatment."),
]  # fmt: skip
DISMISSED = "Serious infections on Velorin are a theoretical worry the trials never bore out."
FAITHFUL = (
    "Velorin may increase the risk of serious infections, including tuberculosis, so patients are evaluated "
    "for TB first."
)


def _head_probability(text: str, sentences: list[str]) -> float:
    head = packaged_distortion_head()
    anchors = sentence_vectors(head.model)(sentences)
    return float(head.probabilities(sentence_vectors(head.model)([text]), anchors)[0])


def test_features_are_the_difference_from_the_nearest_label_sentence() -> None:
    claims = np.array([[1.0, 0.0, 0.0]])
    anchors = np.array([[0.0, 1.0, 0.0], [0.8, 0.6, 0.0]])
    x = features(claims, anchors)
    distance = np.sqrt(0.2**2 + 0.6**2)  # the second anchor is the nearer one
    assert np.allclose(x[0, :3], np.array([0.2, -0.6, 0.0]) / distance)
    assert np.isclose(x[0, 3], distance)
    assert np.isclose(x[0, 4], 0.8)


def test_a_dismissed_warning_reads_as_more_distorting_than_its_faithful_restatement() -> None:
    sentences = anchor_sentences([[s for s in text.split(". ")] for _, _, text in LABEL])
    assert _head_probability(DISMISSED, sentences) > 0.5 > _head_probability(FAITHFUL, sentences)


def test_label_vectors_are_kept_on_disk(tmp_path) -> None:  # type: ignore[no-untyped-def]
    sentences = ["Monitor patients for signs and symptoms of infection during treatment."]
    model = packaged_distortion_head().model
    first = LabelAnchors(tmp_path).vectors(sentences, model)
    assert list((tmp_path / "label-sentence-vectors").glob("*.npy"))
    again = LabelAnchors(tmp_path).vectors(sentences, model)
    assert np.allclose(first, again)


def test_the_engine_blocks_a_dismissed_warning_and_allows_its_restatement(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = engine_for(Settings(data_dir=tmp_path), META, LABEL)
    blocked = engine.check(DISMISSED, kind="answer", product="velorimab")
    allowed = engine.check(FAITHFUL, kind="answer", product="velorimab")
    assert any(f.rule == "promotional" for f in blocked.findings)
    assert not any(f.rule == "promotional" for f in allowed.findings)


def _uncertain_rule() -> PromotionalRule:
    """The packaged policy with heads that are unsure of everything (p = 0.4: short of a block even with
    every cue), so what decides is the reading against the label."""
    return PromotionalRule(load_policy(None).promotional, probabilities=lambda s: np.full(len(s), 0.4))


def test_where_the_heads_are_unsure_the_label_decides() -> None:
    label = ("velorimab", [text.split(". ") for _, _, text in LABEL])
    rule = _uncertain_rule()
    assert rule.scan(DISMISSED, "answer") == []  # the heads alone do not block it
    assert any(f.rule == "promotional" for f in rule.scan(DISMISSED, "answer", label=label))
    anchors = rule.label_vectors(label)
    faithful, dismissed = rule.sentence_probabilities([FAITHFUL, DISMISSED], anchors)
    assert faithful < 0.4 < dismissed


def test_a_sentence_no_label_sentence_is_near_is_left_to_the_heads() -> None:
    label = ("velorimab", [text.split(". ") for _, _, text in LABEL])
    rule = _uncertain_rule()
    far = "Heads up on the meeting notes: the room booking for Thursday moved to the third floor."
    assert rule.sentence_probabilities([far], rule.label_vectors(label)) == [0.4]
