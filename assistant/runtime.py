"""Process-wide set-up that keeps the assistant offline and quiet.

Called once on import of :mod:`assistant`. It must run before llama-index,
tiktoken, ragas, chromadb or huggingface libraries are imported, because they
read these variables at import time.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

_OFFLINE_DEFAULTS = {
    "RAGAS_DO_NOT_TRACK": "true",
    "ANONYMIZED_TELEMETRY": "False",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    "TOKENIZERS_PARALLELISM": "false",
}


def tiktoken_cache_dir() -> Path | None:
    """llama-index-core ships tiktoken's BPE files; pointing tiktoken there avoids a download."""
    spec = importlib.util.find_spec("llama_index.core")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "_static" / "tiktoken_cache"
    return path if path.is_dir() else None


def ensure_offline_env() -> None:
    """Set offline and no-telemetry defaults without overriding what the user set."""
    for key, value in _OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)
    cache = tiktoken_cache_dir()
    if cache is not None:
        os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(cache))
