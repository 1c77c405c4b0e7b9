"""The index every other layer reads: Chroma (dense, via llama-index) + bm25s + SQLite registry.

The registry is the source of truth; Chroma and BM25 are derived from it and
repaired from it (``reconcile``) whenever a previous write may have been cut
short. Embeddings always come from our offline :class:`Embedder`, never from
Chroma's downloading default.

Several processes may open one state directory (CLI ``ask``, the Streamlit app,
an ingest). Every write holds the inter-process :class:`WriterLock`; a reader
never writes: it repairs an interrupted write on open only when it can take the
lock, and while another process writes it keeps using the last persisted BM25
index instead of rebuilding one per commit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from chromadb.errors import ChromaError

from assistant.config import Settings
from assistant.embeddings import Embedder
from assistant.errors import StoreError
from assistant.ingest.bm25 import BM25Index
from assistant.ingest.chunking import embed_text
from assistant.ingest.lock import WriterLock
from assistant.ingest.registry import Registry
from assistant.ingest.vectors import VectorIndex, chroma_where, filter_fields
from assistant.types import Chunk, ChunkFilter, DocumentMeta, DocumentSummary, ScoredChunk

_POST_FILTER_MIN_SHARE = 0.3
"""dense_search over-fetches and filters hits itself when at least this share of chunks passes the filter."""


def meta_matches(meta: DocumentMeta, flt: ChunkFilter | None) -> bool:
    """Python twin of :func:`chroma_where` (without ``answerable``): every filter field is a document field."""
    values = {
        "product": meta.product or "",
        "doc_type": meta.doc_type,
        "therapeutic_area": meta.therapeutic_area or "",
        "status": meta.status,
        "doc_id": meta.doc_id,
    }
    return all(values[key] in allowed for key, allowed in filter_fields(flt))


def matches(chunk: Chunk, flt: ChunkFilter | None) -> bool:
    return meta_matches(chunk.meta, flt)


class Store:
    """Stored documents and chunks, with dense and lexical search restricted by ChunkFilter."""

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        self.registry = Registry(settings.registry_path)
        self.writer = WriterLock(settings.data_dir)
        self.vectors = VectorIndex(settings, embedder)
        self._vectors_seen = self.registry.version  # registry version the Chroma handle is known to reflect
        self._lock = threading.RLock()
        self._cache_version = -1
        self._chunks: list[Chunk] = []
        self._metas_version = -1
        self._counts_version = -1
        self._counts: dict[str, tuple[int, int]] = {}
        self._metas: dict[str, DocumentMeta] = {}
        self._bm25: BM25Index | None = None
        self._bm25_stamp: tuple[int, int] | None = None
        self.reconcile(wait=False)

    @property
    def _collection(self) -> Any:
        """The raw Chroma collection (tests and benchmarks compare its ids with the registry)."""
        return self.vectors.collection

    # --- reading -------------------------------------------------------------------
    @property
    def version(self) -> str:
        return str(self.registry.version)

    def count(self) -> int:
        return self.registry.count()

    def documents(self) -> list[DocumentSummary]:
        docs = [DocumentSummary(meta=m, chunks=n) for m, n in self.registry.documents()]
        return sorted(docs, key=lambda d: (d.meta.product or "", d.meta.doc_type, d.meta.title, d.meta.doc_id))

    def get_document(self, doc_id: str) -> DocumentMeta | None:
        return self.registry.get_document(doc_id)

    def _doc_metas(self) -> dict[str, DocumentMeta]:
        """Every document's metadata, cached per registry version (documents are few, chunks many)."""
        with self._lock:
            version = self.registry.version
            if version != self._metas_version:
                self._metas, self._metas_version = self.registry.metas(), version
            return self._metas

    def _allowed_docs(self, flt: ChunkFilter | None) -> frozenset[str] | None:
        """Documents passing the filter; None when the filter restricts nothing."""
        if not filter_fields(flt):
            return None
        return frozenset(doc_id for doc_id, meta in self._doc_metas().items() if meta_matches(meta, flt))

    def all_chunks(self, flt: ChunkFilter | None = None) -> list[Chunk]:
        """Every stored chunk (or those of the documents passing ``flt``), in document order.

        The unfiltered list is cached per registry version (callers derive term
        statistics and catalogs from it: ~5 KB of memory per chunk); a filtered
        call reads only the matching documents' chunks unless that cache is warm.
        """
        with self._lock:
            version = self.registry.version
            if version == self._cache_version:
                return [c for c in self._chunks if matches(c, flt)] if flt else list(self._chunks)
            if flt is None:
                self._chunks, self._cache_version = self.registry.all_chunks(), version
                return list(self._chunks)
        allowed = self._allowed_docs(flt)
        return list(self.registry.iter_chunks(sorted(allowed if allowed is not None else self._doc_metas())))

    def iter_chunks(self, flt: ChunkFilter | None = None) -> Iterator[Chunk]:
        """Like :meth:`all_chunks` but one chunk at a time and uncached: for one-pass statistics at scale."""
        allowed = self._allowed_docs(flt)
        return self.registry.iter_chunks(sorted(allowed) if allowed is not None else None)

    def get_chunks(self, chunk_ids: list[str]) -> list[Chunk]:
        """Chunks in the order asked for; unknown ids are skipped."""
        found = self.registry.get_chunks(chunk_ids)
        return [found[c] for c in chunk_ids if c in found]

    # --- search --------------------------------------------------------------------
    def dense_search(self, query: str, k: int, flt: ChunkFilter | None = None) -> list[ScoredChunk]:
        """Cosine similarity between the query and the vectors of answerable chunks passing ``flt``.

        Why two paths: a Chroma ``where`` is evaluated against every row's metadata
        before the HNSW search (~0.5-0.7 s at 100,000 chunks for a broad clause
        such as ``answerable`` or ``status=approved``; the HNSW search is ~2 ms).
        When most chunks pass, over-fetching without ``where`` and filtering the
        hits is exact as long as enough hits pass; otherwise (narrow filters, or
        too few passing hits) Chroma filters.
        """
        total = self.registry.count()
        if k <= 0 or not query.strip() or total == 0:
            return []
        vector = self.embedder.embed_query(query)
        with self._lock:
            if not self.writer.held_here and self.registry.version != self._vectors_seen:
                self._reopen_vectors()  # another process committed: this handle cannot see it
        allowed = self._allowed_docs(flt)
        passing, in_docs = self._passing_counts(allowed)
        if passing == 0:
            return []
        # broad filter: no where at all; narrow one: Chroma filters documents, we drop unanswerable hits
        pool, where = (
            (total, None) if passing / total >= _POST_FILTER_MIN_SHARE else (in_docs, chroma_where(flt, False))
        )
        fetch = min(pool, int(k * pool / passing * 1.5) + 10)
        found = self._scored(self._query_vectors(vector, fetch, where), allowed)
        if len(found) >= k or fetch >= pool:
            return found[:k]
        return self._scored(self._query_vectors(vector, k, chroma_where(flt, answerable_only=True)), allowed)

    def _passing_counts(self, allowed: frozenset[str] | None) -> tuple[int, int]:
        """(answerable chunks, all chunks) of the ``allowed`` documents (all documents when None)."""
        with self._lock:
            version = self.registry.version
            if version != self._counts_version:
                self._counts, self._counts_version = self.registry.kind_counts(), version
            counts = self._counts
        metas = self._doc_metas()
        chosen = [(d, n, notes) for d, (n, notes) in counts.items() if d in metas and (allowed is None or d in allowed)]
        passing = sum(n if metas[d].notes_approved else n - notes for d, n, notes in chosen)
        return passing, sum(n for _, n, _ in chosen)

    def _query_vectors(self, vector: Any, k: int, where: dict[str, Any] | None) -> list[tuple[str, float]]:
        try:
            return self.vectors.query(vector, k, where)
        except ChromaError as exc:
            if not self.vectors.embedded:
                raise StoreError(f"Chroma query failed at {self.settings.chroma_url}: {exc}") from exc
            with self._lock:
                self._reopen_vectors()  # another process wrote vectors it has not committed yet
            return self.vectors.query(vector, k, where)

    def _scored(self, hits: list[tuple[str, float]], allowed: frozenset[str] | None) -> list[ScoredChunk]:
        """Registry chunks of the hits, best first, keeping answerable ones of allowed documents."""
        chunks = {c.chunk_id: c for c in self.get_chunks([cid for cid, _ in hits])}
        return [
            ScoredChunk(chunk=chunks[cid], score=1.0 - distance, scores={"dense": 1.0 - distance})
            for cid, distance in hits
            if cid in chunks and chunks[cid].answerable and (allowed is None or chunks[cid].doc_id in allowed)
        ]

    def _reopen_vectors(self) -> None:
        version = self.registry.version
        self.vectors.reopen()
        self._vectors_seen = version

    def _lexical(self) -> BM25Index:
        """The BM25 index of the current registry version, or, while another process writes, the last saved one."""
        with self._lock:
            version = self.registry.version
            if self._bm25 is not None and self._bm25.version == version:
                return self._bm25
            stamp = BM25Index.stamp(self.settings.bm25_dir)
            if stamp != self._bm25_stamp or self._bm25 is None:
                loaded = BM25Index.load(self.settings.bm25_dir)
                if loaded is not None:
                    self._bm25, self._bm25_stamp = loaded, stamp
            if self._bm25 is not None and self._bm25.version == version:
                return self._bm25
            with self.writing(wait=False) as locked:
                if locked:  # nobody writing: the saved index is stale after a crash
                    self._bm25 = self.rebuild_bm25()
                elif self._bm25 is None:  # first ingest still running elsewhere: index what is committed
                    self._bm25 = self._build_bm25()
            return self._bm25

    def bm25_search(self, query: str, k: int, flt: ChunkFilter | None = None) -> list[ScoredChunk]:
        index = self._lexical()
        hits = index.search(query, k, allowed_docs=self._allowed_docs(flt))
        chunks = {c.chunk_id: c for c in self.get_chunks([cid for cid, _ in hits])}
        return [ScoredChunk(chunk=chunks[c], score=s, scores={"bm25": s}) for c, s in hits if c in chunks]

    # --- writing -------------------------------------------------------------------
    @contextmanager
    def writing(self, wait: bool = True) -> Iterator[bool]:
        """Hold the inter-process writer lock (reentrant); yields False when ``wait`` is off and it is busy.

        Waits up to ``writer_lock_timeout_s``. Taking it afresh reopens the Chroma
        handle when another process wrote since this one last looked.
        """
        outermost = not self.writer.held
        if wait:
            self.writer.acquire(self.settings.writer_lock_timeout_s)
        elif not self.writer.try_acquire():
            yield False
            return
        try:
            if outermost and (self.registry.version != self._vectors_seen or self.registry.dirty):
                self._reopen_vectors()
            yield True
        finally:
            if outermost:
                self._vectors_seen = self.registry.version
            self.writer.release()

    def embed_chunks(self, chunks: list[Chunk]) -> list[list[float]]:
        texts = [embed_text(c, self.embedder.count_tokens) for c in chunks]
        return self.embedder.embed(texts).tolist()

    def write_documents(
        self, docs: list[tuple[DocumentMeta, list[Chunk], str]], after_step: Callable[[], None] | None = None
    ) -> None:
        """Stage, embed, write Chroma, then commit each (meta, chunks, fingerprint); see Registry.

        ``after_step`` runs after the vector write and after each commit (a test hook
        that lets the crash-recovery tests die at exactly those points).
        """
        if not docs:
            return
        with self.writing():
            for meta, chunks, fingerprint in docs:
                self.registry.stage(meta, chunks, fingerprint)
            all_chunks = [c for _, chunks, _ in docs for c in chunks]
            self.vectors.add(all_chunks, self.embed_chunks(all_chunks))
            if after_step is not None:
                after_step()
            for meta, chunks, _ in docs:
                stale = self.registry.chunk_ids(meta.doc_id) - {c.chunk_id for c in chunks}
                if stale:
                    self.vectors.delete(ids=sorted(stale))
                if not self.registry.commit(meta.doc_id):
                    raise StoreError(f"{meta.doc_id}: staged version vanished before commit (concurrent writer?)")
                if after_step is not None:
                    after_step()

    def unstage(self, doc_ids: list[str]) -> None:
        """Abandon a failed write: staged versions dropped, vectors written for them but now unowned removed."""
        with self.writing(), self._lock:
            self.registry.unstage(doc_ids)
            self._reconcile_locked()

    def finish_writes(self) -> None:
        """After a batch of writes: persist the lexical index and clear the dirty flag."""
        with self.writing(), self._lock:
            self._bm25 = self.rebuild_bm25()
            self.registry.mark_clean()

    def remove(self, doc_id: str) -> bool:
        """Remove a document and all its chunks from the registry, Chroma and BM25."""
        with self.writing():
            existed = self.discard(doc_id)
            if existed:
                self.finish_writes()
            else:
                self.registry.mark_clean()
        return existed

    def discard(self, doc_id: str) -> bool:
        """Remove from the registry and Chroma; the caller runs ``finish_writes`` (BM25) once after."""
        with self.writing():
            existed = self.registry.delete(doc_id)
            self.vectors.delete(doc_id=doc_id)
        return existed

    def _build_bm25(self) -> BM25Index:
        """An in-memory index of the committed chunks (not saved); chunks are read one at a time, not kept."""
        version = self.registry.version  # read first: a later commit makes the index look stale, not fresh
        ids: list[str] = []
        docs: list[str] = []
        answerable: list[bool] = []
        texts: list[str] = []
        for chunk in self.registry.iter_chunks():
            ids.append(chunk.chunk_id)
            docs.append(chunk.doc_id)
            answerable.append(chunk.answerable)
            texts.append(embed_text(chunk, self.embedder.count_tokens))
        return BM25Index.build(ids, texts, version, docs, answerable)

    def rebuild_bm25(self) -> BM25Index:
        """Build and persist the index; only the lock holder saves, so readers never race a writer's save."""
        with self.writing():
            index = self._build_bm25()
            index.save(self.settings.bm25_dir)
            self._bm25_stamp = BM25Index.stamp(self.settings.bm25_dir)
        return index

    # --- recovery ------------------------------------------------------------------
    def reconcile(self, wait: bool = True) -> bool:
        """Finish or undo whatever an interrupted write left behind; cheap when nothing did.

        Runs only under the writer lock: staged rows and unowned Chroma ids are
        "interrupted" only when no writer is alive. With ``wait=False`` (opening a
        store to read) it is skipped when another process holds the lock, and
        returns False; the writer finishes its own work.
        """
        with self.writing(wait) as locked:
            if locked:
                self._reconcile_locked()
        return locked

    def _reconcile_locked(self) -> None:
        staged = self.registry.staged()
        if not staged and not self.registry.dirty and self.vectors.count() == self.registry.count():
            return
        with self._lock:
            if staged:
                self.write_documents(staged)
            wanted = self.registry.chunk_ids()
            present = self.vectors.ids()
            self.vectors.delete(ids=sorted(present - wanted))
            missing = self.get_chunks(sorted(wanted - present))
            if missing:
                self.vectors.add(missing, self.embed_chunks(missing))
            self.finish_writes()
