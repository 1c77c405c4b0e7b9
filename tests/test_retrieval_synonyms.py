"""A question in everyday words is answered in the label's words: an everyday word said in other words is
covered (a technical word must be said as asked), and "how long" is answered by a stated time span."""

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


def test_a_how_long_question_ranks_the_sentence_stating_a_time_span_first() -> None:
    from assistant.retrieval.candidates import candidates
    from assistant.retrieval.scoring import score_candidates

    text = (
        "After hip replacement surgery, demozumab is given for the whole course of prophylaxis. "
        "After hip replacement surgery, demozumab is given for 35 days of prophylaxis."
    )
    hits = [hit(text, "Dosage and Administration > Prophylaxis", 4, match=1.0)]
    for question, spans_lead in (
        ("how long is demozumab given after hip surgery?", True),
        ("demozumab after hip surgery", False),
    ):
        topical = {"hip", "surgeri"}
        pool = candidates(hits, ["demozumab"], topical, question)
        score_candidates(question, topical, pool, set(), [])
        whole, span = (next(c for c in pool if w in c.text) for w in ("whole course", "35 days"))
        assert (span.bonus > whole.bonus) is spans_lead, question
