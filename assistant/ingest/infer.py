"""Metadata a file does not declare, inferred from its content, and a record of what was inferred.

A manifest or sidecar always wins (see :func:`manifest.resolve_meta`); this
module only fills the gaps and lists the filled fields in
``DocumentMeta.inferred`` so ``assistant docs`` and the Library page can show a
content owner what to check.

- SPL XML and PPTX declare what they are; their loaders read title, product,
  brand and date from the file's own structure (still listed as inferred:
  nobody approved them in a manifest).
- A PDF or text file is classified by its text: a prescribing information
  (the regulatory headings "HIGHLIGHTS OF PRESCRIBING INFORMATION", "FULL
  PRESCRIBING INFORMATION", or a Drug Facts panel) is a ``label``; a paper with
  an abstract, methods/results and references is a ``publication``.
- A label's title, brand and product come from its Highlights product line
  ("BRAND® (generic) tablets, for oral use", see :mod:`label_meta`); other
  documents get the PDF's metadata title when it is a real title (never "1" or
  a file name), else the largest text on page 1, else the first line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from assistant.ingest import label_meta
from assistant.ingest.label_pdf_meta import revised_date_in_blocks, revised_date_on_first_pages, title_block_identity
from assistant.types import Block, DocType, DocumentMeta, ParsedDocument

INFERABLE = ("doc_type", "title", "product", "brand", "effective_date")
"""Governance fields a file can supply; the others (status, approval code, area) only a manifest sets."""

HEAD_CHARS = 6000
"""How much of the start of a document classification reads: the first page or two."""

_LABEL_MARKERS = re.compile(
    r"highlights\s+of\s+prescribing\s+information|full\s+prescribing\s+information|"
    r"these\s+highlights\s+do\s+not\s+include",
    re.IGNORECASE,
)
_DRUG_FACTS = re.compile(r"\bdrug\s+facts\b", re.IGNORECASE)
_ACTIVE_INGREDIENT = re.compile(r"\bactive\s+ingredients?\b", re.IGNORECASE)
_PAPER_PARTS = {
    "abstract": re.compile(r"\babstract\b", re.IGNORECASE),
    "methods": re.compile(r"\b(?:methods|results)\b", re.IGNORECASE),
    "references": re.compile(r"\breferences\b|\bdoi\s*:|\bdoi\.org/", re.IGNORECASE),
}
_PRODUCT_LINE = re.compile(
    r"(?P<brand>\b[A-Z][A-Z0-9\-]+(?:\s+[A-Z0-9][A-Z0-9\-]*){0,2})\s*[®™]?\s*"
    r"\((?P<generic>[A-Za-z][^()]{2,120})\)\s*(?P<form>[^.;()]{0,80}?\buse\b)?"
)
_AFTER_NAME = r"\s*[®™]?\s*\((?P<generic>[A-Za-z][^()]{2,120})\)\s*(?P<form>[^.;()]{0,80}?\buse\b)?"
_GENERIC_BRAND = re.compile(
    r"\b(?P<generic>[a-z][a-z\-]{3,}(?:\s+[a-z][a-z\-]{3,})?)\s*\((?P<brand>[A-Z][A-Z0-9\-]{2,})[®™]?\)"
)
_REVISED = re.compile(r"\bRevised:?\s*(\d{1,2})\s*/\s*(\d{4})\b")
_FILE_NAME = re.compile(r"\.(?:pdf|docx?|rtf|indd|txt|pptx?|xlsx?)\s*$|^[\w\-]+$", re.IGNORECASE)
_WORD_PREFIX = re.compile(r"^microsoft\s+(?:word|powerpoint)\s*-\s*", re.IGNORECASE)


def classify(head: str, suffix: str) -> DocType:
    """label / publication / slide_deck / other from the start of the text and the file type."""
    if suffix == ".pptx":
        return "slide_deck"
    if suffix == ".xml":
        return "label"
    if _LABEL_MARKERS.search(head) or (_DRUG_FACTS.search(head) and _ACTIVE_INGREDIENT.search(head)):
        return "label"
    if all(p.search(head) for p in _PAPER_PARTS.values()) or suffix == ".pdf":
        return "publication"
    return "other"


def meaningful_title(title: str | None, path: Path) -> str | None:
    """A declared title worth keeping: not empty, not a number, not a file name, not the file's stem."""
    text = label_meta.clean(_WORD_PREFIX.sub("", title or ""))
    alpha_words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if len(text) < 6 or len(alpha_words) < 2 or text.lower() in {path.stem.lower(), "untitled"}:
        return None
    if _FILE_NAME.search(text):
        return None
    return text


def pdf_declared_title(path: Path) -> str | None:
    """The PDF's Info/XMP title, if it has one; never raises (a broken PDF has simply none)."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        return reader.metadata.title if reader.metadata else None
    except Exception:  # any reader error means "no declared title"
        return None


def pdf_largest_text(path: Path) -> str | None:
    """The text set in the largest font on page 1: how a reader spots a document's title."""
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        scale = abs(tm[0] * cm[0]) or abs(tm[3] * cm[3]) or 1.0
        if text.strip():
            runs.append((round(float(size) * scale, 1), text.strip()))

    try:
        from pypdf import PdfReader

        PdfReader(str(path)).pages[0].extract_text(visitor_text=visit)
    except Exception:  # a page pypdf cannot lay out has no usable heading
        return None
    if not runs:
        return None
    top = max(size for size, _ in runs)
    title = label_meta.clean(" ".join(text for size, text in runs if size >= top - 0.5))
    return title[:200] if len(title) >= 4 else None


def _first_line(parsed: ParsedDocument) -> str | None:
    for block in parsed.blocks:
        for line in block.text.splitlines():
            if sum(c.isalpha() for c in line) >= 4:
                return label_meta.clean(line)[:200]
    return None


def label_identity(head: str, body: str) -> tuple[str | None, str | None, str | None]:
    """(title, brand, product) of a label from its Highlights product line and how its text names the drug.

    "BRAND® (generic) tablets, for oral use" gives all three. A label without a
    proprietary name says "needed to use GENERIC TABLETS safely": that name is
    the established name, so it gives the product and no brand.
    """
    name = label_meta.highlights_brand(head)
    text = label_meta.strip_boilerplate(head)
    otc = bool(_DRUG_FACTS.search(head)) and not _LABEL_MARKERS.search(head)
    suffix = label_meta.OTC_SUFFIX if otc else label_meta.PI_SUFFIX
    match = None
    if name:
        match = re.compile(re.escape(name) + _AFTER_NAME, re.IGNORECASE).search(text)
    match = match or _PRODUCT_LINE.search(text)
    if match:
        brand = name or label_meta.clean(match.group("brand"))
        product = label_meta.product_from_generic(match.group("generic"), body)
        return label_meta.label_title(label_meta.clean(match.group(0)).rstrip(" ,"), suffix), brand, product
    if name:
        line = re.search(re.escape(name) + r"[^.;()]{0,80}?\buse\b", text, re.IGNORECASE)
        title = label_meta.label_title(label_meta.clean(line.group(0)) if line else name, suffix)
        return title, None, label_meta.product_from_generic(name, body)
    return None, None, None


def title_product(title: str, body: str) -> tuple[str | None, str | None]:
    """(brand, product) named in a title as "BRAND (generic)" or "generic (BRAND)", e.g. a deck or paper."""
    match = _PRODUCT_LINE.search(title) or _GENERIC_BRAND.search(title)
    if not match:
        return None, None
    return label_meta.clean(match.group("brand")), label_meta.product_from_generic(match.group("generic"), body)


def revised_date(head: str) -> str | None:
    """'Revised: 04/2021' → '2021-04' (the label's revision date)."""
    match = _REVISED.search(head)
    return f"{match.group(2)}-{int(match.group(1)):02d}" if match else None


def label_text_identity(
    head: str, body: str, path: Path, blocks: Iterable[Block]
) -> tuple[str | None, str | None, str | None, str | None]:
    """(title, brand, product, revision date) of a label read as text (PDF or plain text).

    The product comes from the Highlights product line, else from the title block a label
    without Highlights opens with ("NAME- generic form"); a PDF's date is the first revision
    statement on its first pages, read from the raw page text that layout analysis may file away.
    """
    title, brand, product = label_identity(head, body)
    if not product:
        brand, product = title_block_identity(head, body)
    is_pdf = path.suffix.lower() == ".pdf"
    date = (revised_date_on_first_pages(path) or revised_date_in_blocks(blocks)) if is_pdf else None
    return title, brand, product, date or revised_date(body)


def _infer_text_document(parsed: ParsedDocument, path: Path) -> dict[str, object]:
    """Values for a PDF/text document: its kind, and title, brand, product and date when a label."""
    body = "\n".join(b.text for b in parsed.blocks)
    head = body[:HEAD_CHARS]
    doc_type = classify(head, path.suffix.lower())
    values: dict[str, object] = {"doc_type": doc_type}
    if doc_type == "label":
        title, brand, product, date = label_text_identity(head, body, path, parsed.blocks)
        values.update(title=title, brand=brand, product=product, effective_date=date)
    if not values.get("title"):
        is_pdf = path.suffix.lower() == ".pdf"
        declared = meaningful_title(pdf_declared_title(path) if is_pdf else parsed.meta.title, path)
        values["title"] = declared or (pdf_largest_text(path) if is_pdf else None) or _first_line(parsed)
    return values


def _infer_product(parsed: ParsedDocument) -> dict[str, object]:
    """Brand and product of a non-label document from its title, when the title names them."""
    brand, product = title_product(parsed.meta.title, "\n".join(b.text for b in parsed.blocks))
    return {"brand": parsed.meta.brand or brand, "product": parsed.meta.product or product}


def infer_metadata(parsed: ParsedDocument, path: Path) -> ParsedDocument:
    """``parsed`` with gaps filled from the content and ``meta.inferred`` naming every field the file supplied."""
    meta = parsed.meta
    updates: dict[str, object] = {}
    if path.suffix.lower() in (".pdf", ".txt", ".md", ".markdown"):
        inferred = _infer_text_document(parsed, path)
        if meta.doc_type == "label":  # the loader read the label's identity from its structure
            inferred = {"title": inferred.get("title")} if not meaningful_title(meta.title, path) else {}
        updates = {k: v for k, v in inferred.items() if v}
    values = {**meta.model_dump(), **updates}
    if values.get("doc_type") != "label" and values.get("title"):
        probe = parsed.model_copy(update={"meta": DocumentMeta.model_validate(values)})
        values.update({k: v for k, v in _infer_product(probe).items() if v})
    if not values.get("title"):
        values["title"] = path.stem
    values["inferred"] = [f for f in INFERABLE if values.get(f)]
    return parsed.model_copy(update={"meta": DocumentMeta.model_validate(values)})
