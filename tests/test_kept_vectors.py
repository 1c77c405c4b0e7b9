"""Fixed lists embedded at every start (intent prototypes) are kept between processes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.embeddings import get_embedder, kept_vectors


class Counting:
    """The packaged embedder, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.inner = get_embedder()
        self.model_name, self.max_tokens = self.inner.model_name, self.inner.max_tokens
        self.embedded = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.embedded += len(texts)
        return self.inner.embed(texts)


def test_a_list_is_embedded_once_then_read_back(tmp_path: Path) -> None:
    texts = ["What is the recommended dose?", "How should it be stored?"]
    first = Counting()
    vectors = kept_vectors(first, texts, tmp_path, "prototypes")
    assert first.embedded == 2 and (tmp_path / "vectors-prototypes.npz").is_file()
    again = Counting()
    assert np.allclose(kept_vectors(again, texts, tmp_path, "prototypes"), vectors)
    assert again.embedded == 0
    assert np.allclose(vectors, get_embedder().embed(texts))


def test_a_changed_list_or_a_broken_file_is_embedded_afresh(tmp_path: Path) -> None:
    kept_vectors(Counting(), ["a dose question"], tmp_path, "prototypes")
    changed = Counting()
    vectors = kept_vectors(changed, ["a storage question"], tmp_path, "prototypes")
    assert changed.embedded == 1
    assert np.allclose(vectors, get_embedder().embed(["a storage question"]))
    (tmp_path / "vectors-prototypes.npz").write_bytes(b"truncated")
    broken = Counting()
    kept_vectors(broken, ["a storage question"], tmp_path, "prototypes")
    assert broken.embedded == 1


def test_without_a_directory_it_only_embeds(tmp_path: Path) -> None:
    counting = Counting()
    kept_vectors(counting, ["x"], None, "prototypes")
    kept_vectors(counting, ["x"], None, "prototypes")
    assert counting.embedded == 2
    assert not list(tmp_path.iterdir())
