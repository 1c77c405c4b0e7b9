"""Combination partners: is "X with Y" a labelled combination, a restricted one, or undescribed?

A label rarely names every drug a reader may pair with the product; it names
CLASSES ("not recommended in combination with biologic DMARDs", "avoid using
with TNF blockers", "contraindicated with an ACE inhibitor", "may be used in
combination with methotrexate"). So a partner named in the text is judged by
what the label says about the partner itself or any class it belongs to (the
policy's ``drug_classes`` vocabulary):

* restricted - a label sentence with restrictive wording names the partner or
  its class, and the label does not manage that combination with a dose change
  ("If concomitant use is unavoidable, increase TAGRISSO to 160 mg");
* permitted - a label sentence with combination wording ("in combination with",
  "may be continued", "when used with") names the partner or its class, outside
  comparisons and prior-therapy statements ("compared with a TNF blocker",
  "inadequate response to a TNF blocker");
* undescribed - neither: the label does not present the combination.

Only a mention joined to the product by a combination connector counts as a
partner; "after failing adalimumab", "versus adalimumab" are not combinations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.guardrails.label_profile import LabelProfile
from assistant.guardrails.policy import OffLabelPolicy, compile_ci
from assistant.guardrails.text import sentence_spans

Verdict = Literal["restricted", "permitted", "undescribed"]

_RESTRICTIVE = compile_ci(
    r"\bnot recommended\b|\bcontraindicat\w*|\bavoid\w*\b|\bdo not\b|\bshould not\b|\bmust not\b|"
    r"\bnot (?:be )?(?:used|given|combined|coadministered)\b|\bnot indicated\b|\bincreased serious infections\b"
)
_PERMISSIVE = compile_ci(
    r"\bin combination with\b|\bcombined with\b|\bmay be continued\b|\b(?:used|given|taken|administered) "
    r"(?:together )?with\b|\bwith or without\b|\badded to\b|\badd-on\b|\btogether with\b|\bfollowed by\b|\bplus\b|"
    r"\bconcurrently with\b|\bconcomitant\b[^.;]{0,200}\b(?:allowed|permitted|continued)\b"
)
_NOT_A_COMBINATION = compile_ci(
    r"\bcompar\w*|\bversus\b|\bvs\b|\bthan\b|\bswitch\w*|\bin place of\b|\binstead of\b|\bprior\b|\bfail\w*|"
    r"\binadequate response\b|\bintoleran\w*|\bnaive\b|\bexposed\b|\bexperienced\b|\bpreviously\b|\bhad received\b"
)
_TRIAL_RESULT = compile_ci(r"\b(?:higher|lower) (?:rate|risk|incidence)\b|\bincreased\b")
_CONNECTOR = compile_ci(
    r"(?:\bin combination with|\bcombined with|\bcombining\b|\bcombo\b|\bplus|\+|&|\bw/|\badded to|"
    r"\badd(?:ed)?[- ]on(?: to)?|\bonto|"
    r"\bon top of|\btogether with|\balongside|\balong with|\bconcomitant(?:ly)?(?: with)?|\bco-?administ\w*(?: with)?|"
    r"\bstack(?:ed|ing)?(?: with)?|\bwith)\s+(?:an?\s+|the\s+|other\s+|another\s+|a\s+\w+\s+)?$"
)
_AND_TOGETHER = compile_ci(
    r"\band\b[^.;?!]{0,40}\b(?:together|concurrently|simultaneously|at the same time|combined)\b"
)
_PRIOR_BEFORE_WITH = compile_ci(
    r"\b(?:treated|failed|failing|response|responded|intoleran\w*|exposure|experience|switch\w*|compar\w*|"
    r"versus|vs|than|after|replace\w*|instead)\b[^;?!]{0,60}$|\d\s*%\s*$"
)
_OWN_GLOSS = r"\s*\((?:{})\)"


def _nearest_cue_permits(before: str) -> bool:
    """The cue closest before a partner decides: "given together with X" permits, "in place of
    an ACE inhibitor or another ARB" does not."""
    permit = max((m.end() for m in _PERMISSIVE.finditer(before)), default=-1)
    other = max((m.end() for m in _NOT_A_COMBINATION.finditer(before)), default=-1)
    return other < 0 or permit > other  # no cue before: the permissive cue follows ("X may be continued")


@dataclass(frozen=True)
class Partner:
    term: str
    start: int
    end: int
    classes: tuple[str, ...]


def _blanks(profile: LabelProfile) -> list[tuple[re.Pattern[str], str]]:
    """One pattern per product name with its blank replacement (compiled once per verdict)."""
    return [(re.compile(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", re.I), " " * len(n)) for n in profile.names]


def _blank(sentence: str, blanks: list[tuple[re.Pattern[str], str]]) -> str:
    """The sentence with the product's own names blanked (offsets kept)."""
    for rx, spaces in blanks:
        sentence = rx.sub(spaces, sentence)
    return sentence


def _term_regex(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(?:s|es)?(?![\w-])", re.IGNORECASE)


class CombinationJudge:
    """Finds combination partners in a text and judges them against one label."""

    def __init__(self, policy: OffLabelPolicy) -> None:
        self.classes = {name: tuple(members) for name, members in policy.drug_classes.items()}
        terms = {t for members in self.classes.values() for t in members} | set(self.classes)
        self.terms = sorted(terms, key=len, reverse=True)
        self.regex = {t: _term_regex(t) for t in self.terms}
        self.interaction = [compile_ci(p) for p in policy.interaction_cues]
        self._cache: dict[tuple[str, str, tuple[str, ...]], tuple[Verdict, str | None]] = {}

    def classes_of(self, term: str) -> tuple[str, ...]:
        low = term.lower()
        return tuple(c for c, members in self.classes.items() if low == c.lower() or low in map(str.lower, members))

    @staticmethod
    def _own_names(profile: LabelProfile) -> frozenset[str]:
        """The product's names and their components, lower-cased (built once per check, not per term)."""
        parts = {p.strip() for name in profile.names for p in re.split(r"[/,]| and ", name)} | set(profile.names)
        return frozenset(p.lower() for p in parts if p)

    def _own(self, term: str, profile: LabelProfile) -> bool:
        return term.lower() in self._own_names(profile)

    def partners(self, text: str, profile: LabelProfile) -> list[Partner]:
        """Drugs or classes the text joins to the product with a combination connector."""
        out: list[Partner] = []
        taken: list[tuple[int, int]] = []
        own = self._own_names(profile)
        for term in self.terms:
            if term.lower() in own:
                continue
            for m in self.regex[term].finditer(text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                gloss = re.compile(_OWN_GLOSS.format("|".join(map(re.escape, profile.names))), re.I)
                if self._joined(text, m.start()) and not gloss.match(text, m.end()):
                    taken.append((m.start(), m.end()))
                    out.append(Partner(m.group(0), m.start(), m.end(), self.classes_of(term)))
        return out

    @staticmethod
    def _joined(text: str, start: int) -> bool:
        a, b = next(((a, b) for a, b in sentence_spans(text) if a <= start < b), (0, len(text)))
        before = text[max(a, start - 60) : start]
        sentence = text[a:b]
        connector = _CONNECTOR.search(before)
        if connector:
            plain_with = connector.group(0).strip().lower().split()[0] == "with"
            return not (plain_with and _PRIOR_BEFORE_WITH.search(before[: connector.start()]))
        return bool(_AND_TOGETHER.search(sentence))

    def judge(self, profile: LabelProfile, partner: Partner) -> tuple[Verdict, str | None]:
        """Cached per (product, partner): the engine builds a new judge when the labels change."""
        key = (profile.product, partner.term.lower(), partner.classes)
        if key not in self._cache:
            self._cache[key] = self._verdict(profile, partner.term.lower(), partner.classes)
        return self._cache[key]

    @staticmethod
    def _mentions(cleaned: str, terms: list[re.Pattern[str]], *, as_partner: bool = False) -> bool:
        """A term in the sentence (the product's own names already blanked, see :func:`_blank`);
        ``as_partner`` skips mentions right after a comparison or prior-therapy word ("in place of an
        ACE inhibitor")."""
        for rx in terms:
            for m in rx.finditer(cleaned):
                if not as_partner or _nearest_cue_permits(cleaned[: m.start()]):
                    return True
        return False

    def _verdict(self, profile: LabelProfile, name: str, classes: tuple[str, ...]) -> tuple[Verdict, str | None]:
        class_terms = [t for c in classes for t in (c, *self.classes[c]) if not self._own(t, profile)]
        named_rx, class_rx = [_term_regex(name)], [_term_regex(t) for t in class_terms]
        blanks = _blanks(profile)
        restricted: str | None = None
        by_name = by_class = False
        for chunk in profile.chunk_sentences:
            managed = any(rx.search(s) for s in chunk for rx in self.interaction)
            for sentence in chunk:
                cleaned = _blank(sentence, blanks)
                named = self._mentions(cleaned, named_rx)
                in_class = named or self._mentions(cleaned, class_rx)
                if not in_class:
                    continue
                if _RESTRICTIVE.search(sentence):
                    if managed:
                        by_class = True
                    elif restricted is None:
                        restricted = sentence
                elif _PERMISSIVE.search(sentence) and not _TRIAL_RESULT.search(sentence):
                    by_name = by_name or self._mentions(cleaned, named_rx, as_partner=True)
                    by_class = by_class or self._mentions(cleaned, named_rx + class_rx, as_partner=True)
        if by_name:
            return "permitted", None
        if restricted is not None:
            return "restricted", restricted
        return ("permitted", None) if by_class else ("undescribed", None)
