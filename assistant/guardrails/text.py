"""Small text utilities shared by the rails: tokens with offsets, sentences, word stems.

Rules report the exact span that triggered them, so every token keeps its
character offsets in the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"[A-Za-z0-9≥≤]+(?:['’][A-Za-z]+)?(?:[-/][A-Za-z0-9]+)*")
_NOT_AN_END = "".join(
    rf"(?<!\b{a}\.)" for a in ("Dr", "dr", "Mr", "Mrs", "Ms", "Prof", "prof", "vs", "e.g", "i.e", "approx", "St")
)
"""A title or an abbreviation with its full stop ("Dear Dr. Patel", "18.2 vs. 15.5") ends no sentence: split
there, "Dear Dr." was read alone (and scored as a pitch) and the name after it lost its title."""
_SENTENCE_END = re.compile(r"(?<=[.!?])" + _NOT_AN_END + r"\s+(?=\S)|\n\s*(?:[-•*]\s*)?|\s+•\s+")
_KEEP_S = ("ss", "is", "us", "os", "ys", "pancreas")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def norm(self) -> str:
        return stem(self.text)


def stem(word: str) -> str:
    """Lower case, no possessive, no plural -s: 'Crohn's' -> 'crohn', 'fibroids' -> 'fibroid'."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    if len(w) > 4 and w.endswith("s") and not w.endswith(_KEEP_S):
        w = w[:-1]
    return w


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def stems(text: str) -> list[str]:
    return [t.norm for t in tokenize(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of sentences (also split at line breaks and bullets)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if text[pos : m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def sentences(text: str) -> list[str]:
    return [text[a:b].strip() for a, b in sentence_spans(text)]


_SALTS = frozenset(
    [
        "hcl",
        "hydrochloride",
        "dihydrochloride",
        "hbr",
        "hydrobromide",
        "citrate",
        "sodium",
        "potassium",
        "calcium",
        "magnesium",
        "mesylate",
        "maleate",
        "fumarate",
        "succinate",
        "sulfate",
        "sulphate",
        "acetate",
        "tartrate",
        "bitartrate",
        "besylate",
        "tosylate",
        "phosphate",
        "dipropionate",
        "propionate",
        "monohydrate",
        "dihydrate",
        "trihydrate",
        "anhydrous",
        "bromide",
        "chloride",
        "nitrate",
        "lactate",
        "gluconate",
        "malate",
        "mesilate",
        "hyclate",
        "medoxomil",
    ]
)


_BIOLOGIC_SUFFIX = re.compile(r"-[a-z]{4}$")
"""The four-letter suffix FDA gives a biologic's proper name ('<name>-abcd'): the same moiety."""


def moiety(name: str) -> str:
    """Active moiety of a generic name: salt and hydrate words and a biologic's suffix dropped,
    combinations in order ('Diphenhydramine HCl, Phenylephrine HCl' -> 'diphenhydramine/phenylephrine')."""
    parts = [p for p in re.split(r"\s*(?:/|,|\band\b)\s*", name.lower()) if p.strip()]
    return "/".join(" ".join(_BIOLOGIC_SUFFIX.sub("", w) for w in p.split() if w not in _SALTS) for p in parts)
