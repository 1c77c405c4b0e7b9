"""Extractive answers: the sentences of the retrieved passages that answer the question.

This is the offline default and the fallback of the generative path. It never
writes a word that is not in an approved passage: it picks sentences, orders
them, and cites each with ``[n]``. Sentences are scored by

* query-term overlap (stemmed, stopwords removed, IDF-weighted over the candidates),
* embedding similarity to the question (one batch through the shared embedder),
* the rank of their passage in retrieval, and
* whether the passage's section title matches the question.

Only the lexically most promising sentences are embedded, which keeps the whole
answer within the latency budget (see ``evals/bench/bench_answer_latency.py``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from assistant.retrieval.citations import CitationNumbering
from assistant.retrieval.text import STOPWORDS, content_terms, split_sentences, tokens, word_count
from assistant.types import Citation, ScoredChunk

# Weights of the sentence score; semantic similarity leads, terms keep it on topic.
W_SEMANTIC, W_LEXICAL, W_RANK, W_SECTION = 0.45, 0.25, 0.1, 0.2
MAX_EMBEDDED = 10
"""Sentences embedded per question; the rest are too far from the question lexically."""
EMBED_WORDS = 32
"""Sentences are embedded by their first words: attention cost grows with the square of length."""
VECTOR_CACHE_SIZE = 4096
MAX_SENTENCES = 6
RELATIVE_CUTOFF = 0.75
"""A sentence scoring below this fraction of the best one adds noise, not an answer."""
MIN_LEXICAL, MIN_SEMANTIC = 0.25, 0.6
MIN_SECTION_SEMANTIC = 0.35
"""A sentence supports an answer with this much term overlap, or this much similarity
(less when its section is the one the question asks about)."""
DUPLICATE_JACCARD, DUPLICATE_COSINE = 0.6, 0.9
MIN_WORDS, MAX_SENTENCE_WORDS = 4, 60
MAX_NUMERIC_SHARE = 0.3
"""More words with digits than this is a table row, not a sentence."""
_TABLE_CELL_RE = re.compile(r"(?:^|;)\s*[A-Z][^;:]{0,60}:\s")
_GLUED_HEADING_RE = re.compile(
    r"^((?:[A-Z][\w/()-]*)(?:\s[\w/()-]+){0,4}?)\s(?=(?:The|A|An|In|At|After|Among|Of|Overall|Patients|"
    r"This|These|There|Median|Both|No|Treatment|Compared|Most|All|Over|During)\s)"
)
# Disclaimers, and sentences about the document rather than the medicine ("speaker notes are approved").
_DISCLAIMER_RE = re.compile(
    r"demo content|not approved labeling|for software evaluation|speaker notes|training (?:deck|module)"
    r"|medical-legal",
    re.IGNORECASE,
)
_REFERENCE_RE = re.compile(r"\bet al\b|\bdoi\b|https?://", re.IGNORECASE)


class SentenceEmbedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass
class Candidate:
    """One sentence of one retrieved passage, with the evidence behind its score."""

    text: str
    hit: ScoredChunk
    rank: int
    position: int
    terms: frozenset[str]
    lexical: float = 0.0
    semantic: float = 0.0
    section: float = 0.0
    vector: np.ndarray | None = None

    @property
    def score(self) -> float:
        rank_prior = 1.0 / (1.0 + self.rank)
        return W_SEMANTIC * self.semantic + W_LEXICAL * self.lexical + W_RANK * rank_prior + W_SECTION * self.section

    @property
    def supports_answer(self) -> bool:
        in_asked_section = self.section >= 1.0 and self.semantic >= MIN_SECTION_SEMANTIC
        return self.lexical >= MIN_LEXICAL or self.semantic >= MIN_SEMANTIC or in_asked_section


@dataclass
class ComposedAnswer:
    """The cited answer text, its citations and the sentences chosen (in answer order)."""

    text: str
    citations: list[Citation]
    sentences: list[Candidate] = field(default_factory=list)

    @property
    def best_similarity(self) -> float:
        return max((c.semantic for c in self.sentences), default=0.0)


def is_readable_sentence(sentence: str, *, bullet: bool = False) -> bool:
    """False for headings, table fragments, disclaimers, references and fragments.

    Only a slide ``bullet`` may lack a full stop; elsewhere an unpunctuated line is a title.
    """
    words = sentence.split()
    if not MIN_WORDS <= len(words) <= MAX_SENTENCE_WORDS:
        return False  # a heading or label, or a table flattened into one "sentence"
    if sentence.endswith(":") or _DISCLAIMER_RE.search(sentence) or _REFERENCE_RE.search(sentence):
        return False
    if "|" in sentence or "\t" in sentence or sentence[:1].islower():
        return False  # page footers, table cells, text starting mid-sentence
    terminal = sentence.rstrip("\"')").endswith((".", "!", "?"))
    if not terminal and (not bullet or len(words) <= 5):
        return False  # a slide, section or publication title
    if len(_TABLE_CELL_RE.findall(sentence)) >= 2:
        return False  # "Endpoint: MACE; Rate: 0.98; HR: 1.33" is a flattened table row
    alphabetic = sum(1 for w in words if re.search(r"[A-Za-z]{2,}", w))
    numeric = sum(1 for w in words if re.search(r"\d", w))
    return alphabetic / len(words) >= 0.6 and numeric / len(words) <= MAX_NUMERIC_SHARE


def clean_sentence(sentence: str) -> str:
    """Drop a sub-heading PDF extraction glued to the sentence ("Subgroups The benefit …")."""
    match = _GLUED_HEADING_RE.match(sentence)
    if match and not (set(tokens(match.group(1))) & STOPWORDS):
        return sentence[match.end(1) :].lstrip()
    return sentence


def _section_title(chunk_section: str | None) -> str:
    return (chunk_section or "").split(" > ")[-1].strip()


def _short_answer(passage: str, section: str, question_terms: set[str]) -> str | None:
    """A terse passage ("None.") answers when its section is what was asked: "Contraindications: None."."""
    text = passage.strip()
    terse = len(text.split()) < MIN_WORDS and text.endswith(".") and not re.search(r"\d", text)
    if not section or not terse or not (set(content_terms(section)) & question_terms):
        return None
    return f"{section}: {text}"


def _candidates(
    hits: Sequence[ScoredChunk], products: Sequence[str] | None, question_terms: set[str]
) -> list[Candidate]:
    wanted = {p.lower() for p in products} if products else None
    out: list[Candidate] = []
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        if not chunk.answerable:
            continue
        if wanted is not None and (chunk.meta.product or "").lower() not in wanted:
            continue
        short = _short_answer(chunk.text, _section_title(chunk.section), question_terms)
        if short:
            out.append(Candidate(short, hit, rank, 0, frozenset(content_terms(short))))
            continue
        # Bullets count as sentences on content slides; the title slide only holds titles and subtitles.
        on_slide = chunk.slide is not None and chunk.slide > 1
        title = _section_title(chunk.section).casefold()
        for position, raw in enumerate(split_sentences(chunk.text, lines_are_items=on_slide)):
            sentence = clean_sentence(raw)
            if sentence.rstrip(".").casefold() == title:
                continue  # the slide or section title repeated in the text
            if is_readable_sentence(sentence, bullet=on_slide):
                out.append(Candidate(sentence, hit, rank, position, frozenset(content_terms(sentence))))
    return out


def _product_names(hits: Sequence[ScoredChunk]) -> set[str]:
    """Generic components and brands of the retrieved products ("sacubitril", "valsartan", "entresto")."""
    names: set[str] = set()
    for h in hits:
        meta = h.chunk.meta
        names.update(p.strip().lower() for p in (meta.product or "").split("/") if p.strip())
        if meta.brand:
            names.add(meta.brand.lower())
    return names


def _product_terms(hits: Sequence[ScoredChunk]) -> set[str]:
    """Terms naming the products themselves: every candidate shares them, so they rank nothing."""
    return {t for name in _product_names(hits) for t in content_terms(name)}


def _masker(names: set[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def _score_lexical(question_terms: set[str], candidates: list[Candidate]) -> None:
    df = Counter(t for c in candidates for t in c.terms)
    n = len(candidates)
    idf = {t: math.log(1.0 + n / (1.0 + df.get(t, 0))) for t in question_terms}
    total = sum(idf.values()) or 1.0
    for c in candidates:
        # A sentence is read under its heading: "Do not use …" answers a contraindications question.
        in_context = c.terms | set(content_terms(_section_title(c.hit.chunk.section)))
        c.lexical = sum(idf[t] for t in question_terms & in_context) / total
        section_terms = set(content_terms(c.hit.chunk.section or ""))
        title_overlap = len(question_terms & section_terms) / max(1, len(question_terms))
        c.section = max(title_overlap, c.hit.scores.get("section", 0.0))


def _score_semantic(
    question: str, candidates: list[Candidate], embedder: SentenceEmbedder, mask: re.Pattern[str] | None
) -> list[Candidate]:
    """Embed the question and the most promising sentences in one batch; return those scored.

    Product names are masked on both sides: every sentence of a product's documents
    names it, and MiniLM would otherwise rate "Scope: osimertinib only" close to
    any osimertinib question.
    """
    shortlist = sorted(candidates, key=_shortlist_key, reverse=True)[:MAX_EMBEDDED]
    if not shortlist:
        return []
    texts = [question, *(c.text for c in shortlist)]
    if mask is not None:
        texts = [mask.sub("the medicine", t) for t in texts]
    vectors = _embed_cached(embedder, [" ".join(t.split()[:EMBED_WORDS]) for t in texts])
    for c, vector in zip(shortlist, vectors[1:], strict=True):
        c.vector = vector
        c.semantic = float(np.dot(vectors[0], vector))
    return shortlist


_VECTOR_CACHE: OrderedDict[tuple[int, str], np.ndarray] = OrderedDict()


def _embed_cached(embedder: SentenceEmbedder, texts: list[str]) -> np.ndarray:
    """Embed only texts not seen recently: the same top passages recur across a session's questions."""
    keys = [(id(embedder), t) for t in texts]
    missing = list(dict.fromkeys(t for k, t in zip(keys, texts, strict=True) if k not in _VECTOR_CACHE))
    if missing:
        for text, vector in zip(missing, embedder.embed(missing), strict=True):
            _VECTOR_CACHE[(id(embedder), text)] = vector
    for key in keys:
        _VECTOR_CACHE.move_to_end(key)
    while len(_VECTOR_CACHE) > VECTOR_CACHE_SIZE:
        _VECTOR_CACHE.popitem(last=False)
    return np.stack([_VECTOR_CACHE[k] for k in keys])


def _shortlist_key(c: Candidate) -> float:
    return c.lexical + 0.3 * c.section + 0.1 / (1 + c.rank)


def _one_product(scored: list[Candidate]) -> list[Candidate]:
    """Without a product named, answer about the product of the best sentence only (never mix products)."""
    supported = [c for c in scored if c.supports_answer]
    if not supported:
        return scored
    product = max(supported, key=lambda c: c.score).hit.chunk.meta.product
    return [c for c in scored if c.hit.chunk.meta.product == product]


def _is_duplicate(candidate: Candidate, chosen: Sequence[Candidate]) -> bool:
    for other in chosen:
        union = candidate.terms | other.terms
        if union and len(candidate.terms & other.terms) / len(union) >= DUPLICATE_JACCARD:
            return True
        a, b = candidate.vector, other.vector
        if a is not None and b is not None and float(np.dot(a, b)) >= DUPLICATE_COSINE:
            return True
    return False


def _select(scored: list[Candidate], max_words: int) -> list[Candidate]:
    ranked = sorted((c for c in scored if c.supports_answer), key=lambda c: c.score, reverse=True)
    if not ranked:
        return []
    floor = ranked[0].score * RELATIVE_CUTOFF
    chosen: list[Candidate] = []
    words = 0
    for c in ranked:
        if c.score < floor or len(chosen) >= MAX_SENTENCES:
            break
        length = word_count(c.text)
        if chosen and words + length > max_words:
            continue
        if _is_duplicate(c, chosen):
            continue
        chosen.append(c)
        words += length
    return chosen


def _answer_order(chosen: list[Candidate]) -> list[Candidate]:
    """Passages in order of their best sentence; sentences of one passage in document order."""
    passage_order: dict[str, int] = {}
    for i, c in enumerate(chosen):
        passage_order.setdefault(c.hit.chunk.chunk_id, i)
    return sorted(chosen, key=lambda c: (passage_order[c.hit.chunk.chunk_id], c.position))


def cite_sentence(sentence: str, numbers: Sequence[int]) -> str:
    """Place the markers before the closing punctuation: "… 0.5 mg once weekly [1]."."""
    markers = "".join(f"[{n}]" for n in numbers)
    stripped = sentence.rstrip()
    if stripped.endswith((".", "!", "?")):
        return f"{stripped[:-1].rstrip()} {markers}{stripped[-1]}"
    return f"{stripped} {markers}."


def _truncate(sentence: str, max_words: int) -> str:
    """A single sentence longer than the whole budget is cut at a word boundary."""
    words = sentence.split()
    return sentence if len(words) <= max_words else " ".join(words[:max_words]).rstrip(",;") + " …"


def compose_answer(
    question: str,
    hits: Sequence[ScoredChunk],
    embedder: SentenceEmbedder,
    *,
    max_words: int = 120,
    products: Sequence[str] | None = None,
) -> ComposedAnswer | None:
    """A short cited answer from ``hits``, or None when no sentence supports one."""
    question_terms = set(content_terms(question))
    topical = (question_terms - _product_terms(hits)) or question_terms
    candidates = _candidates(hits, products, topical)
    if not candidates:
        return None
    _score_lexical(topical, candidates)
    scored = _score_semantic(question, candidates, embedder, _masker(_product_names(hits)))
    chosen = _answer_order(_select(_one_product(scored) if not products else scored, max_words))
    if not chosen:
        return None
    numbering = CitationNumbering()
    parts = []
    for c in chosen:
        n = numbering.cite(c.hit.chunk, c.text)
        parts.append(cite_sentence(_truncate(c.text, max_words), [n]))
    return ComposedAnswer(" ".join(parts), numbering.citations(), chosen)
