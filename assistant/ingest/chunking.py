"""Structure-respecting, sentence-aware, token-budgeted chunking.

Token budget (why these numbers): the embedder sees at most
``settings.embed_max_tokens`` WordPiece tokens (256) including [CLS] and [SEP].
Each chunk is embedded as ``<prefix>\\n<text>`` where the prefix (document
title, product, section) is capped at ``PREFIX_TOKENS`` (32). So a chunk's text
gets ``min(chunk_tokens, embed_max_tokens - 2 - PREFIX_TOKENS)`` = 222 tokens by
default and nothing a chunk says is ever silently truncated away from its
vector. Chunks never span two pages, slides, sections or block kinds; overlap
repeats whole trailing sentences (up to ``chunk_overlap_tokens``). A table is
chunked on its own: a few whole rows per chunk under its repeated caption.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from itertools import groupby

from assistant.config import Settings
from assistant.types import Block, Chunk, DocumentMeta

TokenCounter = Callable[[str], int]

PREFIX_TOKENS = 32
SPECIAL_TOKENS = 2
TABLE_ROW_TOKENS = 96
"""Tokens of rows per table chunk: one to three rows of a typical efficacy or adverse-reaction
table, so a row's own vector is not diluted by the rest of the table."""
TABLE_CAPTION_TOKENS = 48
"""A caption longer than this is cut: it heads every chunk of its table."""

_ABBREVIATIONS = {
    "e.g.", "i.e.", "vs.", "etc.", "fig.", "figs.", "al.", "dr.", "no.", "nos.", "approx.", "cf.", "ref.",
    "refs.", "tab.", "eq.", "inc.", "ltd.", "co.", "jr.", "mr.", "ms.", "st.", "vol.", "p.", "pp.", "ca.",
    "min.", "max.", "resp.", "incl.", "dept.", "u.s.", "sec.", "approx", "wk.", "mo.", "yr.",
}  # fmt: skip
_BOUNDARY = re.compile(r"[.!?][\"')\]]*\s+")
_STARTS_SENTENCE = re.compile(r"[A-Z0-9\"'(\[•-]")


def split_sentences(text: str) -> list[str]:
    """Split on sentence ends, but not after abbreviations (e.g., vs., Fig.) or initials."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if end >= len(text) or not _STARTS_SENTENCE.match(text[end]):
            continue
        before = text[start : match.start() + 1].split()
        last = before[-1].lower() if before else ""
        last = last.lstrip("(\"'[")
        if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]\.", last) or re.fullmatch(r"([a-z]\.){2,}", last):
            continue
        sentences.append(text[start : match.start() + len(match.group(0).rstrip())].strip())
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]


class _Unit:
    """A sentence (or a piece of an over-long one) with its token count and line position."""

    __slots__ = ("new_line", "text", "tokens")

    def __init__(self, text: str, tokens: int, new_line: bool) -> None:
        self.text = text
        self.tokens = tokens
        self.new_line = new_line


def _split_long(text: str, count: TokenCounter, budget: int) -> list[tuple[str, int]]:
    """Cut a sentence longer than the budget at word boundaries into pieces that fit."""
    words = text.split()
    pieces: list[tuple[str, int]] = []
    current: list[str] = []
    used = 0
    for word in words:
        n = count(word)
        if current and used + n > budget:
            pieces.append((" ".join(current), used))
            current, used = [], 0
        if n > budget:  # a pathological "word" (e.g. a long URL or sequence): hard cut by characters
            step = max(1, len(word) * budget // (n + 1))
            for i in range(0, len(word), step):
                part = word[i : i + step]
                pieces.append((part, count(part)))
            continue
        current.append(word)
        used += n
    if current:
        pieces.append((" ".join(current), used))
    return pieces


def _units(blocks: list[Block], count: TokenCounter, budget: int) -> list[_Unit]:
    units: list[_Unit] = []
    for block in blocks:
        for line in block.text.split("\n"):
            first = True
            for sentence in split_sentences(line):
                n = count(sentence)
                parts = [(sentence, n)] if n <= budget else _split_long(sentence, count, budget)
                for text, tokens in parts:
                    units.append(_Unit(text, tokens, new_line=first))
                    first = False
    return units


def _join(units: list[_Unit]) -> str:
    out = ""
    for i, unit in enumerate(units):
        out += unit.text if i == 0 else ("\n" if unit.new_line else " ") + unit.text
    return out


def _pack(units: list[_Unit], budget: int, overlap: int) -> Iterator[list[_Unit]]:
    """Greedy packing of whole units; the next chunk restarts with up to ``overlap`` trailing tokens."""
    current: list[_Unit] = []
    used = 0
    fresh = 0  # units in `current` not carried over from the previous chunk
    for unit in units:
        if current and fresh and used + unit.tokens > budget:
            yield current
            carried: list[_Unit] = []
            carried_tokens = 0
            for prev in reversed(current):
                if carried_tokens + prev.tokens > overlap or len(carried) + 1 >= len(current):
                    break
                carried.insert(0, prev)
                carried_tokens += prev.tokens
            if carried_tokens + unit.tokens > budget:
                carried, carried_tokens = [], 0
            current, used, fresh = carried, carried_tokens, 0
        current.append(unit)
        used += unit.tokens
        fresh += 1
    if current and fresh:
        yield current


def chunk_budget(settings: Settings) -> int:
    """Tokens of passage text per chunk so that prefix + text fit the embedder's window."""
    return max(16, min(settings.chunk_tokens, settings.embed_max_tokens - SPECIAL_TOKENS - PREFIX_TOKENS))


def _boundary(block: Block) -> tuple[object, ...]:
    path = (tuple(block.section_path), tuple(block.section_codes), block.section_code)
    own = id(block) if block.kind == "table" else None  # two adjacent tables never share a chunk
    return (*path, block.page, block.slide, block.kind, own)


def _table_chunks(block: Block, count: TokenCounter, budget: int) -> Iterator[tuple[str, str | None]]:
    """(text, caption) of a table's chunks: its caption, then a few whole rows (see TABLE_ROW_TOKENS).

    A row is the unit an answer quotes, and without its caption ("Table 5. FLOW: Primary
    Composite Endpoint") it does not say which trial or arm it reports: so every chunk
    repeats the caption, rows are never split between chunks nor repeated by overlap.
    """
    caption = block.caption or ""
    lines = [line for line in block.text.split("\n") if line.strip()]
    if caption and lines and lines[0] == caption:
        lines = lines[1:]
    head = _caption_head(caption, count) if caption else ""
    room = max(16, budget - (count(head) if head else 0))  # what a single row may use
    units: list[_Unit] = []
    for line in lines:
        n = count(line)
        units.extend(
            _Unit(t, k, new_line=True) for t, k in ([(line, n)] if n <= room else _split_long(line, count, room))
        )
    for packed in _pack(units, min(TABLE_ROW_TOKENS, room), overlap=0):
        body = "\n".join(u.text for u in packed)
        yield (f"{head}\n{body}", head) if head else (body, None)


_COLUMNS = re.compile(r" \(columns: [^()]+\)$")
"""The column headings a PDF table's caption ends with (see ``pdf_label_lines.with_columns``)."""


def _caption_head(caption: str, count: TokenCounter) -> str:
    """The caption cut to ``TABLE_CAPTION_TOKENS``; a long caption loses words of its title, never the
    column headings it ends with: without them a row "Fatigue | 2.0% | 0.7%" says no arm it reports."""
    columns = _COLUMNS.search(caption)
    if columns is None or count(caption) <= TABLE_CAPTION_TOKENS:
        return _truncate(caption, count, TABLE_CAPTION_TOKENS)
    room = max(TABLE_CAPTION_TOKENS // 2, TABLE_CAPTION_TOKENS - count(columns.group(0)))
    return f"{_truncate(caption[: columns.start()], count, room)}{columns.group(0)}"


def chunk_id(doc_id: str, ordinal: int, text: str) -> str:
    """Deterministic id: same document, position and text give the same id on every run."""
    return f"{doc_id}:{ordinal}:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}"


def chunk_blocks(
    meta: DocumentMeta, blocks: list[Block], count: TokenCounter, budget: int, overlap: int
) -> list[Chunk]:
    """Chunks of one document: consecutive blocks sharing page/slide/section/kind form a group."""
    chunks: list[Chunk] = []
    for _, group in groupby(blocks, key=_boundary):
        members = list(group)
        first = members[0]
        if first.kind == "table":
            texts = list(_table_chunks(first, count, budget))
        else:
            texts = [(_join(packed), None) for packed in _pack(_units(members, count, budget), budget, overlap)]
        for text, caption in texts:
            ordinal = len(chunks)
            chunks.append(
                Chunk(
                    chunk_id=chunk_id(meta.doc_id, ordinal, text),
                    doc_id=meta.doc_id,
                    text=text,
                    ordinal=ordinal,
                    section=" > ".join(first.section_path) or None,
                    section_code=first.section_code,
                    section_codes=first.section_codes,
                    page=first.page,
                    slide=first.slide,
                    kind=first.kind,
                    caption=caption,
                    meta=meta,
                )
            )
    return chunks


def _truncate(text: str, count: TokenCounter, limit: int) -> str:
    words = text.split()
    while words and count(" ".join(words)) > limit:
        words = words[:-1]
    return " ".join(words)


def embed_text(chunk: Chunk, count: TokenCounter) -> str:
    """What gets embedded and BM25-indexed: a short context prefix + the clean passage text.

    The prefix names the document, product and section, so a passage that says
    "the recommended dose is 0.5 mg" is still found for "semaglutide dose".
    """
    meta = chunk.meta
    head = meta.title
    if meta.product and meta.product.lower() not in head.lower():
        head = f"{meta.product}: {head}"
    parts = [head]
    if chunk.section:
        parts.append(chunk.section)
    if chunk.kind == "notes":
        parts.append("speaker notes")
    prefix = _truncate(" — ".join(parts), count, PREFIX_TOKENS)
    return f"{prefix}\n{chunk.text}" if prefix else chunk.text
