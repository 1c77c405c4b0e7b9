"""Lay names of a labelled use, recognised by meaning.

A question names an approved use in everyday words ("constant worrying" for generalised
anxiety disorder, "bladder infection" for uncomplicated urinary tract infection, "leg swelling
from kidney disease" for edema of renal disease). Word and ICD-10-CM coverage miss these, and the
rule that an unknown object of a use claim is a new condition then flags an approved use.

An indication sentence is long and mixes populations, regimens and conditions, so a short
phrase is compared with the sentence's condition fragments (cut at punctuation and the
connectives that join conditions), with the packaged MiniLM sentence vectors. Only a clear
match counts (``NEAR``, well above the ``purposes.FAR`` cut-off for "described by no
indication"), and a phrase placing the condition in an organ the label never names ("kidney
infection" against a bladder-infection label) is a different site, never a lay name.
"""

from __future__ import annotations

import re

import numpy as np

from assistant.guardrails.label_profile import LabelProfile
from assistant.guardrails.promo_model import sentence_vectors
from assistant.guardrails.text import tokenize

NEAR = 0.55
_MAX_FRAGMENT_WORDS = 8
_CUT = re.compile(r"[,;:()•\[\]]|\.\s|\b(?:and|or|in|with|for|due to|associated with|of the)\b", re.IGNORECASE)


def fragments(text: str) -> list[str]:
    """Short condition-like pieces of an indication sentence ("idiopathic edema", "worry")."""
    out = []
    for piece in _CUT.split(text):
        piece = piece.strip(" -.")
        if len(piece) > 2 and len(piece.split()) <= _MAX_FRAGMENT_WORDS:
            out.append(piece)
    return out


class IndicationMeaning:
    """Which indications a lay phrase names in meaning."""

    def __init__(self, organs: set[str]) -> None:
        self.organs = organs

    @staticmethod
    def _vectors(profile: LabelProfile) -> tuple[np.ndarray, list[int]]:
        """Fragment vectors of the label's indications (the sentence-vector cache embeds each fragment once)."""
        pieces = [(i, f) for i, e in enumerate(profile.indications) for f in fragments(e.text)]
        if not pieces:
            return np.zeros((0, 1), dtype=np.float32), []
        return sentence_vectors()([f for _, f in pieces]), [i for i, _ in pieces]

    def _other_organ(self, phrase: str, profile: LabelProfile) -> bool:
        return any(
            t.norm in self.organs and t.norm not in profile.vocabulary and t.lower not in profile.vocabulary
            for t in tokenize(phrase)
        )

    def near(self, phrase: str, profile: LabelProfile) -> tuple[int, ...]:
        """Indexes of the indications with a fragment at least ``NEAR`` to the phrase."""
        vectors, owners = self._vectors(profile)
        if not owners or self._other_organ(phrase, profile):
            return ()
        scores = vectors @ sentence_vectors()([phrase])[0]
        return tuple(sorted({owners[j] for j in np.flatnonzero(scores >= NEAR)}))
