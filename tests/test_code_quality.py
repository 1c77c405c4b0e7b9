"""The architecture and the code conventions, checked on every run.

Data flows one way (files → ingest → retrieval → guardrails → chain → API →
shells); a lower layer importing a higher one would let a shell's concern leak
into the core. ruff and mypy keep ``assistant/`` clean.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assistant"

# Each layer may import only from the layers listed before it.
LAYERS: list[tuple[str, ...]] = [
    (
        "assistant.types",
        "assistant.quantities",
        "assistant.config",
        "assistant.errors",
        "assistant.runtime",
        "assistant.embeddings",
        "assistant._chroma_ef",
        "assistant._llama_embed",
        "assistant.llama_setup",
    ),
    ("assistant.ingest",),
    ("assistant.retrieval",),
    ("assistant.guardrails",),
    ("assistant.audit", "assistant.chain"),
    ("assistant.quiz",),
    ("assistant.api",),
    # Clients of the API: the evaluation suite drives Assistant exactly as the CLI does.
    ("assistant.evaluation", "assistant.cli", "assistant.__main__", "assistant"),
]


def _layer(module: str) -> int:
    for index, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes if p != "assistant"):
            return index
    return len(LAYERS) - 1 if module == "assistant" else -1


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_no_layer_imports_from_a_layer_above_it() -> None:
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        own = _layer(module)
        for line, imported in _imports(path):
            if imported.startswith("ui"):
                violations.append(f"{path.relative_to(ROOT)}:{line} imports the UI ({imported})")
            if not imported.startswith("assistant"):
                continue
            target = _layer(imported)
            if target > own:
                violations.append(f"{path.relative_to(ROOT)}:{line} ({module}) imports {imported} from a higher layer")
    assert not violations, "\n".join(violations)


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    if not exe.exists():
        pytest.fail(f"{name} is not installed in the environment (make install-dev installs it)")
    return str(exe)


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [_tool("ruff"), "check", "assistant", "ui", "tests", "evals"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_is_clean_on_the_package() -> None:
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
