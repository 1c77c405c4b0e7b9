"""Grading: choices exactly; free text against the key facts, with feedback quoting the source.

Free text is judged by which key facts (the value the cited key sentence
states: an interval, a dose, a target) the response states, words compared as
stems so "inhibits" matches "inhibition" and numbers compared exactly, so
"every 6 months" does not pass for "every 4 months". Half the facts or more
counts as correct. Feedback always quotes the cited source sentence.
"""

from __future__ import annotations

import re

from assistant.quiz.models import Grade, QuizItem
from assistant.retrieval.text import content_terms, numbers

FREE_TEXT_PASS = 0.5


def _source_line(item: QuizItem) -> str:
    c = item.citations[0]
    where = ", ".join(
        str(x) for x in (c.section, f"page {c.page}" if c.page else None, f"slide {c.slide}" if c.slide else None) if x
    )
    return f"Source [1] {c.title} ({where}): \u201c{c.quote}\u201d"


def grade(item: QuizItem, response: int | str) -> Grade:
    """Grade one response: a choice index for multiple choice, text for free text."""
    if item.kind == "multiple_choice":
        return _grade_choice(item, response)
    return _grade_free_text(item, str(response))


def _grade_choice(item: QuizItem, response: int | str) -> Grade:
    try:
        chosen = int(response)
    except (TypeError, ValueError):
        chosen = -1
    correct = chosen == item.answer
    right = item.choices[item.answer] if item.answer is not None else ""
    verdict = "Correct." if correct else f"Not quite. The answer is: \u201c{right}\u201d"
    return Grade(
        item_id=item.id,
        correct=correct,
        score=1.0 if correct else 0.0,
        feedback=f"{verdict} {_source_line(item)}",
    )


_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(_UNITS)} | {"twenty": "20", "thirty": "30", "hundred": "100"}
_NUMBER_WORD_RE = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def states(response: str, fact: str) -> bool:
    """The response states the fact: all its content words and all its numbers ("four" counts as 4)."""
    said = _NUMBER_WORD_RE.sub(lambda m: _NUMBER_WORDS[m.group(1).lower()], response)
    return set(content_terms(fact)) <= set(content_terms(said)) and numbers(fact) <= numbers(said)


def _grade_free_text(item: QuizItem, text: str) -> Grade:
    missing = [fact for fact in item.key_facts if not states(text, fact)]
    score = 1 - len(missing) / len(item.key_facts) if item.key_facts else 0.0
    correct = score >= FREE_TEXT_PASS
    verdict = "Correct." if correct and not missing else ("Mostly right." if correct else "Not yet.")
    gap = f" Missing: {', '.join(missing)}." if missing else ""
    return Grade(
        item_id=item.id,
        correct=correct,
        score=round(score, 3),
        feedback=f"{verdict}{gap} {_source_line(item)}",
        missing_facts=missing,
    )
