"""Incremental, idempotent, crash-safe ingestion of files and folders into the Store.

A file is re-processed only when its fingerprint changed (content hash,
manifest entry, path, loader and chunking settings); a changed file replaces its
old chunks; with ``prune``, documents whose file disappeared from an ingested
folder are removed. Bad files become failure entries and never touch what is
already stored. Writes go through ``Store.write_documents`` (write-ahead staged
in the registry), so a killed run is completed by the next one. A run holds the
store's inter-process writer lock from start to end: a second ingest of the same
state directory waits for the first instead of interleaving with it.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import ManifestError, ParseError
from assistant.ingest.chunking import chunk_blocks, chunk_budget
from assistant.ingest.manifest import ManifestEntry, ManifestResolver, file_sha256, path_doc_id, resolve_meta
from assistant.ingest.readers import discover, is_ingestible, parse_file
from assistant.ingest.store import Store
from assistant.types import Chunk, DocumentMeta, FileThroughput, IngestFailure, IngestReport

Progress = Callable[[str, int, int], None]

LOADER_VERSION = "18"
"""Bump when a loader or the chunker changes output, so unchanged files are re-ingested once."""

WRITE_BATCH_CHUNKS = 256
"""Chunks embedded per write: large batches let the embedder sort by length and pad little."""

CRASH_ENV = "ASSISTANT_TEST_CRASH_AFTER_DOCS"
"""Test hook: os._exit(137) after the first vector write (0) or after N committed documents."""


@dataclass
class _Target:
    """One file to consider, with the root its manifest lookup and default doc id are relative to."""

    path: Path
    root: Path


@dataclass
class _Queued:
    """A parsed, chunked document waiting for its batch to be embedded and written."""

    meta: DocumentMeta
    chunks: list[Chunk]
    fingerprint: str
    path: Path
    is_new: bool
    previous_id: str | None

    def write_item(self) -> tuple[DocumentMeta, list[Chunk], str]:
        return self.meta, self.chunks, self.fingerprint


@dataclass
class _Run:
    store: Store
    report: IngestReport = field(default_factory=IngestReport)
    batch: list[_Queued] = field(default_factory=list)
    batch_chunks: int = 0
    claimed: dict[str, str] = field(default_factory=dict)  # doc_id -> file that claimed it this run
    replaced: list[str] = field(default_factory=list)  # old doc ids superseded by a new id
    committed: int = 0
    changed: bool = False

    def fail(self, path: Path | str, error: str) -> None:
        self.report.failed.append(IngestFailure(path=str(path), error=error))

    def stored(self, item: _Queued) -> None:
        """Count a document whose new version is committed."""
        if item.is_new:
            self.report.added += 1
        else:
            self.report.updated += 1
        if item.previous_id is not None and item.previous_id != item.meta.doc_id:
            self.replaced.append(item.previous_id)


def _crash_hook(run: _Run) -> Callable[[], None] | None:
    limit = os.environ.get(CRASH_ENV)
    if limit is None:
        return None

    def step() -> None:
        if run.committed >= int(limit):
            os._exit(137)
        run.committed += 1

    return step


def _targets(paths: list[Path], run: _Run) -> tuple[list[_Target], list[Path]]:
    """Files to ingest and the folders they came from (for prune); missing paths are failures."""
    targets: list[_Target] = []
    folders: list[Path] = []
    for raw in paths:
        path = raw.expanduser()
        if not path.exists():
            run.fail(raw, "no such file or directory")
        elif path.is_dir():
            root = path.resolve()
            folders.append(root)
            targets.extend(_Target(f.resolve(), root) for f in discover(root))
        elif is_ingestible(path):
            targets.append(_Target(path.resolve(), path.resolve().parent))
        else:
            run.fail(raw, f"unsupported file type {path.suffix!r} (supported: .xml .pdf .pptx .md .markdown .txt)")
    return targets, folders


def _fingerprint(sha: str, entry: ManifestEntry | None, doc_id: str, target: _Target, store: Store) -> str:
    s = store.settings
    basis = {
        "sha256": sha,
        "entry": entry.overrides() if entry else {},
        "doc_id": doc_id,
        "path": str(target.path),
        "loader": LOADER_VERSION,
        "chunking": [chunk_budget(s), s.chunk_overlap_tokens, s.embed_model, s.embed_max_tokens],
    }
    return hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()


def _flush(run: _Run, hook: Callable[[], None] | None) -> None:
    """Embed and write the queued documents; if the batch fails, retry one by one so only the culprit fails."""
    if not run.batch:
        return
    batch, run.batch, run.batch_chunks, run.changed = run.batch, [], 0, True
    try:
        run.store.write_documents([item.write_item() for item in batch], after_step=hook)
    except Exception:  # isolate the document that broke the batch
        run.store.unstage([item.meta.doc_id for item in batch])
        for item in batch:
            _write_alone(run, item, hook)
        return
    for item in batch:
        run.stored(item)


def _write_alone(run: _Run, item: _Queued, hook: Callable[[], None] | None) -> None:
    try:
        run.store.write_documents([item.write_item()], after_step=hook)
    except Exception as exc:  # its previously stored version stays as it was
        run.store.unstage([item.meta.doc_id])
        run.fail(item.path, describe_failure("embed and store", exc))
        return
    run.stored(item)


def describe_failure(stage: str, exc: BaseException) -> str:
    """A sentence a user can act on, naming the step and the library that gave up.

    e.g. "could not parse this file: Reached maximum number of tokens per stream
    (pypdf LimitReachedError); it was skipped and nothing stored for it changed".
    """
    if isinstance(exc, ParseError):
        return exc.reason
    library = type(exc).__module__.split(".")[0]
    origin = type(exc).__name__ if library in ("builtins", "assistant") else f"{library} {type(exc).__name__}"
    detail = str(exc).strip().rstrip(".") or "no details given"
    return f"could not {stage} this file: {detail} ({origin}); it was skipped and nothing stored for it changed"


def _ingest_file(run: _Run, target: _Target, resolver: ManifestResolver, by_source: dict[str, str]) -> None:
    """One file, isolated: whatever goes wrong becomes a failure entry and the batch goes on."""
    stage = ["read"]
    try:
        _ingest_one(run, target, resolver, by_source, stage)
    except Exception as exc:  # any library error in one file must not end the batch
        run.fail(target.path, describe_failure(stage[0], exc))


def _ingest_one(
    run: _Run, target: _Target, resolver: ManifestResolver, by_source: dict[str, str], stage: list[str]
) -> None:
    """Decide unchanged / added / updated for one file and queue its chunks; failures are recorded."""
    store, path = run.store, target.path
    try:
        entry = resolver.entry_for(path)
    except ManifestError as exc:
        run.fail(path, str(exc))
        return
    previous_id = by_source.get(str(path))
    doc_id = (entry.doc_id if entry and entry.doc_id else None) or previous_id or path_doc_id(path, target.root)
    if doc_id in run.claimed:
        run.fail(path, f"doc_id {doc_id!r} is already used by {run.claimed[doc_id]}")
        return
    run.claimed[doc_id] = str(path)
    try:
        sha = file_sha256(path)
    except OSError as exc:
        run.fail(path, f"cannot read file: {exc}")
        return
    fingerprint = _fingerprint(sha, entry, doc_id, target, store)
    existing = store.registry.fingerprint(doc_id)
    if existing == fingerprint and store.registry.chunk_count(doc_id) > 0:
        run.report.unchanged += 1
        return  # (a stored document without chunks is broken, e.g. by an old concurrent-write bug: redo it)
    started = time.perf_counter()
    stage[0] = "parse"
    try:
        parsed = parse_file(path)
    except ParseError as exc:
        run.fail(path, exc.reason)
        return
    stage[0] = "chunk"
    meta = resolve_meta(parsed.meta.model_copy(update={"doc_id": doc_id}), entry, path, target.root, sha)
    chunks = chunk_blocks(
        meta,
        parsed.blocks,
        store.embedder.count_tokens,
        chunk_budget(store.settings),
        store.settings.chunk_overlap_tokens,
    )
    if not chunks:
        run.fail(path, "no text to index after chunking")
        return
    run.report.warnings.extend(f"{path}: {w}" for w in parsed.warnings)
    pages = max((b.page or 0 for b in parsed.blocks), default=0) or None
    run.report.files.append(
        FileThroughput(path=str(path), pages=pages, chunks=len(chunks), seconds=time.perf_counter() - started)
    )
    is_new = existing is None and previous_id is None
    run.batch.append(_Queued(meta, chunks, fingerprint, path, is_new, previous_id))
    run.batch_chunks += len(chunks)


def _prune(run: _Run, folders: list[Path], seen: set[str], by_source: dict[str, str]) -> None:
    """Remove documents that came from under an ingested folder but whose file is no longer there."""
    for source, doc_id in sorted(by_source.items()):
        if source in seen or doc_id in run.claimed:
            continue
        if any(Path(source).is_relative_to(folder) for folder in folders):
            run.store.discard(doc_id)
            run.report.removed += 1
            run.changed = True


def _throughput_label(stats: FileThroughput) -> str:
    pages = f"{stats.pages} pages, " if stats.pages else ""
    rate = f", {stats.pages / stats.seconds:.1f} pages/s" if stats.pages and stats.seconds > 0 else ""
    return f"{Path(stats.path).name}: {pages}{stats.chunks} chunks in {stats.seconds:.1f} s{rate}"


def ingest_paths(store: Store, paths: list[Path], progress: Progress | None = None, prune: bool = True) -> IngestReport:
    """Ingest files and folders; see the module docstring for the guarantees."""
    with store.writing():
        return _ingest_locked(store, paths, progress, prune)


def _ingest_locked(store: Store, paths: list[Path], progress: Progress | None, prune: bool) -> IngestReport:
    run = _Run(store)
    store.reconcile()
    targets, folders = _targets(paths, run)
    by_source = store.registry.doc_ids_by_source()
    resolvers: dict[Path, ManifestResolver] = {}
    hook = _crash_hook(run)
    for done, target in enumerate(targets):
        if progress is not None:
            progress(target.path.name, done, len(targets))
        resolver = resolvers.setdefault(target.root, ManifestResolver(target.root))
        parsed_before = len(run.report.files)
        _ingest_file(run, target, resolver, by_source)
        if progress is not None and len(run.report.files) > parsed_before:
            progress(_throughput_label(run.report.files[-1]), done + 1, len(targets))
        if run.batch_chunks >= WRITE_BATCH_CHUNKS:
            _flush(run, hook)
    _flush(run, hook)
    for old_id in run.replaced:
        run.changed = store.discard(old_id) or run.changed
    if prune and folders:
        _prune(run, folders, {str(t.path) for t in targets}, by_source)
    if run.changed:
        store.finish_writes()
    if progress is not None:
        progress("done", len(targets), len(targets))
    run.report.chunks = store.count()
    return run.report
