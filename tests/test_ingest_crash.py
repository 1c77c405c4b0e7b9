"""kill -9 during ingest: the next run leaves Chroma, BM25 and the registry consistent, nothing duplicated."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_samples import assert_consistent

from assistant.config import Settings
from assistant.embeddings import get_embedder
from assistant.ingest.pipeline import CRASH_ENV, ingest_paths
from assistant.ingest.registry import Registry
from assistant.ingest.store import Store

_INGEST = (
    "import sys\n"
    "from pathlib import Path\n"
    "from assistant.config import Settings\n"
    "from assistant.api import Assistant\n"
    "Assistant(Settings(data_dir=Path(sys.argv[1]))).ingest([sys.argv[2]])\n"
)


def _write_docs(folder: Path, version: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(4):
        (folder / f"doc{i}.md").write_text(
            f"# Topic {i}\n\n## Part A\nFact {i} {version} about dosing. Another sentence {i}.\n\n"
            f"## Part B\nSafety note {i} {version}. Renal impairment is discussed.\n"
        )


def _killed_ingest(data_dir: Path, corpus: Path, after_docs: int) -> None:
    env = {**os.environ, CRASH_ENV: str(after_docs)}
    proc = subprocess.run(
        [sys.executable, "-c", _INGEST, str(data_dir), str(corpus)], env=env, capture_output=True, timeout=300
    )
    assert proc.returncode == 137, proc.stderr.decode()[-2000:]


@pytest.mark.parametrize("after_docs", [0, 2])
def test_killed_first_ingest_is_completed_by_next_run(tmp_path: Path, after_docs: int) -> None:
    corpus, data_dir = tmp_path / "docs", tmp_path / "state"
    _write_docs(corpus, "v1")
    _killed_ingest(data_dir, corpus, after_docs)
    left = Registry(Settings(data_dir=data_dir).registry_path)
    assert len(left.staged()) == 4 - after_docs and left.count() == 2 * after_docs  # really cut mid-way
    left.close()
    store = Store(Settings(data_dir=data_dir), get_embedder())  # opening reconciles
    assert_consistent(store)
    report = ingest_paths(store, [corpus])
    assert report.failed == [] and report.added + report.unchanged == 4
    ids = assert_consistent(store)
    assert {c.doc_id for c in store.all_chunks()} == {f"doc{i}-md" for i in range(4)}
    assert len(ids) == 8


def test_killed_update_leaves_no_orphans(tmp_path: Path) -> None:
    corpus, data_dir = tmp_path / "docs", tmp_path / "state"
    _write_docs(corpus, "v1")
    store = Store(Settings(data_dir=data_dir), get_embedder())
    ingest_paths(store, [corpus])
    old_ids = assert_consistent(store)
    _write_docs(corpus, "v2")
    _killed_ingest(data_dir, corpus, 1)
    store = Store(Settings(data_dir=data_dir), get_embedder())
    ingest_paths(store, [corpus])
    new_ids = assert_consistent(store)
    assert not old_ids & new_ids
    assert all("v2" in c.text for c in store.all_chunks() if "Fact" in c.text or "Safety" in c.text)
