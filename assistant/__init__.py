"""MSL Assistant: cited, guard-railed scientific Q&A over approved documents, offline by default.

The public API is :class:`assistant.api.Assistant` and the module-level helpers
re-exported here; the CLI (``assistant``) and the Streamlit app are thin shells
over it.
"""

from assistant.runtime import ensure_offline_env

ensure_offline_env()

from assistant.api import Assistant, ask, documents, guard, ingest, remove  # noqa: E402
from assistant.config import Settings, get_settings  # noqa: E402
from assistant.types import Answer, Citation, GuardrailResult, IngestReport  # noqa: E402

__all__ = [
    "Answer",
    "Assistant",
    "Citation",
    "GuardrailResult",
    "IngestReport",
    "Settings",
    "ask",
    "documents",
    "get_settings",
    "guard",
    "ingest",
    "remove",
]
__version__ = "0.1.0"
