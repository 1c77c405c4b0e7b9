"""PDF publications → ParsedDocument with 1-based pages and best-effort section headings.

pypdf's text is a sequence of visual lines; wrapped lines are joined back into
running text (undoing end-of-line hyphenation) and a short line that looks like
a heading ("2 Methods", "RESULTS", "Study Design") starts a new section, which
carries over to the following pages until the next heading.
"""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from assistant.errors import ParseError
from assistant.types import Block, DocumentMeta, ParsedDocument

_KNOWN_HEADINGS = {
    "abstract", "background", "introduction", "methods", "materials and methods", "patients and methods",
    "results", "discussion", "conclusion", "conclusions", "references", "acknowledgements",
    "acknowledgments", "limitations", "objective", "objectives", "study design", "summary", "safety",
    "efficacy", "funding", "key points", "disclosures",
}  # fmt: skip
_NUMBERED = re.compile(r"^\d{1,2}(\.\d{1,2})*\.?\s+[A-Z][\w ,:&/()'-]{1,70}$")
_TERMINAL = (".", ":", ";", ",", "?", "!")
_MINOR_WORDS = {"and", "or", "of", "in", "on", "the", "a", "an", "for", "to", "with", "by", "vs", "at"}


def _is_title_case(words: list[str]) -> bool:
    significant = [w for w in words if w.lower() not in _MINOR_WORDS]
    return bool(significant) and all(w[0].isupper() or w[0].isdigit() for w in significant)


def is_heading(line: str, previous: str | None) -> bool:
    """Heuristic: a short line without final punctuation that is numbered, known, ALL CAPS or Title Case."""
    text = line.strip()
    words = text.split()
    if not words or len(words) > 10 or len(text) > 80 or text.endswith(_TERMINAL):
        return False
    if text.lower().rstrip(":") in _KNOWN_HEADINGS or _NUMBERED.match(text):
        return True
    if not any(c.isalpha() for c in text):
        return False
    starts_sentence = previous is None or previous.rstrip().endswith((".", ":", "?", "!"))
    if text.isupper() and len(words) <= 8:
        return starts_sentence
    return starts_sentence and 2 <= len(words) <= 8 and _is_title_case(words)


def join_lines(lines: list[str]) -> str:
    """Wrapped lines back to running text; 'treat-' + 'ment' becomes 'treatment'."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            out = out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return out


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(str(path))
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as exc:
        raise ParseError(path, f"not a readable PDF ({exc})") from exc
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except DependencyError as exc:
            raise ParseError(path, f"encrypted PDF (cipher needs the 'cryptography' package): {exc}") from exc
        if not ok:
            raise ParseError(path, "encrypted PDF: a password is required; provide an unencrypted copy")
    return reader


def _page_texts(reader: PdfReader, path: Path) -> list[str]:
    texts: list[str] = []
    try:
        for page in reader.pages:
            texts.append(page.extract_text() or "")
    except FileNotDecryptedError as exc:
        raise ParseError(path, "encrypted PDF: a password is required; provide an unencrypted copy") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ParseError(path, f"cannot extract text ({exc})") from exc
    return texts


def _page_blocks(text: str, page: int, section: list[str]) -> tuple[list[Block], list[str]]:
    """Blocks of one page; returns them and the section path in force at the page's end."""
    blocks: list[Block] = []
    pending: list[str] = []
    previous: str | None = None

    def flush() -> None:
        body = join_lines(pending)
        if body:
            blocks.append(Block(text=body, section_path=list(section), page=page))
        pending.clear()

    for line in text.splitlines():
        if not line.strip():
            continue
        if is_heading(line, previous):
            flush()
            section = [line.strip()]
        else:
            pending.append(line)
        previous = line
    flush()
    return blocks, section


def _title(reader: PdfReader, texts: list[str], path: Path) -> str:
    try:
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError, TypeError):
        meta_title = ""
    if meta_title.strip():
        return meta_title.strip()
    for text in texts:
        for line in text.splitlines():
            if line.strip():
                return line.strip()[:200]
    return path.stem


def parse_pdf(path: Path) -> ParsedDocument:
    """Parse a PDF; pages without text become warnings, a PDF without any text is an error."""
    reader = _open(path)
    texts = _page_texts(reader, path)
    if not texts:
        raise ParseError(path, "PDF has no pages")
    blocks: list[Block] = []
    warnings: list[str] = []
    section: list[str] = []
    for number, text in enumerate(texts, start=1):
        if not text.strip():
            warnings.append(f"page {number} has no extractable text (needs OCR)")
            continue
        page_blocks, section = _page_blocks(text, number, section)
        blocks.extend(page_blocks)
    if not blocks:
        raise ParseError(path, "PDF has no extractable text (scanned? needs OCR)")
    meta = DocumentMeta(doc_id="", title=_title(reader, texts, path), doc_type="publication")
    return ParsedDocument(meta=meta, blocks=blocks, warnings=warnings)
