"""A condition is the object of a use claim also behind a possessive ("used for a child's fever"),
not only behind a determiner ("used for my fever"); a word that is no possessive still breaks it."""

from __future__ import annotations

from assistant.guardrails.purposes import PurposeJudge


def test_a_possessive_between_the_use_frame_and_the_condition_keeps_the_claim() -> None:
    assert PurposeJudge.leads("a child's ")
    assert PurposeJudge.leads("my son’s ")
    assert PurposeJudge.leads("my ")


def test_other_words_between_the_frame_and_the_condition_break_the_claim() -> None:
    assert not PurposeJudge.leads("patients with ")
    assert not PurposeJudge.leads("a throbbing ")
    assert not PurposeJudge.leads("is ")
