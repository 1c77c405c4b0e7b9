"""False premises: a question that presumes something the documents do not hold.

"What did the head-to-head trial of A versus B show?" retrieves passages on A and
on B, and the composer would happily answer with an unrelated trial of one of
them. Two checks read what the question *presumes* and look for it in the
retrieved passages (text, section and document title):

* **A comparison** presumes a passage that compares: one that names both sides
  and uses comparative wording ("versus", "compared with", "difference", "than",
  "head-to-head"). The sides are the recognised products, or the first topical
  word after the comparison cue ("compare with tadalafil").
* **A named identifier** (a trial acronym such as "SUSTAIN-9", a study code, an
  acronym of three or more capitals) presumes a passage that names it, with the
  same number when it has one: "SUSTAIN 6" is no evidence about "SUSTAIN-9".

Product names, and words that frame the kind of question ("MoA", "PK"), are never
treated as presumed entities.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol

from assistant.retrieval.abbreviations import spelled_with_digits
from assistant.retrieval.candidates import product_names
from assistant.retrieval.intents import INTENTS
from assistant.retrieval.scope import COMPARISON_RE, spells_out, topical_terms
from assistant.retrieval.shorthand import clips, readable_as_clipped
from assistant.retrieval.text import content_terms, split_sentences, tokens
from assistant.retrieval.trials import NAME_NUMBER_RE
from assistant.types import ScoredChunk

COMPARATIVE_RE = re.compile(
    r"\b(?:versus|vs\.?|compared|comparison|comparing|comparator|than|relative to|difference|head[- ]to[- ]head"
    r"|superior|non-?inferior|inferior)\b",
    re.IGNORECASE,
)
"""Wording of a passage that actually compares two treatments."""
_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:[-–][A-Za-z0-9]+)*")
_UNIT_RE = re.compile(r"^\d+(?:mg|mcg|ml|kg|g|h|mm|cm)?$", re.IGNORECASE)


class _Stats(Protocol):
    def idf(self, term: str) -> float: ...

    def seen(self, text: str) -> bool: ...

    def clipped_from(self, term: str) -> frozenset[str]: ...


def _searchable(hit: ScoredChunk) -> str:
    chunk = hit.chunk
    return f"{chunk.meta.title}\n{chunk.section or ''}\n{chunk.text}"


def identifiers(question: str, product_words: set[str]) -> list[str]:
    """Named things the question presumes: acronyms of 3+ capitals, and names with a number ("SUSTAIN-9")."""
    framing = [m.span() for intent in INTENTS for m in intent.pattern.finditer(question)]
    found: list[str] = []
    for match in _TOKEN_RE.finditer(question):
        token = match.group(0)
        if any(start <= match.start() < end for start, end in framing):
            continue
        if token.lower() in product_words or _UNIT_RE.match(token):
            continue
        capitals = sum(ch.isupper() for ch in token)
        letters = sum(ch.isalpha() for ch in token)
        numbered = bool(re.search(r"[A-Za-z]{3,}[-–]?\d", token)) and capitals >= 1
        acronym = capitals >= 3 and capitals >= 0.6 * letters
        if acronym and not numbered:
            number = NAME_NUMBER_RE.match(question, match.end())
            token = f"{token} {number.group(1)}" if number else token  # "SUSTAIN 8" is not SUSTAIN 6
        if (numbered or acronym) and token not in found:
            found.append(token)
    return found


def name_terms(question: str, product_words: set[str]) -> list[frozenset[str]]:
    """Content terms of each name the question presumes ("PARADIGM-HF" → paradigm-hf, paradigm, hf).

    A named trial says *where* to look, as a product name does: an answer must name it
    (its row, caption, section or title), and the rest of the question says *what* to find
    there ("stroke" in "PARADIGM-HF stroke hazard ratio").
    """
    names = [frozenset(content_terms(token)) for token in identifiers(question, product_words)]
    return [n for n in names if n]


def _identifier_re(token: str) -> re.Pattern[str]:
    """ "SUSTAIN-9" matches "SUSTAIN 9", "SUSTAIN-9", "sustain9", never "SUSTAIN 90"."""
    parts = re.findall(r"[A-Za-z]+|\d+", token)
    body = r"[\s\-–]*".join(re.escape(p) for p in parts)
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?![0-9])", re.IGNORECASE)


def _comparator_terms(question: str, product_words: set[str]) -> set[str]:
    """The first topical stem after a comparison cue: what the product is compared with.

    The last cue with a topical word after it counts: "head-to-head data for A versus B" names B
    after "versus", and "A vs B head to head" names nothing after its last cue, so "vs" counts.
    """
    for match in reversed(list(COMPARISON_RE.finditer(question))):
        after = question[match.end() :]
        topical = topical_terms(after, product_words)
        for word in re.findall(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*", after):
            if COMPARATIVE_RE.fullmatch(word) or COMPARISON_RE.fullmatch(word):
                continue
            stems = [t for t in content_terms(word) if t in topical]
            if stems:
                return {stems[0]}
    return set()


def _compares(sentence: str, sides: list[set[str]]) -> bool:
    terms = set(content_terms(sentence))
    return bool(COMPARATIVE_RE.search(sentence)) and all(_named(side, terms) for side in sides)


def _named(side: set[str], terms: set[str]) -> bool:
    """The sentence names the side, or the word a clipped side stands for ("vs pbo": "placebo")."""
    return bool(side & terms) or any(readable_as_clipped(s) and clips(s, t) for s in side for t in terms)


def _side_names(product: str, hits: Sequence[ScoredChunk]) -> set[str]:
    names = {p for p in product.split("/") if p}
    names.add(product)
    for h in hits:
        if h.chunk.meta.product == product and h.chunk.meta.brand:
            names.add(h.chunk.meta.brand.lower())
    return {t for name in names for t in content_terms(name)}


def _table_of(hit: ScoredChunk, sides: list[set[str]]) -> bool:
    """A table whose caption names every side ("Bleeding Events ... (columns: Brand | Comparator | Hazard
    Ratio)") compares them row by row, though no row says "versus"."""
    chunk = hit.chunk
    if chunk.kind != "table":
        return False
    head = chunk.text.split("\n", 2)[:2]  # the caption, then the column heads in a table's first chunk
    terms = set(content_terms(" ".join([chunk.meta.title, chunk.caption or "", *head])))
    return all(_named(side, terms) for side in sides)


def comparison_gap(question: str, hits: Sequence[ScoredChunk], products: Sequence[str]) -> str | None:
    """Why no retrieved passage holds the comparison the question presumes, or None."""
    if not COMPARISON_RE.search(question):
        return None
    words = product_names(hits)
    product_words = {t for w in words for t in content_terms(w)}
    subjects = list(products) or [p for p in [hits[0].chunk.meta.product if hits else None] if p]
    sides = [_side_names(p, hits) for p in subjects]  # unnamed: the product the passages are about
    if len(sides) < 2:
        other = _comparator_terms(question, product_words)
        if not other:
            return None
        sides.append(other)
    if len(sides) < 2:
        return None
    for hit in hits:
        if _table_of(hit, sides):
            return None
        for sentence in split_sentences(hit.chunk.text, lines_are_items=hit.chunk.kind == "table"):
            if _compares(f"{hit.chunk.meta.title} {sentence}", sides):
                return None
    return "no approved passage compares what the question compares"


_VALUE_AFTER = r"\s*(?:of|value|:)?\s*(?:[<>≤≥]|\d+(?:\.\d+)?\s*(?:-|–|to)\s*[<>≤≥]?\s*\d)"
"""What follows a measured quantity in a label: a threshold ("eGFR <30") or a range ("CrCl 30 to 50",
"eGFR 30 - <60"). A trial's name is followed by its number alone ("SUSTAIN 6")."""


def _measure_re(token: str) -> re.Pattern[str] | None:
    """For "ACRONYM N" read from the question, the acronym written as a measured quantity, or None."""
    name, _, number = token.rpartition(" ")
    if not name or not number.isdigit():
        return None
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(name)}{_VALUE_AFTER}", re.IGNORECASE)


def _found(token: str, texts: Sequence[str]) -> bool:
    """The passages name the presumed thing, or spell out the acronym naming it; an acronym the passages
    measure ("eGFR <30 mL/min") is a quantity, so the number after it in the question ("eGFR 45") is a
    patient's value, not part of a name."""
    if any(_identifier_re(token).search(t) for t in texts) or spells_out(token, texts):
        return True  # a reader's "HeFH" is presumed by a passage that writes the words it stands for
    if spelled_with_digits(token, texts):
        return True  # "T2DM": "type 2 diabetes mellitus"
    measure = _measure_re(token)
    return measure is not None and any(measure.search(t) for t in texts)


def identifier_gap(question: str, hits: Sequence[ScoredChunk]) -> str | None:
    """Why a named trial or acronym the question presumes is in no retrieved passage, or None."""
    words = {w.lower() for w in product_names(hits)}
    texts = [_searchable(h) for h in hits]
    missing = [token for token in identifiers(question, words) if not _found(token, texts)]
    if not missing:
        return None
    return f"the passages found do not mention {', '.join(f'“{m}”' for m in missing)}"


_NAME_RE = re.compile(r"(?<![\w-])[A-Z][a-z]*[A-Z]?[a-z]{2,}(?![\w-])")
"""A capitalised word ("Oriahnn", "Denmark"): a name, when no document of the library says it."""


def unheard_names(question: str, stats: _Stats) -> list[str]:
    """Capitalised words of the question that no stored passage contains (product names already masked).

    Such a word names something the question presumes (another brand, a country, a
    company) and the library has never heard of: nothing in it can answer about it. A clipped
    word ("Hgb") names what the stored words it clips name ("hemoglobin").
    """
    words = [m.group(0) for m in _NAME_RE.finditer(question) if not stats.seen(m.group(0))]
    return [w for w in words if not stats.clipped_from(w.lower())]  # "Hgb" clips the stored "hemoglobin"


def false_premise(
    question: str,
    hits: Sequence[ScoredChunk],
    products: Sequence[str],
    stats: _Stats | None = None,
    masked: str | None = None,
) -> str | None:
    """The first premise of the question the retrieved passages (or the whole library) do not hold, or None.

    ``masked`` is the question with product names (misspelt ones too) replaced.
    """
    unheard = unheard_names(masked or question, stats) if stats is not None else []
    if unheard:
        return f"the library holds nothing on {', '.join(f'“{w}”' for w in unheard)}"
    return identifier_gap(question, hits) or comparison_gap(question, hits, products)


# International nonproprietary name stems: a word ending so is very likely a drug name.
_DRUG_STEM_RE = re.compile(
    r"^[a-z]{2,}(?:mab|nib|tide|gliflozin|gliptin|sartan|pril|olol|statin|vir|prazole|parin|mycin|cillin"
    r"|floxacin|conazole|dipine|lukast|rsen|cept|ciclib|parib|lisib|setron|triptan|oxetine|azepam|gabalin"
    r"|relix|lutamide|degib|platin|rubicin|taxel|trexate|limus|tinib|kinra|ercept)$"
)
_NOT_DRUGS = frozenset(
    {
        "peptide",
        "polypeptide",
        "nucleotide",
        "oligonucleotide",
        "dipeptide",
        "riptide",
        "concept",
        "except",
        "accept",
        "intercept",
        "precept",
        "percept",
        "april",
    }
)


def unknown_drug_names(question: str, known: Callable[[str], bool]) -> list[str]:
    """Words shaped like drug names (INN stems: -mab, -nib, -tide …) that the catalog does not know."""
    found = []
    for token in tokens(question):
        for word in token.split("-"):
            if _DRUG_STEM_RE.match(word) and word not in _NOT_DRUGS and not known(word) and word not in found:
                found.append(word)
    return found
