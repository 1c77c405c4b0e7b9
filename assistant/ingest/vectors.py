"""The Chroma side of the Store: one collection handle, its filters, and writes through llama-index.

Embedded Chroma (``PersistentClient``) keeps its HNSW index in the memory of
each process and shares one client per path inside a process; it does not
notice another process's writes. Queried after another process wrote, a
long-lived handle fails ("Nothing found on disk", "Error finding id") or
misses new vectors. So the Store reopens the handle (:meth:`VectorIndex.reopen`)
when the registry shows another process committed, and once more when a query
fails. A Chroma server (``chroma_url``) has no such problem.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.api.shared_system_client import SharedSystemClient

from assistant.config import Settings
from assistant.embeddings import Embedder
from assistant.errors import StoreError
from assistant.types import Chunk, ChunkFilter

WRITE_BATCH = 1000  # below Chroma's max batch size (5461 on SQLite)


def chunk_metadata(chunk: Chunk) -> dict[str, str | int | bool]:
    """Flat, scalar, None-free Chroma metadata used for filtering."""
    meta = chunk.meta
    out: dict[str, str | int | bool] = {
        "product": meta.product or "",
        "doc_type": meta.doc_type,
        "therapeutic_area": meta.therapeutic_area or "",
        "status": meta.status,
        "kind": chunk.kind,
        "answerable": chunk.answerable,
        "ordinal": chunk.ordinal,
        "section": chunk.section or "",
    }
    if chunk.page is not None:
        out["page"] = chunk.page
    if chunk.slide is not None:
        out["slide"] = chunk.slide
    return out


def filter_fields(flt: ChunkFilter | None) -> list[tuple[str, list[str]]]:
    """The filter's restricted fields as (metadata key, allowed values); unset fields are absent."""
    if flt is None:
        return []
    pairs = [
        ("product", flt.products),
        ("doc_type", flt.doc_types),
        ("therapeutic_area", flt.therapeutic_areas),
        ("status", flt.statuses),
        ("doc_id", flt.doc_ids),
    ]
    return [(key, [str(v) for v in values]) for key, values in pairs if values is not None]


def chroma_where(flt: ChunkFilter | None, answerable_only: bool) -> dict[str, Any] | None:
    """ChunkFilter → Chroma ``where``; an empty list matches nothing (``$in: []`` is refused)."""
    clauses: list[dict[str, Any]] = [{key: {"$in": values or ["\x00none"]}} for key, values in filter_fields(flt)]
    if answerable_only:
        clauses.append({"answerable": True})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _client(settings: Settings) -> Any:
    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url if "://" in settings.chroma_url else f"http://{settings.chroma_url}")
        ssl = url.scheme == "https"
        port = url.port or (443 if ssl else 8000)
        return chromadb.HttpClient(host=url.hostname or "localhost", port=port, ssl=ssl, settings=chroma_settings)
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


@contextmanager
def _serialised_open(settings: Settings) -> Iterator[None]:
    """Open an embedded store one process at a time.

    The first open of a fresh store creates Chroma's SQLite schema; two processes
    doing that at once race ("table collections already exists"). A short
    ``flock`` beside the store (not the writer lock, which a long ingest holds)
    makes the second opener wait the few milliseconds the first one needs.
    """
    if settings.chroma_url:
        yield
        return
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.chroma_dir.parent / ".chroma-open.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class VectorIndex:
    """The Chroma collection of one Store, reopenable when another process changed it."""

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        self.collection: Any = self._open()
        self._writer: Any = None  # llama-index ChromaVectorStore, created on first write (slow import)

    @property
    def embedded(self) -> bool:
        return not self.settings.chroma_url

    def _open(self) -> Any:
        try:
            with _serialised_open(self.settings):
                return _client(self.settings).get_or_create_collection(
                    self.settings.collection,
                    embedding_function=self.embedder.as_chroma(),
                    metadata={"hnsw:space": "cosine"},
                )
        except Exception as exc:  # chromadb raises many types (connection, value, internal)
            where = self.settings.chroma_url or self.settings.chroma_dir
            raise StoreError(f"cannot open Chroma collection {self.settings.collection!r} at {where}: {exc}") from exc

    def reopen(self) -> None:
        """A fresh embedded client that reads what other processes wrote since this one opened.

        Chroma shares one client "system" per path within a process; dropping it
        from that cache (without stopping it: other handles may still use it)
        makes the next client load the collection from disk again.
        """
        if not self.embedded:
            return
        SharedSystemClient._identifier_to_system.pop(str(self.settings.chroma_dir), None)
        SharedSystemClient._identifier_to_refcount.pop(str(self.settings.chroma_dir), None)
        self.collection = self._open()
        self._writer = None

    def query(self, vector: Any, k: int, where: dict[str, Any] | None) -> list[tuple[str, float]]:
        """(chunk id, cosine distance) of the ``k`` nearest vectors passing ``where``."""
        result = self.collection.query(query_embeddings=[vector], n_results=k, where=where, include=["distances"])
        ids, distances = result["ids"][0], (result["distances"] or [[]])[0]
        return [(str(cid), float(d)) for cid, d in zip(ids, distances, strict=True)]

    def count(self) -> int:
        return int(self.collection.count())

    def ids(self) -> set[str]:
        out: set[str] = set()
        total = self.collection.count()
        for offset in range(0, total, 5000):
            out.update(self.collection.get(include=[], limit=5000, offset=offset)["ids"])
        return out

    def delete(self, ids: list[str] | None = None, doc_id: str | None = None) -> None:
        """Delete the given ids (in batches) and/or every vector of ``doc_id``."""
        for start in range(0, len(ids or []), WRITE_BATCH):
            self.collection.delete(ids=(ids or [])[start : start + WRITE_BATCH])
        if doc_id is not None:
            self.collection.delete(where={"doc_id": doc_id})

    def add(self, chunks: list[Chunk], vectors: list[list[float]]) -> None:
        """Write through llama-index's ChromaVectorStore (TextNodes with flat metadata, our vectors)."""
        from llama_index.core.schema import BaseNode, NodeRelationship, RelatedNodeInfo, TextNode
        from llama_index.vector_stores.chroma import ChromaVectorStore

        from assistant.llama_setup import configure_llama_index

        if self._writer is None:
            configure_llama_index(self.embedder)  # before llama-index's first use: its defaults call OpenAI
            self._writer = ChromaVectorStore.from_collection(self.collection)
        for start in range(0, len(chunks), WRITE_BATCH):
            part = chunks[start : start + WRITE_BATCH]
            self.collection.delete(ids=[c.chunk_id for c in part])  # add keeps an existing id's stale metadata
            nodes: list[BaseNode] = [
                TextNode(
                    id_=c.chunk_id,
                    text=c.text,
                    embedding=vec,
                    metadata=chunk_metadata(c),
                    relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=c.doc_id)},
                )
                for c, vec in zip(part, vectors[start : start + WRITE_BATCH], strict=True)
            ]
            self._writer.add(nodes)
