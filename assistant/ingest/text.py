"""Markdown and plain-text files → ParsedDocument; ``#`` headings become the section path."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.errors import ParseError
from assistant.types import Block, DocumentMeta, ParsedDocument

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(path, f"cannot read file: {exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"not UTF-8 text (byte {exc.start})") from exc


def _paragraph_blocks(lines: list[str], section: list[str]) -> list[Block]:
    """Blank lines separate paragraphs; list items keep their own lines."""
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        text = "\n".join(para).strip()
        if text:
            blocks.append(Block(text=text, section_path=list(section)))
        para.clear()

    for line in lines:
        if line.strip():
            para.append(line.rstrip())
        else:
            flush()
    flush()
    return blocks


def parse_text(path: Path) -> ParsedDocument:
    """Parse Markdown or plain text; text without headings is one section titled by the file name."""
    content = _read(path)
    if not content.strip():
        raise ParseError(path, "file is empty")
    is_markdown = path.suffix.lower() in (".md", ".markdown")
    stack: list[tuple[int, str]] = []
    section: list[str] = [path.stem]
    title: str | None = None
    blocks: list[Block] = []
    pending: list[str] = []
    in_fence = False
    for line in content.splitlines():
        if is_markdown and _FENCE.match(line):
            in_fence = not in_fence
        match = _HEADING.match(line) if is_markdown and not in_fence else None
        if not match:
            pending.append(line)
            continue
        blocks.extend(_paragraph_blocks(pending, section))
        pending = []
        level, heading = len(match.group(1)), match.group(2).strip()
        title = title or heading
        stack = [(lvl, txt) for lvl, txt in stack if lvl < level] + [(level, heading)]
        section = [txt for _, txt in stack]
    blocks.extend(_paragraph_blocks(pending, section))
    if not blocks:
        raise ParseError(path, "file has headings but no text")
    meta = DocumentMeta(doc_id="", title=title or path.stem, doc_type="other")
    return ParsedDocument(meta=meta, blocks=blocks)
