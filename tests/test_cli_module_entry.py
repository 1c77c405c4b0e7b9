"""``python -m assistant`` and ``python -m assistant.cli`` run the real command line."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["assistant", "assistant.cli"])
def test_module_entry_runs_the_cli(module: str) -> None:
    from assistant import __version__

    result = subprocess.run(
        [sys.executable, "-m", module, "version"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == __version__
