"""SQLite registry: the source of truth for which documents and chunks are stored.

Crash safety is a write-ahead protocol around the vector store:

1. ``stage`` records the document's new metadata and chunks (``staged_*`` tables)
   and sets the ``dirty`` flag — before Chroma is touched;
2. the caller writes Chroma;
3. ``commit`` swaps the staged rows in as the document's committed chunks in one
   transaction and bumps ``version``.

After a kill at any point, a staged document is redone from its staged rows and
Chroma ids that no committed chunk owns are deleted (see ``Store.reconcile``).
Chunk JSON is stored without its DocumentMeta (kept once per document).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.types import Chunk, DocumentMeta

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, meta TEXT NOT NULL, fingerprint TEXT NOT NULL, source_path TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, ordinal INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks (doc_id, ordinal);
CREATE TABLE IF NOT EXISTS staged_documents (
    doc_id TEXT PRIMARY KEY, meta TEXT NOT NULL, fingerprint TEXT NOT NULL, source_path TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS staged_chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, ordinal INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _chunk_body(chunk: Chunk) -> str:
    return chunk.model_dump_json(exclude={"meta"})


def _chunk_from(body: str, meta: DocumentMeta) -> Chunk:
    data = json.loads(body)
    data["meta"] = meta
    return Chunk.model_validate(data)


class Registry:
    """Thread-safe access to the registry database (one connection, serialized)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.RLock()

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query(self, sql: str, params: Iterable[object] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            return list(self._conn.execute(sql, tuple(params)))

    # --- state flags -----------------------------------------------------------
    def _get_state(self, key: str, default: str) -> str:
        rows = self._query("SELECT value FROM state WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else default

    @staticmethod
    def _set_state(conn: sqlite3.Connection, key: str, value: str) -> None:
        conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value))

    @property
    def version(self) -> int:
        return int(self._get_state("version", "0"))

    @property
    def dirty(self) -> bool:
        return self._get_state("dirty", "0") == "1"

    def mark_dirty(self) -> None:
        """Say a vector-store write is in progress; cleared by ``mark_clean`` after it finished."""
        with self._tx() as conn:
            self._set_state(conn, "dirty", "1")

    def mark_clean(self) -> None:
        with self._tx() as conn:
            self._set_state(conn, "dirty", "0")

    # --- documents ------------------------------------------------------------
    def documents(self) -> list[tuple[DocumentMeta, int]]:
        rows = self._query("SELECT d.meta, (SELECT COUNT(*) FROM chunks c WHERE c.doc_id = d.doc_id) FROM documents d")
        return [(DocumentMeta.model_validate_json(str(meta)), int(str(n))) for meta, n in rows]

    def get_document(self, doc_id: str) -> DocumentMeta | None:
        rows = self._query("SELECT meta FROM documents WHERE doc_id = ?", (doc_id,))
        return DocumentMeta.model_validate_json(str(rows[0][0])) if rows else None

    def doc_ids_by_source(self) -> dict[str, str]:
        """source_path → doc_id of every committed document (used for prune and id clashes)."""
        return {str(src): str(doc) for doc, src in self._query("SELECT doc_id, source_path FROM documents")}

    def fingerprint(self, doc_id: str) -> str | None:
        """What the committed version was built from (file hash, manifest entry, chunking settings)."""
        rows = self._query("SELECT fingerprint FROM documents WHERE doc_id = ?", (doc_id,))
        return str(rows[0][0]) if rows else None

    def chunk_ids(self, doc_id: str | None = None) -> set[str]:
        if doc_id is None:
            return {str(r[0]) for r in self._query("SELECT chunk_id FROM chunks")}
        return {str(r[0]) for r in self._query("SELECT chunk_id FROM chunks WHERE doc_id = ?", (doc_id,))}

    def chunk_count(self, doc_id: str) -> int:
        return int(str(self._query("SELECT COUNT(*) FROM chunks WHERE doc_id = ?", (doc_id,))[0][0]))

    def kind_counts(self) -> dict[str, tuple[int, int]]:
        """doc_id → (chunks, speaker-notes chunks) of every committed document, in one pass."""
        rows = self._query(
            "SELECT doc_id, COUNT(*), SUM(json_extract(body, '$.kind') = 'notes') FROM chunks GROUP BY doc_id"
        )
        return {str(d): (int(str(n)), int(str(notes or 0))) for d, n, notes in rows}

    def count(self) -> int:
        return int(str(self._query("SELECT COUNT(*) FROM chunks")[0][0]))

    # --- chunks -----------------------------------------------------------------
    def metas(self) -> dict[str, DocumentMeta]:
        """doc_id → metadata of every committed document (documents are few; chunks are many)."""
        return {
            str(d): DocumentMeta.model_validate_json(str(m))
            for d, m in self._query("SELECT doc_id, meta FROM documents")
        }

    def iter_chunks(self, doc_ids: list[str] | None = None) -> Iterator[Chunk]:
        """Committed chunks in (doc_id, ordinal) order, of ``doc_ids`` only when given; built one at a time."""
        metas = self.metas()
        if doc_ids is None:
            rows = self._query("SELECT doc_id, body FROM chunks ORDER BY doc_id, ordinal")
        else:
            rows, wanted = [], sorted(doc_ids)
            for start in range(0, len(wanted), 500):
                batch = wanted[start : start + 500]
                marks = ",".join("?" * len(batch))
                sql = f"SELECT doc_id, body FROM chunks WHERE doc_id IN ({marks}) ORDER BY doc_id, ordinal"
                rows += self._query(sql, batch)
        for doc, body in rows:
            yield _chunk_from(str(body), metas[str(doc)])

    def all_chunks(self) -> list[Chunk]:
        return list(self.iter_chunks())

    def get_chunks(self, chunk_ids: list[str]) -> dict[str, Chunk]:
        if not chunk_ids:
            return {}
        out: dict[str, Chunk] = {}
        metas: dict[str, DocumentMeta] = {}
        for start in range(0, len(chunk_ids), 500):
            batch = chunk_ids[start : start + 500]
            marks = ",".join("?" * len(batch))
            for cid, doc, body in self._query(
                f"SELECT chunk_id, doc_id, body FROM chunks WHERE chunk_id IN ({marks})", batch
            ):
                doc_id = str(doc)
                if doc_id not in metas:
                    meta = self.get_document(doc_id)
                    if meta is None:
                        continue
                    metas[doc_id] = meta
                out[str(cid)] = _chunk_from(str(body), metas[doc_id])
        return out

    # --- write-ahead protocol -----------------------------------------------------
    def stage(self, meta: DocumentMeta, chunks: list[Chunk], fingerprint: str = "") -> None:
        """Record a document's new version before any vector-store write."""
        with self._tx() as conn:
            self._set_state(conn, "dirty", "1")
            conn.execute("DELETE FROM staged_chunks WHERE doc_id = ?", (meta.doc_id,))
            conn.execute(
                "INSERT OR REPLACE INTO staged_documents (doc_id, meta, fingerprint, source_path) VALUES (?, ?, ?, ?)",
                (meta.doc_id, meta.model_dump_json(), fingerprint, meta.source_path),
            )
            conn.executemany(
                "INSERT OR REPLACE INTO staged_chunks (chunk_id, doc_id, ordinal, body) VALUES (?, ?, ?, ?)",
                [(c.chunk_id, c.doc_id, c.ordinal, _chunk_body(c)) for c in chunks],
            )

    def staged(self) -> list[tuple[DocumentMeta, list[Chunk], str]]:
        """Documents whose vector-store write may not have finished (for crash recovery)."""
        out = []
        for doc_id, meta_json, fp in self._query(
            "SELECT doc_id, meta, fingerprint FROM staged_documents ORDER BY doc_id"
        ):
            meta = DocumentMeta.model_validate_json(str(meta_json))
            rows = self._query("SELECT body FROM staged_chunks WHERE doc_id = ? ORDER BY ordinal", (str(doc_id),))
            out.append((meta, [_chunk_from(str(r[0]), meta) for r in rows], str(fp)))
        return out

    def unstage(self, doc_ids: list[str]) -> None:
        """Drop staged versions whose write failed; the committed versions stay as they were."""
        with self._tx() as conn:
            for doc_id in doc_ids:
                conn.execute("DELETE FROM staged_chunks WHERE doc_id = ?", (doc_id,))
                conn.execute("DELETE FROM staged_documents WHERE doc_id = ?", (doc_id,))

    def commit(self, doc_id: str) -> bool:
        """Make a staged document the committed one, atomically; False when nothing is staged for it.

        Committed chunks are only ever replaced by a staged version, never dropped:
        a commit that finds no staged row (someone else committed or deleted it
        first) changes nothing. Without this check such a commit deleted the
        document's chunks and inserted none, leaving it with 0 chunks.
        """
        with self._tx() as conn:
            if conn.execute("SELECT 1 FROM staged_documents WHERE doc_id = ?", (doc_id,)).fetchone() is None:
                return False
            conn.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
            conn.execute(
                "INSERT INTO chunks SELECT chunk_id, doc_id, ordinal, body FROM staged_chunks WHERE doc_id = ?",
                (doc_id,),
            )
            conn.execute("INSERT OR REPLACE INTO documents SELECT * FROM staged_documents WHERE doc_id = ?", (doc_id,))
            conn.execute("DELETE FROM staged_chunks WHERE doc_id = ?", (doc_id,))
            conn.execute("DELETE FROM staged_documents WHERE doc_id = ?", (doc_id,))
            self._set_state(conn, "version", str(self.version + 1))
        return True

    def delete(self, doc_id: str) -> bool:
        """Forget a document and its chunks (committed or staged); True when it existed."""
        with self._tx() as conn:
            existed = conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None
            self._set_state(conn, "dirty", "1")
            for table in ("chunks", "documents", "staged_chunks", "staged_documents"):
                conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
            if existed:
                self._set_state(conn, "version", str(self.version + 1))
        return existed
