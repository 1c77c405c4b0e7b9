"""Sentences in which a label denies its product a use, wherever in the label they stand."""

from __future__ import annotations

import re

DENIED_USE = re.compile(
    r"\b(?:do|does|will|did) not (?:treat|cure|prevent|work (?:for|against|on))\b"
    r"|\bnot (?:indicated|effective|approved) (?:for|in|against|to)\b"
    r"|\bfailed to (?:establish|demonstrate|show) (?:the )?(?:efficacy|effectiveness|benefit)\b",
    re.I,
)
"""A sentence denying the product a use ("They do not treat viral infections (e.g., the common cold)"):
wherever the label says it, it is a limitation of use, not vocabulary the label knows. A study that
"failed to establish the efficacy of X in the treatment of Y" (a pediatric use studied and not
approved) denies that use too."""
_AMOUNT = re.compile(r"\d\s*(?:mg|mcg|g|units?)\b", re.I)
_SUBORDINATE = re.compile(r"\b(?:when|if|unless|that|which|who|whose|doses?)\b", re.I)


def denies_use(sentence: str) -> bool:
    """The sentence's main clause denies a use; "when other treatments do not treat your pain" or
    "at a dose not approved for ..." deny nothing about the product's uses."""
    m = DENIED_USE.search(sentence)
    return m is not None and not _SUBORDINATE.search(sentence[: m.start()]) and not _AMOUNT.search(sentence)
