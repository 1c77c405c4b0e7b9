"""Exception types with messages a user can act on."""

from __future__ import annotations

from pathlib import Path


class AssistantError(Exception):
    """Base class of every error the assistant raises on purpose."""


class ParseError(AssistantError):
    """A file could not be read; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ManifestError(AssistantError):
    """The manifest or a sidecar has a bad field; the message names file and field."""


class StoreError(AssistantError):
    """The index could not be read or written."""


class EmbeddingModelError(AssistantError):
    """The embedding model files are missing or unreadable."""
