"""Indications for infections of a body site: the site's infections as members, read from ICD-10-CM.

Antibacterial labels group their uses by site: "Infections of the Ear, Nose, and Throat",
"Infections of the Genitourinary Tract", "Infections of the Skin and Skin Structure", "uncomplicated
urinary tract infections". A question about acute otitis media, streptococcal pharyngitis, cystitis or
cellulitis names a member of such a group, not a new use, yet no indication names it and its code is
no code of the indication's words (the ICD-10-CM *block* groups of :mod:`.icd_groups` need the label
to name a block title, which these site groups are not).

The ICD-10-CM hierarchy says where a condition sits and whether it is an infection:

- its SITE words are the words of its block and chapter titles and of its category's own titles and
  inclusion terms ("Diseases of middle ear and mastoid", "Diseases of the genitourinary system",
  "Sore throat (acute) NOS" under acute pharyngitis); an indication covers it when the indication's
  words (its sentence and subsection title) share one of them, "upper" and "lower" agreeing where both
  sides say one (a lower-respiratory indication does not cover an acute upper respiratory infection);
- it is an INFECTION when a title or inclusion term of its category or block says so ("infective",
  "bacterial", "suppurative", "Infections of the skin ...") or ICD-10-CM asks for an additional code
  "to identify infectious agent" (cystitis, sinusitis); the indication must itself be for infections.

So acute pyelonephritis ("Renal tubulo-interstitial diseases") stays outside "uncomplicated urinary
tract infections" while cystitis ("Other diseases of the urinary system") is inside, atopic
dermatitis (a skin disease, no infection) stays outside "infections of the skin", and meningitis or
osteomyelitis (no shared site) stay outside every such group.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.guardrails.label_profile import IndicationEntry
from assistant.guardrails.text import stem
from assistant.guardrails.vocabulary import TOO_COMMON, reordered_codes, whole_phrase_codes

_WORD = re.compile(r"[a-z]+")
_INFECTIVE = re.compile(r"\b(?:infect\w*|bacterial|suppurative|streptococcal|staphylococcal|pyogenic|abscess)\b", re.I)
_NOT_A_SITE = frozenset(
    ["disease", "diseases", "disorder", "disorders", "other", "certain", "acute", "chronic", "unspecified",
     "infection", "infections", "infectious", "infective", "and", "of", "the", "tract", "system", "tissue",
     "structure", "organ", "organs", "site", "part", "specified", "nos", "upper", "lower", "with", "without",
     "due", "to", "in", "not", "elsewhere", "classified", "conditions", "condition", "male", "female",
     "ulcer", "inflammatory", "inflammation", "abscess", "neoplasm", "malignant", "benign", "complication",
     "bacteria", "bacterial", "negative", "positive", "resistant", "organism", "agent", "viral", "virus"]
)  # fmt: skip
_LEVELS = ("upper", "lower")


_RANGE = re.compile(r"\([A-Z0-9.]{3,}-[A-Z0-9.]{3,}\)")
_ORGAN_CHAPTERS = re.compile(r"^[C-N]")
"""Chapters named by organ system (neoplasms to genitourinary); the infectious, symptom, injury and
external-cause chapters are named by cause or kind, and their titles carry organisms, not sites."""


def _words(text: str) -> set[str]:
    return {stem(w) for w in _WORD.findall(_RANGE.sub(" ", text).lower()) if len(w) > 2}


@lru_cache(maxsize=1)
def _site_vocabulary() -> frozenset[str]:
    """Words ICD-10-CM names organ-system chapters, blocks and categories by ("ear", "mastoid", "skin",
    "urinary", "throat", "nose"), without kind words, sexes and common words."""
    try:
        import simple_icd_10_cm as cm
    except ImportError:  # pragma: no cover - the package is a hard dependency
        return frozenset()
    out: set[str] = set()
    titled: set[str] = set()  # words of organ-system chapter and block titles: sites even where an agent has them
    agents: set[str] = set()
    for code in cm.get_all_codes(True):
        if code.startswith(("B95", "B96", "B97")):  # "Bacterial and viral infectious agents": organisms
            agents |= _words(cm.get_description(code))
        if cm.is_chapter(code):  # chapters are numbered: read one by the codes of its first block
            if _ORGAN_CHAPTERS.match(cm.get_children(code)[0]):
                titled |= _words(cm.get_description(code))
            continue
        if not _ORGAN_CHAPTERS.match(code):
            continue
        if cm.is_block(code):
            titled |= _words(cm.get_description(code))
        elif len(code) == 3:
            out |= _words(cm.get_description(code))
        if len(code) <= 5:
            out |= set().union(*(_words(t) for t in cm.get_inclusion_term(code)))
    return frozenset(w for w in titled | (out - agents) if w not in _NOT_A_SITE and w not in TOO_COMMON)


@lru_cache(maxsize=2048)
def _category(code: str) -> tuple[frozenset[str], frozenset[str], bool] | None:
    """(site words, block-title words, infective) of one 3-character category, or None if unknown."""
    try:
        import simple_icd_10_cm as cm
    except ImportError:  # pragma: no cover - the package is a hard dependency
        return None
    category = code[:3]
    if not cm.is_valid_item(category):
        return None
    ancestors = cm.get_ancestors(category)
    titles = [cm.get_description(a) for a in ancestors]
    own = [cm.get_description(category), *cm.get_inclusion_term(category)]
    for child in cm.get_children(category):
        own += cm.get_inclusion_term(child)
    described = own + [cm.get_description(d) for d in cm.get_descendants(category)]
    infective = any(_INFECTIVE.search(t) for t in [*described, *titles])
    infective = infective or any("infectious agent" in cm.get_use_additional_code(c) for c in [category, *ancestors])
    block = next((t for a, t in zip(ancestors, titles, strict=True) if cm.is_block(a) and "-" in a), "")
    words = set().union(*(_words(t) for t in [*own, *titles])) & _site_vocabulary()
    return frozenset(words), frozenset(_words(block)), infective


def _codes(phrase: str) -> frozenset[str]:
    """The phrase's codes, or those of its shortest-first tail ("strep pharyngitis" -> "pharyngitis")."""
    words = phrase.split()
    for i in range(len(words)):
        tail = " ".join(words[i:])
        codes = whole_phrase_codes(tail) or reordered_codes(tail)
        if codes:
            return frozenset(codes)
    return frozenset()


def _principal(phrase: str, codes: frozenset[str]) -> set[str]:
    """The categories whose own title names the phrase's head word ("otitis media": H65-H67, not
    tuberculosis of the ear A18 nor measles otitis B05), or every category when none does."""
    try:
        import simple_icd_10_cm as cm
    except ImportError:  # pragma: no cover - the package is a hard dependency
        return set()
    categories = {c[:3] for c in codes}
    words = _words(phrase)
    named = {c for c in categories if cm.is_valid_item(c) and words & _words(cm.get_description(c))}
    return named or categories


def _covers(entry: IndicationEntry, site: frozenset[str], block: frozenset[str]) -> bool:
    if not site & entry.stems:
        return False
    said = [lv for lv in _LEVELS if lv in entry.stems]
    titled = [lv for lv in _LEVELS if lv in block]
    return not (said and titled and not set(said) & set(titled))


def site_hits(phrase: str, indications: list[IndicationEntry]) -> tuple[int, ...]:
    """Indexes of the infection indications whose site holds ``phrase``'s condition, when that
    condition is an infection (see the module docstring); () when its codes are unknown."""
    entries = [(i, e) for i, e in enumerate(indications) if "infection" in e.stems and not e.negative]
    if not entries:
        return ()
    read = [_category(c) for c in _principal(phrase, _codes(phrase))]
    known = [r for r in read if r is not None]
    if not known or not any(infective for _, _, infective in known):
        return ()
    hits: set[int] = set()
    for i, entry in entries:
        if all(_covers(entry, site, block) for site, block, _ in known):
            hits.add(i)
    return tuple(sorted(hits))
