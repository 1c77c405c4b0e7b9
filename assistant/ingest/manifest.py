"""Governance metadata for ingested files: manifests, sidecars and inference.

A file's metadata comes from the nearest ``manifest.yaml`` (its folder or an
ancestor up to the ingest root) or from a ``<file>.meta.yaml`` sidecar; what
neither gives is inferred from the file itself. Validation errors name the
manifest file, the entry and the field so an author can fix them directly.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic_core import ErrorDetails

from assistant.errors import ManifestError
from assistant.types import DOC_STATUSES, DOC_TYPES, DocStatus, DocType, DocumentMeta

MANIFEST_NAME = "manifest.yaml"
SIDECAR_SUFFIX = ".meta.yaml"


class ManifestEntry(BaseModel):
    """One ``documents[]`` entry (or a sidecar); every field optional, unknown fields rejected."""

    model_config = ConfigDict(extra="forbid")

    file: str | None = None
    doc_id: str | None = None
    title: str | None = None
    doc_type: DocType | None = None
    product: str | None = None
    brand: str | None = None
    therapeutic_area: str | None = None
    status: DocStatus | None = None
    approval_code: str | None = None
    effective_date: str | None = None
    notes_approved: bool | None = None

    @field_validator("effective_date", "approval_code", "doc_id", mode="before")
    @classmethod
    def _scalar_to_str(cls, value: Any) -> Any:
        """YAML reads 2025-01-15 as a date; keep it as the ISO string the author wrote."""
        return None if value is None else str(value)

    @field_validator("product", mode="after")
    @classmethod
    def _lower_product(cls, value: str | None) -> str | None:
        return value.strip().lower() if value else value

    def overrides(self) -> dict[str, Any]:
        """The fields the author set, ready to overlay on inferred metadata."""
        return self.model_dump(exclude_none=True, exclude={"file"})


def _field_message(err: ErrorDetails) -> str:
    field = ".".join(str(p) for p in err["loc"])
    if err["type"] == "literal_error":
        options = DOC_STATUSES if field == "status" else DOC_TYPES
        return f"{field}: must be one of {', '.join(options)}"
    if err["type"] == "extra_forbidden":
        return f"{field}: unknown field"
    return f"{field}: {err['msg']}"


def _validate_entry(raw: Any, where: str) -> ManifestEntry:
    if not isinstance(raw, dict):
        raise ManifestError(f"{where}: must be a mapping of fields")
    try:
        return ManifestEntry.model_validate(raw)
    except ValidationError as exc:
        raise ManifestError(f"{where}.{_field_message(exc.errors()[0])}") from exc


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: not readable YAML ({exc})") from exc


class ManifestResolver:
    """Finds the metadata entry for each file under an ingest root; caches parsed manifests.

    A manifest that is unreadable as a whole fails every file it governs; a bad
    entry fails only the file that entry names.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[Path, dict[str, ManifestEntry | ManifestError] | ManifestError | None] = {}

    def _manifest(self, folder: Path) -> dict[str, ManifestEntry | ManifestError] | ManifestError | None:
        if folder not in self._cache:
            path = folder / MANIFEST_NAME
            self._cache[folder] = self._load(path) if path.is_file() else None
        return self._cache[folder]

    @staticmethod
    def _load(path: Path) -> dict[str, ManifestEntry | ManifestError] | ManifestError:
        try:
            data = _read_yaml(path) or {}
        except ManifestError as exc:
            return exc
        docs = data.get("documents") if isinstance(data, dict) else None
        if not isinstance(docs, list):
            return ManifestError(f"{path}: expected a top-level 'documents:' list")
        entries: dict[str, ManifestEntry | ManifestError] = {}
        for i, raw in enumerate(docs):
            where = f"{path}: documents[{i}]"
            file = raw.get("file") if isinstance(raw, dict) else None
            if not isinstance(file, str) or not file:
                continue  # an entry without a file cannot be attributed; nothing to fail
            key = str((path.parent / file).resolve())
            try:
                entries[key] = _validate_entry(raw, where)
            except ManifestError as exc:
                entries[key] = exc
        return entries

    def entry_for(self, file: Path) -> ManifestEntry | None:
        """The nearest manifest entry or sidecar for ``file``; raises ManifestError when invalid."""
        sidecar = file.with_name(file.name + SIDECAR_SUFFIX)
        if sidecar.is_file():
            return _validate_entry(_read_yaml(sidecar) or {}, str(sidecar))
        key = str(file.resolve())
        folder = file.parent
        while True:
            manifest = self._manifest(folder)
            if isinstance(manifest, ManifestError):
                raise manifest
            if manifest and key in manifest:
                found = manifest[key]
                if isinstance(found, ManifestError):
                    raise found
                return found
            if folder == self.root or folder.parent == folder or self.root not in folder.parents:
                return None
            folder = folder.parent


def slugify(text: str) -> str:
    """Lower-case ASCII slug; used for stable doc ids derived from paths."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "document"


def path_doc_id(file: Path, root: Path) -> str:
    """A doc id from the path relative to the ingest root, so it survives content edits."""
    try:
        rel = file.resolve().relative_to(root.resolve())
    except ValueError:
        rel = Path(file.name)
    return slugify(str(rel.with_suffix("")) + "-" + file.suffix.lstrip("."))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve_meta(
    parsed: DocumentMeta, entry: ManifestEntry | None, file: Path, root: Path, sha256: str
) -> DocumentMeta:
    """Final metadata: what the loader read or inferred, overlaid with the manifest (which always wins).

    ``inferred`` keeps only the fields the manifest or sidecar did not set, so
    it names exactly what a content owner has not confirmed.
    """
    values = parsed.model_dump()
    overrides = entry.overrides() if entry else {}
    values.update(overrides)
    if not values.get("doc_id"):
        values["doc_id"] = path_doc_id(file, root)
    if not values.get("title"):
        values["title"] = file.stem
        values["inferred"] = [*values.get("inferred", []), "title"]
    values["inferred"] = [f for f in dict.fromkeys(values.get("inferred", [])) if f not in overrides]
    values["source_path"] = str(file.resolve())
    values["sha256"] = sha256
    return DocumentMeta.model_validate(values)
