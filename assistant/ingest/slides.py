"""PowerPoint decks (.pptx) → ParsedDocument: one body block per slide, tables and speaker notes apart.

Speaker notes are kept (kind="notes") so reviewers can see them, but they are
only citable when the manifest sets ``notes_approved`` (see Chunk.answerable).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.exc import PackageNotFoundError

from assistant.errors import ParseError
from assistant.types import Block, DocumentMeta, ParsedDocument


def _clean(text: str) -> str:
    return " ".join(text.replace("\x0b", " ").split())


def _frame_lines(frame: Any) -> list[str]:
    """Paragraphs of a text frame; indented paragraphs become bullets."""
    lines: list[str] = []
    for para in frame.paragraphs:
        text = _clean("".join(run.text for run in para.runs) or para.text)
        if text:
            lines.append(("  " * para.level + "- " + text) if para.level else text)
    return lines


def _table_lines(table: Any) -> list[str]:
    rows = [[_clean(cell.text) for cell in row.cells] for row in table.rows]
    if not rows:
        return []
    header, body = rows[0], rows[1:]
    if not body:
        return ["; ".join(c for c in header if c)]
    lines = []
    for row in body:
        parts = [f"{h}: {v}" if h else v for h, v in zip(header, row, strict=False) if v]
        if parts:
            lines.append("; ".join(parts))
    return lines


def _shapes(shapes: Any) -> list[Any]:
    """Shapes in reading order, descending into groups."""
    out: list[Any] = []
    for shape in shapes:
        if shape.shape_type is not None and int(shape.shape_type) == 6:  # MSO_SHAPE_TYPE.GROUP
            out.extend(_shapes(shape.shapes))
        else:
            out.append(shape)
    return out


def _slide_blocks(slide: Any, number: int) -> list[Block]:
    title_shape = slide.shapes.title
    title = _clean(title_shape.text_frame.text) if title_shape is not None and title_shape.has_text_frame else ""
    section = [title or f"Slide {number}"]
    body: list[str] = [title] if title else []
    blocks: list[Block] = []
    for shape in _shapes(slide.shapes):
        if title_shape is not None and shape.shape_id == title_shape.shape_id:
            continue
        if getattr(shape, "has_table", False) and shape.has_table:
            lines = _table_lines(shape.table)
            if lines:
                blocks.append(Block(text="\n".join(lines), section_path=section, slide=number, kind="table"))
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            body.extend(_frame_lines(shape.text_frame))
    title_only = body == [title] and bool(blocks)  # the title is already the tables' section
    out = [Block(text="\n".join(body), section_path=section, slide=number)] if body and not title_only else []
    out.extend(blocks)
    if slide.has_notes_slide:
        notes_frame = slide.notes_slide.notes_text_frame
        notes = "\n".join(_frame_lines(notes_frame)) if notes_frame is not None else ""
        if notes.strip():
            out.append(Block(text=notes, section_path=section, slide=number, kind="notes"))
    return out


def parse_pptx(path: Path) -> ParsedDocument:
    """Parse a deck; an unreadable package raises ParseError, empty slides become warnings."""
    try:
        deck = Presentation(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ParseError(path, f"not a readable PPTX file ({exc.__class__.__name__}: {exc})") from exc
    blocks: list[Block] = []
    warnings: list[str] = []
    for number, slide in enumerate(deck.slides, start=1):
        slide_blocks = _slide_blocks(slide, number)
        if not slide_blocks:
            warnings.append(f"slide {number} has no text")
        blocks.extend(slide_blocks)
    if not blocks:
        raise ParseError(path, "deck has no text on any slide")
    title = _clean(deck.core_properties.title or "")
    if not title:
        first = next((b for b in blocks if b.kind == "body"), None)
        title = first.section_path[0] if first else path.stem
    meta = DocumentMeta(doc_id="", title=title, doc_type="slide_deck")
    return ParsedDocument(meta=meta, blocks=blocks, warnings=warnings)
