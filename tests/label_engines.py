"""A guardrail engine over an invented label given as (section path, LOINC codes, text) rows, the
shape in which SPL and PDF labels reach the profile builder."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.label_profile import build_profiles
from assistant.types import Chunk, DocumentMeta


def engine_for(settings: Settings, meta: DocumentMeta, label: list[tuple[str, list[str], str]]) -> GuardrailEngine:
    chunks = [
        Chunk(chunk_id=f"{meta.doc_id}:{i}", doc_id=meta.doc_id, text=text, ordinal=i, section=section,
              section_code=codes[-1], section_codes=codes, meta=meta)
        for i, (section, codes, text) in enumerate(label)
    ]  # fmt: skip
    engine = GuardrailEngine(settings)
    engine.set_profiles(build_profiles(chunks, engine.policy.off_label))
    return engine


def real_label_chunks(paths: list[Path]) -> list[Chunk]:
    """Chunks of real label files as the ingest reads them (PDF or SPL), without a store."""
    from assistant.ingest.chunking import chunk_blocks
    from assistant.ingest.manifest import file_sha256, resolve_meta
    from assistant.ingest.readers import parse_file

    chunks: list[Chunk] = []
    for path in paths:
        parsed = parse_file(path)
        meta = resolve_meta(parsed.meta.model_copy(update={"doc_id": path.stem}), None, path, path.parent,
                            file_sha256(path))  # fmt: skip
        chunks += chunk_blocks(meta, parsed.blocks, lambda t: len(t.split()), 300, 0)
    return chunks


def flags_off_label(engine: GuardrailEngine, text: str, product: str, kind: str = "question") -> bool:
    """Whether the off-label rail flags ``text`` for ``product`` (any decision)."""
    result = engine.check(text, kind=kind, product=product)  # type: ignore[arg-type]
    return any(f.rule == "off_label" for f in result.findings)
