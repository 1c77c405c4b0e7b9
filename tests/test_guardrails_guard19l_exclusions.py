"""Excluded sets read from a label's exclusion statements, and texts proposing a use inside them.

The label sentences follow the FDA labeling template's wording; the product is a made-up name so
no corpus or eval product is named.
"""

from __future__ import annotations

import pytest

from assistant.guardrails.exclusion_checks import excluded_uses, proposes
from assistant.guardrails.exclusions import excluded_sets
from assistant.guardrails.label_profile import LabelProfile

NAMES = ("zentrovamab", "ZENTROVA")
LABEL = [
    "Limitations of Use: ZENTROVA is not recommended for the treatment of diabetic ketoacidosis.",
    "ZENTROVA is not recommended for use in insulin pumps.",
    "Do not mix ZENTROVA with any other insulin or solution.",
    "DO NOT USE DEXTROSE (5%) SOLUTION.",
    "Concomitant use of ZENTROVA with other NSAIDs or salicylates is not recommended.",
    "ZENTROVA is not indicated for use in pregnant women.",
    "Do not use ZENTROVA for the prevention of cardiovascular disease or dementia [see Warnings (5.1)].",
    "The use of ZENTROVA is not recommended in patients who smoke.",
    "Do not use if the solution is cloudy or contains particles.",
    "Do not use ZENTROVA for a condition for which it was not prescribed.",
    "ZENTROVA is not recommended in pediatric patients weighing less than 40 kg.",
]


def _sets() -> dict[str, list[frozenset[str]]]:
    out: dict[str, list[frozenset[str]]] = {}
    for item in excluded_sets(LABEL, NAMES):
        out.setdefault(item.kind, []).extend(item.alternatives)
    return out


def test_each_kind_is_read_with_its_value() -> None:
    sets = _sets()
    assert frozenset({"diabetic", "ketoacidosi"}) in sets["purpose"]
    assert any("dementia" in a for a in sets["purpose"]) and any("cardiovascular" in a for a in sets["purpose"])
    assert any("pump" in a for a in sets["device"])
    assert frozenset() in sets["mixing"]  # "any other insulin or solution": every other agent
    assert any("dextros" in a for a in sets["diluent"])
    assert {frozenset({"nsaid"}), frozenset({"salicylat"})} <= set(sets["concomitant"])
    assert frozenset({"pregnancy"}) in sets["population"] and frozenset({"smok"}) in sets["population"]


def test_handling_instructions_and_measured_limits_are_not_excluded_sets() -> None:
    sentences = {item.sentence for item in excluded_sets(LABEL, NAMES)}
    assert "Do not use if the solution is cloudy or contains particles." not in sentences
    assert "Do not use ZENTROVA for a condition for which it was not prescribed." not in sentences
    assert "ZENTROVA is not recommended in pediatric patients weighing less than 40 kg." not in sentences


def test_each_item_cites_its_label_sentence() -> None:
    items = excluded_sets(LABEL, NAMES)
    assert all(item.sentence in LABEL for item in items)


@pytest.fixture(scope="module")
def profile() -> LabelProfile:
    return LabelProfile(product="zentrovamab", brand="ZENTROVA", names=NAMES, chunk_sentences=[LABEL])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Can we mix ZENTROVA with her rapid-acting insulin in the same syringe?", "question"),
        ("Could ZENTROVA be used in his insulin pump?", "question"),
        ("She quit smoking last month; can we start ZENTROVA?", "question"),
        ("Would ZENTROVA be reasonable to keep a 70-year-old from developing dementia?", "question"),
        ("ZENTROVA can be taken together with ibuprofen and other NSAIDs.", "answer"),
        ("ZENTROVA is fine for pregnant women.", "answer"),
        ("Dilute ZENTROVA in dextrose before the infusion.", "answer"),
    ],
)
def test_a_use_inside_an_excluded_set_is_found(profile: LabelProfile, text: str, kind: str) -> None:
    assert excluded_uses(text, kind, profile)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Why is ZENTROVA not recommended for insulin pumps?", "question"),
        ("What does the label say about mixing ZENTROVA with other insulins?", "question"),
        ("Can ZENTROVA be used in patients who smoke?", "question"),  # the group: the label's restriction answers
        ("ZENTROVA should not be used to prevent cardiovascular disease or dementia.", "answer"),
        ("Do not mix ZENTROVA with any other insulin or solution.", "answer"),
        ("Estrogen-like products increase the risk of dementia in older women.", "answer"),
        ("ZENTROVA is taken once daily with a meal.", "answer"),
    ],
)
def test_asking_about_or_restating_the_limitation_is_not(profile: LabelProfile, text: str, kind: str) -> None:
    assert not excluded_uses(text, kind, profile)  # type: ignore[arg-type]


def test_stance_of_questions_and_answers() -> None:
    assert proposes("OK to give it to him with his other medicines?", "question")
    assert not proposes("Does the label allow use with other medicines?", "question")
    assert proposes("It can be given with other medicines.", "answer")
    assert not proposes("It should not be given with other medicines.", "answer")
