"""Find disease/condition mentions in text and decide whether a label sentence covers them.

A mention is a run of content words around a *condition head*: a word from the
policy's condition vocabulary, a known abbreviation (UC, NSCLC, SMA ...) or a
word with a disease suffix (-itis, -osis, -oma ...). Coverage is token-based
and explainable: every distinguishing word of the mention (after synonym
expansion, without severity/stage words) must occur in one label sentence.
Numbers count only as qualifiers of the word before them ("type 1", "exon 20"),
and only when the label itself enumerates values of that qualifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from assistant.guardrails.label_profile import LabelProfile
from assistant.guardrails.meaning import IndicationMeaning
from assistant.guardrails.policy import OffLabelPolicy
from assistant.guardrails.purposes import PurposeJudge
from assistant.guardrails.text import Token, stem, tokenize
from assistant.guardrails.vocabulary import find_conditions, icd_words, reordered_codes, whole_phrase_codes
from assistant.guardrails.word_match import derived_in, polarity_ok

STOPWORDS = frozenset(
    """a an the and or but nor of to in on at by for with without from into onto about as than then
    is are was were be been being am do does did done doing has have had having can could may might must
    shall should will would it its it's this that these those there here which who whom whose what when
    where why how whether if so not no yes any all each every some such more most less least many much
    very also only just even still yet again ever i me my we our you your he she him her his they them
    their us one two used using uses given give gives giving take taken taking start started starting
    help helps helped work works worked treat treats treated treating treatment treatments therapy
    therapies manage managed management patient patients people person dose doses dosing dosed regimen
    usual standard recommended recommendation label labeled labelled approved approval indicated
    indication indications evidence data study studies trial trials effect effects effective efficacy
    benefit benefits role option options known good well better best safe safety drug drugs medication
    medicine product agent agents after before during while since until against between versus vs
    compared like including include includes case cases there's isn't aren't doesn't don't can't what's
    new first second line initial added add combined combination plus alongside together improve improves
    reduce reduces risk prevent prevents control controls week weeks month months year years day days
    daily weekly mg kg ml time times once twice adults adult child children woman women man men
    pediatric older younger aged age old history cause causes developed develop occurred reported
    active activity responds respond response tell show say says said about something anything""".split()  # noqa: SIM905
)
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
_STUDY_AFTER = re.compile(r"\s*(?:trials?|stud(?:y|ies)|programs?|programmes?|registry|cohorts?)\b", re.I)
_Cores = tuple[tuple[list[str], list[tuple[str, str]]], ...]
_CORE_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Mention:
    """A condition named in the text, with its exact span."""

    text: str
    start: int
    end: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class Coverage:
    """Which label sentences cover a mention (indication, limitation, elsewhere in the label)."""

    indications: tuple[int, ...]
    limitation: int | None
    elsewhere: bool


class ConditionMatcher:
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
            r"\b(?:" + names + r")\s+(?:for|in)\s+(?:patients with |people with |those with |a |an |the )?"
            r"([A-Za-z][\w'’-]*(?:\s+(?!in\b|for\b|with\b|at\b)[a-z][\w'’-]*){0,1})",
            re.IGNORECASE,
        )  # "data on humira for sarcoid ...": the product directly followed by its use
        self.not_conditions = {w.lower() for w in policy.not_condition_objects}
        self.organs = {stem(w) for w in policy.organ_words}
        self._cores: dict[str, _Cores] = {}
        self.purpose = PurposeJudge(self.not_conditions, STOPWORDS)
        self.meaning = IndicationMeaning(self.organs, STOPWORDS)

    @staticmethod
    def _key_regex(key: str) -> re.Pattern[str]:
        return re.compile(r"(?<![\w-])" + re.escape(key) + r"(?![\w-])", re.IGNORECASE)

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
            while last + 1 < len(run) and run[last + 1].lower.endswith(self.trailing):
                last += 1
            lead = max(0, first - 3)
            while (
                lead < first
                and run[lead].text.isalpha()
                and run[lead].text.islower()
                and run[lead].text.endswith("s")
                and run[lead].norm not in icd_words()
            ):
                lead += 1  # "gets migraines": a verb after its subject, a word no condition name uses
            picked = run[lead : last + 1]
            start, end = picked[0].start, picked[-1].end
            out.append(Mention(text[start:end], start, end, tuple(picked)))
        return out

    def vocabulary_mentions(self, text: str, known: list[Mention]) -> list[Mention]:
        """Conditions the ICD-10-CM vocabulary names ("premature ejaculation", "Raynaud's
        phenomenon") that the head words and suffixes did not find, minus product names."""
        out = []
        for hit in find_conditions(text):
            if any(k.start < hit.end and hit.start < k.end for k in known):
                continue
            tokens = tuple(t for t in tokenize(hit.text) if self._is_content(t))
            if not tokens or all(
                t.norm in self.generic or t.lower in STOPWORDS or t.norm in self.organs for t in tokens
            ):
                continue  # an organ alone names no condition ("blood" of "Blood, injection, injury type phobia")
            out.append(
                Mention(
                    hit.text,
                    hit.start,
                    hit.end,
                    tuple(Token(t.text, t.start + hit.start, t.end + hit.start) for t in tokens),
                )
            )
        return out

    def abbreviated(self, text: str, abbreviations: dict[str, str], known: list[Mention]) -> list[Mention]:
        """Conditions written as the label's own abbreviations ("ED"): the mention carries the long
        form ("erectile dysfunction") so that it is compared with the label as the label writes it."""
        out = []
        for tok in tokenize(text):
            expansion = abbreviations.get(tok.text)
            if not expansion or any(k.start < tok.end and tok.start < k.end for k in known):
                continue
            found = [*self.mentions(expansion), *self.vocabulary_mentions(expansion, [])]
            if any(m.end == len(expansion) for m in found):
                out.append(Mention(expansion, tok.start, tok.end, (tok,)))
        return out

    def claimed_objects(self, text: str, vocabulary: frozenset[str]) -> list[Mention]:
        """Conditions outside the vocabulary and suffix rules: the object of a use claim ("to treat
        shingles", "used for hair loss", "help with insomnia", "humira for sarcoid") with a word
        the label never uses. Objects made only of label words are left to :meth:`mentions`
        and to the risk-context rules ("used in patients with renal impairment")."""
        out = []
        for m in [*self._use_object.finditer(text), *self._product_object.finditer(text)]:
            tokens = [t for t in tokenize(m.group(1)) if self._is_content(t) and t.norm not in self.generic]
            tokens = [t for t in tokens if t.lower not in self.not_conditions and not t.text[0].isdigit()]
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
        nausea", "an option for hiccups"): the policy's ``use_claim_object`` pattern, or a stated
        purpose (:mod:`.purposes`: "given for high blood pressure", "approved for treating X")."""
        if any(m.start(1) == mention.start for m in self._use_object.finditer(text)):
            return True
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

    # --- coverage ----------------------------------------------------------------
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
            if all(self._token_in(w, stems) for w in words) and self._pairs_ok(pairs, text):
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
        """Everyday words (no condition head, suffix or ICD-10-CM name): only meaning compares them."""
        return not any(self.is_head(t) for t in tokenize(phrase)) and not find_conditions(phrase)

    def coverage(self, phrase: str, profile: LabelProfile) -> Coverage:
        """Token coverage first; a phrase no sentence covers word for word is still covered by an
        indication naming the same ICD-10-CM code ("impotence" by "erectile dysfunction")."""
        hits = tuple(i for i, e in enumerate(profile.indications) if self.covers(phrase, e.stems, e.text))
        if not hits:
            named = whole_phrase_codes(phrase) or reordered_codes(phrase)  # "kidney infection": N15.9
            hits = tuple(i for i, e in enumerate(profile.indications) if named & e.categories)
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
