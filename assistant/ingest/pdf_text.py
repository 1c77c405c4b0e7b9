"""Text clean-up for PDF lines: ligatures, hyphenation, running headers/footers and page numbers.

Running headers and footers are found per document, not by a list of journal
names: a line near the top or bottom of a page whose text (digits masked) comes
back on a good share of the pages is page furniture, not content. A line that
is only a page number ("12", "Page 3 of 9", "- 4 -") at the top or bottom is
dropped too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
)
HYPHEN_MARK = "\ufffe"
_SOFT_HYPHEN = re.compile(r"[\ufffe\u00ad\x02]\s*")
_MARK = re.compile(HYPHEN_MARK + r"\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\ufffd\ue000-\uf8ff]")
"""Control characters and private-use glyphs (a font's own "®" drawn at U+F6DA has no Unicode meaning)."""
_PAGE_NUMBER = re.compile(r"^[\W_]*(page|p\.)?\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?[\W_]*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_WORD_AFTER = re.compile(r"[^\W\d_]+")
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
_HALVES = re.compile(r"[^\W\d_]*\ufffe[^\W\d_]*")
_BULLET_START = re.compile(r"^[•●▪■◆◦‣⁃∙·]\s*")
_RULED = re.compile(r"^[-–—_=]{3,}\s*(?:(?P<title>[^-–—_=].*?)\s*[-–—_=]{3,})?$")
"""A rule line, or a heading framed by rules as Highlights set them ("-----DOSAGE FORMS AND STRENGTHS-----")."""
_XREF = r"\(\d{1,2}(?:\.\d{1,2})?(?:\s*,\s*\d{1,2}(?:\.\d{1,2})?)*\)"
"""A label's cross-reference to its own sections: "(5.1)", "(4, 5.7, 8.1)"."""
_XREF_SPACED = re.compile(r"\(\s+(?=\d{1,2}(?:\.\d{1,2})?(?:\s*,\s*\d{1,2}(?:\.\d{1,2})?)*\))")
_XREF_END = re.compile(r"[^\W\d_][.;]?\s*" + _XREF + r"$")
"""An item closed by its cross-reference after a word ("with meals (2.1)"; "84 (3.1)" is a count and a rate)."""
_XREF_AFTER_STOP = re.compile(r"(?<=[^\s.])\.\s+(" + _XREF + r")(?=\s|$)")
_SPACED_PAIR = re.compile(r"(?=\b([^\W\d_]+) ([^\W\d_]+)\b)")
SPLIT_HALF_USES = 3
"""The halves of a word split by letter spacing are not words the document uses more than this."""
_SPLIT_PAIR = re.compile(r"\b([A-Za-z]{1,8}) ([a-z]{1,8})\b")
_LONG_WORD = re.compile(r"\b[A-Za-z]{6,}\b")
GLUED_MAX_USES = 2
"""A run-together word is rare: one used more often than this is the document's own word ("overdosage")."""
GLUED_PART_USES = 3
"""Each part of a run-together word must be a word the document uses at least this often."""
EDGE_LINES = 3
"""How many lines at the top and at the bottom of a page can be running headers or footers."""
REPEAT_SHARE = 0.4
"""A top/bottom line seen on at least this share of pages (and on 3 or more) is a running header/footer."""


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Whole words of the packaged embedder's WordPiece vocabulary (a maintained English + science word list)."""
    try:
        from tokenizers import Tokenizer

        from assistant.embeddings import PACKAGED_MODEL, resolve_model_files

        vocab = Tokenizer.from_file(str(resolve_model_files(PACKAGED_MODEL)[1])).get_vocab()
    except Exception:  # no vocabulary: only the document's own words tell compounds from split words
        return frozenset()
    return frozenset(w for w in vocab if w.isalpha() and len(w) > 1)


Known = Callable[[str], bool]
"""Is this lower-case word a known word (vocabulary, or used on its own elsewhere in the document)?"""


def keeps_hyphen(before: str, after: str, known: Known) -> bool:
    """Is 'before-' + 'after' at a line end a real hyphen ("placebo-controlled") rather than a split word ("thera-py")?

    Real when both halves are known words and their concatenation is not; a split
    word is joined (also when a half is unknown, e.g. "pharmaco-kinetics").
    """
    left, right = before.lower(), after.lower()
    if len(left) < 3 or len(right) < 4 or known(left + right):
        return False
    return known(left) and known(right)


class DocumentWords(set[str]):
    """Lower-case words a document uses on their own, how often, and which word pairs it writes."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()
        self.pairs: set[tuple[str, str]] = set()


def document_words(texts: Iterable[str]) -> DocumentWords:
    """Lower-case words a document uses on their own (halves of words split at a line end left out)."""
    words = DocumentWords()
    for text in texts:
        text = _HALVES.sub(" ", text.rstrip())
        if text.endswith("-"):
            text = text[: text.rfind(" ") + 1] if " " in text else ""
        words.counts.update(w.lower() for w in _WORD_AFTER.findall(text))
        words.pairs.update((a.lower(), b.lower()) for a, b in _SPACED_PAIR.findall(text))
    words.update(words.counts)
    return words


class Vocabulary:
    """Known words for one document: the embedder's vocabulary plus the document's own words (see ``Known``)."""

    def __init__(self, document: set[str]) -> None:
        self.vocab = _vocabulary()
        self.document = document
        words = document if isinstance(document, DocumentWords) else DocumentWords()
        self.counts, self.pairs = words.counts, words.pairs

    def __call__(self, word: str) -> bool:
        return word in self.vocab or word in self.document

    def _split_word(self, match: re.Match[str]) -> str:
        """ "Marke ting" -> "Marketing": two halves no vocabulary knows whose join is a known word."""
        left, right = match.group(1), match.group(2)
        whole, halves = (left + right).lower(), (left.lower(), right.lower())
        if any(h in self.vocab for h in halves) or not (whole in self.vocab or self.counts[whole] >= 2):
            return match.group(0)
        rare = self.counts[halves[1]] <= SPLIT_HALF_USES and (
            len(left) == 1 or self.counts[halves[0]] <= SPLIT_HALF_USES
        )
        return left + right if rare else match.group(0)

    def _glued_word(self, match: re.Match[str]) -> str:
        """ "nottake" -> "not take": a rare unknown word that is a pair of words the document writes apart."""
        word = match.group(0)
        lower = word.lower()
        if lower in self.vocab or self.counts[lower] > GLUED_MAX_USES:
            return word
        for cut in range(2, len(word) - 1):
            pair = (lower[:cut], lower[cut:])
            if pair in self.pairs and all(self.counts[p] >= GLUED_PART_USES for p in pair):
                return f"{word[:cut]} {word[cut:]}"
        return word

    def repair(self, text: str) -> str:
        """Words a PDF's text layer split apart or ran together, restored from this document's own usage."""
        if not self.pairs:
            return text
        text = _SPLIT_PAIR.sub(self._split_word, text)
        return _LONG_WORD.sub(self._glued_word, text)


def known_words(document: set[str]) -> Known:
    return Vocabulary(document)


def resolve_hyphens(text: str, known: Known) -> str:
    """Line-end hyphen marks (pdfium's U+FFFE): a split word is joined, a compound keeps its hyphen."""

    def replace(match: re.Match[str]) -> str:
        after = _WORD_AFTER.match(text, match.end())
        if after is None or not after.group(0)[:1].islower():
            return "-"
        before = _WORD_BEFORE.search(text, 0, match.start())
        return "-" if keeps_hyphen(before.group(0) if before else "", after.group(0), known) else ""

    return _MARK.sub(replace, text) if HYPHEN_MARK in text else text


def normalise(text: str) -> str:
    """One line cleaned: ligatures spelled out, control characters and double spaces removed, a leading
    list glyph made "• ", a spaced cross-reference "( 2.3)" closed up; line-end hyphens marked U+FFFE."""
    text = _SOFT_HYPHEN.sub(HYPHEN_MARK, text.translate(_LIGATURES))
    text = " ".join(_CONTROL.sub(" ", text).split())
    return _XREF_SPACED.sub("(", _BULLET_START.sub("• ", text))


def _starts_item(out: str, line: str) -> bool:
    """Does ``line`` begin a new list item: a bullet, or a capital after an item closed by its cross-reference
    or its full stop?

    Highlights list items end with the section they summarise ("... with meals (2.1)")
    and often no full stop; without a break the next item (or the sub-heading after a
    list) would run into the same sentence.
    """
    if not out or out.endswith(HYPHEN_MARK):
        return False
    if line.startswith("•"):
        return True
    in_item = out[out.rfind("\n") + 1 :].startswith("•")
    return line[:1].isupper() and (bool(_XREF_END.search(out)) or (in_item and out.endswith((".", ":", ";"))))


def _caps_heading(out: str, line: str) -> bool:
    """An ALL-CAPS line of a few words after a finished sentence or item: a heading set inside the text."""
    words = line.split()
    letters = [c for c in line if c.isalpha()]
    return (
        1 <= len(words) <= 8
        and len(letters) >= 8
        and all(c.isupper() for c in letters)
        and not line.endswith((".", ",", ";", ":"))
        and (not out or out.endswith((".", ":", ")")) or out[-1].isdigit())
    )


def _wraps_on(out: str, line: str) -> bool:
    """An ALL-CAPS line continuing an ALL-CAPS title that stopped mid-phrase (no closing punctuation)."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and not out.endswith((".", ":", ";", ")"))


def _cross_references_inside(text: str) -> str:
    """ "bleeding. (5.1)" becomes "bleeding (5.1)." so the reference stays with its sentence, not the next."""
    return _XREF_AFTER_STOP.sub(r" \1.", text)


def join_lines(lines: list[str], known: Known) -> str:
    """Wrapped lines back to running text; 'treat-' + 'ment' becomes 'treatment', 'double-' + 'blind' stays."""
    out = ""
    ruled = False
    caps_title = False  # the heading just set apart is an ALL-CAPS line that may wrap onto the next
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if caps_title and _wraps_on(out, line):  # "WARNING: … INCREASES THE" + "RISK OF …": one title
            out = f"{out} {line}"
            continue
        if (rule := _RULED.match(line)) is not None or _caps_heading(out, line):
            title = (rule.group("title") or "") if rule is not None else line  # "---WARNINGS---" or "WARNINGS"
            out = f"{out}\n{title}" if out and title else out + title
            ruled, caps_title = True, rule is None
            continue
        caps_title = False
        if ruled and out:
            out, ruled = f"{out}\n{line}", False
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            before = _WORD_BEFORE.search(out, 0, len(out) - 1)
            after = _WORD_AFTER.match(line)
            keep = keeps_hyphen(before.group(0) if before else "", after.group(0) if after else "", known)
            out = out + line if keep else out[:-1] + line
        elif _starts_item(out, line):
            out = f"{out}\n{line}"
        else:
            out = f"{out} {line}" if out and not out.endswith(HYPHEN_MARK) else out + line
    text = resolve_hyphens(out, known)
    if isinstance(known, Vocabulary):
        text = known.repair(text)
    return _cross_references_inside(text)


def furniture_key(text: str) -> str:
    """What a running header/footer looks like on every page: lower case, digits masked."""
    return _DIGITS.sub("#", text.lower()).strip()


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def edge_indices(count: int) -> set[int]:
    """Positions (in top-to-bottom order) that may hold a header or footer."""
    return set(range(min(EDGE_LINES, count))) | set(range(max(0, count - EDGE_LINES), count))


def repeated_furniture(pages_edge_keys: list[set[str]]) -> set[str]:
    """Keys of top/bottom lines repeated on enough pages to be running headers/footers."""
    if len(pages_edge_keys) < 3:
        return set()
    seen: Counter[str] = Counter()
    for keys in pages_edge_keys:
        seen.update(keys)
    needed = max(3, int(REPEAT_SHARE * len(pages_edge_keys) + 0.999))
    return {key for key, n in seen.items() if n >= needed}
