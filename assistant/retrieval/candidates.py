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
from typing import NamedTuple, Protocol

import numpy as np

from assistant.retrieval.intents import FINER_POPULATIONS, detect_intents
from assistant.retrieval.label_lists import intro_lines, labelled_values, under_heading
from assistant.retrieval.quantities import bands, fit
from assistant.retrieval.readable import (
    CAPTION_RE,
    MIN_WORDS,
    clean_sentence,
    is_readable_sentence,
    is_table_row,
)
from assistant.retrieval.sections import titled_with_asked
from assistant.retrieval.table_rows import SENTENCE_BREAK_RE, row_label, table_lines, without_columns
from assistant.retrieval.text import content_terms, looks_like_heading, split_sentences, strip_bullet, word_count
from assistant.retrieval.trials import NumberedName, captioned_numbers, numbered_names, says_names
from assistant.types import Chunk, ScoredChunk

W_LEXICAL, W_PASSAGE, W_RANK, W_SECTION, W_LABEL, W_LEAD = 0.4, 0.25, 0.1, 0.2, 0.1, 0.08
W_FIT = 0.15
"""A sentence whose band of weight or age holds the asked one ("20 kg to less than 40 kg" for "a 25 kg
child") answers it; one whose band excludes it answers another patient (see :mod:`quantities`)."""
W_SUBJECT = 0.2
"""As much as being in the asked section (W_SECTION): the row reports on what was asked."""
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
    fit: float = 0.0
    """How the sentence's patient band fits the asked one: 1 holds it, -1 excludes it, 0 states none."""
    subject: float = 0.0
    """1 for a table row whose label (its first cell: the reaction, endpoint or population it reports
    on) names something asked: the row is about it, as a section is about its title; 1 or -1 for a
    sentence naming the numbered trial asked about ("SUSTAIN 7") or a sibling ("SUSTAIN 6")."""
    under: str = ""
    """The inline sub-heading the sentence is read under inside its passage ("Maintenance Treatment")."""
    line: int = -1
    """The line of a table passage it comes from (-1 outside tables): a cell's sentences go together."""
    aside: bool = False
    """Its subsection or sub-heading is about a situation or population the question does not ask."""
    intro: bool = False
    """The sentence introduces a list ("… contraindicated in women with any of the following:"): it is
    quoted with the items chosen, never alone."""

    @property
    def score(self) -> float:
        passage = W_PASSAGE * self.hit.score + W_RANK / (1.0 + self.rank)
        lead = 0.0 if self.continues_section else W_LEAD / (1.0 + self.position)
        penalty = (TABLE_ROW_PENALTY if self.table_row else 0.0) + (NEGATION_PENALTY if self.negated else 0.0)
        evidence = W_LEXICAL * self.lexical + W_SECTION * self.section
        fitting = W_FIT * self.fit + W_SUBJECT * self.subject
        return evidence + passage + W_LABEL * self.label + lead + self.bonus + fitting - penalty

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
    return under_heading(labelled_values(chunk.text), section_title(chunk.section))


class Line(NamedTuple):
    """One readable sentence or row of a passage, and the inline sub-heading it is read under."""

    position: int
    text: str
    row: bool
    intro: bool
    under: str = ""
    """The sub-heading lines just above it inside the passage ("Initial Treatment / Adults")."""
    line: int = -1
    """The table line it comes from: the sentences of one cell are quoted together."""


def _passage_sentences(hit: ScoredChunk) -> tuple[list[Line], frozenset[str], frozenset[str]]:
    """Readable sentences of a passage (see :class:`Line`), its heading and its caption terms.

    Table passages are read row by row, and their caption ("Table 1. Recommended
    Dose Escalation") heads every row as a section title heads its sentences. A
    label subsection often heads its paragraphs with short unpunctuated lines of its
    own ("Initial Treatment", "Adults", "Children"): a sentence is read under the
    run of such lines before it, as under its section title.
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
    if chunk.kind == "table" and (first_line == chunk.caption or CAPTION_RE.match(first_line)):
        caption = first_line  # "Table 1. Recommended Dose Escalation of OZEMPIC" heads every row
        heading.append(caption)
        text = rest
    heading_terms = frozenset(content_terms(" ".join(heading)))
    if chunk.kind == "table":
        rows = [Line(p, t, row, False, line=n) for p, t, row, n in table_lines(text, chunk.caption)]
        return rows, heading_terms, frozenset(content_terms(caption))
    items = _list_items(text) if chunk.meta.doc_type == "label" else set()
    intros = intro_lines(text) if chunk.meta.doc_type == "label" else set()
    out: list[Line] = []
    under: list[str] = []
    after_heading = False
    for position, raw in enumerate(split_sentences(text, lines_are_items=lines)):
        sentence = clean_sentence(raw)
        if not on_slide and looks_like_heading(sentence) and sentence.casefold() != title:
            under = [*under, sentence] if after_heading else [sentence]
            after_heading = True
            continue
        after_heading = False
        if sentence.rstrip(".").casefold() == title:
            continue  # the slide or section title repeated in the text
        if sentence.rstrip().endswith("?"):
            continue  # a leaflet's "What are the possible side effects of X?" heads an answer, it is none
        if sentence in intros and is_readable_sentence(sentence[:-1] + "."):
            out.append(Line(position, sentence, False, True, " / ".join(under)))
        elif is_readable_sentence(sentence, bullet=on_slide, row=True) or _short_item(sentence, items, on_slide):
            out.append(Line(position, sentence, is_table_row(sentence), False, " / ".join(under)))
    return out, heading_terms, frozenset(content_terms(caption))


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
    hits: Sequence[ScoredChunk], products: Sequence[str] | None, question_terms: set[str], question: str = ""
) -> list[Candidate]:
    """Every readable sentence of the answerable passages (of ``products`` when given).

    ``question`` supplies the patient band asked about ("under 40 kg"), which each
    sentence's own band is fitted against (``Candidate.fit``).
    """
    wanted = {p.lower() for p in products} if products else None
    asked = bands(question, unitless=True) if question else []
    names = numbered_names(question) if question else []
    # "trial 2" tells apart tables by caption ("Type 1 Diabetes") and a table's row groups ("… (Trial 2)")
    names += captioned_numbers(question, {h.chunk.text for h in hits if h.chunk.kind == "table"})
    populations = frozenset(i.name for i in detect_intents(question)) & FINER_POPULATIONS if question else frozenset()
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
        in_asked_section = hit.scores.get("section", 0.0) >= 1.0
        short = _short_answer(chunk.text, section_title(chunk.section), question_terms, in_asked_section)
        if short:
            out.append(Candidate(short, hit, rank, 0, frozenset(content_terms(short)), negated=is_negated(short)))
            continue
        sentences, heading, caption = _passage_sentences(hit)
        bulleted = _list_items(_readable_text(chunk)) if chunk.meta.doc_type == "label" else set()
        title = _publication_title_terms(hit)
        continues = _continues_section(hit, hits)
        about = titled_with_asked(chunk, question_terms, populations)
        for position, sentence, row, intro, under, line in sentences:
            terms = frozenset(content_terms(sentence))
            if row and caption:
                terms |= caption  # "Endpoint: CV death; HR 0.71" under "FLOW: …" states FLOW's result
            if title and terms <= title:
                continue  # the publication's title, repeated as a heading or reference entry
            out.append(
                Candidate(
                    sentence,
                    hit,
                    rank,
                    position,
                    terms,
                    heading | frozenset(content_terms(under)),
                    title,
                    row,
                    continues,
                    negated=is_negated(sentence),
                    item=_in_item(sentence, bulleted),
                    caption=caption if row else frozenset(),
                    fit=fit(asked, bands(sentence)) if asked else 0.0,
                    subject=_subject(sentence, row, question_terms, names, hit, about),
                    intro=intro,
                    under=under,
                    line=line,
                )
            )
    return out


def _subject(
    sentence: str, row: bool, question_terms: set[str], names: list[NumberedName], hit: ScoredChunk, about: bool
) -> float:
    """Whether the sentence reports on what was asked (see ``Candidate.subject``).

    A numbered trial the question names decides first: "SUSTAIN 7" in the row, its
    caption or its section is the subject, "SUSTAIN 6" there is another trial (-1). Then a
    sentence of a subsection titled with what was asked (``about``), and a row labelled with it.
    """
    said = says_names(names, context_of(hit, sentence)) if names else None
    if said is not None:
        return said
    if about:
        return 1.0
    return 1.0 if row and set(content_terms(row_label(sentence))) & question_terms else 0.0


def context_of(hit: ScoredChunk, sentence: str) -> str:
    """A sentence with what it is read under: document title, section, table caption."""
    chunk = hit.chunk
    return f"{chunk.meta.title}\n{chunk.section or ''}\n{chunk.caption or ''}\n{sentence}"


def quoted(chosen: Sequence[Candidate], max_words: int) -> list[str]:
    """The answer's sentences as quoted: the first row of each table headed by what its caption names.

    "Endpoint: Cardiovascular death; …; Hazard ratio (95% CI): 0.71" does not say which
    trial it reports; "FLOW: Primary Composite Endpoint and Key Components — Endpoint: …"
    does. The table's number is left out ("Table 5." would read as a sentence of its
    own) and so is a caption that would take the answer over ``max_words``.
    """
    texts = [c.text for c in chosen]
    words = sum(word_count(t) for t in texts)
    headed: set[tuple[str, str]] = set()
    for i, c in enumerate(chosen):
        caption = c.hit.chunk.caption if c.table_row and c.hit.chunk.kind == "table" else None
        if not caption or (c.hit.chunk.doc_id, caption) in headed:
            continue
        headed.add((c.hit.chunk.doc_id, caption))
        head = CAPTION_RE.sub("", without_columns(caption)).strip()
        if not head or SENTENCE_BREAK_RE.search(head) or words + word_count(head) > max_words:
            continue
        texts[i] = f"{head} {c.text}" if head.endswith(":") else f"{head} — {c.text}"
        words += word_count(head)
    return texts


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
