"""A relevance score in [0, 1] that means the same thing for every question.

Fused RRF scores only order one question's passages; the chain needs to know
whether the *best* passage is good enough to answer from at all. MiniLM cosine
alone does that well for ordinary wording, but under-rates questions whose key
words the small model does not know (trial acronyms: "What did PARADIGM-HF
show?" scores 0.21 against its own summary). So relevance blends the cosine
with *query coverage*: the IDF-weighted share of the question's terms that the
passage contains (terms are BM25's: stop-worded, stemmed). A term no stored
passage contains gets the highest IDF, so a question about a drug the library
lacks keeps low coverage even when its other words match. A clipped word no passage
writes ("hgb", "soln") is present where a word it clips is ("hemoglobin",
"solution"; see :mod:`assistant.retrieval.shorthand`), or shorthand alone would
read as an unknown drug.

Measured on the bundled corpus (``evals/bench/bench_corpus_retrieval.py``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from assistant.ingest.bm25 import tokenize
from assistant.retrieval.common_words import everyday_words
from assistant.retrieval.shorthand import clips
from assistant.types import Chunk

COSINE_WEIGHT = 0.6
COVERAGE_WEIGHT = 0.4


def indexed_text(chunk: Chunk) -> str:
    """The words a passage is findable by: its text plus title, product and section."""
    meta = chunk.meta
    return f"{meta.title} {meta.product or ''} {chunk.section or ''} {chunk.text}"


class TermStatistics:
    """Document frequencies of BM25 terms over the stored chunks (build once per store version)."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        texts = [indexed_text(c) for c in chunks]
        self.n = len(texts)
        self.df: Counter[str] = Counter()
        for terms in tokenize(texts) if texts else []:
            self.df.update(set(terms))
        self._clipped: dict[str, frozenset[str]] = {}

    def idf(self, term: str) -> float:
        """BM25's IDF; an unseen term gets the largest value (it is the most specific word asked)."""
        df = self.df.get(term, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def seen(self, text: str) -> bool:
        """Some stored passage contains one of the terms of ``text`` (stop words only: True)."""
        terms = tokenize([text])[0] if text.strip() else []
        return not terms or any(self.df.get(t, 0) > 0 for t in terms)

    def query_terms(self, query: str) -> dict[str, float]:
        """Distinct query terms with their IDF."""
        return {t: self.idf(t) for t in tokenize([query])[0]} if query.strip() else {}

    def clipped_from(self, term: str) -> frozenset[str]:
        """The stored terms an unseen clipped query term stands for ("hgb": hemoglobin), else none.

        Only a term of 3 to 5 letters that no passage contains and that is no everyday word is read so.
        """
        if term not in self._clipped:
            readable = term.isalpha() and 3 <= len(term) <= 5 and term not in everyday_words()
            unseen = self.df.get(term, 0) == 0
            found = {v for v in self.df if clips(term, v)} if readable and unseen else set()
            self._clipped[term] = frozenset(found)
        return self._clipped[term]

    def coverage(self, query_terms: dict[str, float], chunk: Chunk) -> float:
        """IDF-weighted fraction of the query's terms present in the passage, in [0, 1]."""
        total = sum(query_terms.values())
        if total <= 0:
            return 0.0
        present = set(tokenize([indexed_text(chunk)])[0])
        return sum(w for t, w in query_terms.items() if t in present or self.clipped_from(t) & present) / total


def blend(cosine: float, coverage: float) -> float:
    """The relevance reported as ``ScoredChunk.score``: clipped to [0, 1]."""
    value = COSINE_WEIGHT * cosine + COVERAGE_WEIGHT * coverage
    return min(1.0, max(0.0, value))
