"""Biomarker statuses written in the forms the plain "HER2-negative" reading misses.

:func:`.population_checks.required_markers` reads "<MARKER>-positive" from the indications and the
population checks flag the opposite status. Three common forms escape it, on either side:

- a marker whose name ends in a decimal ("CLDN18.2"), which labels also write as "claudin (CLDN)
  18.2 positive", the abbreviation in parentheses before the number;
- a test score instead of a status word: "HER2 IHC 1+", "IHC 0", "FISH not amplified" (an
  immunohistochemistry score of 0 or 1+, or a non-amplified in-situ hybridisation, is the negative
  side of a positivity a label defines by test; 2+ is equivocal and left alone);
- a claim that the marker does not matter: "regardless of EGFR mutation status", "without EGFR
  testing", where every indication requires a positive status.

Each finding is (start, end, marker); the caller decides whether the sentence presents a use.
"""

from __future__ import annotations

import re

_HYPHENS = re.compile(r"[‐‑‒–]")
_MARKER = r"([A-Z][A-Z0-9]{1,7}(?:\.\d{1,2})?|[A-Z][a-z]?[A-Z0-9]{1,6}(?:\.\d{1,2})?)"
_PAREN_NUMBER = re.compile(r"\(([A-Z]{2,8})\)\s*(\d{1,3}(?:\.\d{1,2})?)(?=[- ]?(?:positive|negative|express|over))")
"""'claudin (CLDN) 18.2 positive' -> 'CLDN18.2 positive'."""
_POSITIVE = re.compile(
    r"(?<![\w.-])" + _MARKER + r"[- ]?(?:over-?expressing|over-?expression|positive|amplified|mutat\w*)(?!\w)"
)
_DECIMAL_NEGATIVE = re.compile(
    r"(?<![\w.-])([A-Z][A-Za-z]{1,7}\d{1,3}\.\d{1,2})[- ]?(?:negative|neg\b|low\b|non-?expressing)", re.I
)
_SCORE_LOW = r"IHC[- ]?(?:score\s*(?:of\s*)?)?(?:0|1\+|1 plus|zero)(?![\d+])"
_ISH_NEGATIVE = r"(?:FISH|ISH|CISH|SISH)[- ]?(?:negative|not amplified|non-?amplified|unamplified)"
_SCORE_AFTER = re.compile(r"(?<![\w.-])" + _MARKER + r"\b[^.;?!]{0,25}?\b(?:" + _SCORE_LOW + "|" + _ISH_NEGATIVE + ")")
_SCORE_BEFORE = re.compile(r"\b(?:" + _SCORE_LOW + "|" + _ISH_NEGATIVE + r")\s*(?:for\s+)?" + _MARKER + r"\b")
_NO_MATTER = re.compile(
    r"\b(?:regardless of|irrespective of|independent(?:ly)? of|no matter (?:what )?)\s*(?:the |their |its |his |her )?"
    r"(?:tumou?r )?" + _MARKER + r"\s*(?:mutation(?:al)?|expression|amplification|receptor|gene|fusion)?\s*"
    r"(?:status|result|test(?:ing)? results?)\b"
    r"|\bwithout (?:an? |any )?(?:prior )?" + _MARKER + r"\s*(?:mutation |biomarker )?(?:test(?:ing)?|confirmation)\b",
)


def _normalised(text: str) -> str:
    return _PAREN_NUMBER.sub(r"\1\2", _HYPHENS.sub("-", text))


def required_positive(indications: list[str]) -> frozenset[str]:
    """Markers some indication requires positive, decimal names and the parenthesised form included."""
    return frozenset(m.group(1).upper() for t in indications for m in _POSITIVE.finditer(_normalised(t)))


def opposite_statuses(text: str, indications: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, marker) of each negative status, low test score or "regardless of status" the
    text states for a marker the indications require positive (character offsets of ``text``)."""
    required = required_positive(indications)
    if not required:
        return []
    text = _HYPHENS.sub("-", text)  # same length: offsets stay those of the caller's text
    out = []
    for rx in (_DECIMAL_NEGATIVE, _SCORE_AFTER, _SCORE_BEFORE, _NO_MATTER):
        for m in rx.finditer(text):
            marker = next((g for g in m.groups() if g), "").upper()
            if marker in required:
                out.append((m.start(), m.end(), marker))
    return out
