"""Labels that name a KIND of condition: ICD-10-CM block titles as the members of a labelled group.

A label indicated for "osteoarthritis" or "the manifestations of psychotic disorders" covers knee
osteoarthritis and schizophrenia, but their codes differ (M17 vs M19, F20 vs F06/F23/F29), and
codes are compared exactly elsewhere on purpose: a code's ancestors are a filing scheme, not a
statement of coverage (non-radiographic axial spondyloarthritis is filed under ankylosing
spondylitis, adenomyosis under endometriosis).

An ICD-10-CM *block* whose title is one kind of condition is different: "Osteoarthritis
(M15-M19)" holds only osteoarthritides (of the knee, hip, hand...), and "Schizophrenia,
schizotypal, delusional, and other non-mood psychotic disorders (F20-F29)" says in so many words
that every member is a psychotic disorder. So a label condition named exactly as such a group
(the whole title, or the kind after "and other", whose last words it may drop a leading modifier
of: "psychotic disorders" for "non-mood psychotic disorders") covers a text's condition when every
category the text's condition is coded to lies in that block. Categories (3-character codes) are
never used as groups, only blocks, and titles that open with "Other"/"Certain" or list several
kinds without "and other" name no single kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from assistant.guardrails.abbreviations import reader_acronym, spells
from assistant.guardrails.text import tokenize
from assistant.guardrails.vocabulary import TOO_COMMON, reordered_codes, whole_phrase_codes

_RANGE = re.compile(r"\s*\([A-Z0-9]{3}-[A-Z0-9]{3}\)\s*$")
_AND_OTHER = re.compile(r"\band other (.+)$", re.I)
_NOT_ONE_KIND = re.compile(r"^(?:other|certain)\b|,|\band\b|\bor\b|\bdue to\b|\bwith\b|\bof\b", re.I)
_MIN_SUFFIX = 2


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(phrase))


def group_name(title: str) -> str | None:
    """The kind of condition a block title names, or None when it names several kinds, a residue
    ("Other ...", "Certain ...") or a site/cause grouping."""
    title = _RANGE.sub("", title).strip()
    other = _AND_OTHER.search(title)
    name = other.group(1) if other else title
    if _NOT_ONE_KIND.search(name):
        return None
    key = _key(name)
    return name if key and not all(w in TOO_COMMON for w in key) else None


@lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[str]]:
    """Group name -> the 3-character categories of its block, over every ICD-10-CM block."""
    try:
        import simple_icd_10_cm as cm
    except ImportError:  # pragma: no cover - the package is a hard dependency
        return {}
    out: dict[str, set[str]] = {}
    for code in cm.get_all_codes(True):
        if not cm.is_block(code) or "-" not in code:
            continue
        name = group_name(cm.get_description(code))
        if name:
            out.setdefault(name, set()).update(c for c in cm.get_children(code) if not cm.is_block(c))
    return {k: frozenset(v) for k, v in out.items()}


_BARE_BEFORE = frozenset(["of", "with", "for", "in", "and", "or", "the", "a", "an", "to", "have", "has", "having"])
"""Words after which a group's name stands bare ("signs and symptoms of osteoarthritis"); after a
qualifier ("type 2 diabetes mellitus", "juvenile ...") it names a subtype, not the kind."""


def _named_in(key: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """The group name's words (or its last two or more, "psychotic disorders" of "non-mood psychotic
    disorders") stand bare in the label sentence's words: at its start or after a function word.
    A name of one generic word ("disorders") never stands for the group."""
    for size in range(len(key), _MIN_SUFFIX - 1 if len(key) > 1 else 0, -1):
        tail = key[-size:]
        if all(w in TOO_COMMON for w in tail):
            break
        for i in range(len(words) - size + 1):
            if words[i : i + size] == tail and (i == 0 or words[i - 1] in _BARE_BEFORE):
                return True
    return False


def _spelled(name: str, sentence: str, stems: frozenset[str], morpheme: Callable[[str], bool]) -> bool:
    """The sentence writes the group's name as an acronym after a function word ("signs and symptoms
    of OA") and its stems (which carry the subsection title, "1.1 Osteoarthritis") hold every word
    of the name: the label's own shorthand for the kind."""
    if not set(_key(name)) <= stems:
        return False
    toks = tokenize(sentence)
    return any(
        reader_acronym(t.text) and (i == 0 or toks[i - 1].norm in _BARE_BEFORE) and spells(t.text, name, morpheme)
        for i, t in enumerate(toks)
    )


@lru_cache(maxsize=4096)
def labelled_groups(sentence: str, stems: frozenset[str], morpheme: Callable[[str], bool]) -> frozenset[str]:
    """The categories of every ICD-10-CM block a label sentence names as a kind of condition."""
    words = _key(sentence)
    out: set[str] = set()
    for name, categories in _groups().items():
        if _named_in(_key(name), words) or _spelled(name, sentence, stems, morpheme):
            out |= categories
    return frozenset(out)


def in_group(phrase: str, categories: frozenset[str]) -> bool:
    """Every category a text's condition phrase is coded to lies in the group (and it has one)."""
    codes = whole_phrase_codes(phrase) or reordered_codes(phrase)
    own = {c[:3] for c in codes}
    return bool(own) and own <= categories


def group_hits(
    phrase: str, indications: list[tuple[list[str], frozenset[str]]], morpheme: Callable[[str], bool]
) -> tuple[int, ...]:
    """Indexes of the indications (each read in one or more spellings, with its stems) naming a kind
    of condition that holds ``phrase``."""
    return tuple(
        i for i, (texts, stems) in enumerate(indications)
        if any(in_group(phrase, labelled_groups(t, stems, morpheme)) for t in texts)
    )  # fmt: skip
