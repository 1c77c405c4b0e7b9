"""The promotional rail reads a blend of two heads: claims vs hand-written neutral frames, and claims
vs real label prose (``promo_contrast_head.npz``).

The first head alone put some medication-guide prose over its floor ("It may harm them.", a
one-word adverse-reaction heading) and blocked it as an answer; the contrast head learned label
prose as the negative class, so on the blend such sentences stay under the floor while claims in
plain words stay blocked. These run the packaged heads (product names invented).
"""

from __future__ import annotations

import numpy as np
import pytest

from assistant.guardrails.policy import load_policy
from assistant.guardrails.promo_model import packaged_classifier, packaged_head
from assistant.guardrails.promotional import PromotionalRule

POLICY = load_policy(None).promotional


def test_the_rail_reads_the_policy_blend_of_both_heads() -> None:
    sentence = ["Zorvexa patients are back at work within the week."]
    w = POLICY.learned.contrast_weight
    assert 0 < w < 1
    expected = (1 - w) * packaged_classifier().probabilities(sentence) + w * packaged_head(
        "promo_contrast"
    ).probabilities(sentence)
    assert np.allclose(PromotionalRule(POLICY).probabilities(sentence), expected)


@pytest.mark.parametrize(
    "text",
    [
        "Do not give Zorvexa to other people, even if they have the same symptoms. It may harm them.",
        "Priapism",
        "Tell your doctor if you have kidney problems before taking Zorvexa.",
    ],
)
def test_label_prose_is_not_a_claim(text: str) -> None:
    assert PromotionalRule(POLICY).scan(text, "answer") == []


@pytest.mark.parametrize(
    "text",
    [
        "Zorvexa just quietly gets people back on their feet and keeps them there.",
        "Honestly, the older pills can't keep up with Zorvexa.",
    ],
)
def test_claims_in_plain_words_stay_blocked(text: str) -> None:
    assert PromotionalRule(POLICY).scan(text, "answer")
