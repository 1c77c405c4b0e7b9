"""One typed settings object for the whole assistant.

Every knob lives here so the CLI, the Streamlit app and the evaluation suite
read the same values. Values come, in order of precedence, from keyword
arguments, ``ASSISTANT_*`` environment variables, a named preset in
``assistant/configs/<name>.yaml`` (``ASSISTANT_PRESET``) and the defaults below.
The OpenAI-compatible endpoint is read from the standard ``OPENAI_*`` variables
so existing tooling (vLLM, Ollama, llama.cpp server, Azure) works unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PRESET_DIR = Path(__file__).parent / "configs"


class Settings(BaseSettings):
    """All configuration of the assistant; env prefix ``ASSISTANT_``."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore", frozen=False)

    # --- state -----------------------------------------------------------
    data_dir: Path = Field(default=Path("./.assistant"), description="Holds all state: index, logs, quiz DB.")
    chroma_url: str | None = Field(
        default=None, description="http://host:port of a Chroma server; unset means embedded Chroma."
    )
    collection: str = Field(default="msl_chunks", description="Chroma collection name.")
    writer_lock_timeout_s: float = Field(
        default=900.0,
        ge=0,
        description="How long an ingest/remove waits for another process writing to the same data_dir.",
    )

    # --- embeddings --------------------------------------------------------
    embed_model: str = Field(
        default="all-MiniLM-L6-v2-int8",
        description="'all-MiniLM-L6-v2-int8' (packaged ONNX) or a path to an ONNX model with tokenizer.json beside it.",
    )
    embed_max_tokens: int = Field(default=256, ge=16, le=512)
    embed_batch_size: int = Field(default=32, ge=1)

    # --- chunking ----------------------------------------------------------
    chunk_tokens: int = Field(default=300, ge=50, le=1000, description="Target chunk size in tokens.")
    chunk_overlap_tokens: int = Field(default=40, ge=0, le=200)

    # --- retrieval and answers ------------------------------------------------
    top_k: int = Field(default=8, ge=1, le=100, description="Passages handed to the composer.")
    candidate_k: int = Field(default=40, ge=1, le=1000, description="Candidates per retriever before fusion.")
    rrf_k: int = Field(default=60, ge=1)
    answer_max_words: int = Field(default=120, ge=20, le=1000)
    min_evidence_score: float = Field(
        default=0.30,
        description="Below this best-passage relevance (ScoredChunk.score, see HybridRetriever), status is "
        "insufficient_evidence. 0.30 measured on the corpus: off-topic questions score <= 0.20, answerable >= 0.30.",
    )
    allowed_statuses: list[str] = Field(default_factory=lambda: ["approved"])

    # --- generation (optional) -----------------------------------------------
    llm_model: str = Field(default="gpt-4o-mini", description="Model name at the OpenAI-compatible endpoint.")
    llm_temperature: float = 0.0
    llm_timeout_s: float = 60.0
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "ASSISTANT_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "ASSISTANT_OPENAI_BASE_URL")
    )
    generative: bool | None = Field(
        default=None, description="Force generation on/off; default: on when an endpoint or key is set."
    )

    # --- guardrails ----------------------------------------------------------
    policy_file: Path | None = Field(default=None, description="YAML policy overriding the packaged one.")

    # --- derived paths ---------------------------------------------------------
    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def bm25_dir(self) -> Path:
        return self.data_dir / "bm25"

    @property
    def registry_path(self) -> Path:
        """SQLite registry of ingested documents (source of truth for what is stored)."""
        return self.data_dir / "registry.sqlite"

    @property
    def audit_path(self) -> Path:
        return self.data_dir / "audit.jsonl"

    @property
    def quiz_db_path(self) -> Path:
        return self.data_dir / "quiz.sqlite"

    @property
    def use_llm(self) -> bool:
        """Generate with a model only when asked to, or when an endpoint is configured."""
        if self.generative is not None:
            return self.generative
        return bool(self.openai_api_key or self.openai_base_url)

    @classmethod
    def from_preset(cls, name: str, **overrides: Any) -> Settings:
        """Build settings from ``assistant/configs/<name>.yaml`` plus overrides."""
        path = PRESET_DIR / f"{name}.yaml"
        if not path.exists():
            known = sorted(p.stem for p in PRESET_DIR.glob("*.yaml"))
            raise ValueError(f"unknown preset {name!r}; known presets: {', '.join(known)}")
        values = yaml.safe_load(path.read_text()) or {}
        values.update(overrides)
        return cls(**values)


def get_settings() -> Settings:
    """Settings from the environment (``ASSISTANT_PRESET`` picks a preset); fresh each call."""
    preset = os.environ.get("ASSISTANT_PRESET")
    return Settings.from_preset(preset) if preset else Settings()
