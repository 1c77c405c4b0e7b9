"""Which files are ingestible, and which parser reads each one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from assistant.errors import ParseError
from assistant.ingest.infer import infer_metadata
from assistant.ingest.manifest import MANIFEST_NAME, SIDECAR_SUFFIX
from assistant.ingest.pdf import parse_pdf
from assistant.ingest.slides import parse_pptx
from assistant.ingest.spl import parse_spl
from assistant.ingest.text import parse_text
from assistant.types import ParsedDocument

Parser = Callable[[Path], ParsedDocument]

PARSERS: dict[str, Parser] = {
    ".xml": parse_spl,
    ".pdf": parse_pdf,
    ".pptx": parse_pptx,
    ".md": parse_text,
    ".markdown": parse_text,
    ".txt": parse_text,
}
SUPPORTED_EXTENSIONS = frozenset(PARSERS)


def is_ingestible(path: Path) -> bool:
    """Supported extension and not a manifest, sidecar or README."""
    name = path.name
    if name == MANIFEST_NAME or name.endswith(SIDECAR_SUFFIX) or name.upper().startswith("README"):
        return False
    return path.suffix.lower() in SUPPORTED_EXTENSIONS


def _skipped_dir(name: str) -> bool:
    return name.startswith(("_", "."))


def discover(folder: Path) -> Iterator[Path]:
    """Ingestible files under ``folder`` in a stable order; skips ``_*`` and ``.*`` folders."""
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.is_dir():
            if not _skipped_dir(entry.name):
                yield from discover(entry)
        elif entry.is_file() and is_ingestible(entry):
            yield entry


def parse_file(path: Path) -> ParsedDocument:
    """Parse one file with its format's parser and infer the metadata it does not declare.

    Empty files fail with a clear reason. ``meta.inferred`` lists the fields the
    file supplied; a manifest entry later overrides them (``resolve_meta``).
    """
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise ParseError(path, f"unsupported file type {path.suffix!r}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ParseError(path, f"cannot read file: {exc}") from exc
    if size == 0:
        raise ParseError(path, "file is empty")
    return infer_metadata(parser(path), path)
