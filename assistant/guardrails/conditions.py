"""Find disease/condition mentions in text (coverage by label sentences: :mod:`.coverage`).

A mention is a run of content words around a *condition head*: a word from the
policy's condition vocabulary, a known abbreviation (UC, NSCLC, SMA ...) or a
word with a disease suffix (-itis, -osis, -oma ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.guardrails.abbreviations import reader_acronym, spells
from assistant.guardrails.acronyms import vocabulary_expansion
from assistant.guardrails.ages import AGE_TOKEN, CHART_MARKER
from assistant.guardrails.condition_names import prefetch, recognised
from assistant.guardrails.coverage import Coverage, CoverageMatcher
from assistant.guardrails.icd_groups import group_hits
from assistant.guardrails.label_profile import LabelProfile
from assistant.guardrails.lay_names import hpo_spans
from assistant.guardrails.meaning import IndicationMeaning
from assistant.guardrails.policy import OffLabelPolicy
from assistant.guardrails.purposes import PurposeJudge
from assistant.guardrails.site_groups import site_hits
from assistant.guardrails.stopwords import STOPWORDS
from assistant.guardrails.synonym_bridge import phrase_codes
from assistant.guardrails.text import Token, stem, tokenize
from assistant.guardrails.use_requests import topic_question
from assistant.guardrails.vocabulary import MIN_SINGLE, find_conditions, icd_words, numeral_of

__all__ = ["STOPWORDS", "ConditionMatcher", "Coverage", "Mention"]

_STUDY_AFTER = re.compile(r"\s*(?:trials?|stud(?:y|ies)|programs?|programmes?|registry|cohorts?)\b", re.I)
_PHRASE_CACHE_SIZE = 256
_VOCABULARY_ACRONYM = 4
_MIN_MORPHEME = 4  # "arthritis" in osteoarthritis; never a tail like the "s" of arthritis
_DOSAGE_FORM = r"(?:tablets?|capsules?|pills?|injections?|infusions?|inhalers?|patch(?:es)?|creams?|syrups?)"
_QUALIFIER_CODE = re.compile(r"^[A-Za-z]\d{1,2}[a-z]?$")
"""'T2', 'A1c', 'B12': a type, grade or lab shorthand, never a condition's name by itself."""
_FOR = re.compile(r"\sfor\s", re.I)
_NON = re.compile(r"non-(?=[a-z])", re.I)
_OBJECT_WORDS = 4
_OBJECT_GAP = re.compile(r"[ -]|\s+of\s+(?:the\s+)?")
"""Words of a claimed object: joined by spaces or hyphens, or by "of (the)" ("cancer of the food pipe")."""
"""'non-diabetic': the head after the prefix is the condition; the prefix negates it (see off_label)."""


def _without_non(tok: Token) -> Token:
    """The token without a leading "non-" (its span starts after the prefix)."""
    m = _NON.match(tok.text)
    return Token(tok.text[m.end() :], tok.start + m.end(), tok.end) if m else tok


def _morpheme(part: str) -> bool:
    """A part of a compound that is a word of the condition vocabulary ("arthritis" in "osteoarthritis")."""
    return len(part) >= _MIN_MORPHEME and stem(part) in icd_words()


_CLIP = re.compile(r"^[a-z]{3,5}(?:-[a-z]{3,5})*$")


def _without_clipped(phrase: str, profile: LabelProfile) -> str:
    """The phrase without chart clippings of the label's own indication words ("mod-sev RA" for
    "moderately to severely active RA"): a lower-case word (or hyphenated run) each of whose parts
    only begins a word of Indications and Usage qualifies as the label itself does."""
    words = {w for e in profile.indications for w in re.findall(r"[a-z]+", e.text.lower())}

    def clipped(part: str) -> bool:
        return part not in words and part not in STOPWORDS and any(w.startswith(part) for w in words)

    kept = [t.text for t in tokenize(phrase) if not (_CLIP.match(t.text) and all(map(clipped, t.text.split("-"))))]
    return " ".join(kept)


_IN_BEFORE = re.compile(r"\b(?:in|with)\s+(?:[a-z-]+\s+){0,2}$", re.I)
"""An object after "in" or "with" (and up to two words: "in mild", "in patients with") names a
population, not a purpose."""


@dataclass(frozen=True)
class Mention:
    """A condition named in the text, with its exact span."""

    text: str
    start: int
    end: int
    tokens: tuple[Token, ...]


class ConditionMatcher(CoverageMatcher):
    """Extracts condition mentions and matches them against label sentences (policy-driven)."""

    def __init__(self, policy: OffLabelPolicy, product_names: set[str]) -> None:
        self.policy = policy
        self.words = {stem(w) for w in policy.condition_words}
        self.suffixes = tuple(s.lower() for s in policy.condition_suffixes)
        self.exceptions = {w.lower() for w in policy.condition_suffix_exceptions}
        self.trailing = tuple(s.lower() for s in policy.trailing_suffixes)
        self.generic = {stem(w) for w in policy.generic_modifiers}
        self.safety = {w.lower() for w in policy.safety_cues}
        self.product_names = {n.lower() for n in product_names}
        self.synonyms = [(self._key_regex(k), k, alts) for k, alts in policy.synonyms.items()]
        self._use_object = re.compile(policy.use_claim_object, re.IGNORECASE)
        names = "|".join(sorted(map(re.escape, self.product_names), key=len, reverse=True)) or "$^"
        self._product_object = re.compile(
            r"\b(?:" + names + r")(?:\s+" + _DOSAGE_FORM + r")?\s+(?:for|in)\s+"
            r"(?:patients with |people with |those with |a |an |the )?"
            r"([A-Za-z][\w'’-]*(?:\s+(?!in\b|for\b|with\b|at\b)[a-z][\w'’-]*){0,1})",
            re.IGNORECASE,
        )  # "data on humira for sarcoid ...", "X tablets for hiccups": the product followed by its use
        self.not_conditions = {w.lower() for w in policy.not_condition_objects}
        self.organs = {stem(w) for w in policy.organ_words}
        self._cores = {}
        self._indication_phrases = {}
        self._use_cues = {w.lower() for w in policy.use_claim_cues}
        self.risk_cues = {w.lower() for w in policy.risk_context_cues}
        self._phrases: dict[int, tuple[LabelProfile, list[str]]] = {}
        self.purpose = PurposeJudge(self.not_conditions, STOPWORDS)
        self.meaning = IndicationMeaning(self.organs, STOPWORDS)

    @staticmethod
    def _key_regex(key: str) -> re.Pattern[str]:
        return re.compile(r"(?<![\w-])" + re.escape(key) + r"(?![\w-])", re.IGNORECASE)

    def coverage(self, phrase: str, profile: LabelProfile) -> Coverage:
        """Coverage by the label's sentences, and else by an indication that names a kind of
        condition holding the phrase ("osteoarthritis" for knee osteoarthritis, see :mod:`.icd_groups`)."""
        found = super().coverage(phrase, profile)
        if found.indications or found.limitation is not None:
            return found
        unclipped = _without_clipped(phrase, profile)
        if unclipped and unclipped != phrase:
            again = super().coverage(unclipped, profile)
            if again.indications:
                return again
        hits = group_hits(phrase, [(self.variants(e.text), e.stems) for e in profile.indications], _morpheme)
        hits = hits or site_hits(phrase, profile.indications)  # "otitis media" of "infections of the ear"
        return Coverage(hits, None, True) if hits else found

    # --- extraction --------------------------------------------------------------
    def _abbreviation(self, tok: Token) -> bool:
        alts = self.policy.synonyms.get(tok.lower) or self.policy.synonyms.get(tok.norm)
        return bool(alts) and (len(tok.text) > 3 or tok.text.isupper())  # "MS", not "Ms"

    def is_head(self, tok: Token) -> bool:
        low = tok.lower
        if low in self.product_names or low in STOPWORDS:
            return False
        if tok.norm in self.words or low in self.words or self._abbreviation(tok):
            return True
        if _NON.match(low):
            return self.is_head(_without_non(tok))
        last = low.split("-")[-1]
        return len(last) > 5 and last.endswith(self.suffixes) and last not in self.exceptions

    def _is_content(self, tok: Token) -> bool:
        low = tok.lower
        if low in self.safety:
            return False
        return (
            low not in STOPWORDS
            and low not in self.product_names
            and not any(name in low.split("/") for name in self.product_names)
        )

    def mentions(self, text: str) -> list[Mention]:
        """Condition phrases: up to three modifiers before a head, heads and Latin epithets after."""
        tokens = tokenize(text)
        runs: list[list[Token]] = []
        run: list[Token] = []
        for tok in tokens:
            joined = bool(run) and text[run[-1].end : tok.start].strip() in ("", "-")
            if joined and numeral_of(run[-1].norm, tok.text):
                run.append(tok)  # "bipolar I depression": the vocabulary's "bipolar I", not a pronoun
                continue
            if self._is_content(tok) and (joined or not run):
                run.append(tok)
                continue
            if run:
                runs.append(run)
            run = [tok] if self._is_content(tok) else []
        if run:
            runs.append(run)
        out: list[Mention] = []
        for run in runs:
            heads = [i for i, t in enumerate(run) if self.is_head(t)]
            if not heads:
                continue
            first, last = heads[0], heads[-1]
            while last + 1 < len(run) and (
                run[last + 1].lower.endswith(self.trailing) or _vocabulary_epithet(text, run[last], run[last + 1])
            ):
                last += 1
            lead = max(0, first - 3)
            while lead < first and (
                AGE_TOKEN.fullmatch(run[lead].text)  # "13yo T2D", "pt 15F HS": the patient's age, no modifier
                or CHART_MARKER.fullmatch(run[lead].text)  # "pt 54M h/o T2D": chart shorthand, no modifier
                or (run[lead].text.isalpha() and run[lead].text.islower() and run[lead].text.endswith("s")
                    and run[lead].norm not in icd_words())
            ):  # fmt: skip
                lead += 1  # "gets migraines": a verb after its subject, a word no condition name uses
            picked = run[lead : last + 1]
            if len(picked) == 1:  # "non-diabetic": "diabetic", negated; "non-infectious uveitis" is a name
                picked[0] = _without_non(picked[0])
            start, end = picked[0].start, picked[-1].end
            out.append(Mention(text[start:end], start, end, tuple(picked)))
        return out

    def vocabulary_mentions(
        self, text: str, known: list[Mention], label_words: frozenset[str] = frozenset()
    ) -> list[Mention]:
        """Conditions the ICD-10-CM vocabulary names ("premature ejaculation", "Raynaud's
        phenomenon"), or failing it the HPO's term names and synonyms ("restless legs", "hot
        flashes") when claimed as the object of a use, that the head words and suffixes did not
        find, minus product names; then nearest names (``label_words``: see :meth:`nearest_mentions`)."""
        out = []
        hits = find_conditions(text)
        spans = [(h.start, h.end, False) for h in hits] + [
            (a, b, True) for a, b in hpo_spans(text) if not any(h.start < b and a < h.end for h in hits)
        ]  # HPO names the ICD-10-CM titles do not carry ("restless legs", "fatty liver")
        for start, end, hpo in sorted(spans):
            phrase = text[start:end]
            if any(k.start < end and start < k.end for k in known):
                continue
            tokens = tuple(t for t in tokenize(phrase) if self._is_content(t))
            if not tokens or all(
                t.norm in self.generic or t.lower in STOPWORDS or t.norm in self.organs for t in tokens
            ):
                continue  # an organ alone names no condition ("blood" of "Blood, injection, injury type phobia")
            picked = tuple(Token(t.text, t.start + start, t.end + start) for t in tokens)
            mention = Mention(phrase, start, end, picked)
            if hpo and not self.is_claim_object(text, mention):
                continue  # a phenotype is also a symptom or a setting ("for patients who have difficulty swallowing")
            out.append(mention)
        nearest = self.nearest_mentions(text, [*known, *out], label_words)
        return out + [m for m in nearest if self.is_claim_object(text, m)]

    def nearest_mentions(
        self, text: str, known: list[Mention], label_words: frozenset[str] = frozenset()
    ) -> list[Mention]:
        """Claimed objects no index names word for word whose nearest vocabulary name (by the
        packaged sentence vectors, :mod:`.condition_names`) is close: "high blood sugar" is
        Hyperglycemia, "early ejaculation" Premature ejaculation. Only objects of a use claim are
        candidates, so a few phrases per text are embedded. A population object ("used in X",
        "in patients with X") every word of which the label itself uses (``label_words``) is left to
        the label-side rules, as in :meth:`claimed_objects`: "used in mild hepatic impairment" names
        a population the label doses; "for X" stays a purpose."""
        starts = {m.start(1) for m in self._use_object.finditer(text)}
        starts |= {m.start(1) for m in self._product_object.finditer(text) if _FOR.search(m.group(0))}
        candidates = []
        for start in sorted(starts):
            tokens = self._object_run(text, start)
            if not tokens or any(k.start < tokens[-1].end and tokens[0].start < k.end for k in known):
                continue
            phrase = text[tokens[0].start : tokens[-1].end]
            in_label = all(t.norm in label_words or t.lower in label_words for t in tokens)
            if in_label and _IN_BEFORE.search(text, 0, start):
                continue
            if len(tokens) == 1 and (len(phrase) < MIN_SINGLE or phrase.isupper()):
                continue  # "pt", "DVT": a short word or an acronym equals a name by spelling, not by meaning
            candidates.append(Mention(phrase, tokens[0].start, tokens[-1].end, tuple(tokens)))
        prefetch([m.text for m in [*candidates, *known]])  # the mentions' coverage may look them up too
        return [m for m in candidates if recognised(m.text) is not None]

    def _object_run(self, text: str, start: int) -> list[Token]:
        """Content words of a claimed object from ``start`` (at most ``_OBJECT_WORDS``), none when
        it starts with a word that names no condition (a population, a time, "maintenance")."""
        run: list[Token] = []
        for tok in tokenize(text[start:]):
            tok = Token(tok.text, tok.start + start, tok.end + start)
            if run and not _OBJECT_GAP.fullmatch(text[run[-1].end : tok.start]):
                break
            if not self._is_content(tok) or tok.lower in self.not_conditions or tok.text[0].isdigit():
                break
            run.append(tok)
            if len(run) == _OBJECT_WORDS:
                break
        return run

    def abbreviated(self, text: str, abbreviations: dict[str, str], known: list[Mention]) -> list[Mention]:
        """Conditions written as the label's own abbreviations ("ED"): the mention carries the long
        form ("erectile dysfunction") so that it is compared with the label as the label writes it; a
        long form the HPO names only as a phenotype ("tumor-induced osteomalacia") counts too."""
        out = []
        for tok in tokenize(text):
            expansion = abbreviations.get(tok.text)
            if not expansion or any(k.start < tok.end and tok.start < k.end for k in known):
                continue
            found = [*self.mentions(expansion), *self.vocabulary_mentions(expansion, [])]
            ends = {m.end for m in found} | {b for _, b in hpo_spans(expansion)}  # "tumor-induced osteomalacia"
            if len(expansion) in ends:
                out.append(Mention(expansion, tok.start, tok.end, (tok,)))
        return out

    def short_forms(self, text: str, profile: LabelProfile) -> dict[str, str]:
        """The label's own abbreviations, plus the reader's acronyms in ``text`` that spell one of
        the conditions the label's indications or limitations name ("OA" for the label's
        osteoarthritis, "T1D" for type 1 diabetes, "COVID" for COVID-19): see :func:`.abbreviations.spells`;
        failing those, the one vocabulary name it spells ("CTEPH"), see :mod:`.acronyms`."""
        out = dict(profile.abbreviations)
        phrases: list[str] | None = None
        for tok in tokenize(text):
            if tok.text in out or not reader_acronym(tok.text):
                continue
            if phrases is None:
                phrases = self._label_phrases(profile)
            found = next((p for p in phrases if spells(tok.text, p, _morpheme)), None)
            if not found and len(tok.text) >= _VOCABULARY_ACRONYM:  # "HIV", "PH": too short to name one use
                found = vocabulary_expansion(tok.text, profile.vocabulary, _morpheme)
            if found:
                out[tok.text] = found
        return out

    def _label_phrases(self, profile: LabelProfile) -> list[str]:
        """Condition phrases of the label's indications and limitations, each with its shorter
        word runs ("rheumatoid arthritis" of "active rheumatoid arthritis"), shortest first."""
        cached = self._phrases.get(id(profile))
        if cached is not None and cached[0] is profile:
            return cached[1]
        runs: set[str] = set()
        for sentence in [e.text for e in profile.indications] + [e.text for e in profile.limitations]:
            for mention in [*self.mentions(sentence), *self.vocabulary_mentions(sentence, [])]:
                toks = mention.tokens
                runs.update(
                    sentence[toks[i].start : toks[j].end] for i in range(len(toks)) for j in range(i, len(toks))
                )
        phrases = sorted(runs, key=lambda p: (len(p.split()), p))
        if len(self._phrases) > _PHRASE_CACHE_SIZE:
            self._phrases.clear()
        self._phrases[id(profile)] = (profile, phrases)
        return phrases

    def claimed_objects(self, text: str, vocabulary: frozenset[str]) -> list[Mention]:
        """Conditions outside the vocabulary and suffix rules: the object of a use claim ("to treat
        shingles", "used for hair loss", "help with insomnia", "humira for sarcoid") with a word
        the label never uses. Objects made only of label words are left to :meth:`mentions`
        and to the risk-context rules ("used in patients with renal impairment")."""
        out = []
        for m in [*self._use_object.finditer(text), *self._product_object.finditer(text)]:
            tokens = [t for t in tokenize(m.group(1)) if self._is_content(t) and t.norm not in self.generic]
            tokens = [
                t for t in tokens
                if t.lower not in self.not_conditions and not t.text[0].isdigit() and not _QUALIFIER_CODE.match(t.text)
                and len(t.text) > 1  # chart "w/", "w/o": one letter names no condition
            ]  # fmt: skip
            if _STUDY_AFTER.match(text, m.end(1)):
                continue  # "in the ORAL Strategy trial": the object names a study, not a use
            if tokens and self._unknown_object(tokens, vocabulary):
                start, end = tokens[0].start + m.start(1), tokens[-1].end + m.start(1)
                out.append(Mention(text[start:end], start, end, tuple(tokens)))
        return out

    def stated_purposes(self, text: str, profile: LabelProfile) -> list[Mention]:
        """Purposes of a use claim that no indication describes in meaning ("to slow down aging",
        "help me lose a few pounds"); see :mod:`.purposes`."""
        out = []
        for start, end, by_subject in self.purpose.phrases(text, set(profile.names) | self.product_names):
            tokens = [t for t in self.purpose.content(text[start:end]) if t.lower not in self.product_names]
            if by_subject and all(t.norm in profile.vocabulary or t.lower in profile.vocabulary for t in tokens):
                continue  # "X lowers HbA1c": a measure the label reports
            if not tokens:
                continue
            phrase = text[start:end]
            if self.meaning.lay_named(phrase, profile):
                continue  # an HPO lay name carries its site ("fluid ... in the abdomen"): no setting
            if not self.purpose.far_from_indications(phrase, profile) or self.meaning.near(phrase, profile):
                tokens = [  # a condition there ("in men with diabetes") is a comorbidity, not a setting
                    t for t in self.purpose.unnamed_setting(phrase, profile.vocabulary)
                    if not self.is_head(t) and not find_conditions(t.text)
                ]  # fmt: skip
                if not tokens:
                    continue
            picked = tuple(Token(t.text, t.start + start, t.end + start) for t in tokens)
            a, b = picked[0].start, picked[-1].end
            out.append(Mention(text[a:b], a, b, picked))
        return out

    def is_claim_object(self, text: str, mention: Mention) -> bool:
        """The mention is the object of a use-claim phrase ("works well for delirium", "useful for
        nausea", "an option for hiccups", "<product> for fever"): the policy's ``use_claim_object``
        pattern, the product directly followed by "for"/"in" and the mention, or a stated
        purpose (:mod:`.purposes`: "given for high blood pressure", "approved for treating X")."""
        if any(m.start(1) == mention.start for m in self._use_object.finditer(text)):
            return True
        if any(m.start(1) == mention.start and _FOR.search(m.group(0)) for m in self._product_object.finditer(text)):
            return True  # "X for nausea" (not "starting X in females": a population)
        if topic_question(text, mention.start, mention.end, self.product_names, self._use_cues, self.risk_cues):
            return True  # "fever in a 4 yo, can parents use VELOR?"
        purposes = self.purpose.phrases(text, self.product_names)
        return any(a <= mention.start and mention.end <= b and self.purpose.leads(text[a : mention.start])
                   for a, b, _ in purposes)  # fmt: skip

    def _unknown_object(self, tokens: list[Token], vocabulary: frozenset[str]) -> bool:
        """The head (last word) is unknown to the label, or the head is an organ and its modifier
        is unknown ("fatty liver"); "brain metastases" has a known head and is left alone."""

        def unknown(tok: Token) -> bool:
            if tok.norm in vocabulary or tok.lower in vocabulary:
                return False
            parts = [p for p in tok.text.split("-") if p]  # "average-sized" where the label writes "average sized"
            return len(parts) < 2 or not all(stem(p) in vocabulary or p.lower() in vocabulary for p in parts)

        head = tokens[-1]
        return unknown(head) or (head.norm in self.organs and any(unknown(t) for t in tokens[:-1]))


def _vocabulary_epithet(text: str, head: Token, nxt: Token) -> bool:
    """A word after the head that the vocabulary reads as part of the name: "acne inversa" is an HPO
    synonym of hidradenitis suppurativa, not "acne" followed by a stray word; the Latin suffixes
    of ``trailing_suffixes`` miss such epithets."""
    pair = phrase_codes(text[head.start : nxt.end])
    return bool(pair) and pair != phrase_codes(head.text)
