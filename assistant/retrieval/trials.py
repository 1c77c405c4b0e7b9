"""Trial names and study acronyms, learnt from the stored documents, and the product each reports on.

"ENDEAR event-free survival HR" names no product, so product recognition
(:mod:`assistant.retrieval.products`) leaves the search open over the whole
library, where the ENDEAR efficacy table competes with every other table of
hazard ratios. Yet the documents themselves say which product ENDEAR belongs
to: the name occurs only in the nusinersen label, publication and deck. So the
names are read from the documents, never listed:

* a **name** is a word written in capitals (three or more, as "ENDEAR",
  "PARADIGM-HF", "FLAURA2", "SUSTAIN"), found in the text, table captions or
  section titles of the stored passages;
* a name **belongs** to a product when every document mentioning it is about
  that one product (a name shared by two products, such as "MACE", belongs to none);
* a question **names** it when it writes the name in capitals, or in any case
  when the documents only ever write it in capitals (it is then no ordinary
  word: "endear" is ENDEAR, while "flow" may be blood flow, not FLOW).

The retriever then searches that product's documents, as if the question had
named the product.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.retrieval.text import content_terms
from assistant.types import Chunk

_WORD_RE = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![\w-])")
NAME_NUMBER_RE = re.compile(
    r"[\s-]+(\d{1,2})\b(?![.,]\d)"
    r"(?!\s*(?:%|percent|mg|mcg|kg|ml|years?|yrs?|months?|weeks?|wks?|days?|hours?|h|points?)\b)",
    re.IGNORECASE,
)
"""The number that completes a trial name written apart ("SUSTAIN 8", "GEMINI 1"), not a quantity ("5 year")."""
MIN_CAPITALS = 3
CAPITAL_SHARE = 0.6
"""Share of a name's letters that are capitals: "PARADIGM-HF" yes, "HbA1c" or "Table" no."""


def is_name(word: str) -> bool:
    """A word written as a name: three or more capitals making most of its letters."""
    letters = [ch for ch in word if ch.isalpha()]
    capitals = sum(ch.isupper() for ch in letters)
    return capitals >= MIN_CAPITALS and capitals >= CAPITAL_SHARE * len(letters)


def _chunk_words(chunk: Chunk) -> Iterable[str]:
    return _WORD_RE.findall(f"{chunk.section or ''}\n{chunk.text}")


class TrialIndex:
    """Names written in capitals in the stored passages, the products of their documents, their spelling."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        products: dict[str, set[str]] = defaultdict(set)
        plain: set[str] = set()  # lower-cased words the documents also write in ordinary case
        for chunk in chunks:
            product = (chunk.meta.product or "").lower()
            for word in _chunk_words(chunk):
                key = word.lower()
                if is_name(word):
                    products[key].add(product)
                elif not word.isupper():
                    plain.add(key)
        self._products = {k: next(iter(v)) for k, v in products.items() if len(v) == 1 and "" not in v}
        self._only_capitals = frozenset(k for k in self._products if k not in plain)
        self._stems = frozenset(t for k in self._products for t in content_terms(k))

    def __len__(self) -> int:
        return len(self._products)

    @property
    def names(self) -> frozenset[str]:
        """Content terms (stems) of every known name: "paradigm-hf", "paradigm", "hf", "endear"."""
        return self._stems

    def named(self, question: str) -> list[str]:
        """The known names the question mentions (lower case), in order of mention."""
        found: list[str] = []
        for word in _WORD_RE.findall(question):
            key = word.lower()
            if key in self._products and (is_name(word) or key in self._only_capitals) and key not in found:
                found.append(key)
        return found

    def products(self, question: str) -> list[str]:
        """The one product whose documents report every name the question mentions; else none."""
        owners = {self._products[name] for name in self.named(question)}
        return list(owners) if len(owners) == 1 else []


@dataclass(frozen=True)
class NumberedName:
    """A trial name with its number as a question writes it ("SUSTAIN 7", "GEMINI 1", "FLAURA2")."""

    name: str
    number: str

    @property
    def _family(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![A-Za-z0-9]){re.escape(self.name)}[\s\-–]*(\d+)(?![\d.])", re.IGNORECASE)

    def says(self, text: str) -> float | None:
        """1 when ``text`` names this trial, -1 a sibling ("SUSTAIN 6" for "SUSTAIN 7"), 0 the family
        without a number ("SUSTAIN program"), None when it does not name it at all."""
        numbers = {str(int(m.group(1))) for m in self._family.finditer(text)}
        if self.number in numbers:
            return 1.0
        if numbers:
            return -1.0
        return 0.0 if re.search(rf"(?<![A-Za-z0-9]){re.escape(self.name)}(?![A-Za-z])", text, re.IGNORECASE) else None


def says_names(names: list[NumberedName], text: str) -> float | None:
    """As :meth:`NumberedName.says` for the best of ``names`` (None when ``text`` names none of them)."""
    said = [v for v in (n.says(text) for n in names) if v is not None]
    return max(said) if said else None


def numbered_names(question: str) -> list[NumberedName]:
    """Trial names with a number in ``question``: "SUSTAIN 7", "GEMINI-1", "FLAURA2" (not "ADAURA 5 year")."""
    found: list[NumberedName] = []
    for match in _WORD_RE.finditer(question):
        word = match.group(0)
        glued = re.fullmatch(r"([A-Za-z]{3,})-?(\d{1,2})", word)
        apart = NAME_NUMBER_RE.match(question, match.end())
        if glued and sum(ch.isupper() for ch in glued.group(1)) >= 2:
            found.append(NumberedName(glued.group(1), str(int(glued.group(2)))))
        elif apart and is_name(word):
            found.append(NumberedName(word, str(int(apart.group(1)))))
    return found


def captioned_numbers(question: str, captions: Iterable[str]) -> list[NumberedName]:
    """Numbered labels of the question that tell tables apart ("type 1" patients, "study 3"): a word and
    a number the question writes apart, which some table caption uses with a number too ("... Type 1
    Diabetes Mellitus ...", "Adverse Reactions for Study 3"). Two tables told apart only by that number
    ("Type 1" and "Type 2") share every other word; read as a trial name, the one asked about is the
    subject and its sibling is not. So do the row groups of one table ("Composite response (Trial 1)",
    "… (Trial 2)"): ``captions`` may be whole table passages, caption first."""
    texts = [c for c in captions if c]
    found: list[NumberedName] = []
    for match in _WORD_RE.finditer(question):
        word = match.group(0)
        apart = NAME_NUMBER_RE.match(question, match.end())
        if apart is None or len(word) < 3 or not word.isalpha() or is_name(word):
            continue
        name = NumberedName(word, str(int(apart.group(1))))
        if any(name.says(text) in (1.0, -1.0) for text in texts):
            found.append(name)
    return found


def unnamed_trials(
    question: str, names: list[frozenset[str]], contexts: list[str], mentioned: set[str], known: frozenset[str]
) -> list[frozenset[str]]:
    """The trials the question names (``names``: their terms) that the answer's sentences do not.

    A sentence names a trial in its own words, its table caption, section or document
    title (``contexts``, ``mentioned``); a numbered one only with its number: "SUSTAIN 6"
    is no answer on SUSTAIN 7. Only names the documents use as trial names (``known``) count.
    """
    unnamed = [n for n in names if not n & mentioned]
    numbered = [n for n in numbered_names(question) if set(content_terms(n.name)) & known]
    if numbered and not any(says_names(numbered, text) == 1.0 for text in contexts):
        unnamed.append(frozenset(content_terms(numbered[0].name)))
    return unnamed
