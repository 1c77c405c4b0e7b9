"""Measure checks of the off-label rail: quantities the text states about the patient (birth
weight, gestational age, daily units, cell counts, body weight with a dose) against the label's
measured windows and weight-band dose table (:mod:`.measures`).

A mixin of :class:`~assistant.guardrails.off_label.OffLabelRule` like
:class:`~assistant.guardrails.population_checks.PopulationChecks` (it uses the rule's sentence
spans and its test of sentences that are not about the patient), kept apart so that each module
stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.guardrails.label_profile import IndicationEntry
from assistant.guardrails.measures import Measure, Window, describe, label_windows, text_measures
from assistant.guardrails.rail_context import RailContext

_MG = re.compile(r"(?<![\d.,/])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*mg\b(?!\s*(?:/|per)\s*(?:kg|m|day|d\b))", re.I)
"""A mg amount in a text that is not per kg, per m2 or per day (compared with a weight band's dose)."""


class MeasureChecks:
    """Measure checks; the rule provides spans and the test of sentences not about the patient."""

    _spans: Callable[..., list[tuple[int, int]]]
    _inside: Callable[[int, list[tuple[int, int]]], bool]
    _not_the_patient: Callable[[str], bool]

    def _check_measures(self, ctx: RailContext, entries: list[IndicationEntry]) -> None:
        """Quantities the text states about the patient (birth weight, gestational age, daily
        units, cell counts, body weight with a dose) against the label's measured windows
        (:mod:`.measures`): outside every approved window of a measure that EVERY relevant
        indication bounds, inside a window the label does not recommend, or a dose other than the
        one the label gives the patient's weight band."""
        measures = text_measures(ctx.text)
        if not measures:
            return
        checked = [s for s in self._spans(ctx, trials=False) if not self._not_the_patient(ctx.text[s[0] : s[1]])]
        measures = [m for m in measures if self._inside(m.start, checked)]
        profile = ctx.profile
        every = tuple(s for sentences in profile.chunk_sentences for s in sentences)
        windows = label_windows(every, (), profile.usage_text)
        per_entry = [label_windows((), (e.text,)) for e in entries]
        limits = {(w.measure, b) for ws in (windows, *per_entry) for w in ws for b in (w.low, w.high) if b is not None}
        for m in measures:
            if (m.measure, m.bound) in limits:
                continue  # "is initiation recommended if the ANC is below 1000?": the label's own limit
            bounded = [[w for w in ws if w.measure == m.measure] for ws in per_entry]
            if bounded and all(bounded) and not any(w.contains(m.value) for ws in bounded for w in ws):
                ctx.add(m.start, m.end, f"the labelled use is limited to {describe(bounded[0][0])}.")
            for w in windows:
                if w.excluded and w.measure == m.measure and w.contains(m.value):
                    ctx.add(m.start, m.end, f"the label does not recommend use at {describe(w)}.")
        self._check_dose_bands(ctx, [m for m in measures if m.measure == "weight_kg"], windows, checked)

    def _check_dose_bands(
        self, ctx: RailContext, weights: list[Measure], windows: tuple[Window, ...], checked: list[tuple[int, int]]
    ) -> None:
        """A body weight with a mg dose: the label's weight-band table gives another dose for that
        band, or the weight is below the lowest band the label doses (when it gives no per-kg dose,
        which lighter patients may get). Needs two distinct bands (one "40 kg or more" row is an
        adult threshold); the open top band, where adults fall too, binds no dose."""
        bands = list({(w.low, w.high, w.dose): w for w in windows if w.dose is not None}.values())
        if len(bands) < 2 or not weights:
            return
        doses = {float(d.group(1).replace(",", "")) for a, b in checked for d in _MG.finditer(ctx.text, a, b)}
        for m in weights:
            lowest = min(bands, key=lambda w: w.low or 0.0)
            if lowest.low is not None and m.value < lowest.low and ctx.profile.max_dose_per_kg is None:
                ctx.add(m.start, m.end, f"the label doses patients from {lowest.low:g} kg (“{lowest.quote}”).")
                continue
            mine = [w for w in bands if w.bounded and w.contains(m.value)]
            if mine and doses and not doses & {w.dose for w in mine}:
                ctx.add(m.start, m.end, f"the label's dose for this weight is {mine[0].dose:g} mg (“{mine[0].quote}”).")
