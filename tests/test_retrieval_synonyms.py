"""An everyday word the answer says in other words is covered; a technical word must be said as asked."""

from __future__ import annotations

from assistant.retrieval.answer_gaps import coverage_gap
from assistant.retrieval.compose import compose_answer
from assistant.retrieval.intents import detect_intents
from tests.label_hits import hit

PAIRS = {("split", "divided")}


def _synonym(word: str, words: list[str]) -> bool:
    return any((word, w) in PAIRS for w in words)


def _gap(question: str, text: str, synonym=None) -> str | None:  # type: ignore[no-untyped-def]
    hits = [hit(text, "Dosage and Administration > Adult Dosage", 3, match=1.0, score=0.6)]
    intents = detect_intents(question)
    composed = compose_answer(question, hits, products=["demozumab"], intents=intents)
    assert composed is not None
    return coverage_gap(question, hits, composed, lambda _: 5.0, intents, frozenset(), lambda _: True, synonym)


def test_an_everyday_word_said_in_other_words_is_covered() -> None:
    text = "Doses above 2,000 mg may be better tolerated given in three divided doses with meals."
    question = "when should demozumab be split into 3 doses"
    assert _gap(question, text) is not None  # "split" is not said as asked
    assert _gap(question, text, _synonym) is None


def test_a_technical_word_is_never_said_in_other_words() -> None:
    text = "The recommended dose is 5 mg given in two divided doses."
    assert _gap("demozumab dose for a ventricular thrombus", text, lambda *_: True) is not None
