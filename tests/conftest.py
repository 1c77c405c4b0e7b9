"""Shared fixtures. Every test gets its own ASSISTANT_DATA_DIR; the bundled corpus
is ingested once per session (``corpus_assistant``) because embedding it is the
slowest step of the suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "test-artifacts"

# No test may reach an OpenAI endpoint unless it starts one itself.
for _var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ASSISTANT_PRESET"):
    os.environ.pop(_var, None)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty state directory for this test, also exported to the environment."""
    path = tmp_path / "state"
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(path))
    return path


@pytest.fixture
def settings(data_dir: Path):
    from assistant.config import Settings

    return Settings(data_dir=data_dir)


@pytest.fixture(scope="session")
def corpus_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A state directory with the bundled corpus ingested (once per test session)."""
    from assistant.api import Assistant
    from assistant.config import Settings

    path = tmp_path_factory.mktemp("corpus-state")
    report = Assistant(Settings(data_dir=path)).ingest([CORPUS])
    assert not report.failed, report.failed
    return path


@pytest.fixture(scope="session")
def corpus_assistant(corpus_data_dir: Path) -> Iterator:
    """A loaded Assistant over the ingested corpus. Read-only: do not ingest or remove with it."""
    from assistant.api import Assistant
    from assistant.config import Settings

    yield Assistant(Settings(data_dir=corpus_data_dir))
