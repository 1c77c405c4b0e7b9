"""The rails' denial tests share one vocabulary (:func:`assistant.guardrails.negations.denial_words`).

Each caller's pattern must match exactly where its former hand-written regex matched (the fold is
behaviour-neutral): the literals below are those regexes, compared on invented phrases and on
random word sequences built from denial words, their look-alikes and punctuation.
"""

from __future__ import annotations

import random
import re

import pytest

from assistant.guardrails import kidney_stages, label_durations, label_profile, regimen_limits, roles
from assistant.guardrails.negations import denial_words

_FORMER = {
    "kidney_stages._NEGATED": (
        kidney_stages._NEGATED,
        re.compile(r"\b(?:not|no|without|never|nor|non)\b[\w\s-]{0,12}$|\bnon-$", re.I),
    ),
    "roles._NEGATED": (roles._NEGATED, re.compile(r"\b(?:not|never|no|n't|do not|cannot|avoid)\b", re.I)),
    "label_durations._NOT": (label_durations._NOT, re.compile(r"\b(?:not|never|no)\b", re.I)),
    "regimen_limits._PROHIBITION": (regimen_limits._PROHIBITION, re.compile(r"\b(?:not|never|no|avoid)\b", re.I)),
    "regimen_limits._DENIED": (regimen_limits._DENIED, re.compile(r"\b(?:not|never|no|don't|avoid)\b", re.I)),
    "label_profile._DENIES": (
        label_profile._DENIES,
        re.compile(r"\b(?:no|not|nor|never|cannot|without)\b|n't\b", re.I),
    ),
}
_WORDS = [
    "not", "no", "never", "nor", "non", "non-", "without", "cannot", "can't", "don't", "do", "n't", "avoid",
    "avoided", "note", "none", "nothing", "north", "know", "knot", "NOT", "No", "dialysis", "on", "severe",
    "kidney", "failure", "a", "the", "patients", "with", "renal", "impairment", "isn't", "nonsmoker", "-",
    ",", ".", "  ", "x-no", "don’t", "no-", "ca", "nnot",
]  # fmt: skip
_PHRASES = [
    "patients not on dialysis with ",
    "without severe ",
    "a non-",
    "non-dialysis ",
    "not receiving any dialysis at all ",
    "Do not exceed the dose; patients with ",
    "the infusion can't be given faster than",
    "avoid use with",
    "it doesn't treat",
    "has no direct effect on",
    "noted in patients with",
]


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


@pytest.mark.parametrize("name", sorted(_FORMER))
def test_folded_pattern_matches_where_the_former_regex_matched(name: str) -> None:
    folded, former = _FORMER[name]
    rng = random.Random(20261208)
    texts = list(_PHRASES)
    for _ in range(3000):
        words = rng.choices(_WORDS, k=rng.randint(1, 7))
        texts.append(rng.choice(["", " "]).join(words) if rng.random() < 0.2 else " ".join(words))
    for text in texts:
        assert _spans(folded, text) == _spans(former, text), (name, text)
        for end in range(len(text) + 1):  # the anchored variant is searched on every prefix
            assert bool(folded.search(text[:end])) == bool(former.search(text[:end])), (name, text[:end])


def test_denial_words_reads_whole_words_only() -> None:
    rx = denial_words("avoid")
    assert rx.search("Do NOT exceed 4 g") and rx.search("avoid use") and rx.search("no dose")
    assert not rx.search("notes on nothing known; avoided")


def test_contracted_reads_an_nt_ending() -> None:
    assert denial_words(contracted=True).search("it isn't indicated")
    assert not denial_words().search("it isn't indicated")


def test_chars_to_end_bounds_the_distance_to_the_end() -> None:
    rx = denial_words("without", chars_to_end=12)
    assert rx.search("patients without severe ")  # 8 characters after the word
    assert not rx.search("patients without any history of severe ")  # beyond the window
    assert not rx.search("not on dialysis; patients with ")  # punctuation breaks the window


def test_attached_prefix_denies_at_the_end_only() -> None:
    rx = denial_words(chars_to_end=12, attached="non-")
    assert rx.search("a non-") and not rx.search("a non-smoking adult with ")
