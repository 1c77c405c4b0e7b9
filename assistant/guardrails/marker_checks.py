"""Biomarker checks of the off-label rail: a marker status ("HER2-negative", "EGFR wild-type")
opposite to the one the relevant indications require.

A mixin of :class:`~assistant.guardrails.off_label.OffLabelRule` like
:class:`~assistant.guardrails.population_checks.PopulationChecks` (it uses the rule's sentence
spans), kept apart so that each module stays readable; :func:`states_marker_status` also tells the
condition checks that a generic mention is only a status.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.guardrails.label_profile import IndicationEntry
from assistant.guardrails.marker_status import opposite_statuses
from assistant.guardrails.rail_context import RailContext

_MARKER = r"(?<![\w-])([A-Z][A-Z0-9]{1,7}|[A-Z][a-z]?[A-Z0-9]{1,6})"
_POSITIVE_STATUS = re.compile(
    _MARKER + r"[- ]?(?:over-?expressing|over-?expression|positive|amplified|amplification|mutat\w*|\+)(?!\w)"
)
_NEGATIVE_STATUS = re.compile(
    _MARKER + r"(?:[- ]?(?:negative|neg|low|wild[- ]?type|non-?amplified|normal)\b|-(?=\s|$|[,.;?]))"
    r"|\b(?:negative|non-?amplified) for " + _MARKER,
    re.I,
)
"""'HER2-negative', 'EGFR wild-type', 'negative for HER2': the opposite of a status an indication requires."""


def states_marker_status(text: str, indications: list[str]) -> bool:
    """'HER2-negative', 'CLDN18.2-positive': the text states the status of a marker the indications
    require one status of, which :meth:`MarkerChecks._check_biomarkers` judges (a mutation the
    label does not select by, such as L861Q, is not one)."""
    positive, negative = required_markers(indications)
    found = [m.group(1) for m in _POSITIVE_STATUS.finditer(text)]
    found += [m.group(1) or m.group(2) for m in _NEGATIVE_STATUS.finditer(text)]
    return any(f.upper() in positive | negative for f in found)


_HYPHENS = re.compile(r"[‐‑‒–]")
_PAREN_MARKER = re.compile(r"\(([A-Z][A-Za-z0-9]{1,7})\)(?=[- ]?(?:negative|positive|over|amplif|mutat))")


def required_markers(indications: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(markers some indication requires positive, markers some indication admits negative). Labels
    write "human epidermal growth factor receptor 2 (HER2)‑negative" with a parenthesis and a
    non-breaking hyphen: both are read as "HER2-negative"."""
    indications = [_PAREN_MARKER.sub(r"\1", _HYPHENS.sub("-", t)) for t in indications]
    positive = {m.group(1).upper() for t in indications for m in _POSITIVE_STATUS.finditer(t)}
    negative = {(m.group(1) or m.group(2)).upper() for t in indications for m in _NEGATIVE_STATUS.finditer(t)}
    return frozenset(positive), frozenset(negative)


class MarkerChecks:
    """Biomarker checks; the rule provides spans and sentence lookup."""

    _spans: Callable[..., list[tuple[int, int]]]
    _inside: Callable[[int, list[tuple[int, int]]], bool]
    _sentence_of: Callable[[str, int], str]

    def _check_biomarkers(self, ctx: RailContext, entries: list[IndicationEntry]) -> None:
        """A biomarker status opposite to the one the indications require ("HER2-negative" where
        every indication is for HER2-overexpressing disease, "HER2-positive" where every indication
        is for HER2-negative disease)."""
        positive, negative = required_markers([e.text for e in entries])
        spans = self._spans(ctx, trials=False)
        for start, end, marker in opposite_statuses(ctx.text, [e.text for e in entries]):  # scores, "regardless"
            if marker in negative or not self._inside(start, spans):
                continue
            if not self._asks_boundary(ctx, start, marker, _POSITIVE_STATUS):
                ctx.add(start, end, f"the labelled use requires {marker}-positive disease.")
        if not positive and not negative:
            return
        for m in _NEGATIVE_STATUS.finditer(ctx.text):
            marker = (m.group(1) or m.group(2)).upper()
            inside = marker in positive and marker not in negative and self._inside(m.start(), spans)
            if inside and not self._asks_boundary(ctx, m.start(), marker, _POSITIVE_STATUS):
                ctx.add(m.start(), m.end(), f"the labelled use requires {marker}-positive disease.")
        for m in _POSITIVE_STATUS.finditer(ctx.text):
            marker = m.group(1).upper()
            inside = marker in negative and marker not in positive and self._inside(m.start(), spans)
            if inside and not self._asks_boundary(ctx, m.start(), marker, _NEGATIVE_STATUS):
                ctx.add(m.start(), m.end(), f"the labelled use requires {marker}-negative disease.")

    def _asks_boundary(self, ctx: RailContext, start: int, marker: str, labelled: re.Pattern[str]) -> bool:
        """A question naming both statuses of one marker ("shown for HER2-negative disease, or only
        for HER2-overexpressing?") asks where the labelled population ends, not for a use outside it."""
        if ctx.kind != "question":
            return False
        sentence = self._sentence_of(ctx.text, start)
        return any((m.group(1) or "").upper() == marker for m in labelled.finditer(sentence))
