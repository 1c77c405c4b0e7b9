"""Does a label sentence cover a condition mention? Token coverage, ICD-10-CM codes, meaning.

Coverage is token-based and explainable: every distinguishing word of the mention (after synonym
expansion, without severity/stage words) must occur in one label sentence. Numbers count only as
qualifiers of the word before them ("type 1", "exon 20"), and only when the label itself
enumerates values of that qualifier. Split from :mod:`.conditions` (which finds the mentions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from assistant.guardrails.abilities import labelled_inability
from assistant.guardrails.condition_names import fragment_keys, phrase_keys, reading
from assistant.guardrails.coverage_model import Comparison, best_cover, coverage_model
from assistant.guardrails.label_profile import LabelProfile
from assistant.guardrails.lay_names import medical_name
from assistant.guardrails.meaning import IndicationMeaning, fragments
from assistant.guardrails.policy import OffLabelPolicy
from assistant.guardrails.stopwords import STOPWORDS
from assistant.guardrails.synonym_bridge import phrase_codes, text_codes
from assistant.guardrails.text import Token, stem, tokenize
from assistant.guardrails.vocabulary import find_conditions, reordered_codes, whole_phrase_codes
from assistant.guardrails.word_match import derived_in, polarity_ok

_GENERIC_ONLY = frozenset(
    stem(w)
    for w in [
        "disease",
        "diseases",
        "syndrome",
        "disorder",
        "cancer",
        "pain",
        "infection",
        "bleeding",
        "failure",
        "tumor",
        "mutation",
        "mutations",
        "condition",
        "insertion",
        "deletion",
    ]
)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_Cores = tuple[tuple[list[str], list[tuple[str, str]]], ...]
_CORE_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Coverage:
    """Which label sentences cover a mention (indication, limitation, elsewhere in the label)."""

    indications: tuple[int, ...]
    limitation: int | None
    elsewhere: bool


class CoverageMatcher:
    """Coverage of a condition phrase by a label's sentences (the base of :class:`~.conditions.ConditionMatcher`)."""

    policy: OffLabelPolicy
    synonyms: list[tuple[re.Pattern[str], str, list[str]]]
    generic: set[str]
    product_names: set[str]
    organs: set[str]
    meaning: IndicationMeaning
    _cores: dict[str, _Cores]
    _indication_phrases: dict[str, list[str]]

    def is_head(self, tok: Token) -> bool:
        raise NotImplementedError

    def variants(self, phrase: str) -> list[str]:
        """The phrase and its synonym expansions ('EGFR-mutated NSCLC' -> '... non-small cell lung cancer')."""
        out = [phrase]
        for rx, key, alts in self.synonyms:
            for variant in list(out):
                m = rx.search(variant)
                if not m or (len(key) <= 3 and m.group(0).islower()):
                    continue
                out.extend(variant[: m.start()] + alt + variant[m.end() :] for alt in alts)
            if len(out) > 16:
                break
        return out

    def core(self, phrase: str) -> tuple[list[str], list[tuple[str, str]]]:
        """Distinguishing stems and (qualifier, number) pairs of a phrase."""
        words: list[str] = []
        pairs: list[tuple[str, str]] = []
        toks = tokenize(phrase)
        for i, tok in enumerate(toks):
            if _NUMBER.match(tok.text):
                if i > 0 and not _NUMBER.match(toks[i - 1].text):
                    pairs.append((toks[i - 1].norm, tok.text))
                continue
            nxt = toks[i + 1].text if i + 1 < len(toks) else ""
            if tok.norm in self.generic or tok.lower in STOPWORDS or tok.lower in self.product_names:
                continue
            if _NUMBER.match(nxt):
                continue  # the qualifier word of a pair is checked with its number
            words.append(tok.norm)
        return words, pairs

    def is_generic(self, phrase: str) -> bool:
        words, pairs = self.core(phrase)
        return not pairs and all(w in _GENERIC_ONLY for w in words)

    def _token_in(self, word: str, stems: frozenset[str]) -> bool:
        if word in stems:
            return True
        if "-" in word and not word.startswith("non-"):
            return all(stem(p) in stems or stem(p) in self.generic for p in word.split("-") if p)
        if len(word) >= 6:
            if process.extractOne(word, stems, scorer=fuzz.ratio, score_cutoff=88) is not None:
                return True
            return derived_in(word, stems)
        return False

    @staticmethod
    def _pairs_ok(pairs: list[tuple[str, str]], text: str) -> bool:
        for word, number in pairs:
            labelled = re.findall(r"\b" + re.escape(word) + r"\w*\s*(\d+)", text, re.IGNORECASE)
            if labelled and number not in labelled:
                return False
        return True

    def _variant_cores(self, phrase: str) -> _Cores:
        """``core`` of every variant of ``phrase``, computed once per phrase: coverage asks about
        the same mention for every label sentence, and the synonym expansion dominated a check."""
        cached = self._cores.get(phrase)
        if cached is None:
            if len(self._cores) >= _CORE_CACHE_SIZE:
                self._cores.clear()
            cached = self._cores[phrase] = tuple(self.core(v) for v in self.variants(phrase))
        return cached

    def covers(self, phrase: str, stems: frozenset[str], text: str) -> bool:
        for words, pairs in self._variant_cores(phrase):
            if not words and not pairs:
                return True
            if all(self._token_in(w, stems) or labelled_inability(w, text) for w in words) and self._pairs_ok(
                pairs, text
            ):
                return polarity_ok(phrase, text)
        return False

    def _named_with_another_head(self, phrase: str, profile: LabelProfile) -> bool:
        """The label discusses the condition under another generic head: "sexually transmitted
        infections" vs the label's "sexually transmitted diseases" (only to recognise a topic
        the label knows, never to cover an indication)."""
        words = [t.text for t in tokenize(phrase) if t.norm not in _GENERIC_ONLY]
        if len(words) < 2 or len(words) == len(tokenize(phrase)):
            return False
        return any(self.covers(" ".join(words), s, "") for s in profile.other_sentences)

    def _without_organ(self, phrase: str, profile: LabelProfile) -> bool:
        """'liver cirrhosis' is the label's 'cirrhosis': an organ word before a condition head only
        locates it (a topic the label knows, never an indication)."""
        toks = tokenize(phrase)
        if len(toks) < 2 or not any(t.norm in self.organs for t in toks[:-1]):
            return False
        rest = " ".join(t.text for t in toks if t.norm not in self.organs)
        return any(self.covers(rest, s, "") for s in profile.other_sentences)

    def _lay(self, phrase: str) -> bool:
        """Everyday words (no condition head, suffix, ICD-10-CM name or HPO medical name): only meaning
        compares them. "osteomalacia" is no lay phrase, and its meaning is near "osteoporosis"."""
        if any(self.is_head(t) for t in tokenize(phrase)) or find_conditions(phrase):
            return False
        return not medical_name(phrase)

    @staticmethod
    def _nearest_hits(phrase: str, profile: LabelProfile) -> tuple[int, ...]:
        """Indications with a condition fragment whose near vocabulary names share a name or a code
        with the phrase's best reading (:mod:`.condition_names`): both sides named by the same
        maintained entry, never by a cosine between the two phrases alone."""
        core = reading(phrase)
        keys = phrase_keys(core) if core else frozenset()  # "HER2-positive": a biomarker, checked apart
        if not keys:
            return ()
        return tuple(i for i, e in enumerate(profile.indications) if keys & fragment_keys(tuple(fragments(e.text))))

    def coverage(self, phrase: str, profile: LabelProfile) -> Coverage:
        """Token coverage first; a phrase no sentence covers word for word is still covered by an
        indication naming the same ICD-10-CM code ("impotence" by "erectile dysfunction")."""
        hits = tuple(i for i, e in enumerate(profile.indications) if self.covers(phrase, e.stems, e.text))
        if not hits:
            named = whole_phrase_codes(phrase) or reordered_codes(phrase)  # "kidney infection": N15.9
            hits = tuple(i for i, e in enumerate(profile.indications) if named & e.categories)
            if not hits:  # "opioid use disorder" for the label's "opioid addiction", through an HPO synonym
                bridged = named | phrase_codes(phrase) | phrase_codes(reading(phrase))  # "HER2-positive": apart
                hits = tuple(
                    i for i, e in enumerate(profile.indications) if bridged & (e.categories | text_codes(e.text))
                )  # fmt: skip
            if not hits:  # "stomach cancer" for "gastric adenocarcinoma": near names with a shared code
                hits = self._nearest_hits(phrase, profile)
            if not named and not hits:  # "constant worrying" for anxiety, "bladder infection" for UTI
                hits = (
                    self.meaning.near(phrase, profile) if self._lay(phrase) else self.meaning.lay_near(phrase, profile)
                )
        limitation = next((i for i, e in enumerate(profile.limitations) if self.covers(phrase, e.stems, e.text)), None)
        elsewhere = (
            bool(hits)
            or any(self.covers(phrase, s, "") for s in profile.other_sentences)
            or bool(whole_phrase_codes(phrase) & profile.label_codes)
            or self._named_with_another_head(phrase, profile)
            or self._without_organ(phrase, profile)
        )
        return Coverage(hits, limitation, elsewhere)

    def mentions(self, text: str) -> list[Any]:
        raise NotImplementedError

    def _condition_phrases(self, sentence: str, profile: LabelProfile) -> list[str]:
        """The non-generic condition mentions of an indication sentence, the label's abbreviations
        written out: what the comparator compares a mention with ("pain" alone names no condition)."""
        text = spelled_out(sentence, profile)
        cached = self._indication_phrases.get(text)
        if cached is None:
            if len(self._indication_phrases) >= _CORE_CACHE_SIZE:
                self._indication_phrases.clear()
            found = [m.text for m in self.mentions(text) if not self.is_generic(m.text)]
            cached = self._indication_phrases[text] = list(dict.fromkeys(found))
        return cached

    def closest_indication(self, phrase: str, profile: LabelProfile) -> Comparison | None:
        """The indication condition phrase the learned comparator (:mod:`.coverage_model`) finds
        most likely to cover the phrase, with its probability; None without the model.

        It explains a "not covered" decision (the finding names what the mention was compared
        with) and does not decide: on the guard18x dev set, rescuing mentions above the
        comparator's threshold turned as many off-label uses into "covered" as it rescued approved
        ones (an ICD-10-CM child, a coverage in training, is often not a clinical subtype the
        label covers: non-radiographic axial spondyloarthritis under ankylosing spondylitis).
        Refitted on coverage decisions pooled from the dev case files (guard19c, leave one product
        out) it did no better: among mentions the rules leave uncovered its AUC was ~0.55, and
        every rescue threshold lost more off-label uses than it rescued (``GUARD19C.md``)."""
        if coverage_model() is None or self._lay(phrase):
            return None
        phrases = [p for entry in profile.indications for p in self._condition_phrases(entry.text, profile)]
        return best_cover(phrase, list(dict.fromkeys(phrases)), frozenset(self.generic))


def spelled_out(text: str, profile: LabelProfile) -> str:
    """``text`` with the label's own abbreviations written out ("signs and symptoms of OA" ->
    "... of osteoarthritis"): the comparator reads names, not the label's shorthand; the engine
    resolves a product named in that shorthand ("HPV ... vaccine")."""
    for short, long in profile.abbreviations.items():
        if short in text:
            text = re.sub(r"(?<![\w-])" + re.escape(short) + r"(?![\w-])", long, text)
    return text
