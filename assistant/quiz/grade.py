"""Grading: choices exactly; free text against the key facts, with feedback quoting the source.

Free text is judged by which key facts (distinctive words of the cited key
sentence) the response states, compared as stems so "inhibits" matches
"inhibition". Half the facts or more counts as correct: a trainee who names the
target and the action has understood the mechanism even in other words.
"""

from __future__ import annotations

from assistant.quiz.models import Grade, QuizItem
from assistant.retrieval.text import content_terms

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


def _grade_free_text(item: QuizItem, text: str) -> Grade:
    said = set(content_terms(text))
    missing = [fact for fact in item.key_facts if not set(content_terms(fact)) <= said]
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
