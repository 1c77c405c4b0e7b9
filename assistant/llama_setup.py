"""Explicit llama-index configuration: its defaults would call OpenAI for embeddings and LLM."""

from __future__ import annotations

from typing import Any

from assistant.embeddings import Embedder


def configure_llama_index(embedder: Embedder, llm: Any = None) -> None:
    """Point llama-index's global Settings at our offline embedder and the given LLM (or none)."""
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core.llms import MockLLM

    LlamaSettings.embed_model = embedder.as_llama_index()
    LlamaSettings.llm = llm if llm is not None else MockLLM()
