"""Sentences in which a label denies its product a use, wherever in the label they stand."""

from __future__ import annotations

import re

DENIED_USE = re.compile(
    r"\b(?:do|does|will|did) not (?:treat|cure|prevent|work (?:for|against|on))\b"
    r"|\bnot (?:indicated|effective|approved) (?:for|in|against|to)\b"
    r"|\b(?:is|are) not (?:a |an )?(?:treatments?|cures?|therap(?:y|ies)) (?:for|of)\b"
    r"|\bfailed to (?:establish|demonstrate|show) (?:the )?(?:efficacy|effectiveness|benefit)\b"
    r"|\b(?:offers?|provides?|gives?) no protection against\b|\b(?:do|does) not protect against\b"
    r"|\bno (?:[\w-]+ ){0,3}(?:data|information|experience)(?: (?:is|are) available)?(?: from [^.;]{0,50}?)? "
    r"(?:on|regarding|about|for|with) (?:the )?(?:safety|efficacy|effectiveness|use)\b",
    re.I,
)
"""A sentence denying the product a use ("They do not treat viral infections (e.g., the common cold)"):
wherever the label says it, it is a limitation of use, not vocabulary the label knows. A study that
"failed to establish the efficacy of X in the treatment of Y" (a pediatric use studied and not
approved) denies that use too. A product that "is not a treatment for" a disease (a vaccine's own
limitation) or "offers no protection against" one, and "no
controlled clinical data on the safety or efficacy" in a population, deny the use as well: the label
states the absence of the effect or of the evidence."""
_CONTRAINDICATED = re.compile(
    r"(?<!not )\b(?:is|are|remains?) contraindicated\b|\bshould (?:also )?not be (?:initiated|started)\b", re.I
)
_CLAUSE = re.compile(r",?\s+(?:but|however|yet|whereas|although)\b,?\s*", re.I)


def restricts(sentence: str) -> bool:
    """The sentence says the product is contraindicated or not to be started somewhere: its routes,
    doses and populations are the restriction's, not a proposed use."""
    return bool(_CONTRAINDICATED.search(sentence))


def states_contraindication(sentence: str, offset: int) -> bool:
    """The clause holding position ``offset`` says the product is contraindicated or not to be started ("X is
    contraindicated in pregnancy; use may cause early pregnancy loss"): it presents no use there.
    Only up to a contrast: "contraindicated in severe renal impairment, but useful for ..." still
    claims; a clause after a semicolon elaborates the contraindication and shares it."""
    start = 0
    for m in _CLAUSE.finditer(sentence):
        if m.start() >= offset:
            return bool(_CONTRAINDICATED.search(sentence, start, m.start()))
        start = m.end()
    return bool(_CONTRAINDICATED.search(sentence, start))


_AMOUNT = re.compile(r"\d\s*(?:mg|mcg|g|units?)\b", re.I)
_SUBORDINATE = re.compile(r"\b(?:when|if|unless|that|which|who|whose|doses?)\b", re.I)


def denies_use(sentence: str) -> bool:
    """The sentence's main clause denies a use; "when other treatments do not treat your pain" or
    "at a dose not approved for ..." deny nothing about the product's uses."""
    m = DENIED_USE.search(sentence)
    return m is not None and not _SUBORDINATE.search(sentence[: m.start()]) and not _AMOUNT.search(sentence)
