"""Typed models shared by every part of the assistant (ingest, retrieval,
guardrails, CLI, UI, quiz and evaluation).

Keeping them in one module means a citation printed by the CLI, shown in the
Streamlit app and scored by the evaluation suite is the same object.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DocType = Literal["label", "publication", "slide_deck", "other"]
DocStatus = Literal["approved", "expired", "withdrawn", "draft"]
BlockKind = Literal["body", "table", "notes", "references"]
AnswerStatus = Literal["answered", "insufficient_evidence", "blocked"]
AnswerMode = Literal["extractive", "generative"]
Decision = Literal["allow", "allow_with_notice", "block"]
Rule = Literal["off_label", "promotional", "adverse_event", "prompt_injection", "pii"]
TextKind = Literal["question", "answer"]

DOC_TYPES: tuple[DocType, ...] = ("label", "publication", "slide_deck", "other")
DOC_STATUSES: tuple[DocStatus, ...] = ("approved", "expired", "withdrawn", "draft")


class DocumentMeta(BaseModel):
    """Governance metadata of one source document (from the manifest, a sidecar, or inferred)."""

    doc_id: str = Field(description="Stable identifier; survives edits of the file's content.")
    title: str
    doc_type: DocType = "other"
    product: str | None = Field(default=None, description="Generic name, lower case, e.g. 'adalimumab'.")
    brand: str | None = None
    therapeutic_area: str | None = None
    status: DocStatus = "approved"
    approval_code: str | None = None
    effective_date: str | None = Field(default=None, description="ISO date, or a version string.")
    source_path: str = ""
    sha256: str = ""
    notes_approved: bool = Field(
        default=False, description="Slide decks only: speaker notes are reviewed content and may be cited."
    )
    inferred: list[str] = Field(
        default_factory=list,
        description="Fields the assistant filled in from the file itself (no manifest or sidecar gave them); "
        "a content owner should check these and may correct them in a manifest.",
    )


class Block(BaseModel):
    """One structural unit a loader found: text that sits within one page, slide and section."""

    text: str
    section_path: list[str] = Field(default_factory=list, description="Outer to inner section titles.")
    section_code: str | None = Field(default=None, description="LOINC code of the SPL section, if any.")
    section_codes: list[str] = Field(
        default_factory=list,
        description="LOINC codes of the section path, outer to inner; unclassified subsections inherit "
        "their parent's code (names: assistant.ingest.spl_sections).",
    )
    page: int | None = Field(default=None, description="1-based PDF page.")
    slide: int | None = Field(default=None, description="1-based slide number.")
    kind: BlockKind = "body"
    caption: str | None = Field(
        default=None,
        description="Tables only: the caption (or introducing sentence) every chunk of the table repeats "
        "as its first line, so each row group reads on its own.",
    )


class ParsedDocument(BaseModel):
    """What every loader returns: metadata it could read plus ordered blocks."""

    meta: DocumentMeta
    blocks: list[Block]
    warnings: list[str] = Field(default_factory=list)


class Chunk(BaseModel):
    """A retrievable passage; never crosses a page, slide or section boundary."""

    chunk_id: str
    doc_id: str
    text: str
    ordinal: int = Field(description="Position of the chunk within its document.")
    section: str | None = Field(default=None, description="Section path joined with ' > '.")
    section_code: str | None = None
    section_codes: list[str] = Field(default_factory=list, description="As Block.section_codes.")
    page: int | None = None
    slide: int | None = None
    kind: BlockKind = "body"
    caption: str | None = Field(default=None, description="As Block.caption: the table's first line in ``text``.")
    meta: DocumentMeta

    @property
    def answerable(self) -> bool:
        """A publication's reference list is never evidence; speaker notes only when the manifest approves them."""
        if self.kind == "references":
            return False
        return self.kind != "notes" or self.meta.notes_approved


class ScoredChunk(BaseModel):
    """A retrieved chunk with its fused score and the per-retriever evidence behind it."""

    chunk: Chunk
    score: float
    scores: dict[str, float] = Field(default_factory=dict, description="e.g. {'dense': 0.71, 'bm25': 12.3}")


def _approved_only() -> list[DocStatus]:
    return ["approved"]


class ChunkFilter(BaseModel):
    """Metadata filter applied by every retriever; ``None`` fields do not filter."""

    products: list[str] | None = None
    doc_types: list[DocType] | None = None
    therapeutic_areas: list[str] | None = None
    statuses: list[DocStatus] | None = Field(default_factory=_approved_only)
    doc_ids: list[str] | None = None


class Citation(BaseModel):
    """A numbered reference from an answer sentence to a passage of an approved document."""

    n: int
    doc_id: str
    title: str
    doc_type: DocType
    product: str | None = None
    section: str | None = None
    page: int | None = None
    slide: int | None = None
    quote: str = Field(description="The passage text that supports the cited sentences.")
    chunk_id: str = ""


class GuardrailFinding(BaseModel):
    """One rule that fired, with the text that triggered it and a reviewer-readable reason."""

    rule: Rule
    span: str = Field(description="The exact text that triggered the rule.")
    start: int | None = None
    end: int | None = None
    message: str
    decision: Decision = "allow_with_notice"


class GuardrailResult(BaseModel):
    """The rail layer's verdict on one question or answer."""

    decision: Decision = "allow"
    findings: list[GuardrailFinding] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list, description="Texts to show the user prominently.")
    redacted_text: str | None = Field(default=None, description="Input with PII replaced, when any was found.")

    def public(self) -> dict[str, object]:
        """The JSON shape promised by the CLI: decision and findings."""
        return {"decision": self.decision, "findings": [f.model_dump() for f in self.findings]}


class Answer(BaseModel):
    """The result of one question: status, cited text, citations and how it was made."""

    model_config = ConfigDict(extra="forbid")

    question: str
    status: AnswerStatus
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    guardrail: GuardrailResult = Field(default_factory=GuardrailResult)
    mode: AnswerMode = "extractive"
    model: str | None = None
    product: str | None = Field(default=None, description="Product the answer was restricted to, if any.")
    timings_ms: dict[str, float] = Field(default_factory=dict)
    audit_id: str | None = None
    dropped_sentences: list[str] = Field(
        default_factory=list,
        description="Generated sentences the citation verifier removed, each with the reason.",
    )

    def public(self) -> dict[str, object]:
        """The JSON object printed by ``assistant ask --json``."""
        data = self.model_dump(exclude={"guardrail"})
        data["guardrail"] = self.guardrail.public()
        data["notices"] = self.guardrail.notices
        return data


class IngestFailure(BaseModel):
    path: str
    error: str


class FileThroughput(BaseModel):
    """How long reading, parsing and chunking one file took (embedding is batched across files)."""

    path: str
    pages: int | None = None
    chunks: int = 0
    seconds: float = 0.0


class IngestReport(BaseModel):
    """Counts of documents per outcome, the failures, and total chunks now stored."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[IngestFailure] = Field(default_factory=list)
    chunks: int = 0
    warnings: list[str] = Field(
        default_factory=list, description="'path: message' for stored files with issues, e.g. pages needing OCR."
    )
    files: list[FileThroughput] = Field(default_factory=list, description="Per parsed file: pages, chunks, seconds.")

    @property
    def exit_code(self) -> int:
        """0 all succeeded, 2 some failed and the rest stored, 1 nothing could be done."""
        if not self.failed:
            return 0
        succeeded = self.added + self.updated + self.unchanged
        return 2 if succeeded else 1


class DocumentSummary(BaseModel):
    """A stored document with its chunk count, as listed by ``assistant docs``."""

    meta: DocumentMeta
    chunks: int
