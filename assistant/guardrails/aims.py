"""Prevention or treatment: the aim an indication gives its condition, and a text that proposes the other.

A vaccine or an antibody is indicated "for the prevention of" a disease and a label's Limitations
of Use often add that it does not treat existing disease; an acute migraine product is indicated
"for the acute treatment of migraine" and not to prevent attacks; a preventive migraine product is
indicated "for the preventive treatment of migraine" and not to abort an attack. The condition is
the same on both sides, so the condition check finds it covered: what differs is the aim. Each
indication sentence that states a use is read as ``prevent`` (prevention, prophylaxis, reducing
the risk of, immunization), ``treat`` (treatment, management, relief) or neither/both; when
every relevant use-stating indication has one aim, a sentence of the text proposing the other
aim for that condition is outside the label:

- ``prevent`` labels: a treating or clearing verb ("treat", "clear", "cure", "get rid of") aimed at
  the indication's condition or at disease the person already has ("existing", "already",
  "active");
- ``treat`` labels: a preventing verb ("prevent", "prophylaxis") aimed at the condition; for an
  ACUTE treatment also dosing meant to stop attacks before they start ("keeps them from coming
  back", "every night", "on a schedule").

A sentence naming both aims asks where the label's line is, and is left alone.
"""

from __future__ import annotations

import re

from assistant.guardrails.label_profile import IndicationEntry
from assistant.guardrails.negations import DENIAL, negated_before
from assistant.guardrails.text import sentences, tokenize

_PREVENTIVE_TREATMENT = re.compile(r"\b(?:preventive|preventative|prophylactic)\s+(?:treatment|therapy|use)\b", re.I)
_PREVENT = re.compile(
    r"\b(?:prevent\w*|prophyla\w*|maint(?:ain|enance)\w*|reduc\w* (?:the )?(?:risk|incidence|occurrence)"
    r"|immuni[sz]\w*|vaccinat\w*)\b",
    re.I,
)
_TREAT = re.compile(r"\b(?:treat\w*|manag\w*|relie\w*)\b", re.I)
_ACUTE = re.compile(r"\bacute(?:ly)?\b", re.I)
_STATES_USE = re.compile(r"\b(?:indicated|approved|authori[sz]ed)\b", re.I)

_TEXT_TREAT = re.compile(
    r"(?<!being )(?<!been )\b(?:treat(?:s|ing)?|treatment (?:of|for)|cur(?:e|es|ing)|clear(?:s|ing)?|"
    r"get(?:s|ting)? rid of|eradicat(?:e|es|ing)|resolv(?:e|es|ing)|shrink(?:s|ing)?|heal(?:s|ing)?|abort(?:s|ing)?|"
    r"reliev(?:e|es|ing)|relief of)\b",
    re.I,
)
"""A treating verb with the product as its agent; "treated with", "being treated for" is therapy history."""
_EXISTING = re.compile(
    r"\b(?:existing|already|active|ongoing|(?:in|during) (?:an?|the) (?:\w+ )?(?:attack|episode|flare))\b", re.I
)
_TEXT_PREVENT = re.compile(r"\b(?:prevent(?:s|ing|ion|ive)?|prophyla\w*|ward(?:s|ing)? off)\b", re.I)
_KEEP_AWAY = re.compile(
    r"\b(?:(?:keep|stop)(?:s|ing)? (?:\w+ ){1,3}from (?:coming|happening|starting|recurring|returning)|"
    r"from coming back|before (?:it|they|one|an? \w+) (?:starts?|begins?|comes?)|nightly|"
    r"(?:every|each) (?:night|morning|evening)|around the clock|on a (?:regular )?schedule)\b",
    re.I,
)
"""Dosing meant to stop attacks before they start, outside an ACUTE treatment's as-needed use."""
_WINDOW = 8
"""Tokens after a cue within which a word of the indication must follow."""


def entry_aim(text: str) -> str | None:
    """'prevent', 'treat' or None (neither, or both: "prophylaxis and treatment of venous thrombosis")."""
    text = _PREVENTIVE_TREATMENT.sub("prevention", text)
    prevent, treat = bool(_PREVENT.search(text)), bool(_TREAT.search(text))
    if prevent == treat:
        return None
    return "prevent" if prevent else "treat"


def labelled_aim(entries: list[IndicationEntry], indications: list[IndicationEntry]) -> tuple[str, bool] | None:
    """(aim, acute) shared by every use-stating sentence of ``entries`` (else of every indication:
    a condition named only in a bullet of "for the prevention of the following diseases:" takes
    its list's aim); None when they disagree, or when one states a use with no aim."""
    stating = [e for e in entries if _STATES_USE.search(e.text) and not e.negative]
    if not stating:
        stating = [e for e in indications if _STATES_USE.search(e.text) and not e.negative]
    aims = {entry_aim(e.text) for e in stating}
    if len(aims) != 1 or None in aims:
        return None
    aim = aims.pop()
    assert aim is not None
    return aim, all(_ACUTE.search(e.text) for e in stating)


def aim_conflicts(
    text: str,
    spans: list[tuple[int, int]],
    entries: list[IndicationEntry],
    indications: list[IndicationEntry],
    usage_text: str,
    generic: frozenset[str] | set[str],
) -> list[tuple[int, int, str]]:
    """(start, end, why) of the phrase in each span proposing the aim the label does not give. The
    label's own directions pairing that aim with the same word ("Eradication ... for the Reduction of
    the Risk of Duodenal Ulcer Recurrence") make it a labelled aim after all."""
    labelled = labelled_aim(entries, indications)
    if labelled is None:
        return []
    aim, acute = labelled
    words = frozenset(w for e in entries if not e.negative for w in e.stems if len(w) > 2 and w not in generic)
    used = _TEXT_TREAT if aim == "prevent" else _TEXT_PREVENT
    out = []
    for a, b in spans:
        sentence = text[a:b]
        treat, prevent = _TEXT_TREAT.search(sentence), _TEXT_PREVENT.search(sentence)
        if treat and prevent:
            continue  # "does it treat warts or only prevent them?": asks where the line is
        cue = treat if aim == "prevent" else prevent
        if cue is not None and negated_before(sentence[: cue.start()]):
            continue  # "it does not treat existing warts": the limitation, restated
        if cue is not None:
            target = _aimed(sentence, cue.end(), words)
            if target is None and not (aim == "prevent" and _EXISTING.search(sentence, cue.end())):
                continue
            if target is not None and _labelled_pair(usage_text, used, target):
                continue
        elif aim == "treat" and acute:
            cue = _KEEP_AWAY.search(sentence)
        if cue is not None:
            why = "for prevention only" if aim == "prevent" else "for treatment, not prevention"
            out.append((a + cue.start(), a + cue.end(), f"the label gives this use {why}."))
    return out


def _aimed(sentence: str, pos: int, words: frozenset[str]) -> str | None:
    """The indication's word that closely follows a cue ("treat genital warts" -> "wart")."""
    return next((t.norm for t in tokenize(sentence[pos:])[:_WINDOW] if t.norm in words), None)


def _labelled_pair(usage_text: str, cue: re.Pattern[str], word: str) -> bool:
    """The label's Indications or directions put the cue before ``word`` themselves (not in a denial:
    "not intended to be used for treatment of active external genital lesions")."""
    kept = [s for s in sentences(usage_text) if not DENIAL.search(s)]
    return any(_aimed(s, m.end(), frozenset([word])) for s in kept for m in cue.finditer(s))
