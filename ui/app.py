"""Streamlit entry point: ``streamlit run ui/app.py`` (``make demo``).

Pages are listed once below; a page whose file does not exist yet is skipped,
so the quiz and evaluation pages plug in by adding their file.
"""

from __future__ import annotations

import sys
from pathlib import Path

UI_DIR = Path(__file__).resolve().parent
if str(UI_DIR.parent) not in sys.path:  # `from ui.components import ...` in the pages
    sys.path.insert(0, str(UI_DIR.parent))

import streamlit as st  # noqa: E402

import assistant  # noqa: E402,F401  (sets the offline, no-telemetry environment first)
from ui.components import leave_legacy_pages_mode  # noqa: E402

# (file relative to ui/, title, icon); the first existing page is the default.
PAGES: list[tuple[str, str, str]] = [
    ("pages/chat.py", "Ask", ":material/chat:"),
    ("pages/library.py", "Library", ":material/library_books:"),
    ("pages/quiz.py", "Quiz", ":material/quiz:"),
    ("pages/evaluations.py", "Evaluations", ":material/monitoring:"),
]


def available_pages() -> list[st.Page]:
    present = [(file, title, icon) for file, title, icon in PAGES if (UI_DIR / file).is_file()]
    return [
        st.Page(UI_DIR / file, title=title, icon=icon, default=index == 0)
        for index, (file, title, icon) in enumerate(present)
    ]


def main() -> None:
    leave_legacy_pages_mode()
    st.set_page_config(page_title="MSL Assistant", page_icon=":material/medication:", layout="wide")
    page = st.navigation(available_pages())
    page.run()
    with st.sidebar:
        st.caption("MSL Assistant · demo content, not approved labeling or medical information.")


main()
