"""Several processes on one state directory: nothing stored may be lost or duplicated.

Regression for "a second incremental ingest left 20 of 27 documents with 0
chunks": a process opening the store (``assistant ask``, the app, a test) ran
crash recovery on the staged rows of an ingest still in progress and committed
them; the ingest's own commits then found nothing staged and deleted the
documents' chunks.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ingest_samples import assert_consistent, write_markdown_docs
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings
from assistant.embeddings import get_embedder
from assistant.ingest.chunking import chunk_blocks, chunk_budget
from assistant.ingest.lock import WriterLock
from assistant.ingest.manifest import file_sha256, resolve_meta
from assistant.ingest.pipeline import ingest_paths
from assistant.ingest.readers import parse_file
from assistant.ingest.registry import Registry
from assistant.ingest.store import Store
from assistant.types import Chunk, DocumentMeta

_INGEST = """
import json, sys, time
from pathlib import Path
from assistant.api import Assistant
from assistant.config import Settings
assistant = Assistant(Settings(data_dir=Path(sys.argv[1])))
assistant.embedder  # load the model before timing the ingest itself
start = time.time()
report = assistant.ingest([sys.argv[2]])
print(json.dumps({"report": report.model_dump(), "start": start, "end": time.time()}))
"""

_READER = """
import json, sys, time, traceback
from pathlib import Path
from assistant.config import Settings
from assistant.embeddings import get_embedder
from assistant.ingest.store import Store
data_dir, ready, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
embedder = get_embedder()
times, errors = [], []
while not stop.exists():
    try:
        store = Store(Settings(data_dir=data_dir), embedder)  # what `assistant ask` does first
        store.dense_search("dose in moderate renal impairment", 5)
        store.bm25_search("renal impairment dose", 5)
        times.append(time.time())
    except Exception:
        errors.append(traceback.format_exc()[-1500:])
    ready.touch()
    time.sleep(0.2)  # a person asking, not a busy loop on a shared CPU
print(json.dumps({"times": times, "errors": errors}))
"""


def _prepared(store: Store, path: Path) -> tuple[DocumentMeta, list[Chunk], str]:
    """What the pipeline hands to ``write_documents`` for one file."""
    parsed = parse_file(path)
    sha = file_sha256(path)
    meta = resolve_meta(parsed.meta, None, path, path.parent, sha)
    chunks = chunk_blocks(
        meta, parsed.blocks, store.embedder.count_tokens, chunk_budget(store.settings),
        store.settings.chunk_overlap_tokens,
    )  # fmt: skip
    return meta, chunks, sha


def _zero_chunk_docs(data_dir: Path) -> list[str]:
    with sqlite3.connect(Settings(data_dir=data_dir).registry_path) as conn:
        rows = conn.execute(
            "SELECT doc_id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.doc_id = d.doc_id)"
        )
        return [str(r[0]) for r in rows]


def test_commit_with_nothing_staged_keeps_the_committed_chunks(settings: Settings, tmp_path: Path) -> None:
    store = Store(settings, get_embedder())
    meta, chunks, sha = _prepared(store, write_markdown_docs(tmp_path / "docs", 1) / "doc00.md")
    store.registry.stage(meta, chunks, sha)
    assert store.registry.commit(meta.doc_id) is True
    assert store.registry.commit(meta.doc_id) is False  # a second committer finds nothing staged
    assert store.registry.chunk_count(meta.doc_id) == len(chunks) > 0


def test_store_opened_during_a_write_neither_recovers_it_nor_loses_chunks(settings: Settings, tmp_path: Path) -> None:
    folder = write_markdown_docs(tmp_path / "docs", 3)
    writer = Store(settings, get_embedder())
    docs = [_prepared(writer, path) for path in sorted(folder.iterdir())]
    seen_by_reader: list[int] = []

    def open_a_reader() -> None:  # runs after the vector write, before the commits
        if not seen_by_reader:
            reader = Store(settings, get_embedder())
            seen_by_reader.append(len(reader.registry.staged()))

    writer.write_documents(docs, after_step=open_a_reader)
    writer.finish_writes()
    assert seen_by_reader == [3]  # the reader left the writer's staged rows alone
    assert [writer.registry.chunk_count(m.doc_id) for m, _, _ in docs] == [len(c) for _, c, _ in docs]
    assert _zero_chunk_docs(settings.data_dir) == []
    assert_consistent(Store(settings, get_embedder()))


def test_document_left_without_chunks_is_reingested(settings: Settings, tmp_path: Path) -> None:
    folder = write_markdown_docs(tmp_path / "docs", 2)
    store = Store(settings, get_embedder())
    ingest_paths(store, [folder])
    ids = assert_consistent(store)
    with sqlite3.connect(settings.registry_path) as conn:  # the state the old bug left behind
        conn.execute("DELETE FROM chunks WHERE doc_id = 'doc00-md'")
    store = Store(settings, get_embedder())
    report = ingest_paths(store, [folder])
    assert (report.updated, report.unchanged, report.failed) == (1, 1, [])
    assert assert_consistent(store) == ids


def test_writer_waits_then_gives_up_with_a_message_naming_the_holder(data_dir: Path, tmp_path: Path) -> None:
    folder = write_markdown_docs(tmp_path / "docs", 1)
    holder = WriterLock(data_dir)
    assert holder.try_acquire()
    try:
        result = CliRunner().invoke(app, ["ingest", str(folder)], env={"ASSISTANT_WRITER_LOCK_TIMEOUT_S": "1"})
    finally:
        holder.release()
    assert result.exit_code == 1
    assert "another process is writing to" in result.output and f"pid {os.getpid()}" in result.output
    assert Registry(Settings(data_dir=data_dir).registry_path).count() == 0
    result = CliRunner().invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 0 and "added 1" in result.output


def _python(script: str, *args: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _finish(proc: subprocess.Popen[str], timeout: float = 600) -> dict:  # type: ignore[type-arg]
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-3000:]
    return dict(json.loads(out.strip().splitlines()[-1]))


@pytest.mark.slow
def test_two_concurrent_ingests_of_one_folder_end_consistent(data_dir: Path, tmp_path: Path) -> None:
    folder = write_markdown_docs(tmp_path / "docs", 12)
    runs = [_finish(p) for p in [_python(_INGEST, data_dir, folder), _python(_INGEST, data_dir, folder)]]
    reports = [r["report"] for r in runs]
    assert sorted((r["added"], r["unchanged"], r["failed"]) for r in reports) == [(0, 12, []), (12, 0, [])]
    first, second = sorted(runs, key=lambda r: r["end"])
    assert second["end"] - first["end"] > 0  # the second one waited rather than interleaving
    store = Store(Settings(data_dir=data_dir), get_embedder())
    assert_consistent(store)
    assert len(store.documents()) == 12 and _zero_chunk_docs(data_dir) == []


@pytest.mark.slow
def test_reader_process_during_ingest_sees_no_errors_and_store_ends_complete(data_dir: Path, tmp_path: Path) -> None:
    old = write_markdown_docs(tmp_path / "docs", 12)
    Store(Settings(data_dir=data_dir), get_embedder())  # create the state dir
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    reader = _python(_READER, data_dir, ready, stop)
    try:
        deadline = time.monotonic() + 300
        while not ready.exists() and reader.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        first = _finish(_python(_INGEST, data_dir, old))
        write_markdown_docs(old, 12, version="v2")  # the second, incremental ingest changes every file
        second = _finish(_python(_INGEST, data_dir, old))
    finally:
        stop.touch()
    seen = _finish(reader)
    assert seen["errors"] == []
    during = [t for t in seen["times"] for run in (first, second) if run["start"] <= t <= run["end"]]
    assert during, "the reader asked nothing while an ingest ran; the test proved nothing"
    assert (first["report"]["added"], second["report"]["updated"]) == (12, 12)
    store = Store(Settings(data_dir=data_dir), get_embedder())
    ids = assert_consistent(store)
    assert _zero_chunk_docs(data_dir) == [] and len(ids) == second["report"]["chunks"]
    assert all("v2" in c.text for c in store.all_chunks() if "Fact" in c.text)


_OPEN_AT = """
import sys, time
from assistant.config import Settings
from assistant.embeddings import get_embedder
from assistant.ingest.vectors import VectorIndex
settings, embedder, start = Settings(data_dir=sys.argv[1]), get_embedder(), float(sys.argv[2])
while time.time() < start:
    time.sleep(0.001)
VectorIndex(settings, embedder)
print('{}')
"""


@pytest.mark.slow
def test_processes_opening_a_fresh_store_at_once_all_succeed(tmp_path: Path) -> None:
    """The first open creates Chroma's schema; unserialised, a second opener failed with 'table … already exists'."""
    for trial in range(2):
        state = tmp_path / f"state{trial}"
        start = time.time() + 6  # every process has imported and waits for the same instant
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _OPEN_AT, str(state), str(start)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            for _ in range(4)
        ]  # fmt: skip
        for proc in procs:
            _finish(proc)
