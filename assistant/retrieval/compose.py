"""Extractive answers: the sentences of the retrieved passages that answer the question.

This is the offline default and the fallback of the generative path. It never
writes a word that is not in an approved passage: it picks sentences, orders
them, and cites each with ``[n]``. A sentence is scored by

* query-term overlap (stemmed, stopwords and product names removed, IDF-weighted
  over the candidates), read under its section title and table caption;
* the strength of its passage: the retriever's calibrated relevance and rank;
* whether its section is the one the question asks about (the retriever's
  section intent), and, for label questions (dosing, safety, interactions,
  populations), whether it comes from the label;
* its position: a label subsection states its answer first.

Scoring is lexical on purpose. Embedding candidate sentences with MiniLM at
query time cost ~150 ms CPU per answer (three quarters of it) and, measured on
the golden set, picked no better sentences than the passage's own dense score
used as a prior (``evals/bench/bench_answer_latency.py``).

The answer is built around its best sentence: further sentences of that
passage follow in document order while they stay relevant; another passage
contributes only when it is nearly as relevant and mentions something asked
that the answer does not yet cover. So the answer stops once the question is
answered instead of padding the word budget.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from assistant.retrieval.citations import CitationNumbering
from assistant.retrieval.readable import CAPTION_RE, MIN_WORDS, clean_sentence, is_readable_sentence, is_table_row
from assistant.retrieval.scope import QUESTION_WORDS, asks_about_use, is_indications_section
from assistant.retrieval.sections import detect_intents
from assistant.retrieval.text import content_terms, numbers, split_sentences, word_count
from assistant.types import Citation, ScoredChunk

W_LEXICAL, W_PASSAGE, W_RANK, W_SECTION, W_LABEL, W_LEAD = 0.4, 0.25, 0.1, 0.2, 0.1, 0.08
TABLE_ROW_PENALTY = 0.08
"""A "Key: value; Key: value" row answers, but reads worse than the same fact in prose."""
MAX_SENTENCES = 4
SAME_PASSAGE_CUTOFF, ADDING_CUTOFF = 0.8, 0.6
"""Fractions of the best sentence's score a further sentence of the best passage needs: the
first when it only continues the answer, the second when it mentions something asked that
the answer does not cover yet."""
OTHER_PASSAGE_CUTOFF = 0.8
"""Another passage contributes only sentences this close to the best that add something asked."""
HEADING_SHARE = 0.5
"""A question word found only in the sentence's heading counts this much: the heading is shared by
every sentence of the section, the sentence's own words tell them apart."""
MIN_LEXICAL = 0.25
"""A sentence supports an answer with this much term overlap, or by being in the asked section."""
DUPLICATE_JACCARD = 0.6
LABEL_INTENTS = frozenset(
    {
        "dosing",
        "contraindications",
        "adverse_reactions",
        "interactions",
        "specific_populations",
        "boxed_warning",
        "warnings",
        "overdose",
        "storage",
        "mechanism",
        "pharmacokinetics",
        "indications",
    }
)
"""Question kinds the approved label answers with authority; decks and papers only restate it.
Only efficacy questions are left out: trial publications report more than the label's summary."""
_QUESTION_STEMS = frozenset(content_terms(" ".join(QUESTION_WORDS)))


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
    heading: frozenset[str] = frozenset()
    """Terms of the section path and table caption the sentence is read under."""
    title: frozenset[str] = frozenset()
    """Terms of a publication's title: it names the trial its sentences report."""
    table_row: bool = False
    continues_section: bool = False
    """The passage continues a section an earlier retrieved passage starts: its first sentence leads nothing."""
    lexical: float = 0.0
    section: float = 0.0
    label: float = 0.0

    @property
    def score(self) -> float:
        passage = W_PASSAGE * self.hit.score + W_RANK / (1.0 + self.rank)
        lead = 0.0 if self.continues_section else W_LEAD / (1.0 + self.position)
        penalty = TABLE_ROW_PENALTY if self.table_row else 0.0
        evidence = W_LEXICAL * self.lexical + W_SECTION * self.section
        return evidence + passage + W_LABEL * self.label + lead - penalty

    @property
    def supports_answer(self) -> bool:
        return self.lexical >= MIN_LEXICAL or self.section >= 1.0

    @property
    def mentioned(self) -> frozenset[str]:
        """Terms a reader takes from this sentence: its own and its heading's."""
        return self.terms | self.heading | self.title


@dataclass
class ComposedAnswer:
    """The cited answer text, its citations and the sentences chosen (in answer order)."""

    text: str
    citations: list[Citation]
    sentences: list[Candidate] = field(default_factory=list)

    @property
    def mentioned(self) -> set[str]:
        """Every term the answer's sentences (with their headings) mention."""
        return {t for c in self.sentences for t in c.mentioned}


def _section_title(chunk_section: str | None) -> str:
    return (chunk_section or "").split(" > ")[-1].strip()


def _short_answer(passage: str, section: str, question_terms: set[str]) -> str | None:
    """A terse passage ("None.") answers when its section is what was asked: "Contraindications: None."."""
    text = passage.strip()
    terse = len(text.split()) < MIN_WORDS and text.endswith(".") and not re.search(r"\d", text)
    if not section or not terse or not (set(content_terms(section)) & question_terms):
        return None
    return f"{section}: {text}"


def _passage_sentences(hit: ScoredChunk) -> tuple[list[tuple[int, str, bool]], frozenset[str]]:
    """Readable ``(position, sentence, is_row)`` of a passage, and its heading terms.

    Table passages are read row by row, and their caption ("Table 1. Recommended
    Dose Escalation") heads every row as a section title heads its sentences.
    """
    chunk = hit.chunk
    section = chunk.section or ""
    title = _section_title(section).casefold()
    on_slide = chunk.slide is not None and chunk.slide > 1  # bullets count as sentences on content slides
    lines = chunk.kind == "table" or on_slide
    heading = [section]
    text = chunk.text
    first_line, _, rest = text.partition("\n")
    if chunk.kind == "table" and CAPTION_RE.match(first_line):
        heading.append(first_line)  # "Table 1. Recommended Dose Escalation of OZEMPIC" heads every row
        text = rest
    out: list[tuple[int, str, bool]] = []
    for position, raw in enumerate(split_sentences(text, lines_are_items=lines)):
        sentence = clean_sentence(raw)
        if sentence.rstrip(".").casefold() == title:
            continue  # the slide or section title repeated in the text
        if is_readable_sentence(sentence, bullet=on_slide, row=True):
            out.append((position, sentence, is_table_row(sentence)))
    return out, frozenset(content_terms(" ".join(heading)))


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
        sentences, heading = _passage_sentences(hit)
        title = _publication_title_terms(hit)
        continues = _continues_section(hit, hits)
        for position, sentence, row in sentences:
            terms = frozenset(content_terms(sentence))
            if title and terms <= title:
                continue  # the publication's title, repeated as a heading or reference entry
            out.append(Candidate(sentence, hit, rank, position, terms, heading, title, row, continues))
    return out


def _publication_title_terms(hit: ScoredChunk) -> frozenset[str]:
    """Terms of a publication's title: the catalogue title, and the article title opening its first page."""
    chunk = hit.chunk
    if chunk.meta.doc_type != "publication":
        return frozenset()
    opening = chunk.text.split("\n", 1)[0].split(" - ", 1)[0] if chunk.ordinal == 0 else ""
    return frozenset(content_terms(f"{chunk.meta.title} {opening}"))


def _continues_section(hit: ScoredChunk, hits: Sequence[ScoredChunk]) -> bool:
    """True when another retrieved passage of the same document section comes before this one."""
    chunk = hit.chunk
    return any(
        h.chunk.doc_id == chunk.doc_id and h.chunk.section == chunk.section and h.chunk.ordinal < chunk.ordinal
        for h in hits
    )


def product_names(hits: Sequence[ScoredChunk]) -> set[str]:
    """Generic components and brands of the retrieved products ("sacubitril", "valsartan", "entresto")."""
    names: set[str] = set()
    for h in hits:
        meta = h.chunk.meta
        names.update(p.strip().lower() for p in (meta.product or "").split("/") if p.strip())
        if meta.brand:
            names.add(meta.brand.lower())
    return names


def product_terms(hits: Sequence[ScoredChunk]) -> set[str]:
    """Terms naming the products themselves: every candidate shares them, so they rank nothing."""
    return {t for name in product_names(hits) for t in content_terms(name)}


def _score(question: str, question_terms: set[str], candidates: list[Candidate]) -> None:
    df = Counter(t for c in candidates for t in c.mentioned)
    n = len(candidates)
    # Terms no candidate mentions rank nothing; whether their absence leaves the question
    # unanswered is the chain's key-term check (assistant.retrieval.scope), not the ranking's.
    idf = {t: math.log(1.0 + n / (1.0 + df[t])) for t in question_terms if df[t]}
    total = sum(idf.values()) or 1.0
    label_question = bool({i.name for i in detect_intents(question)} & LABEL_INTENTS)
    use_question = asks_about_use(question)
    for c in candidates:
        # A sentence is read under its heading: "Do not use …" answers a contraindications question.
        # Words in the sentence itself count fully; words only its heading or title has count half.
        own = sum(idf.get(t, 0.0) for t in question_terms & c.terms)
        read_under = sum(idf.get(t, 0.0) for t in (question_terms & (c.heading | c.title)) - c.terms)
        c.lexical = (own + HEADING_SHARE * read_under) / total
        # The section evidence is the retriever's intent match (is this the kind of section asked?);
        # heading words that name the condition or trial already count in the lexical score.
        c.section = c.hit.scores.get("section", 0.0)
        if use_question and is_indications_section(c.hit.chunk.section):
            c.section = 1.0  # "can X be used for Y?" is answered first by what X is approved for
        in_asked_section = c.hit.scores.get("section", 0.0) >= 1.0
        c.label = 1.0 if label_question and in_asked_section and c.hit.chunk.meta.doc_type == "label" else 0.0


def _one_product(scored: list[Candidate]) -> list[Candidate]:
    """Without a product named, answer about the product of the best sentence only (never mix products)."""
    supported = [c for c in scored if c.supports_answer]
    if not supported:
        return scored
    product = max(supported, key=lambda c: c.score).hit.chunk.meta.product
    return [c for c in scored if c.hit.chunk.meta.product == product]


def _is_duplicate(candidate: Candidate, chosen: Sequence[Candidate]) -> bool:
    """Same words and the same figures: "increase to 1 mg" and "increase to 2 mg" are both kept."""
    for other in chosen:
        if numbers(candidate.text) != numbers(other.text):
            continue
        union = candidate.terms | other.terms
        if union and len(candidate.terms & other.terms) / len(union) >= DUPLICATE_JACCARD:
            return True
    return False


def _select(scored: list[Candidate], question_terms: set[str], max_words: int) -> list[Candidate]:
    """The best sentence, its passage's relevant sentences, and other passages' only when they add."""
    ranked = sorted((c for c in scored if c.supports_answer), key=lambda c: c.score, reverse=True)
    if not ranked:
        return []
    best = ranked[0]
    chosen = [best]
    covered = set(best.mentioned & question_terms)
    words = word_count(best.text)
    lead = _passage_lead(best, ranked)
    if lead is not None and words + word_count(lead.text) <= max_words:
        chosen.append(lead)  # a label subsection states its main point first: "Start with 0.25 mg …"
        words += word_count(lead.text)
    for c in ranked[1:]:
        if c in chosen:
            continue
        if len(chosen) >= MAX_SENTENCES:
            break
        same_passage = c.hit.chunk.chunk_id == best.hit.chunk.chunk_id
        adds = bool((c.mentioned & question_terms) - covered)
        if same_passage:
            cutoff = ADDING_CUTOFF if adds else SAME_PASSAGE_CUTOFF
        elif adds:
            cutoff = OTHER_PASSAGE_CUTOFF
        else:
            continue
        if c.score < best.score * cutoff:
            continue
        length = word_count(c.text)
        if words + length > max_words or _is_duplicate(c, chosen):
            continue
        chosen.append(c)
        covered |= c.mentioned & question_terms
        words += length
    return chosen


def _passage_lead(best: Candidate, ranked: list[Candidate]) -> Candidate | None:
    """The first sentence of the best sentence's passage, when that passage is in the asked section."""
    if best.position == 0 or best.continues_section or best.hit.scores.get("section", 0.0) < 1.0:
        return None
    same = [c for c in ranked if c.hit.chunk.chunk_id == best.hit.chunk.chunk_id and c is not best]
    lead = min(same, key=lambda c: c.position, default=None)
    return lead if lead is not None and lead.position < best.position else None


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
    embedder: SentenceEmbedder | None = None,
    *,
    max_words: int = 120,
    products: Sequence[str] | None = None,
) -> ComposedAnswer | None:
    """A short cited answer from ``hits``, or None when no sentence supports one.

    ``embedder`` is accepted for callers written against the earlier composer that
    embedded sentences; scoring no longer uses it (see the module docstring).
    """
    del embedder
    question_terms = set(content_terms(question))
    topical = (question_terms - product_terms(hits) - _QUESTION_STEMS) or question_terms
    candidates = _candidates(hits, products, topical)
    if not candidates:
        return None
    _score(question, topical, candidates)
    pool = _one_product(candidates) if not products else candidates
    chosen = _answer_order(_select(pool, topical, max_words))
    if not chosen:
        return None
    numbering = CitationNumbering()
    parts = []
    for c in chosen:
        n = numbering.cite(c.hit.chunk, c.text)
        parts.append(cite_sentence(_truncate(c.text, max_words), [n]))
    return ComposedAnswer(" ".join(parts), numbering.citations(), chosen)
