"""Lay names of a labelled use, recognised by meaning.

A question names an approved use in everyday words ("constant worrying" for generalised
anxiety disorder, "bladder infection" for uncomplicated urinary tract infection, "leg swelling
from kidney disease" for edema of renal disease). Word and ICD-10-CM coverage miss these, and the
rule that an unknown object of a use claim is a new condition then flags an approved use.

An indication sentence is long and mixes populations, regimens and conditions, so a short
phrase is compared with the sentence's condition fragments (cut at punctuation and the
connectives that join conditions), with the packaged MiniLM sentence vectors. Only a clear
match counts (``NEAR``, well above the ``purposes.FAR`` cut-off for "described by no
indication"), and a phrase placing the condition in an organ the label never names is a
different site, never a lay name.

Fragment cosines alone overlap (an approved "blood clots in the legs" scored 0.42 against
"venous thrombosis", an unapproved "kidney infection" 0.60 against "urinary tract infections"),
so two vocabularies ground the phrase first:

- ICD-10-CM names the phrase in another word order ("kidney infection" = "Infection of kidney",
  N15.9): then the codes decide, as for any named condition, and no cosine is consulted;
- the HPO's layperson synonyms of the conditions the indications name (:mod:`.lay_names`) give
  the label lay names ("Blood clot in a deep vein", "Accumulation of fluid in the abdomen"); a
  phrase at ``LAY_NEAR`` or more from one of them names that indication.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from assistant.guardrails.label_profile import LabelProfile
from assistant.guardrails.lay_names import LayName, LayVocabulary, lay_vocabulary
from assistant.guardrails.promo_model import sentence_vectors
from assistant.guardrails.text import tokenize
from assistant.guardrails.vocabulary import reordered_codes

NEAR = 0.55
LAY_NEAR = 0.65
"""Lay phrase to an HPO lay name of an indication's condition (dev phrases: approved 0.68-0.94,
unapproved at most 0.55; a lay name is compared with a lay phrase, so the scale is not the
fragments' one)."""
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

    def __init__(self, organs: set[str], stopwords: frozenset[str] = frozenset()) -> None:
        self.organs = organs
        self.stopwords = stopwords

    @staticmethod
    def _vectors(profile: LabelProfile) -> tuple[np.ndarray, list[int]]:
        """Fragment vectors of the label's indications (the sentence-vector cache embeds each fragment once)."""
        pieces = [(i, f) for i, e in enumerate(profile.indications) for f in fragments(e.text)]
        if not pieces:
            return np.zeros((0, 1), dtype=np.float32), []
        return sentence_vectors()([f for _, f in pieces]), [i for i, _ in pieces]

    @staticmethod
    def _lay_vectors(profile: LabelProfile) -> tuple[np.ndarray, list[tuple[int, LayName]]]:
        """Vectors of the HPO names of each indication's conditions, with (indication, name) per
        row; none without the HPO."""
        vocabulary = lay_vocabulary()
        pieces = _lay_pieces(vocabulary, tuple(e.text for e in profile.indications)) if vocabulary else []
        if not pieces:
            return np.zeros((0, 1), dtype=np.float32), []
        return sentence_vectors()([n.text for _, n in pieces]), pieces

    def _other_organs(self, phrase: str, profile: LabelProfile) -> set[str]:
        """Organ words of the phrase that the label never uses ("kidney" against a bladder label)."""
        return {
            t.norm for t in tokenize(phrase)
            if t.norm in self.organs and t.norm not in profile.vocabulary and t.lower not in profile.vocabulary
        }  # fmt: skip

    def near(self, phrase: str, profile: LabelProfile) -> tuple[int, ...]:
        """Indexes of the indications an everyday phrase (no condition word) names: by ICD-10-CM
        code when the vocabulary names the phrase in another word order, else with an HPO name at
        least ``LAY_NEAR`` or a fragment at least ``NEAR`` to the phrase."""
        codes = reordered_codes(phrase)
        if codes:
            return tuple(i for i, e in enumerate(profile.indications) if codes & e.categories)
        if not profile.indications:
            return ()
        vector = sentence_vectors()([phrase])[0]
        hits = set(self._lay_hits(phrase, vector, profile, headed=False))
        vectors, owners = self._vectors(profile)
        if owners and not self._other_organs(phrase, profile):
            hits.update(owners[j] for j in np.flatnonzero(vectors @ vector >= NEAR))
        return tuple(sorted(hits))

    def lay_near(self, phrase: str, profile: LabelProfile) -> tuple[int, ...]:
        """Indexes of the indications a phrase with a condition word but no vocabulary name names
        in lay words ("bladder infection" for urinary tract infections): only a layperson synonym
        of a term the indication itself names counts, and only one containing every word of the
        phrase ("Repeated bladder infections"), so neither a subtype ("type 1 diabetes" under
        diabetes mellitus) nor a narrower phrase ("exon 20 NSCLC") passes as the labelled use."""
        if not profile.indications:
            return ()
        return self._lay_hits(phrase, sentence_vectors()([phrase])[0], profile, headed=True)

    def lay_named(self, phrase: str, profile: LabelProfile) -> bool:
        """An indication's condition is named by one of its HPO names (lay synonyms included)."""
        if not profile.indications or reordered_codes(phrase):
            return False
        return bool(self._lay_hits(phrase, sentence_vectors()([phrase])[0], profile, headed=False))

    def _lay_hits(self, phrase: str, vector: np.ndarray, profile: LabelProfile, headed: bool) -> tuple[int, ...]:
        """Indications with an HPO name at least ``LAY_NEAR`` to the phrase that also names every
        organ of the phrase the label does not ("Blood clot in vein" may place a clot in the
        blood; "Repeated bladder infections" never names a kidney)."""
        vectors, pieces = self._lay_vectors(profile)
        if not pieces:
            return ()
        words = {t.norm for t in tokenize(phrase) if t.lower not in self.stopwords}
        organs = self._other_organs(phrase, profile)
        hits = set()
        for j in np.flatnonzero(vectors @ vector >= LAY_NEAR):
            i, name = pieces[j]
            named = {t.norm for t in tokenize(name.text)}
            if organs <= named and (not headed or (name.lay and name.own and words <= named)):
                hits.add(i)
        return tuple(sorted(hits))


@lru_cache(maxsize=64)
def _lay_pieces(vocabulary: LayVocabulary, indications: tuple[str, ...]) -> list[tuple[int, LayName]]:
    """(indication, HPO name) rows of a label's indications, found once per label and process."""
    return [(i, n) for i, text in enumerate(indications) for n in vocabulary.lay_names(text)]
