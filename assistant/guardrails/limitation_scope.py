"""When a limitation of use binds a condition that an indication also covers.

A text naming a condition both an indication and a limitation cover ("gonorrhea" under an indication
for acute uncomplicated gonorrhea and under "not recommended for empiric treatment of gonorrhea")
is bound by the limitation only when the limitation is the more specific statement about what the
text says: the same dosage form ("X XR is not indicated for pcJIA"), a narrower wording of the
condition ("juvenile rheumatoid arthritis" against a rheumatoid arthritis indication), or a
qualifier the limitation denies beyond its indication ("empiric"). Otherwise the text names the
approved use. Moved out of :mod:`.off_label` (which decides) because it reads the label's structure.
"""

from __future__ import annotations

import re

from assistant.guardrails.conditions import STOPWORDS, Mention
from assistant.guardrails.label_profile import LabelProfile
from assistant.guardrails.text import sentence_spans, tokenize

_SUBJECT = re.compile(r"^\W*(.{1,60}?)\s+(?:is|are) not (?:indicated|recommended|approved)\b", re.I)
_MAX_FORM_WORDS = 3
_COMMON = frozenset(
    t.norm
    for t in tokenize(
        "treatment treat treating use used using patients patient therapy adults adult children "
        "recommended indicated approved studied established safety effectiveness efficacy"
    )
)
"""Words any use statement shares: no qualifier of what a limitation denies."""


def limitation_binds(
    text: str,
    mention: Mention,
    profile: LabelProfile,
    index: int,
    hits: tuple[int, ...],
    negative: list[re.Pattern[str]],
) -> bool:
    """The limitation ``index`` binds the mention although indications ``hits`` cover it."""
    if _form_limited(text, mention, profile, index) or _narrower_limitation(profile, mention, index, hits):
        return True
    names = {n.lower() for n in profile.names}
    stems = [profile.indications[i].stems for i in hits]
    qualifiers = denied_qualifiers(profile.limitations[index].text, stems, negative, names)
    a, b = _sentence(text, mention.start)  # "empiric ... gonorrhea": the qualifier in the same sentence
    return bool(qualifiers) and any(t.norm in qualifiers for t in tokenize(text[a:b]))


def _sentence(text: str, start: int) -> tuple[int, int]:
    return next(((a, b) for a, b in sentence_spans(text) if a <= start < b), (0, len(text)))


def _form_limited(text: str, mention: Mention, profile: LabelProfile, index: int) -> bool:
    """'X XR is not indicated for pcJIA' while another form of X is: the limitation binds when the
    clause naming the condition names the same form (every word of the limitation's subject
    besides the product name); a table row about another form ("XR: ...; pcJIA: ...") does not."""
    m = _SUBJECT.match(profile.limitations[index].text)
    if not m:
        return False
    a, b = _sentence(text, mention.start)
    clause_start = text.rfind(";", a, mention.start) + 1 or a
    clause_end = text.find(";", mention.end, b)
    clause = text[max(a, clause_start) : clause_end if clause_end >= 0 else b]
    names = {n.lower() for n in profile.names}
    forms = [t.text for t in tokenize(m.group(1)) if t.lower not in names and t.lower not in STOPWORDS]
    return 0 < len(forms) <= _MAX_FORM_WORDS and all(
        re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", clause, re.I) for f in forms
    )


def _narrower_limitation(profile: LabelProfile, mention: Mention, index: int, hits: tuple[int, ...]) -> bool:
    """'Juvenile rheumatoid arthritis' is covered by a rheumatoid arthritis indication word for
    word except 'juvenile', and by a denial ("failed to establish the efficacy ... in JRA") in
    full: a limitation naming every word of the mention, which every covering indication names
    only in part, is the narrower statement and binds ("psychosis", covered by "psychotic
    disorders" through its code, is not narrowed by "dementia-related psychosis")."""
    words = {t.norm for t in tokenize(mention.text) if t.lower not in STOPWORDS and t.text[0].isalpha()}
    limitation = profile.limitations[index].stems
    if not words or not words <= limitation:
        return False
    named = [words & profile.indications[i].stems for i in hits]
    return any(named) and all(shared != words for shared in named)  # the indication names part of it


def denied_qualifiers(
    limitation: str, indication_stems: list[frozenset[str]], negative: list[re.Pattern[str]], names: set[str]
) -> frozenset[str]:
    """Stems the limitation's denied part (after its denial cue) adds to the indications it limits:
    'not recommended for empiric treatment of gonorrhea' binds a text about gonorrhea whose sentence
    also says 'empiric'; naming gonorrhea alone is the approved use."""
    cues = [m for rx in negative for m in [rx.search(limitation)] if m]
    if not cues:
        return frozenset()
    cue = min(cues, key=lambda m: m.start())
    words = {
        t.norm
        for t in tokenize(limitation[cue.end() :])
        if t.text[0].isalpha() and t.lower not in STOPWORDS and t.lower not in names and len(t.text) > 2
    }
    for stems in indication_stems:
        words -= stems
    return frozenset(words - _COMMON)
