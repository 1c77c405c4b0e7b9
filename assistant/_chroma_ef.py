"""Chroma embedding-function adapter (kept apart so importing embeddings stays light)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

if TYPE_CHECKING:
    from assistant.embeddings import Embedder


class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Lets Chroma embed with the project's offline model."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return [row for row in self._embedder.embed(list(input))]

    @staticmethod
    def name() -> str:
        return "msl-assistant-minilm-int8"

    def get_config(self) -> dict[str, Any]:
        return {"model": self._embedder.model_name}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        from assistant.embeddings import get_embedder

        return ChromaEmbeddingFunction(get_embedder(config.get("model", "all-MiniLM-L6-v2-int8")))
