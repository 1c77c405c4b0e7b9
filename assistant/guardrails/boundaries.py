"""A question that names both sides of an indication's boundary asks where it lies.

"Does the uveitis indication include anterior uveitis, or only intermediate, posterior and
panuveitis?" or "approved for exon 20 insertions or just exon 19 deletions and L858R?" names a
sub-type outside the label next to the labelled one and asks which the label covers: that is a
question about the label's boundary (allowed by the labelling conventions), not a request to use
the product outside it. :func:`.subtypes.asks_boundary` reads this for qualifiers; here any finding
on a condition is excused when its question sentence offers the alternative "or only / or just /
or is it limited to ..." (or "only ..., or also ...") and the alternative's words are those of one
indication, so "can I use it for A or B?" (both asked for) and an alternative the label does not
name stay use requests.
"""

from __future__ import annotations

import re

from assistant.guardrails.label_profile import LabelProfile
from assistant.guardrails.stopwords import STOPWORDS
from assistant.guardrails.text import sentence_spans, tokenize

_ONLY_AFTER = re.compile(
    r"\bor\s+(?:is\s+it\s+|it'?s\s+|is\s+that\s+)?(?:only|just|strictly|solely|limited\s+to|restricted\s+to)\b", re.I
)
_ONLY_BEFORE = re.compile(r"\bonly\b(?P<side>[^?]*?),?\s+or\s+(?:also|even)\b", re.I)


def _content(text: str) -> set[str]:
    return {t.norm for t in tokenize(text) if len(t.lower) > 1 and t.lower not in STOPWORDS}


def asks_which_side(text: str, start: int, end: int, profile: LabelProfile) -> bool:
    """The question sentence holding ``text[start:end]`` asks whether the label covers it or only
    the labelled alternative it names (see the module docstring)."""
    for a, b in sentence_spans(text):
        if not (a <= start < b) or not text[a:b].rstrip().endswith("?"):
            continue
        sentence = text[a:b]
        m = _ONLY_AFTER.search(sentence, end - a)
        if m is not None:
            side = sentence[m.end() :]
        else:
            before = _ONLY_BEFORE.search(sentence[: start - a])
            side = before.group("side") if before else ""
        words = _content(side) - _content(text[start:end])
        return bool(words) and any(words <= e.stems | _content(e.text) for e in profile.indications if not e.negative)
    return False
