"""The product's role in therapy: when it is taken, and which therapy it accompanies.

A label fixes more than the disease. Dosage and Administration says WHEN a dose is taken
("at the beginning of each meal", "given with meals"), and Indications says WHAT the product
is used with ("in combination with cisplatin", "as an adjunct to ... other LDL-C lowering
therapies"). A text that keeps the disease but changes the role ("inhaled at bedtime as a
basal insulin", "can replace cisplatin") describes a use the label does not.

Both readers look only at the label's own usage text (Indications and Dosage and
Administration) and at sentences naming the product, so the vocabulary below is generic
dosing wording, never a product's:

* timing: a label that ties the dose to a time of day or to meals, and never frees it
  ("with or without food", "at any time of day"), anchors it; a text sentence naming the
  product at another timing, outside a partner phrase ("with basal insulin"), is flagged;
* partners: a therapy the label requires beside the product (never "alone" or
  "monotherapy" in the same sentence) may not be replaced by it ("in place of", "instead
  of", "replace"), nor dropped ("without", "stop") when the label never gives the product alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assistant.guardrails.conditions import STOPWORDS
from assistant.guardrails.negations import denial_words
from assistant.guardrails.text import sentences

_TIMING = {
    "with meals": r"\b(?:meal-?times?|prandial|(?:at|with|before) (?:each |a |the |every |all )?meals?|"
    r"(?:start|beginning) of (?:each |a |the |every )?meals?)\b",
    "after meals": r"\b(?:after (?:each |a |the |every )?meals?|post-?meal|after eating)\b",
    "at bedtime": r"\b(?:at bedtime|bedtime|at night|nightly|before (?:going to )?(?:bed|sleep))\b",
    "as a basal (long-acting) therapy": r"\b(?:basal|long[- ]acting|background)\s+(?:insulin|therapy|treatment|dose)\b",
}
_THERAPY = "as a basal (long-acting) therapy"
_JOINED = re.compile(r"(?:\band|\+|&|/)\s*(?:a |an |the )?$", re.I)
_TIMINGS = [(name, re.compile(rx, re.I)) for name, rx in _TIMING.items()]
_FREE = re.compile(
    r"\b(?:with or without (?:food|meals?)|without regard to (?:food|meals?)|regardless of (?:food|meals?)|"
    r"at any time of (?:the )?day)\b",
    re.I,
)
_PARTNER_BEFORE = re.compile(
    r"\b(?:with|plus|to|from|on|than|alongside|including|add(?:ed)?|combination|combined|instead of|"
    r"rather than|in place of)\b(?:\W+\w+){0,3}\W*$",
    re.I,
)
"""The timing phrase is another therapy's ("used with a long-acting insulin", "switch from basal insulin")."""
_NEGATED = denial_words("n't", "do not", "cannot", "avoid")
_REQUIRED = re.compile(
    r"\b(?:in combination with|as an adjunct to|adjunct to|together with|(?:must|always) be used with|added to|"
    r"add-on to)\s+"
    r"([^.;:\[\]]{3,120})",
    re.I,
)
_PARTNER_END = re.compile(r",|\b(?:for|to|in|is|are|indicated|when|if|who|that)\b", re.I)
_OBLIGED = re.compile(r"\b(?:must|should always|always)\b", re.I)
_ALONE = re.compile(r"\b(?:alone|monotherapy|as a single agent|on its own|with or without)\b", re.I)
_REPLACE = re.compile(
    r"\b(?:replac\w*|in place of|instead of|rather than|substitut\w* for|as a substitute for|in lieu of)\s+"
    r"((?:[\w-]+\W+){0,6})",
    re.I,
)
_DROP = re.compile(
    r"\b(?:without(?! regard)|stop(?:ping|s)?|discontinu\w*|drop(?:ping|s)?|skip(?:ping|s)?)\s+((?:[\w-]+\W+){0,6})",
    re.I,
)
_GENERIC = frozenset(
    ["other", "another", "therapy", "therapie", "therapies", "treatment", "drug", "agent", "medicine", "medication",
     "standard", "usual", "current", "their", "existing", "use", "used", "dose", "doses", "based", "patient"]
)  # fmt: skip


def _words(text: str, names: tuple[str, ...]) -> frozenset[str]:
    """Content words of a therapy phrase, hyphenated parts apart ("LDL-lowering" = LDL + lowering)."""
    named = {p for n in names for p in re.split(r"[\W_]+", n.lower()) if p}
    parts = {p for p in re.split(r"[^\w]+|_", text.lower()) if len(p) > 1 or p.isdigit()}
    return frozenset(p.rstrip("s") if len(p) > 4 else p for p in parts - named - STOPWORDS) - _GENERIC


def _head_words(text: str, names: tuple[str, ...]) -> frozenset[str]:
    """The first two content words of an object ("regard", "timing" in "without regard to the
    timing of lipoprotein apheresis"): a partner named further on is not the object."""
    ordered = [w for w in re.split(r"[^\w]+", text.lower()) if w and _words(w, names)]
    return _words(" ".join(ordered[:2]), names)


def _names_rx(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.I)


def _timings(sentence: str) -> Iterator[tuple[str, int, int]]:
    """Timings the sentence gives the product itself: not another therapy's, not denied."""
    for name, rx in _TIMINGS:
        for m in rx.finditer(sentence):
            before = sentence[max(0, m.start() - 40) : m.start()]
            if _PARTNER_BEFORE.search(before) or _NEGATED.search(before):
                continue
            if name == _THERAPY and _JOINED.search(before):
                continue  # "AFREZZA and basal insulin": the product beside the therapy, not as it
            yield name, m.start(), m.end()


_Partners = tuple[tuple[tuple[str, frozenset[str]], ...], bool]


@lru_cache(maxsize=64)
def _label_roles(usage: str, label: str, names: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str], _Partners]:
    """(timings the label gives the dose, words the label itself replaces, (required partners, alone given)).

    Timings come from the usage text's sentences naming the product; none when it frees the
    timing anywhere ("with or without food"). Partners come from the usage text and from any
    sentence obliging the combination ("should always use X in combination with basal insulin")."""
    named = _names_rx(names)
    mine = [s for s in sentences(usage) if named.search(s)]
    if any(_FREE.search(s) for s in mine):
        anchored: frozenset[str] = frozenset()
    else:
        anchored = frozenset(t for s in mine if not _NEGATED.search(s) for t, _, _ in _timings(s))
    obliged = [s for s in sentences(label) if _OBLIGED.search(s) and named.search(s)]
    partners = []
    for s in [*sentences(usage), *obliged]:
        if _ALONE.search(s):
            continue
        for m in _REQUIRED.finditer(s):
            if _NEGATED.search(s[: m.start()]):
                continue  # "not recommended for use in combination with": a limit, not a partner
            phrase = _PARTNER_END.split(m.group(1), maxsplit=1)[0]
            words = _words(phrase, names)
            if words:
                partners.append((phrase.strip(), words))
    alone = any(_ALONE.search(s) and not _NEGATED.search(s) for s in mine)
    replaced = frozenset(w for m in _REPLACE.finditer(label) for w in _words(m.group(1), names))
    return anchored, replaced, (tuple(partners), alone)


def role_conflicts(
    text: str, spans: list[tuple[int, int]], usage: str, label: str, names: tuple[str, ...]
) -> Iterator[tuple[int, int, str]]:
    """Spans of ``text`` (within the product-naming ``spans``) giving the product a timing or a
    partner role its label does not: (start, end, reason)."""
    if not usage or not names:
        return
    allowed, replaced, (partners, alone) = _label_roles(usage, label, names)
    for a, b in spans:
        sentence = text[a:b]
        if allowed:
            for timing, s, e in _timings(sentence):
                if timing not in allowed:
                    label_timing = ", ".join(sorted(allowed))
                    yield a + s, a + e, f"the label gives the dose {label_timing}, not {timing}."
        for rx, needs_no_alone in ((_REPLACE, False), (_DROP, True)):
            if needs_no_alone and alone:
                continue
            for m in rx.finditer(sentence):
                head = _head_words(m.group(1), names)
                hit = next(((p, head & w) for p, w in partners if head & w), None)
                if hit is not None and not head <= replaced:  # the label's own "in place of an ACE inhibitor"
                    end = _end_of(sentence, m, hit[1])
                    yield a + m.start(), a + end, f"the label gives the product with {hit[0]}, not in its place."


def _end_of(sentence: str, m: re.Match[str], shared: frozenset[str]) -> int:
    """The span ends at the word of the object that names the partner ("replace cisplatin")."""
    words = list(re.finditer(r"\w+", sentence[m.start(1) : m.end(1)]))
    hits = [w.end() for w in words if _words(w.group(0), ()) & shared]
    return m.start(1) + hits[-1] if hits else m.end(1)
