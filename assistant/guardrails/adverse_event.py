"""Adverse-event rail: a question that reports something that happened to a real person on a product.

Pharmacovigilance needs every such report within one business day, so the
question is answered but carries the reporting notice. The signal is anchored
on the EVENT, whoever the grammatical subject is: an event or change word
("developed", "swelled", "doubled", "was found to have", "tested positive",
"happened") + a specific person on either side of it ("a patient", "her",
"a 54-year-old", "one of our HS patients", "we") + exposure to the product (a
time anchor such as "after her first dose", "ever since X was started",
"treated with X", or the product named in the text). Generic safety questions
("How often does ILD occur?", "What percentage of patients developed ...?")
have no specific person or no narrated event; hypotheticals ("if a patient
develops", "should a patient who ...") are framed as such before the person or
the event, and present-tense conditionals are not in the event lexicon.

The event lexicon cannot list every way a clinician narrates what happened ("her sodium came back
at 118", "he has just been found to have a lymphoma"). Where the rules see a specific person and
an exposure but no event they know, the learned head (policy ``learned``; a classifier over the
packaged sentence embeddings trained on report vs. not-a-report questions that share persons,
events and products, see ``evals/guardrails/build_rail_train.py``) judges the whole question:
a narrated event in that person, or a question about label rates, a hypothetical, past history,
"my patient asked whether ...". Texts without a person or an exposure never reach it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from assistant.guardrails.policy import AdverseEventPolicy, compile_ci
from assistant.guardrails.text import sentence_spans
from assistant.types import GuardrailFinding

Probabilities = Callable[[Sequence[str]], np.ndarray]


def _packaged_probabilities(texts: Sequence[str]) -> np.ndarray:
    from assistant.guardrails.promo_model import packaged_head

    return packaged_head("adverse_event").probabilities(texts)


class AdverseEventRule:
    def __init__(
        self, policy: AdverseEventPolicy, product_names: set[str], probabilities: Probabilities | None = None
    ) -> None:
        self.policy = policy
        self.probabilities = probabilities or _packaged_probabilities
        self.subject = compile_ci(policy.subject_pattern)
        self.event = compile_ci(policy.event_pattern)
        self.exposure = compile_ci(policy.exposure_pattern)
        self.hypothetical = compile_ci(policy.hypothetical_pattern)
        self.not_event = compile_ci(policy.not_event_pattern)
        self.history = compile_ci(policy.history_pattern)
        self.history_override = compile_ci(policy.history_override)
        self.generic_person = compile_ci(policy.generic_person_pattern)
        self.interrogative = compile_ci(policy.interrogative_pattern)
        self.generic_override = compile_ci(policy.generic_override)
        self.dose_timing = compile_ci(policy.dose_timing_pattern)
        self.prospective = compile_ci(policy.prospective_pattern)
        self.causal = compile_ci(policy.causal_pattern)
        names = sorted((re.escape(n) for n in product_names if n), key=len, reverse=True)
        # A plural ("took two viagras") is the same exposure.
        self.product = re.compile(r"\b(?:" + "|".join(names) + r")s?\b", re.I) if names else None

    def _exposed(self, sentence: str, text: str) -> bool:
        """Exposure wording in the sentence, or the product named in the text, outside a question
        about starting or dosing it ("can X be started after ...?" exposes no one yet)."""
        in_sentence = bool(self.product and self.product.search(sentence))
        hosts = [sentence] if in_sentence else [text[a:b] for a, b in sentence_spans(text)]
        named = [(host, m) for host in hosts for m in (self.product.finditer(host) if self.product else [])]
        if named and all(self._prospective(host, m.start()) or self._proposed(host, m, text) for host, m in named):
            # The product is only what the asker wants to start: exposure wording elsewhere ("got worse on
            # crizotinib", "while on enalapril") is about another therapy.
            return False
        if any(not self._prospective(sentence, m.start()) for m in self.exposure.finditer(sentence)):
            return True
        return bool(named)

    def _prospective(self, sentence: str, pos: int) -> bool:
        """The product at ``pos`` is named in a question clause about a future or prospective use
        ("which dose should she start on?", "can X be started?"): naming it there does not expose the
        person, unless the clause ties the product to what happened ("could X have caused it?")."""
        start, end = _clause_bounds(sentence, pos, _QUESTION_BREAK)
        clause = sentence[start:end].strip()
        asked = bool(self.interrogative.match(clause))
        return asked and bool(self.prospective.search(clause)) and not self.causal.search(clause)

    def _proposed(self, host: str, named: re.Match[str], text: str) -> bool:
        """The product named as the use a question asks about, with no event anywhere in the text and no
        exposure wording in front of it: "humira for Crohn's in a 7 yo?", "adalimumab in a 9 year old boy
        with ...", or the product opening the closing question after a patient sketch ("16 yo with
        Crohn's, 45 kg -- humira induction?", "7yo w/ Crohn's, humira?"). A patient described for a
        prospective use: no one is exposed yet ("pt on humira for ...", "rash after humira?" stay)."""
        if self.event.search(text):
            return False
        before, after = host[: named.start()].rstrip(), host[named.end() :]
        if _TIED.search(before) or any(m.end() == len(before) for m in self.exposure.finditer(before)):
            return False
        if _USE_FRAME.match(after):
            return True
        opens = not before or before.endswith((",", ";", ":", "-", "\u2013", "\u2014"))
        return opens and after.rstrip().endswith("?") and not _ASK_BREAK.search(after)

    def _person_near(self, sentence: str, event: re.Match[str]) -> re.Match[str] | None:
        """The nearest specific-person mention within ``max_gap_chars`` before or after the event."""
        best: tuple[int, re.Match[str]] | None = None
        for person in self.subject.finditer(sentence):
            if person.end() <= event.start():
                gap = event.start() - person.end()
            elif person.start() >= event.end():
                gap = person.start() - event.end()
            else:
                continue
            if gap <= self.policy.max_gap_chars and (best is None or gap < best[0]):
                best = (gap, person)
        return best[1] if best else None

    def _report(self, sentence: str, text: str) -> tuple[int, int] | None:
        """Span (within ``sentence``) of the first narrated event in a specific, exposed person."""
        for event in self.event.finditer(sentence):
            if self.not_event.search(sentence[event.end() :]):
                continue
            person = self._person_near(sentence, event)
            if person is None or self._generic(sentence, person):
                continue
            start = min(person.start(), event.start())
            if self.hypothetical.search(sentence[:start]) or not self._exposed(sentence, text):
                continue
            if self._in_history(sentence, event):
                continue
            return start, max(person.end(), event.end())
        return None

    def _generic(self, sentence: str, person: re.Match[str]) -> bool:
        """In a question, an indefinite person the question is about ("doses for a 9 year old", "can a
        patient who had a rash ...") stands for a population, like "patients who": no report is made,
        unless the asker has that person or anchors the event in time ("I have a patient who ..."). A pronoun
        after such a person in the same question is that person again."""
        if not self.interrogative.search(sentence) or self.generic_override.search(sentence):
            return False
        pronoun = person.group(0).lower() in _PRONOUNS
        return any(
            g.start() <= person.start() < g.end()
            or person.start() <= g.start() < person.end()
            or (pronoun and g.end() <= person.start())  # "for a woman with ..., burning when she pees?"
            for g in self.generic_person.finditer(sentence)
        )

    def _in_history(self, sentence: str, event: re.Match[str]) -> bool:
        """The event's clause places it in the person's past history, with no tie to exposure."""
        clause = _clause(sentence, event.start())
        return bool(self.history.search(clause)) and not self.history_override.search(clause)

    def scan(self, text: str) -> list[GuardrailFinding]:
        """The rules' finding, if any (no embedding)."""
        for a, b in sentence_spans(text):
            span = self._report(text[a:b], text)
            if span is not None:
                return [_finding(text, a + span[0], a + span[1])]
        return []

    def learned_candidate(self, text: str) -> tuple[int, int] | None:
        """The sentence the learned head may judge: it names a specific person, outside any
        hypothetical framing and not placed in the person's history before the product, not asking what
        to do about a missed or late dose, in a text that ties someone to the product (``None``: nothing
        to judge)."""
        if not self.policy.learned.enabled:
            return None
        for a, b in sentence_spans(text):
            sentence = text[a:b]
            person = next((p for p in self.subject.finditer(sentence) if not self._generic(sentence, p)), None)
            if person is None or self.hypothetical.search(sentence[: person.start()]):
                continue
            if self.dose_timing.search(sentence):
                continue
            if self._in_history(sentence, person) or not self._exposed(sentence, text):
                continue
            return a, b
        return None

    def scan_learned(self, text: str) -> list[GuardrailFinding]:
        """The head's finding for a text the rules left undecided (costs one embedding)."""
        span = self.learned_candidate(text)
        if span is None or float(self.probabilities([text])[0]) < self.policy.learned.threshold:
            return []
        return [_finding(text, *span, learned=True)]


_USE_FRAME = re.compile(r"\s+(?:for|in)\b", re.I)
"""What follows a product named as the use asked about: "X for <condition>", "X in <a patient>"."""
_ASK_BREAK = re.compile(r"[;:]\s|,\s(?!\d)|\s[-\u2013\u2014]+\s")
"""A break inside the closing question: the product must open the clause that is asked."""
_TIED = re.compile(r"(?:\b(?:after|since|from|with|on|off|post|following|by|to)|\bw/)$", re.I)
"""A preposition right before the product ties it to what precedes ("rash after X", "switched from X")."""
_PRONOUNS = frozenset({"he", "she", "him", "his", "her", "they", "them", "their"})
"""A pronoun after the indefinite person a question is about refers back to that person (still a population)."""


def _finding(text: str, start: int, end: int, learned: bool = False) -> GuardrailFinding:
    how = "the adverse-event classifier recognises" if learned else "the text describes"
    return GuardrailFinding(
        rule="adverse_event",
        span=text[start:end],
        start=start,
        end=end,
        message=f"Possible adverse event report: {how} an event in an identifiable person exposed to the "
        "product; it must be forwarded to Drug Safety within one business day.",
        decision="allow_with_notice",
    )


_CLAUSE_BREAK = re.compile(r"[;:?]|,\s+(?:but|and|so|can|could|is|are|should|would|does|do)\b")


def _clause(sentence: str, pos: int) -> str:
    """The clause of ``sentence`` around ``pos`` (split at ; : ? and ", but/and/can ...")."""
    start, end = _clause_bounds(sentence, pos)
    return sentence[start:end]


_QUESTION_BREAK = re.compile(r"[;:?]|\s[-\u2013\u2014]\s|,\s+(?:but|and|so)\b")
"""Where a question clause begins: "INR pending - how do we handle the next dose?" asks in its last clause."""


def _clause_bounds(sentence: str, pos: int, breaks: re.Pattern[str] = _CLAUSE_BREAK) -> tuple[int, int]:
    """Start and end of the clause of ``sentence`` around ``pos``."""
    start = 0
    for m in breaks.finditer(sentence):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            return start, m.start()
    return start, len(sentence)
