"""The index every other layer reads: Chroma (dense, via llama-index) + bm25s + SQLite registry.

The registry is the source of truth; Chroma and BM25 are derived from it and
repaired from it (``reconcile``) whenever a previous write may have been cut
short. Embeddings always come from our offline :class:`Embedder`, never from
Chroma's downloading default.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import chromadb

from assistant.config import Settings
from assistant.embeddings import Embedder
from assistant.errors import StoreError
from assistant.ingest.bm25 import BM25Index
from assistant.ingest.chunking import embed_text
from assistant.ingest.registry import Registry
from assistant.types import Chunk, ChunkFilter, DocumentMeta, DocumentSummary, ScoredChunk

_WRITE_BATCH = 1000  # below Chroma's max batch size (5461 on SQLite)


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


def _filter_fields(flt: ChunkFilter | None) -> list[tuple[str, list[str]]]:
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
    clauses: list[dict[str, Any]] = [
        {key: {"$in": values or ["\x00none"]}} for key, values in _filter_fields(flt)
    ]
    if answerable_only:
        clauses.append({"answerable": True})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def matches(chunk: Chunk, flt: ChunkFilter | None) -> bool:
    """Python twin of :func:`chroma_where` for the registry-backed paths."""
    meta = chunk.meta
    values = {
        "product": meta.product or "",
        "doc_type": meta.doc_type,
        "therapeutic_area": meta.therapeutic_area or "",
        "status": meta.status,
        "doc_id": chunk.doc_id,
    }
    return all(values[key] in allowed for key, allowed in _filter_fields(flt))


def _client(settings: Settings) -> Any:
    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(
            settings.chroma_url if "://" in settings.chroma_url else f"http://{settings.chroma_url}"
        )
        ssl = url.scheme == "https"
        port = url.port or (443 if ssl else 8000)
        return chromadb.HttpClient(
            host=url.hostname or "localhost", port=port, ssl=ssl, settings=chroma_settings
        )
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


class Store:
    """Stored documents and chunks, with dense and lexical search restricted by ChunkFilter."""

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        self.registry = Registry(settings.registry_path)
        try:
            self._collection = _client(settings).get_or_create_collection(
                settings.collection,
                embedding_function=embedder.as_chroma(),
                metadata={"hnsw:space": "cosine"},
            )
        except Exception as exc:  # chromadb raises many types (connection, value, internal)
            where = settings.chroma_url or settings.chroma_dir
            raise StoreError(
                f"cannot open Chroma collection {settings.collection!r} at {where}: {exc}"
            ) from exc
        self._vectors: Any = None  # llama-index ChromaVectorStore, created on first write (slow import)
        self._lock = threading.RLock()
        self._cache_version = -1
        self._chunks: list[Chunk] = []
        self._allowed: dict[str, set[str]] = {}
        self._bm25: BM25Index | None = None
        self.reconcile()

    # --- reading -------------------------------------------------------------------
    @property
    def version(self) -> str:
        return str(self.registry.version)

    def count(self) -> int:
        return self.registry.count()

    def documents(self) -> list[DocumentSummary]:
        docs = [DocumentSummary(meta=m, chunks=n) for m, n in self.registry.documents()]
        return sorted(
            docs, key=lambda d: (d.meta.product or "", d.meta.doc_type, d.meta.title, d.meta.doc_id)
        )

    def get_document(self, doc_id: str) -> DocumentMeta | None:
        return self.registry.get_document(doc_id)

    def _cached_chunks(self) -> list[Chunk]:
        with self._lock:
            version = self.registry.version
            if version != self._cache_version:
                self._chunks = self.registry.all_chunks()
                self._allowed = {}
                self._cache_version = version
            return self._chunks

    def all_chunks(self, flt: ChunkFilter | None = None) -> list[Chunk]:
        chunks = self._cached_chunks()
        return list(chunks) if flt is None else [c for c in chunks if matches(c, flt)]

    def get_chunks(self, chunk_ids: list[str]) -> list[Chunk]:
        """Chunks in the order asked for; unknown ids are skipped."""
        found = self.registry.get_chunks(chunk_ids)
        return [found[c] for c in chunk_ids if c in found]

    # --- search --------------------------------------------------------------------
    def dense_search(self, query: str, k: int, flt: ChunkFilter | None = None) -> list[ScoredChunk]:
        """Cosine similarity between the query and chunk vectors, filtered inside Chroma."""
        if k <= 0 or not query.strip() or self.registry.count() == 0:
            return []
        vector = self.embedder.embed_query(query)
        result = self._collection.query(
            query_embeddings=[vector],
            n_results=k,
            where=chroma_where(flt, answerable_only=True),
            include=["distances"],
        )
        ids, distances = result["ids"][0], (result["distances"] or [[]])[0]
        chunks = {c.chunk_id: c for c in self.get_chunks(list(ids))}
        out = []
        for cid, distance in zip(ids, distances, strict=True):
            if cid in chunks:
                sim = 1.0 - float(distance)
                out.append(ScoredChunk(chunk=chunks[cid], score=sim, scores={"dense": sim}))
        return out

    def _allowed_ids(self, flt: ChunkFilter | None) -> set[str]:
        """Answerable chunk ids passing the filter, cached per store version and filter."""
        chunks = self._cached_chunks()
        key = flt.model_dump_json() if flt is not None else "none"
        with self._lock:
            if key not in self._allowed:
                self._allowed[key] = {c.chunk_id for c in chunks if c.answerable and matches(c, flt)}
            return self._allowed[key]

    def _lexical(self) -> BM25Index:
        with self._lock:
            version = self.registry.version
            if self._bm25 is None or self._bm25.version != version:
                loaded = BM25Index.load(self.settings.bm25_dir)
                self._bm25 = loaded if loaded and loaded.version == version else self.rebuild_bm25()
            return self._bm25

    def bm25_search(self, query: str, k: int, flt: ChunkFilter | None = None) -> list[ScoredChunk]:
        index = self._lexical()
        hits = index.search(query, k, allowed=self._allowed_ids(flt))
        chunks = {c.chunk_id: c for c in self.get_chunks([cid for cid, _ in hits])}
        return [ScoredChunk(chunk=chunks[c], score=s, scores={"bm25": s}) for c, s in hits if c in chunks]

    # --- writing -------------------------------------------------------------------
    def embed_chunks(self, chunks: list[Chunk]) -> list[list[float]]:
        texts = [embed_text(c, self.embedder.count_tokens) for c in chunks]
        return self.embedder.embed(texts).tolist()

    def _add_vectors(self, chunks: list[Chunk], vectors: list[list[float]]) -> None:
        """Write through llama-index's ChromaVectorStore (TextNodes with flat metadata, our vectors)."""
        from llama_index.core.schema import BaseNode, NodeRelationship, RelatedNodeInfo, TextNode
        from llama_index.vector_stores.chroma import ChromaVectorStore

        if self._vectors is None:
            self._vectors = ChromaVectorStore.from_collection(self._collection)
        for start in range(0, len(chunks), _WRITE_BATCH):
            part = chunks[start : start + _WRITE_BATCH]
            ids = [c.chunk_id for c in part]
            self._collection.delete(ids=ids)  # Chroma's add keeps an existing id's stale metadata
            nodes: list[BaseNode] = [
                TextNode(
                    id_=c.chunk_id,
                    text=c.text,
                    embedding=vec,
                    metadata=chunk_metadata(c),
                    relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=c.doc_id)},
                )
                for c, vec in zip(part, vectors[start : start + _WRITE_BATCH], strict=True)
            ]
            self._vectors.add(nodes)

    def write_documents(
        self, docs: list[tuple[DocumentMeta, list[Chunk], str]], after_step: Callable[[], None] | None = None
    ) -> None:
        """Stage, embed, write Chroma, then commit each (meta, chunks, fingerprint); see Registry.

        ``after_step`` runs after the vector write and after each commit (a test hook
        that lets the crash-recovery tests die at exactly those points).
        """
        if not docs:
            return
        for meta, chunks, fingerprint in docs:
            self.registry.stage(meta, chunks, fingerprint)
        all_chunks = [c for _, chunks, _ in docs for c in chunks]
        self._add_vectors(all_chunks, self.embed_chunks(all_chunks))
        if after_step is not None:
            after_step()
        for meta, chunks, _ in docs:
            stale = self.registry.chunk_ids(meta.doc_id) - {c.chunk_id for c in chunks}
            if stale:
                self._collection.delete(ids=sorted(stale))
            self.registry.commit(meta.doc_id)
            if after_step is not None:
                after_step()

    def finish_writes(self) -> None:
        """After a batch of writes: persist the lexical index and clear the dirty flag."""
        with self._lock:
            self._bm25 = self.rebuild_bm25()
        self.registry.mark_clean()

    def remove(self, doc_id: str) -> bool:
        """Remove a document and all its chunks from the registry, Chroma and BM25."""
        existed = self.discard(doc_id)
        if existed:
            self.finish_writes()
        else:
            self.registry.mark_clean()
        return existed

    def discard(self, doc_id: str) -> bool:
        """Remove from the registry and Chroma; the caller runs ``finish_writes`` (BM25) once after."""
        existed = self.registry.delete(doc_id)
        self._collection.delete(where={"doc_id": doc_id})
        return existed

    def rebuild_bm25(self) -> BM25Index:
        chunks = self._cached_chunks()
        index = BM25Index.build(
            [c.chunk_id for c in chunks],
            [embed_text(c, self.embedder.count_tokens) for c in chunks],
            self.registry.version,
        )
        index.save(self.settings.bm25_dir)
        return index

    # --- recovery ------------------------------------------------------------------
    def _chroma_ids(self) -> set[str]:
        ids: set[str] = set()
        total = self._collection.count()
        for offset in range(0, total, 5000):
            ids.update(self._collection.get(include=[], limit=5000, offset=offset)["ids"])
        return ids

    def reconcile(self) -> None:
        """Finish or undo whatever an interrupted write left behind; cheap when nothing did."""
        staged = self.registry.staged()
        if not staged and not self.registry.dirty and self._collection.count() == self.registry.count():
            return
        with self._lock:
            if staged:
                self.write_documents(staged)
            wanted = self.registry.chunk_ids()
            present = self._chroma_ids()
            extra = sorted(present - wanted)
            for start in range(0, len(extra), _WRITE_BATCH):
                self._collection.delete(ids=extra[start : start + _WRITE_BATCH])
            missing = self.get_chunks(sorted(wanted - present))
            if missing:
                self._add_vectors(missing, self.embed_chunks(missing))
            self.finish_writes()
