"""Answer candidates: the readable sentences of retrieved passages, with what they mention.

Split from :mod:`assistant.retrieval.compose` (which scores and selects them): a
candidate knows its passage, its position there, its own content terms and the
terms of the heading and publication title it is read under, whether it is a
table row or a negated statement, and the scores the composer gives it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.retrieval.label_lists import intro_lines, under_heading
from assistant.retrieval.readable import CAPTION_RE, MIN_WORDS, clean_sentence, is_readable_sentence, is_table_row
from assistant.retrieval.text import content_terms, split_sentences, strip_bullet
from assistant.types import Chunk, ScoredChunk

W_LEXICAL, W_PASSAGE, W_RANK, W_SECTION, W_LABEL, W_LEAD = 0.4, 0.25, 0.1, 0.2, 0.1, 0.08
TABLE_ROW_PENALTY = 0.08
"""A "Key: value; Key: value" row answers, but reads worse than the same fact in prose."""
NEGATION_PENALTY = 0.05
"""What a drug does *not* do (bind, cause, need) rarely answers what was asked; it may follow, not lead."""
MIN_LEXICAL = 0.25
"""A sentence supports an answer with this much term overlap, or by being in the asked section."""
_BULLET_LINE_RE = re.compile(r"^\s*[-•▪*]\s+")
_NEGATED_RE = re.compile(r"\b(?:not|no|never|neither|nor|cannot|without|unknown|none)\b|n't\b", re.IGNORECASE)


def is_negated(sentence: str) -> bool:
    """True for a statement of absence ("does not bind α4β1", "no dose adjustment")."""
    return bool(_NEGATED_RE.search(sentence))


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
    negated: bool = False
    item: bool = False
    """The sentence is an item of a bulleted list: its sibling items answer with it."""
    bonus: float = 0.0
    """Evidence specific to the kind of question (a dose amount for a dosing question)."""
    caption: frozenset[str] = frozenset()
    """Terms of the table caption ("Table 1. Dosing Schedule"): a row states what its caption names."""
    intro: bool = False
    """The sentence introduces a list ("… contraindicated in women with any of the following:"): it is
    quoted with the items chosen, never alone."""

    @property
    def score(self) -> float:
        passage = W_PASSAGE * self.hit.score + W_RANK / (1.0 + self.rank)
        lead = 0.0 if self.continues_section else W_LEAD / (1.0 + self.position)
        penalty = (TABLE_ROW_PENALTY if self.table_row else 0.0) + (NEGATION_PENALTY if self.negated else 0.0)
        evidence = W_LEXICAL * self.lexical + W_SECTION * self.section
        return evidence + passage + W_LABEL * self.label + lead + self.bonus - penalty

    @property
    def supports_answer(self) -> bool:
        return not self.intro and (self.lexical >= MIN_LEXICAL or self.section >= 1.0)

    @property
    def mentioned(self) -> frozenset[str]:
        """Terms a reader takes from this sentence: its own and its heading's."""
        return self.terms | self.heading | self.title


def section_title(chunk_section: str | None) -> str:
    return (chunk_section or "").split(" > ")[-1].strip()


def _short_answer(passage: str, section: str, question_terms: set[str], asked: bool = False) -> str | None:
    """A terse passage ("None.") answers when its section is what was asked: "Contraindications: None.".

    The section is what was asked when the question names it or the retriever matched its kind
    (``asked``: "are there any contraindications?" names nothing but the section's kind).
    """
    text = passage.strip()
    terse = len(text.split()) < MIN_WORDS and text.endswith(".") and not re.search(r"\d", text)
    if not section or not terse or not (asked or set(content_terms(section)) & question_terms):
        return None
    return f"{section}: {text}"


def _readable_text(chunk: Chunk) -> str:
    """The passage as a reader takes it: a structured label's list fragments read under their heading."""
    if chunk.meta.doc_type != "label" or chunk.section_code is None or chunk.kind == "table":
        return chunk.text
    return under_heading(chunk.text, section_title(chunk.section))


def _passage_sentences(hit: ScoredChunk) -> tuple[list[tuple[int, str, bool, bool]], frozenset[str], frozenset[str]]:
    """Readable ``(position, sentence, is_row, is_intro)`` of a passage, its heading and its caption terms.

    Table passages are read row by row, and their caption ("Table 1. Recommended
    Dose Escalation") heads every row as a section title heads its sentences.
    """
    chunk = hit.chunk
    section = chunk.section or ""
    title = section_title(section).casefold()
    on_slide = chunk.slide is not None and chunk.slide > 1  # bullets count as sentences on content slides
    lines = chunk.kind == "table" or on_slide
    heading = [section]
    caption = ""
    text = _readable_text(chunk)
    first_line, _, rest = text.partition("\n")
    if chunk.kind == "table" and CAPTION_RE.match(first_line):
        caption = first_line  # "Table 1. Recommended Dose Escalation of OZEMPIC" heads every row
        heading.append(caption)
        text = rest
    items = _list_items(text) if chunk.meta.doc_type == "label" else set()
    intros = intro_lines(text) if chunk.meta.doc_type == "label" else set()
    out: list[tuple[int, str, bool, bool]] = []
    for position, raw in enumerate(split_sentences(text, lines_are_items=lines)):
        sentence = clean_sentence(raw)
        if sentence.rstrip(".").casefold() == title:
            continue  # the slide or section title repeated in the text
        if sentence.rstrip().endswith("?"):
            continue  # a leaflet's "What are the possible side effects of X?" heads an answer, it is none
        if sentence in intros and is_readable_sentence(sentence[:-1] + "."):
            out.append((position, sentence, False, True))
        elif is_readable_sentence(sentence, bullet=on_slide, row=True) or _short_item(sentence, items, on_slide):
            out.append((position, sentence, is_table_row(sentence), False))
    return out, frozenset(content_terms(" ".join(heading))), frozenset(content_terms(caption))


def _list_items(text: str) -> set[str]:
    """The bulleted lines of a label passage ("- Platelet count."), without their markers."""
    return {strip_bullet(line) for line in text.splitlines() if _BULLET_LINE_RE.match(line)}


MAX_ITEM_WORDS = 30
"""A bulleted item this short is one item even when it has two sentences ("may be given every 4 hours.
Do not give more than 6 doses in 24 hours."): its sentences come and go together."""


def _in_item(sentence: str, items: set[str]) -> bool:
    """The sentence is a bulleted item, or a sentence of a short one."""
    return sentence in items or any(len(i.split()) <= MAX_ITEM_WORDS and sentence in i for i in items)


def _short_item(sentence: str, items: set[str], on_slide: bool) -> bool:
    """A short item of a label list ("Pregnancy.", "Platelet count.") is an answer, not a heading."""
    words = sentence.split()
    return (
        not on_slide
        and sentence in items
        and 1 <= len(words) < MIN_WORDS
        and sentence.endswith(".")
        and sentence[:1].isupper()
        and all(re.search(r"[A-Za-z]", w) for w in words)
    )


def candidates(
    hits: Sequence[ScoredChunk], products: Sequence[str] | None, question_terms: set[str]
) -> list[Candidate]:
    wanted = {p.lower() for p in products} if products else None
    out: list[Candidate] = []
    # A section split over several passages ranks as its best passage: its opening then leads.
    section_rank: dict[tuple[str, str | None], int] = {}
    for i, hit in enumerate(hits):
        section_rank.setdefault((hit.chunk.doc_id, hit.chunk.section), i)
    for hit in hits:
        chunk = hit.chunk
        rank = section_rank[(chunk.doc_id, chunk.section)]
        if not chunk.answerable:
            continue
        if wanted is not None and (chunk.meta.product or "").lower() not in wanted:
            continue
        asked = hit.scores.get("section", 0.0) >= 1.0
        short = _short_answer(chunk.text, section_title(chunk.section), question_terms, asked)
        if short:
            out.append(Candidate(short, hit, rank, 0, frozenset(content_terms(short)), negated=is_negated(short)))
            continue
        sentences, heading, caption = _passage_sentences(hit)
        bulleted = _list_items(_readable_text(chunk)) if chunk.meta.doc_type == "label" else set()
        title = _publication_title_terms(hit)
        continues = _continues_section(hit, hits)
        for position, sentence, row, intro in sentences:
            terms = frozenset(content_terms(sentence))
            if title and terms <= title:
                continue  # the publication's title, repeated as a heading or reference entry
            out.append(
                Candidate(
                    sentence,
                    hit,
                    rank,
                    position,
                    terms,
                    heading,
                    title,
                    row,
                    continues,
                    negated=is_negated(sentence),
                    item=_in_item(sentence, bulleted),
                    caption=caption if row else frozenset(),
                    intro=intro,
                )
            )
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
    """Terms naming the products themselves: every candidate shares them, so they rank nothing.

    A label's title names the product with its dosage form and route ("… tablets, for
    oral use", "… injection, for subcutaneous use"): "Does the tablet carry a boxed
    warning?" asks about the product, not about tablets.
    """
    names = {t for name in product_names(hits) for t in content_terms(name)}
    titles = {h.chunk.meta.title for h in hits if h.chunk.meta.doc_type == "label"}
    return names | {t for title in titles for t in content_terms(title)}
