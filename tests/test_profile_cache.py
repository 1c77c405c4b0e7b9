"""Label profiles are kept between processes under the data dir, and never reused stale."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.guardrails import engine as engine_module
from assistant.guardrails.engine import GuardrailEngine
from assistant.guardrails.profile_cache import CACHE_NAME, cached, profiles_key
from assistant.ingest.store import Store
from assistant.types import ChunkFilter


@pytest.fixture
def corpus_copy(corpus_data_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the ingested corpus state, so this test's cache file is its own."""
    path = tmp_path / "state"
    shutil.copytree(corpus_data_dir, path, ignore=shutil.ignore_patterns(CACHE_NAME))
    return path


def _engine(data_dir: Path, corpus_assistant) -> GuardrailEngine:
    settings = Settings(data_dir=data_dir)
    return GuardrailEngine(settings, store=Store(settings, corpus_assistant.embedder))


def test_a_second_process_reads_the_profiles_the_first_built(corpus_copy, corpus_assistant, monkeypatch) -> None:
    built = _engine(corpus_copy, corpus_assistant).profiles
    assert (corpus_copy / "cache" / CACHE_NAME).is_file()

    def must_not_build(*_args, **_kwargs):
        raise AssertionError("profiles were rebuilt although the labels, policy and code are unchanged")

    monkeypatch.setattr(engine_module, "build_profiles", must_not_build)
    loaded = _engine(corpus_copy, corpus_assistant).profiles
    assert loaded == built
    assert loaded["nusinersen"].indications == built["nusinersen"].indications


def test_the_key_changes_with_any_label_text_and_with_the_policy(corpus_assistant) -> None:
    chunks = corpus_assistant.store.all_chunks(ChunkFilter(doc_types=["label"]))
    policy = corpus_assistant.guardrails.policy.off_label
    key = profiles_key(chunks, policy)
    assert profiles_key(list(chunks), policy) == key
    edited = [*chunks[:-1], chunks[-1].model_copy(update={"text": chunks[-1].text + " Not for pediatric use."})]
    assert profiles_key(edited, policy) != key
    stricter = policy.model_copy(update={"lexical_cues": [*policy.lexical_cues, "unlabeled"]})
    assert profiles_key(chunks, stricter) != key


def test_a_stale_or_broken_cache_file_is_rebuilt(tmp_path: Path) -> None:
    assert cached(tmp_path, "k1", lambda: {"a": 1}) == {"a": 1}
    assert cached(tmp_path, "k1", lambda: {"a": 2}) == {"a": 1}  # same key: the stored value
    assert cached(tmp_path, "k2", lambda: {"a": 3}) == {"a": 3}  # another key: built and replaced
    with (tmp_path / CACHE_NAME).open("rb") as fh:
        assert pickle.load(fh) == ("k2", {"a": 3})
    (tmp_path / CACHE_NAME).write_bytes(b"not a pickle")
    assert cached(tmp_path, "k2", lambda: {"a": 4}) == {"a": 4}
