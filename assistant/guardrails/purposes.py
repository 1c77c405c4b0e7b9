"""Uses stated as a purpose, judged by meaning against the label's indications.

Many off-label uses name no condition the vocabulary or the suffix rules know, or name one in
words the label also uses: "to slow down aging", "help me lose a few pounds", "to prevent
altitude sickness", "to stop a bad cough", "for bodybuilders who want to stay lean", "bring
down my high blood pressure". The purpose is found by the grammar of a use claim (a use verb
followed by "to"/"for", or the product as the subject of a treating verb) and then compared
by MEANING with every sentence of Indications and Usage through the packaged MiniLM sentence
embeddings: a purpose far from all of them (cosine below :data:`FAR`) is a use the label does
not describe. A purpose near an indication ("lower LDL in teenagers", "prevent heart attacks")
is left to the word-level coverage and population checks.

Safety questions ("is it safe for", "ok for") are not purposes, nor are durations ("taken for
six months"), populations ("used for kids") or the label's own objects of care (a purpose made
only of words the policy lists as not conditions). What the product itself is said to lower or
improve ("X lowers HbA1c") is often a measure the label reports, so that frame needs, besides the
distance, a word the label never uses. Cost: one embedding per purpose found (a
few ms, cached); the indication sentences of a label are embedded once per process.
"""

from __future__ import annotations

import re

import numpy as np

from assistant.guardrails.label_profile import LabelProfile
from assistant.guardrails.promo_model import sentence_vectors
from assistant.guardrails.text import Token, stem, tokenize

FAR = 0.22
"""Highest cosine to any indication sentence at which a purpose is still "not described" (dev data:
unlabelled purposes 0.05-0.23, labelled ones in lay words 0.26 and up)."""
MAX_WORDS = 8
_SETTING_AFTER = re.compile(r"\b(?:in|on|with|during|after|under)\s+", re.I)
_LEAD_WORDS = frozenset(["a", "an", "the", "my", "his", "her", "their", "your", "our", "its", "this", "that"])
_POSSESSIVE = re.compile(r"\w['’]s$")
_WHO = r"(?:(?:me|him|her|them|you|us|people|patients|someone|anyone|my \w+|his \w+|her \w+|by \w+(?: \w+)?)\s+)?"
_USE_FRAME = re.compile(
    r"\b(?:used?|using|taken|taking|given|prescribed|prescribing|recommended|approved|indicated|authori[sz]ed|"
    r"work(?:s|ed)?(?:\s+(?:well|best|wonders|great|nicely))?|"
    r"(?:good|great|effective|useful|helpful|right)(?:\s+(?:choice|option|idea|drug|medicine|treatment|pill))?)\s+"
    + _WHO
    + r"(?:to|for)\s+(?:(?:treating|managing|preventing|relieving|reducing|lowering)\s+)?|\bhelp(?:s|ed|ing)?\s+"
    + _WHO
    + r"(?:to\s+|with\s+)?",
    re.I,
)
_SUBJECT_VERB = (
    r"\s+(?:(?:can|could|will|would|may|might|does|do|also|really|actually|is able to)\s+)*"
    r"(?:bring(?:s)?\s+down|lower(?:s)?|reduce(?:s)?|treat(?:s)?|prevent(?:s)?|stop(?:s)?|cure(?:s)?|slow(?:s)?\s+down|"
    r"slow(?:s)?|fix(?:es)?|improve(?:s)?|keep(?:s)?|get(?:s)?\s+rid\s+of)\s+"
)
_END = re.compile(
    r"[.?!;:,()\[\]]|\b(?:if|when|because|even|while|since|but|so that|instead|or not|as well|without|and is|and can|"
    r"compared|than|versus|vs)\b",
    re.I,
)
_NOT_PURPOSE = re.compile(
    r"^(?:\d|(?:a|an|the|one|two|three|several|many|some|how|long|life|years?|months?|weeks?|days?|now|today|"
    r"this|that|it|them|you|me|him|her|kids?|children|adults?|women|men|teens?|teenagers?|elderly|infants?|"
    r"babies|everyone|anyone|someone|patients?|people|use|longer|short|more|less|both|either|yes|no)\b(?!\s+\w))",
    re.I,
)


_DURATION = re.compile(
    r"(?:at least|up to|more than|less than|longer than|a maximum|as long|the first|the rest)\b", re.I
)
_NOT_INFINITIVE = frozenset(
    """a an the my his her their your our its this that these those all any every each some young old older
    adults adult children child kids kid patients patient people women men infants babies someone anyone
    him them me us you""".split()  # noqa: SIM905
)
_RECIPIENTS = frozenset(
    """kid kids infant infants baby babies newborn newborns neonate neonates toddler toddlers teen teens teenager
    teenagers adolescent adolescents senior seniors elderly boy boys girl girls kg kgs lb lbs ml mg year years
    month months week weeks old young""".split()  # noqa: SIM905
)
"""Who receives the product and how much ("used for a 3.5 kg infant"): recipients, not purposes."""


class PurposeJudge:
    """Finds stated purposes of a product and tells whether any indication describes them."""

    def __init__(self, not_conditions: set[str], stopwords: frozenset[str]) -> None:
        self.not_conditions = not_conditions
        self.stopwords = stopwords

    def phrases(self, text: str, names: set[str]) -> list[tuple[int, int, bool]]:
        """Spans of the purposes stated in ``text`` (the object after a use frame), each with
        whether the frame is the product as subject of a treating verb ("X lowers ...")."""
        frames = [(m, False) for m in _USE_FRAME.finditer(text)]
        if names:
            subject = re.compile(
                r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")" + _SUBJECT_VERB,
                re.I,
            )
            frames += [(m, True) for m in subject.finditer(text)]
        out = []
        for m, by_subject in frames:
            rest = text[m.end() :]
            stop = _END.search(rest)
            words = list(re.finditer(r"\S+", rest[: stop.start() if stop else len(rest)]))[:MAX_WORDS]
            if not words or _NOT_PURPOSE.match(rest) or _DURATION.match(rest):
                continue
            if m.group(0).rstrip().lower().endswith(" to") and words[0].group(0).lower() in _NOT_INFINITIVE:
                continue  # "given to young children", "taken to a clinic": a recipient or place
            out.append((m.end(), m.end() + words[-1].end(), by_subject))
        return out

    def content(self, phrase: str) -> list[Token]:
        return [
            t for t in tokenize(phrase)
            if t.lower not in self.stopwords and t.lower not in self.not_conditions
            and t.lower not in _RECIPIENTS and not t.text[0].isdigit()
        ]  # fmt: skip

    def far_from_indications(self, phrase: str, profile: LabelProfile) -> bool:
        """No indication sentence is near the purpose in meaning."""
        sentences = [e.text for e in profile.indications]
        if not sentences:
            return False
        vectors = sentence_vectors()([*sentences, phrase])  # each sentence is embedded once per process
        return float(np.max(vectors[:-1] @ vectors[-1])) < FAR

    def unnamed_setting(self, purpose: str, vocabulary: frozenset[str]) -> list[Token]:
        """The setting or device a purpose is placed in ("... in the ICU", "... in patients with an
        LVAD", "... on ECMO") when the label never uses its head word: a use context the label does
        not describe, even where the purpose itself is near an indication. Only the head (last word
        of the phrase after "in"/"with"/"on" ...) counts: "with LV systolic dysfunction" is a
        condition the label names by its head."""
        out = []
        for m in _SETTING_AFTER.finditer(purpose):
            nxt = _SETTING_AFTER.search(purpose, m.end())
            words = self.content(purpose[m.end() : nxt.start() if nxt else len(purpose)])
            if words and not _labelled(words[-1].text, vocabulary):
                head = words[-1]
                out.append(Token(head.text, head.start + m.end(), head.end + m.end()))
        return out

    @staticmethod
    def leads(before: str) -> bool:
        """Only a determiner or possessive between a purpose frame and the mention ("given for my high
        blood pressure", "used for a child's fever"), so the mention is the purpose itself, not a
        word further on."""
        return all(t.lower in _LEAD_WORDS or _POSSESSIVE.search(t.text) for t in tokenize(before))


def _labelled(word: str, vocabulary: frozenset[str]) -> bool:
    """The label uses the word, or every part of a hyphenated one ("EGFR-mutated")."""
    parts = [p for p in word.split("-") if p] or [word]
    return all(p.lower() in vocabulary or stem(p) in vocabulary for p in parts)
