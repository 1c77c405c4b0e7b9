"""Server mode: a real `chroma run` on 127.0.0.1, used through chromadb.HttpClient by the Store."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.embeddings import get_embedder
from assistant.ingest.pipeline import ingest_paths
from assistant.ingest.store import Store
from assistant.types import ChunkFilter
from tests.servers import free_port, running_server

CHROMA = Path(sys.executable).parent / "chroma"


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    if not CHROMA.exists():
        pytest.fail("the chroma CLI is not installed in the venv (chromadb provides it)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(CHROMA), "run", "--path", str(tmp_path / "server-db"), "--host", "127.0.0.1", "--port", str(port)]
    with running_server(command, f"{url}/api/v2/heartbeat", tmp_path / "chroma.log", timeout_s=60):
        yield url


@pytest.mark.slow
def test_ingest_and_search_through_server(chroma_url: str, data_dir: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "dosing.md").write_text("# Dosing\n\nThe recommended dose is 80 mg orally once daily with food.\n")
    (docs / "storage.md").write_text("# Storage\n\nStore the tablets at room temperature away from moisture.\n")
    settings = Settings(data_dir=data_dir, chroma_url=chroma_url)
    store = Store(settings, get_embedder())
    report = ingest_paths(store, [docs])
    assert (report.added, report.failed) == (2, [])
    assert not settings.chroma_dir.exists()  # vectors went to the server, not to embedded Chroma
    hits = store.dense_search("how much should a patient take each day?", 2, ChunkFilter())
    assert hits[0].chunk.doc_id == "dosing-md" and hits[0].score > hits[1].score
    assert store.remove("storage-md")
    reopened = Store(settings, get_embedder())
    assert [h.chunk.doc_id for h in reopened.dense_search("room temperature", 5)] == ["dosing-md"]
    assert reopened._collection.count() == reopened.count()
