"""Co-medication a labelled regimen requires, read from Dosage and Administration, and a text that
drops it.

Indications sometimes name the partner ("in combination with methotrexate, is indicated for"),
which :class:`~.population_checks.PopulationChecks` checks; as often only the dosing directions
do: "REMICADE should be given in combination with methotrexate", "must be given in conjunction
with human chorionic gonadotropin (hCG)", "Administer <product> in combination with
fluoropyrimidine- and platinum-containing chemotherapy". Each such obligation keeps its subsection
title (the use it belongs to) and the partner's words. A text that gives the product for that use
"alone", "as monotherapy", "without <partner>", or calls the partner optional or unnecessary
presents a regimen the label does not give. When the label also allows use alone somewhere ("with
or without methotrexate", "as monotherapy"), only a text naming the obligation's own subsection
is held to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.guardrails.scoped_limits import named_titles
from assistant.guardrails.stopwords import STOPWORDS
from assistant.guardrails.text import sentences
from assistant.types import Chunk


@dataclass(frozen=True)
class Requirement:
    title: str
    partner: str
    keys: frozenset[str]
    sentence: str


_OBLIGATION = re.compile(
    r"\b(?:must|should|is to|are to|needs? to)\s+(?:always\s+)?be\s+(?:given|administered|used|taken|co-?administered)"
    r"\s+(?:in combination|in conjunction|together|concomitantly|along)\s+with\s+(?P<p>[^.;:\n]{3,90})"
    r"|^\W*(?:administer|give|use)\s+[\w-]+\s+(?:\w+\s+){0,3}?(?:in combination|in conjunction)\s+with\s+"
    r"(?P<q>[^.;:\n]{3,90})",
    re.I,
)
_PARTNER_END = re.compile(r"\s+(?:as follows|for|at|on|every|in patients|to|when|if|and continue)\b.*$", re.I)
_GENERIC = frozenset(
    ["containing", "based", "therapy", "treatment", "agent", "agents", "drug", "drugs", "dose", "doses"]
)
_OPTIONAL_USE = re.compile(r"\bwith or without\b|\b(?:as )?monotherapy\b|\bas a single agent\b|\balone\b", re.I)
_NEGATION = re.compile(r"\b(?:not|never|no)\b[^.;]{0,30}$", re.I)
_ALONE = re.compile(r"\b(?:monotherapy|as a single agent|alone|on its own|by itself)\b", re.I)


def _keys(partner: str) -> frozenset[str]:
    words = re.findall(r"[A-Za-z][A-Za-z0-9]+", partner)
    return frozenset(w.lower() for w in words if len(w) > 2 and w.lower() not in STOPWORDS | _GENERIC)


def chunk_requirements(chunk: Chunk) -> tuple[Requirement, ...]:
    """Partner obligations of one dosing chunk, each with the chunk's subsection title."""
    title = (chunk.section or "").split(" > ")[-1]
    out = []
    for sentence in sentences(chunk.text):
        for m in _OBLIGATION.finditer(sentence):
            if _NEGATION.search(sentence, 0, m.start()):
                continue  # "should not be given in combination with": a prohibition, not a partner
            partner = _PARTNER_END.sub("", m.group("p") or m.group("q")).strip(" ,")
            keys = _keys(partner)
            if keys:
                out.append(Requirement(title, partner, keys, sentence.strip()))
    return tuple(out)


def allows_alone(usage_text: str) -> bool:
    """The label gives some use without a partner ("with or without methotrexate", "monotherapy")."""
    return any(not _NEGATION.search(s, 0, m.start()) for s in sentences(usage_text) for m in _OPTIONAL_USE.finditer(s))


def _drops(sentence: str, keys: frozenset[str]) -> re.Match[str] | None:
    """Where the sentence gives the product without the partner."""
    m = _ALONE.search(sentence)
    if m and not re.match(r"\s+or\b", sentence[m.end() :]) and not _NEGATION.search(sentence, 0, m.start()):
        return m
    words = "|".join(map(re.escape, sorted(keys)))
    partner = r"(?:[\w-]+\s+){0,2}?(?:" + words + r")\b"
    dropped = re.compile(
        r"\bwithout\s+(?:any\s+|the\s+|concomitant\s+|adding\s+)?"
        + partner
        + r"|\b(?:no need for|skip(?:ping)?|omit(?:ting)?|drop(?:ping)?)\s+(?:the\s+)?"
        + partner
        + r"|\b(?:"
        + words
        + r")\b[^.;?]{0,25}?\b(?:is|are)\s+"
        r"(?:optional|not (?:needed|required|necessary)|unnecessary)\b",
        re.I,
    )
    return dropped.search(sentence)


def dropped_partners(
    text: str,
    spans: list[tuple[int, int]],
    requirements: tuple[Requirement, ...],
    alone_allowed: bool,
    abbreviations: dict[str, str],
    same_use: Callable[[str], bool],
) -> list[tuple[int, int, str]]:
    """(start, end, message) where a sentence gives the product without a required partner."""
    if not requirements:
        return []
    named = named_titles(text, {r.title for r in requirements}, abbreviations)
    binding = [
        r for r in requirements
        if r.title in named or (not named and not alone_allowed and same_use(f"{r.title}: {r.sentence}"))
    ]  # fmt: skip
    out = []
    for a, b in spans:
        for req in binding:
            m = _drops(text[a:b], req.keys)
            if m is not None:
                why = f"the label gives this regimen only with {req.partner} (“{req.sentence[:200]}”)."
                out.append((a + m.start(), a + m.end(), why))
                break
    return out
