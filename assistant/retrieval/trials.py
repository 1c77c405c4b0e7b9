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

from assistant.retrieval.text import content_terms
from assistant.types import Chunk

_WORD_RE = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![\w-])")
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
