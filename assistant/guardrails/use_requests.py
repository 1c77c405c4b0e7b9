"""Questions that name the condition first and ask for the product's use after it.

Busy clinicians write the topic first: "eczema pt, would VELOR work?", "fever in a 4 yo, can
parents use VELOR?", "COVID at home, no O2, worth starting VELOR?". No use cue precedes the
condition, so the cue-before rule of :mod:`.use_context` finds no governor; the request is a use
cue right next to the product's name later in the same question. Past forms ("treated with
VELOR") and a time word before the cue ("fever after starting VELOR") report what happened, and
a risk cue between the condition and the request ("monitor ... when starting VELOR") makes the
condition the risk, and a patient already "on VELOR" has the condition as context: none of them
is a request.
"""

from __future__ import annotations

from assistant.guardrails.text import sentence_spans, tokenize

_TIME_WORDS = frozenset(["after", "since", "before", "while", "when", "on", "stopped", "stopping", "during"])
_ALREADY_ON = frozenset(["on", "taking", "takes", "receiving", "with"])
_REPORTED = frozenset(["used", "using", "tried", "treated", "started", "prescribed", "helped", "worked", "taking"])


def topic_question(text: str, start: int, end: int, products: set[str], use: set[str], risk: set[str]) -> bool:
    """The sentence holding ``text[start:end]`` is a question that, after the condition, asks
    for a use of a product (a use cue next to one of ``products``)."""
    stop = next((b for a, b in sentence_spans(text) if a <= start < b), len(text))
    if not text[end:stop].rstrip().endswith("?"):
        return False
    after = [t.lower for t in tokenize(text[end:stop])]
    for i, word in enumerate(after):
        if word not in products or (i > 0 and after[i - 1] in _ALREADY_ON):
            continue  # "nausea pt on VELOR, ...": the patient takes it already, the condition is context
        for j in (i - 2, i - 1, i + 1, i + 2, i + 3):  # "would VELOR work", "VELOR an option", "VELOR be useful"
            if not 0 <= j < len(after) or after[j] not in use or after[j] in _REPORTED:
                continue
            if j > 0 and after[j - 1] in _TIME_WORDS:
                continue
            if "still" in after[max(0, i - 3) : max(i, j) + 1]:
                continue  # "X — is VELOR still an option?": a safety question about continuing it
            return not risk.intersection(after[:i])
    return False
