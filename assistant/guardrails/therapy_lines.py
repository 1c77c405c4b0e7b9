"""Line of therapy: a use the label gives only first, or only after other treatment.

Two shapes, both read from the label's own sentences:

- **first line only**: every relevant use-stating indication is for untreated disease ("for the
  first-line treatment of adults with ...", "who have not received prior treatment for metastatic
  disease", "previously untreated"); a text placing the product after other treatment ("second
  line", "progressed on FOLFOX", "refractory", "previously treated") is outside it;
- **after other treatment**: a Limitations of Use sentence reserves the product for patients in
  whom alternatives failed ("reserve X for use in patients for whom alternative treatment options
  ... have not provided adequate analgesia"); a text using it first ("before any NSAID", "as the
  first thing we try", "never tried anything else") is outside it. Indications that name the prior
  therapy themselves ("after an inadequate response to one or more TNF blockers") are the
  population checks' (:meth:`.population_checks.PopulationChecks._check_prior_therapy`).

Only the relevant indications count (those of the condition the text names, else all), so a
label with a first-line indication for one disease and a later-line one for another judges each
disease by its own.
"""

from __future__ import annotations

import re

from assistant.guardrails.label_profile import IndicationEntry

_STATES_USE = re.compile(r"\b(?:indicated|approved|authori[sz]ed)\b", re.I)
_FIRST_LINE_LABEL = re.compile(
    r"\bfirst[- ]line\b|\bpreviously untreated\b|\btreatment[- ]na[iï]ve\b"
    r"|\b(?:have|has|had) not (?:received|had) (?:any )?(?:prior|previous)\b",
    re.I,
)
_LATER_LINE = re.compile(
    r"\b(?:second|third|fourth|later|2nd|3rd|4th|subsequent)[- ]line\b|\b[234]L\b"
    r"|\bprogress(?:ed|ing|ion)? (?:on|after|following|through|despite)\b"
    r"|\bafter (?:failing|failure of|failed|progression on)\b|\bfailed (?:first[- ]line|prior|previous)\b"
    r"|\b(?:refractory|relapsed|pre-?treated|previously treated|heavily treated)\b",
    re.I,
)
_RESERVE = re.compile(r"\breserve\b[^.;]{0,120}\b(?:alternative|other)\b", re.I)
_FIRST_USE = re.compile(
    r"\b(?:first[- ]line|first (?:thing|choice|option|agent|drug|therapy|treatment)|up ?front"
    r"|before (?:trying|using|any|a|an)|instead of (?:trying|an?|any)|never (?:tried|had|been on|used|received))\b",
    re.I,
)


def first_line_only(entries: list[IndicationEntry]) -> str | None:
    """The indication sentence when every relevant use-stating indication is for untreated disease."""
    stating = [e for e in entries if _STATES_USE.search(e.text) and not e.negative]
    if stating and all(_FIRST_LINE_LABEL.search(e.text) and e.prior_therapy is None for e in stating):
        return stating[0].text
    return None


def reserved(limitations: list[IndicationEntry]) -> str | None:
    """A Limitations of Use sentence reserving the product for when alternatives failed."""
    return next((e.text for e in limitations if not e.elsewhere and _RESERVE.search(e.text)), None)


def line_conflicts(
    text: str, spans: list[tuple[int, int]], entries: list[IndicationEntry], limitations: list[IndicationEntry]
) -> list[tuple[int, int, str]]:
    """(start, end, why) of the first phrase in ``spans`` placing the product in a line the label does not give."""
    first = first_line_only(entries)
    later = reserved(limitations)
    for a, b in spans:
        sentence = text[a:b]
        m = _LATER_LINE.search(sentence) if first else None
        if m:
            return [(a + m.start(), a + m.end(), f"the label gives this use as first-line only (“{first}”).")]
        m = _FIRST_USE.search(sentence) if later else None
        if m:
            why = f"the label reserves the product for when alternatives fail (“{later}”)."
            return [(a + m.start(), a + m.end(), why)]
    return []
