"""Administration directions restated in an answer: instructions, not claims.

Labels direct how a product is taken: "swallow the capsules whole", "take at least 1 hour before a
meal", "if a dose is missed, take it as soon as possible on the same day; do not double the dose".
An answer restating them in its own words ("a missed dose should be taken as soon as it is
remembered that same day; patients should not double up the following day") has the imperative,
second-person cadence of patient-facing copy, and the learned promotional heads (trained on claims
against label prose) and the distortion head (trained on label sentences and their spun rewrites)
both read the rewording as a pitch: such a sentence scored p 0.76 / d 0.98 while the label's own
wording scored 0.04.

A sentence is read as directions when EVERY clause is either a condition ("if a dose is missed",
"after a meal") or a directive whose verb is an administration act (take, swallow, inject, skip,
double, store ...), imperative or after a modal ("should not be taken", "must be swallowed", "are
taken"), and no clause carries a claim word (outcome, comparison or certainty: "it will wipe out",
"guarantees", "better", "only"). Such a sentence gets no learned evidence; the promotional patterns
still score it, so "just swallow X whole and it will wipe out the cancer for good" (a claim clause)
or "take X - the only pill that works" (a claim word) stay blocked. Persuasion verbs aimed at
prescribers ("start", "prescribe", "switch", "choose", "use") are not administration acts.
"""

from __future__ import annotations

import re

_ADMIN = (
    r"(?:take|takes|taken|taking|swallow\w*|chew\w*|crush\w*|split|splitting|open|opened|dissolv\w*|"
    r"inject\w*|appl(?:y|ied|ying)|give|given|giving|administer\w*|skip\w*|miss\w*|doubl\w*|"
    r"stor(?:e|ed|ing)|mix\w*|shak(?:e|en|ing)|infus\w*|inhal\w*|resum\w*|discard\w*|refrigerat\w*|"
    r"dispers\w*|sprinkl\w*|wait|repeat\w*|continu\w*|stop\w*|hold|held|withh[oe]ld\w*|titrat\w*|rotat\w*|"
    r"remov\w*|reconstitut\w*|dilut\w*|keep|kept|avoid\w*|drink|eat)"
)
_DIRECTIVE = re.compile(
    r"^(?:(?:please|then|also|just|always|never|only)\s+)*(?:do\s+not\s+|don['’]t\s+|never\s+)?" + _ADMIN + r"\b"
    r"|^(?:[\w'’/().-]+\s+){0,6}?(?:should|must|can|may|need\s+to|needs\s+to|is\s+to|are\s+to|will\s+need\s+to)"
    r"\s+(?:not\s+|never\s+|only\s+|always\s+|still\s+|also\s+)*(?:be\s+)?(?:\w+ly\s+)?" + _ADMIN + r"\b"
    r"|^(?:[\w'’/().-]+\s+){0,6}?(?:is|are)\s+(?:usually\s+|always\s+|only\s+|then\s+)?" + _ADMIN + r"\b",
    re.I,
)
_CONDITION = re.compile(
    r"^(?:if|when|whenever|once|after|before|unless|until|within|while|during|for\s+(?:a|the|each)\b|"
    r"in\s+(?:case|the\s+event)\b|at\s+(?:least|the)\b|as\s+soon\s+as|per\s+the\b)",
    re.I,
)
_CLAIM_WORD = re.compile(
    r"\b(?:better|best|the\s+most|the\s+least|superior|only|ever|forever|guarantee\w*|cure\w*|wipe\w*|eliminat\w*|"
    r"control|life|lives|freedom|confiden\w*|worry|worries|results?|works?|working|effective\w*|powerful|"
    r"proven|safe\w*|risk[- ]free|no\s+(?:risk|side)|every(?:one|body)|every\s+(?:patient|case|time)|all|"
    r"will|won['’]t|you['’]ll|"
    r"miracle|amazing|breakthrough|simple|easy|easiest|convenient|comes?\s+back)\b",
    re.I,
)
_CLAUSES = re.compile(
    r"\s*(?:[;:,]|\s-\s|—|–)\s*(?:and\s+|then\s+|but\s+|so\s+)?|\s+and\s+(?:then\s+)?(?=\w+\s)|\s+then\s+", re.I
)


def is_direction(sentence: str) -> bool:
    """Every clause of ``sentence`` is a condition or an administration directive, and none carries a
    claim word (see the module docstring)."""
    text = sentence.strip().rstrip(".!").strip()
    if not text or text.endswith("?") or _CLAIM_WORD.search(text):
        return False
    clauses = [c.strip() for c in _CLAUSES.split(text) if c and c.strip()]
    directives = [c for c in clauses if _DIRECTIVE.search(c)]
    others = [c for c in clauses if not _DIRECTIVE.search(c)]
    return bool(directives) and all(_CONDITION.search(c) or _continues(c) for c in others)


_CONTINUATION = re.compile(
    r"^(?:with|without|on|at|in|on\s+the|the\s+next|the\s+same|whole|as\s+soon|\d|one|two|twice|once|"
    r"or\s+without|liquid|water|food|a\s+meal|meals?)\b",
    re.I,
)


def _continues(clause: str) -> bool:
    """A clause split off a directive that only continues it ("with or without food", "whole")."""
    return bool(_CONTINUATION.search(clause))
