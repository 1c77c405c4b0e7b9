"""A guardrail engine over an invented label given as (section path, LOINC codes, text) rows, the
shape in which SPL and PDF labels reach the profile builder."""

from __future__ import annotations

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
