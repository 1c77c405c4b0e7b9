"""Check that every key fact of the fresh4 question sets occurs in its source label.

The check itself (label text, the scorer's matching, format problems) is ``evals/fresh/key_facts.py``.

    python evals/fresh4/check_questions.py            # exit 1 and list the failing groups
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "fresh"))

import key_facts  # noqa: E402  (a sibling folder's module, not a package)


def problems() -> list[str]:
    return key_facts.problems(HERE)


if __name__ == "__main__":
    raise SystemExit(key_facts.report(problems()))
