"""Condition names from a maintained vocabulary: ICD-10-CM (the ``simple-icd-10-cm`` package).

A hand list of condition words cannot know "premature ejaculation", "Raynaud's phenomenon" or
"impotence". ICD-10-CM descriptions and inclusion terms (shipped in the package, offline) name
some 70,000 conditions with their code, so any named condition can be found in a text and
compared with a label's indications by code: "impotence" (N52.9) is the labelled "erectile
dysfunction" (N52, N52.9, ...), "premature ejaculation" (F52.4) is another disease. Codes are
compared exactly, never by category or ancestry: ALS (G12.21) and spinal muscular atrophy
(G12.9) share a category, adenomyosis (N80.0) is filed under endometriosis (N80).

The index maps each description (its head before a comma or "due to"/"with", parentheses
optional, "unspecified"/"other" dropped) and each of its trailing word runs of two or more
words ("aortic stenosis" from "Nonrheumatic aortic (valve) stenosis") to its codes. Injury,
external-cause and encounter chapters (S-Z) are left out: they describe events and visits,
not uses. Built once, lazily, on first use (about a second).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from assistant.config import Settings
from assistant.guardrails.cache_files import kept
from assistant.guardrails.text import stem, tokenize

MAX_WORDS = 6
_SKIPPED_CHAPTERS = tuple("STVWXYZ")
_DROP = frozenset(["unspecified", "other", "specified", "nos", "nec", "and", "or", "site", "type", "part", "unsp"])
_CUT = re.compile(r",|;|\bdue to\b|\bwith\b|\bwithout\b|\bin diseases\b|\bclassified\b", re.I)
_JOINED = re.compile(r"[\s'’-]*")
_PARENS = re.compile(r"\(([^()]*)\)")
_LEADING = frozenset(["of", "in", "to", "the", "a", "an", "for", "by", "on", "at", "as", "from", "than", "s"])
TOO_COMMON = frozenset(
    [
        "disease",
        "disorder",
        "disorders",
        "condition",
        "conditions",
        "syndrome",
        "abnormal",
        "abnormality",
        "abnormalities",
        "lesion",
        "symptom",
        "symptoms",
        "problem",
        "problems",
        "state",
        "complication",
        "complications",
        "finding",
        "findings",
        "effect",
        "effects",
        "reaction",
        "reactions",
        "failure",
        "pain",
        "history",
        "status",
        "change",
        "changes",
        "mass",
        "growth",
        "newborn",
        "newborns",
        "infant",
        "malignancy",
        "malignancies",
        "neoplasm",
        "neoplasms",
        "tumor",
        "tumors",
        "tumour",
        "tumours",
        "cancer",
        "cancers",
    ]
)
MIN_SINGLE = 5
_REORDERED_MAX = 3
_GENERIC_HEADS = frozenset(["disorder", "syndrome", "disease"])
"""Heads a reader drops from a name of three or more words ("restless legs", "binge eating")."""


@dataclass(frozen=True)
class VocabularyHit:
    """A condition phrase found in a text, with its ICD-10-CM codes."""

    start: int
    end: int
    text: str
    categories: frozenset[str]


def _heads(description: str) -> list[str]:
    """The phrase before any qualifier, with and without its parenthetical words."""
    head = _CUT.split(description, maxsplit=1)[0]
    return list(dict.fromkeys([_PARENS.sub(" ", head), _PARENS.sub(r" \1 ", head)]))


def _keys(phrase: str) -> list[tuple[str, ...]]:
    words = [stem(t.text) for t in tokenize(phrase) if t.lower not in _DROP]
    if not words or len(words) > MAX_WORDS + 2:
        return []
    out = [tuple(words)] if len(words) > 1 or (len(words[0]) >= MIN_SINGLE and words[0] not in TOO_COMMON) else []
    for i in range(1, len(words) - 1):
        tail = tuple(words[i:])
        if tail[0] not in _LEADING and not all(w in TOO_COMMON for w in tail):
            out.append(tail)
    if len(words) > 2 and words[-1] in _GENERIC_HEADS and words[-2] not in _LEADING:
        out.append(tuple(words[:-1]))  # "binge eating" of "Binge eating disorder", "restless legs" of "... syndrome"
    return [k for k in out if len(k) <= MAX_WORDS]


_data_dir: Path | None = None


def use_data_dir(data_dir: Path) -> None:
    """Keep the compiled index under this data dir (the engine passes its settings' one)."""
    global _data_dir
    _data_dir = Path(data_dir)


def cache_dir() -> Path:
    """Where compiled vocabularies are kept between processes: under the settings' data dir,
    like all other state (the index, logs), never in the user's home."""
    return (_data_dir or Settings().data_dir) / "cache"


def _cache_file() -> Path:
    """The compiled index, per package version."""
    return cache_dir() / f"icd10cm-index-{metadata.version('simple-icd-10-cm')}-v4.pickle"


@lru_cache(maxsize=1)
def icd_index() -> dict[tuple[str, ...], frozenset[str]]:
    """Stemmed phrase -> ICD-10-CM codes: compiled once, then read from the data dir's cache."""
    return kept(_cache_file(), metadata.version("simple-icd-10-cm"), _compile)


def _compile() -> dict[tuple[str, ...], frozenset[str]]:
    import simple_icd_10_cm as icd

    index: dict[tuple[str, ...], set[str]] = {}
    for code in icd.get_all_codes(False):
        if code[0] in _SKIPPED_CHAPTERS or icd.is_chapter_or_block(code):
            continue
        category = code  # full code: a category is too coarse (ALS and SMA share G12)
        for term in [icd.get_description(code), *icd.get_inclusion_term(code)]:
            for head in _heads(term):
                for key in _keys(head):
                    index.setdefault(key, set()).add(category)
    return {k: frozenset(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def icd_words() -> frozenset[str]:
    """Every stemmed word of the vocabulary's condition names: a word outside it ("gets",
    "outperforms", "stop") is no part of a condition's name."""
    return frozenset(w for key in icd_index() for w in key)


def numeral_of(previous: str, token: str) -> bool:
    """A capital Roman numeral the vocabulary writes after the (stemmed) word before it ("bipolar I"
    is F31's "Bipolar I disorder"): part of the condition's name, although "I" is a stopword."""
    return token in ("I", "II") and (previous, token.lower()) in icd_index()


def find_conditions(text: str) -> list[VocabularyHit]:
    """Longest non-overlapping vocabulary phrases in ``text``, left to right; a run of two or three
    words also matches a name "X of Y" written "Y X" ("colon polyps" is "Polyp of colon", "kidney
    infection" is "Infection of kidney"), as :func:`reordered_codes` does for coverage."""
    index = icd_index()
    tokens = tokenize(text)
    norms = [t.norm for t in tokens]
    out: list[VocabularyHit] = []
    i = 0
    while i < len(tokens):
        for n in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
            if any(not _JOINED.fullmatch(text[tokens[j].end : tokens[j + 1].start]) for j in range(i, i + n - 1)):
                continue  # a phrase never spans punctuation ("nausea, vomiting")
            cats = index.get(tuple(norms[i : i + n]))
            if not cats and 1 < n <= _REORDERED_MAX:  # "colon polyps": "Polyp of colon" in everyday order
                cats = _of_names().get((norms[i + n - 1], frozenset(norms[i : i + n - 1])))
            if cats:
                start, end = tokens[i].start, tokens[i + n - 1].end
                out.append(VocabularyHit(start, end, text[start:end], cats))
                i += n
                break
        else:
            i += 1
    return out


def categories(text: str) -> frozenset[str]:
    """Every ICD-10-CM code named in ``text``."""
    return frozenset(c for hit in find_conditions(text) for c in hit.categories)


def whole_phrase_codes(phrase: str) -> frozenset[str]:
    """Codes of ``phrase`` when ONE vocabulary term names all of it ("impotence"), else none:
    "small cell lung cancer" is not "lung cancer", "Behcet's uveitis" is not "uveitis"."""
    hits = find_conditions(phrase)
    words = tokenize(phrase)
    if len(hits) != 1 or not words or hits[0].start > words[0].start or hits[0].end < words[-1].end:
        return frozenset()
    return hits[0].categories


_FILLERS = frozenset(["of", "in", "the", "a", "an", "s"])


def _bag(words: tuple[str, ...] | list[str]) -> frozenset[str]:
    return frozenset(w for w in words if w not in _FILLERS)


@lru_cache(maxsize=1)
def _reordered_index() -> dict[frozenset[str], frozenset[str]]:
    """Every name of two or more words by its set of words: "infection of kidney" under
    {infection, kidney}, so that the everyday order "kidney infection" finds it too."""
    out: dict[frozenset[str], set[str]] = {}
    for key, codes in icd_index().items():
        bag = _bag(key)
        if len(bag) > 1:
            out.setdefault(bag, set()).update(codes)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _of_names() -> dict[tuple[str, frozenset[str]], frozenset[str]]:
    """Names "X of Y" (one head word, one or two words after "of") by (X, words of Y): the
    everyday compound puts the head last ("colon polyps"); other word orders are not names."""
    out: dict[tuple[str, frozenset[str]], set[str]] = {}
    for key, codes in icd_index().items():
        if 3 <= len(key) <= _REORDERED_MAX + 1 and key[1] == "of" and "of" not in key[2:]:
            out.setdefault((key[0], frozenset(key[2:])), set()).update(codes)
    return {k: frozenset(v) for k, v in out.items()}


def reordered_codes(phrase: str) -> frozenset[str]:
    """Codes of a vocabulary name made of exactly the phrase's words in another order ("kidney
    infection" is "Infection of kidney NOS", N15.9; "hair loss" is "loss of hair", L65), else none."""
    bag = _bag([t.norm for t in tokenize(phrase)])
    return _reordered_index().get(bag, frozenset()) if len(bag) > 1 else frozenset()
