"""Server mode: a real `chroma run` on 127.0.0.1, used through chromadb.HttpClient by the Store."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.embeddings import get_embedder
from assistant.ingest.pipeline import ingest_paths
from assistant.ingest.store import Store
from assistant.types import ChunkFilter

CHROMA = Path(sys.executable).parent / "chroma"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_heartbeat(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("chroma server did not answer its heartbeat")


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    if not CHROMA.exists():
        pytest.skip("chroma CLI not installed in the venv")
    port = _free_port()
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "server-db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_heartbeat(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
