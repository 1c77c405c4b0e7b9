"""A made-up label's retrieved passages, for composer and coverage tests (no real product is named)."""

from __future__ import annotations

from assistant.retrieval.compose import compose_answer
from assistant.retrieval.intents import detect_intents
from assistant.types import Chunk, DocumentMeta, ScoredChunk

LABEL = DocumentMeta(
    doc_id="demo-label",
    title="DEMOZYME (demozumab) tablets - Prescribing Information",
    doc_type="label",
    product="demozumab",
    brand="DEMOZYME",
)


def hit(
    text: str,
    section: str,
    ordinal: int,
    *,
    match: float = 0.0,
    score: float = 0.5,
    kind: str = "body",
    caption: str | None = None,
) -> ScoredChunk:
    """A retrieved passage of the label; ``match`` is the retriever's section-intent match."""
    chunk = Chunk(
        chunk_id=f"demo-label:{ordinal}",
        doc_id="demo-label",
        text=text,
        ordinal=ordinal,
        section=section,
        meta=LABEL,
        kind=kind,  # type: ignore[arg-type]
        caption=caption,
    )
    return ScoredChunk(chunk=chunk, score=score, scores={"section": match})


def compose(question: str, hits: list[ScoredChunk]) -> str:
    """The composed answer's text (the test fails when nothing is composed)."""
    composed = compose_answer(question, hits, products=["demozumab"], intents=detect_intents(question))
    assert composed is not None
    return composed.text
