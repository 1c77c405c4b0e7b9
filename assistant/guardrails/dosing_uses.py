"""Qualified forms of an indicated condition that Dosage and Administration gives directions for.

Indications and Usage names a condition ("thromboembolic complications associated with atrial
fibrillation"); Dosage and Administration often names the form it doses ("In patients with
non-valvular AF, anticoagulate ... to a target INR of 2.5"). A text naming that qualified form asks
about the label's own directions, not about a use the label never gives: the qualifier is covered
when the condition without it is an indication and a direction sentence names the whole phrase.
Sentences that forbid or deny ("is not recommended", "do not use", "not indicated for") give no
direction, so a population the label turns away is never admitted this way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.guardrails.denials import denies_use
from assistant.guardrails.label_dosing import NEGATED
from assistant.guardrails.label_profile import LabelProfile, expanded_stems
from assistant.guardrails.text import sentences, tokenize

if TYPE_CHECKING:
    from assistant.guardrails.conditions import ConditionMatcher

_MAX_QUALIFIER_WORDS = 2
_cache: dict[int, tuple[LabelProfile, list[tuple[str, frozenset[str]]]]] = {}


def _directions(profile: LabelProfile, synonyms: dict[str, list[str]]) -> list[tuple[str, frozenset[str]]]:
    """Stems of each direction sentence of the label's usage text, built once per profile."""
    kept = _cache.get(id(profile))
    if kept is not None and kept[0] is profile:
        return kept[1]
    known = {**{k.lower(): [v] for k, v in profile.abbreviations.items()}, **synonyms}  # "AF" as the label defines it
    out = [
        (s, expanded_stems(s, known))
        for s in sentences(profile.usage_text)
        if not NEGATED.search(s) and not denies_use(s) and "not recommended" not in s.lower()
    ]
    _cache[id(profile)] = (profile, out)
    return out


def directed_form(
    matcher: ConditionMatcher, phrase: str, profile: LabelProfile, synonyms: dict[str, list[str]]
) -> tuple[int, ...]:
    """Indications a qualified phrase restates when its leading qualifier (one or two words) is
    the label's own wording for the indicated condition in a direction sentence; () otherwise."""
    words = [t.text for t in tokenize(phrase)]
    for cut in range(1, min(_MAX_QUALIFIER_WORDS, len(words) - 1) + 1):
        rest = " ".join(words[cut:])
        hits = tuple(i for i, e in enumerate(profile.indications) if matcher.covers(rest, e.stems, e.text))
        if hits and any(matcher.covers(phrase, stems, s) for s, stems in _directions(profile, synonyms)):
            return hits
    return ()
