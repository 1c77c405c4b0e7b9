"""Sentence and term helpers shared by the composer and the verifier.

Both must agree on what a "sentence", a "content term" and a "number" are:
the composer picks sentences by term overlap, and the verifier later checks a
generated sentence against the same notion of overlap. Keeping the definitions
in one module means a sentence the composer would cite is also one the
verifier accepts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

from assistant.ingest.chunking import split_sentences as split_line_sentences

# Question words and glue words that say nothing about *what* is asked.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves may might must shall per vs via within without whether
    tell know please give explain describe list show summarise summarize regarding according
    what's whats it's that's there's who's how's where's when's isn't doesn't don't can't
    """.split()  # noqa: SIM905
)

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_NUMBER_RE = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
MARKER_RE = re.compile(r"\[(\d+(?:\s*[,;–-]\s*\d+)*)\]")
"""``[3]``, ``[1, 2]``, ``[1-3]``: one or more passage numbers in brackets."""
_BULLET_RE = re.compile(r"^\s*(?:[-*•▪◦‣–—>]+|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+", re.IGNORECASE)
# PDF text extraction flattens lists onto one line: "criteria - Age 18 or older. - LVEF 40%".
_INLINE_ITEM_RE = re.compile(r"\s+[-•▪]\s+(?=[A-Z0-9(])")
_INLINE_CONTINUATION_RE = re.compile(r"([:;,])\s+[-•▪]\s+(?=[a-z])")
FIGURE_CAPTION_RE = re.compile(r"^Figure\s+\d+[A-Za-z]?\s*[.:]\s", re.IGNORECASE)
"""A figure's caption ("Figure 2. Estimated Cumulative Incidence of … in FOURIER") names what the figure plots;
it has no full stop, so the paragraph after it would read as its continuation and take its words."""


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def strip_bullet(line: str) -> str:
    """Remove a leading list marker ("•", "-", "1.", "a)") so a list item reads as a sentence."""
    return _BULLET_RE.sub("", line, count=1).strip()


def _is_list_item(line: str) -> bool:
    return bool(_BULLET_RE.match(line))


def _paragraphs(text: str) -> list[str]:
    """Re-join lines that PDF extraction wrapped mid-sentence; keep list items and blank-line breaks apart."""
    paragraphs: list[str] = []
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if current.endswith((":", ";", ",")) and _is_list_item(line) and strip_bullet(line)[:1].islower():
            current = f"{current} {strip_bullet(line)}"  # "patients: - with X; - with Y" is one sentence
            continue
        ends_sentence = current.endswith((".", "!", "?", ":", ";"))
        capital_start = line[:1].isupper() or line[:1].isdigit()
        ends_caption = FIGURE_CAPTION_RE.match(current) is not None and not looks_like_heading(line)
        starts_new = _is_list_item(line) or (
            capital_start and (ends_sentence or ends_caption or looks_like_heading(current))
        )
        if current and starts_new:
            paragraphs.append(current)
            current = line
        else:
            current = f"{current} {line}".strip()
    if current:
        paragraphs.append(current)
    return paragraphs


def looks_like_heading(line: str) -> bool:
    """Short, unpunctuated lines ("4 CONTRAINDICATIONS", "Key results") are headings."""
    words = line.split()
    starts_like_title = line[:1].isupper() or line[:1].isdigit()
    return len(words) <= 8 and not line.endswith((".", "!", "?", ",", ";", ":")) and starts_like_title


def _inline_items(paragraph: str) -> list[str]:
    """Split a flattened list at " - " where the text before ends a sentence or is a heading.

    A dash after "The primary endpoint" is punctuation, not a list marker, so it stays.
    """
    items: list[str] = []
    start = 0
    for match in _INLINE_ITEM_RE.finditer(paragraph):
        before = paragraph[start : match.start()]
        last = re.split(r"(?<=[.!?])\s+", before)[-1]
        heading = looks_like_heading(last) and not (set(tokens(last)) & STOPWORDS)
        if before.endswith((".", ";", ":", "!", "?")) or heading:
            items.append(before)
            start = match.end()
    items.append(paragraph[start:])
    return [i for i in items if i.strip()]


def split_sentences(text: str, *, lines_are_items: bool = False) -> list[str]:
    """Sentences of a passage, with list bullets stripped and wrapped lines re-joined.

    Within a paragraph the chunker's splitter decides (so "e.g.", "vs." and
    "0.5 mg" never end a sentence, exactly as when the chunk was cut); a list
    item is always its own sentence. On slides every line is an item
    (``lines_are_items``): bullets there carry no marker and no full stop.
    """
    sentences: list[str] = []
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()] if lines_are_items else None
    for paragraph in paragraphs if paragraphs is not None else _paragraphs(text):
        paragraph = _INLINE_CONTINUATION_RE.sub(r"\1 ", paragraph)
        for item in _inline_items(paragraph):
            sentences.extend(split_line_sentences(strip_bullet(item)))
    return sentences


def strip_markers(text: str) -> str:
    """Text without [n] citation markers, spaces tidied."""
    cleaned = MARKER_RE.sub("", text)
    cleaned = re.sub(r"\s+([.,;:!?])", r"\1", cleaned)
    return re.sub(r"\s{2,}", " ", cleaned).strip()


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (hyphenated words kept whole: "sacubitril-valsartan"), accents folded: a label's
    "Naïve" is the question's "naive", not the two words "na" and "ve"."""
    low = text.lower()
    if not low.isascii():
        low = "".join(ch for ch in unicodedata.normalize("NFKD", low) if not unicodedata.combining(ch))
    return _TOKEN_RE.findall(low)


_STEM_ALIASES = {"dosag": "dose", "paediatr": "pediatr", "children": "child"}
"""Stems the stemmer leaves apart although labels use them interchangeably ("dosage"/"dose")."""


def content_terms(text: str) -> list[str]:
    """Stemmed tokens without stopwords or bare numbers: what a sentence is *about*."""
    words: list[str] = []
    for token in tokens(strip_markers(text)):
        parts = [token, *token.split("-")] if "-" in token else [token]
        words.extend(p for p in parts if p not in STOPWORDS and not p.isdigit() and len(p) > 1)
    return [_STEM_ALIASES.get(stem, stem) for stem in _stemmer().stemWords(words)]


def numbers(text: str) -> set[str]:
    """Numbers mentioned in ``text`` (markers excluded), normalised: "1,000" → "1000", "2.50" → "2.5"."""
    found: set[str] = set()
    for match in _NUMBER_RE.finditer(strip_markers(text)):
        whole = match.group(1).replace(",", "")
        frac = (match.group(2) or "").rstrip("0")
        found.add(f"{int(whole)}.{frac}" if frac else str(int(whole)))
    return found


def word_count(text: str) -> int:
    """Words as a reader counts them (citation markers do not count)."""
    return len(strip_markers(text).split())


def supported_by(statement: str, sentences: Iterable[str]) -> bool:
    """True when one sentence states everything ``statement`` does (its terms and its numbers).

    Strict on purpose: the quiz uses it to prove a distractor is *not* stated by
    a product's approved text, the answer guardrail to recognise a sentence that
    merely restates a cited approved passage.
    """
    terms = set(content_terms(statement))
    nums = numbers(statement)
    return any(terms <= set(content_terms(s)) and nums <= numbers(s) for s in sentences)


def coded_as(terms: set[str], vocabulary: set[str]) -> dict[str, set[str]]:
    """The longer codes the passages write for a code the question clips: "a1c" is the "hba1c" of a label.

    Only a term with a digit (a lab or gene code) and a purely alphabetic prefix count: "a1c" in
    "hba1c", never a number glued to another one ("5mg" in "25mg" is no such term).
    """
    found: dict[str, set[str]] = {}
    for term in terms:
        if len(term) < 3 or not any(ch.isdigit() for ch in term) or not term[0].isalpha() or term in vocabulary:
            continue
        longer = {w for w in vocabulary if w.endswith(term) and w[: -len(term)].isalpha()}
        if longer:
            found[term] = longer
    return found
