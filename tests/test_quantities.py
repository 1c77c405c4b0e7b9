"""The age and weight spellings and window reader shared below retrieval and the guardrails
(:mod:`assistant.quantities`).

Moving them was behaviour-neutral: the patterns rebuilt from the shared fragments match exactly
where the former hand-written regexes matched (literals below), on invented phrases and random
sequences of unit words, numbers and punctuation.
"""

from __future__ import annotations

import ast
import random
import re
from pathlib import Path

import pytest

from assistant import quantities
from assistant.retrieval import answer_gaps, windows

_FORMER = {
    "STATED_AGE": (
        quantities.STATED_AGE,
        re.compile(
            r"\b\d+(?:\.\d+)?[\s-]*(?:years?|yrs?|months?|mos?|weeks?|wks?|days?)[\s-]*old\b|\b\d+[\s-]*(?:yo|y/o)\b",
            re.I,
        ),
    ),
    "answer_gaps._PATIENT_MEASURE_RE": (
        answer_gaps._PATIENT_MEASURE_RE,
        re.compile(
            r"\d+(?:\.\d+)?[\s-]*(?:y/o|yo|yrs?|years?|months?|mos?|weeks?|wks?|days?|kg|kilograms?|lbs?|pounds?)\b",
            re.I,
        ),
    ),
}
_FORMER_UNITS = [
    (r"^(?:y|yo|y/o|yrs?|years?)$", r"(?:years?|yrs?)"),
    (r"^(?:mos?|months?)$", r"months?"),
    (r"^(?:wks?|weeks?)$", r"weeks?"),
    (r"^(?:days?)$", r"days?"),
    (r"^(?:kg|kgs|kilograms?)$", r"(?:kg|kilograms?)"),
]
_TOKENS = [
    "12", "8", "6.5", "0", "year", "years", "yr", "yrs", "y", "yo", "y/o", "mo", "mos", "month", "months", "wk",
    "wks", "week", "weeks", "day", "days", "kg", "kgs", "kilogram", "kilograms", "lb", "lbs", "pound", "pounds",
    "old", "olds", "-", " ", "a", "child", "yolk", "moss", "dayside", "kgx", "/", ".", ",", "older",
]  # fmt: skip


def _texts() -> list[str]:
    rng = random.Random(20261208)
    texts = ["a 12 year old", "an 8 yo", "6-month-old", "8yo boy", "45 kg", "3.5 kg to less than 40 kg", "12 y/o"]
    for _ in range(4000):
        texts.append(rng.choice(["", " ", "-"]).join(rng.choices(_TOKENS, k=rng.randint(1, 6))))
    return texts


@pytest.mark.parametrize("name", sorted(_FORMER))
def test_rebuilt_pattern_matches_where_the_former_regex_matched(name: str) -> None:
    rebuilt, former = _FORMER[name]
    for text in _texts():
        assert [m.span() for m in rebuilt.finditer(text)] == [m.span() for m in former.finditer(text)], text


def test_unit_families_read_the_units_the_former_table_read() -> None:
    former = [(re.compile(w, re.I), s) for w, s in _FORMER_UNITS]
    for unit in [*_TOKENS, "YRS", "Kg", "MOS", "Y/O", "years ", "kgs"]:
        expected = next((s for w, s in former if w.match(unit)), None)
        assert quantities.unit_pattern(unit) == expected, unit


def test_the_window_reader_is_the_one_retrieval_imports() -> None:
    assert windows.holds is quantities.holds and answer_gaps.holds is quantities.holds
    band = "In pediatric patients weighing 3.5 kg to less than 40 kg, the dose is 5 mg/kg."
    assert quantities.holds(band, 10, "kg") and not quantities.holds(band, 40, "kg")
    assert quantities.holds("patients 12 years of age and older", 13, "y/o")


def test_quantities_imports_nothing_of_the_assistant() -> None:
    tree = ast.parse(Path(quantities.__file__).read_text())
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if m.startswith("assistant")]
