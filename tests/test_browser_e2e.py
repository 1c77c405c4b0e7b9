"""End to end: the real Streamlit server over the ingested corpus, driven by headless
Chromium. A question typed into the chat must come back with a visible citation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ui.screenshots import CHROMIUM, ROOT, ask_in_browser, browser_page, serve

pytestmark = pytest.mark.slow
ARTIFACTS = ROOT / "test-artifacts"


def _require_chromium() -> None:
    """CI installs Chromium (.ci/run), so there a missing browser is a failure, not a skip."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI; .ci/run should install the chromium package")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")


def test_question_in_the_browser_shows_a_cited_answer(corpus_data_dir: Path) -> None:
    _require_chromium()
    from playwright.sync_api import expect

    with serve(corpus_data_dir, ARTIFACTS / "e2e-server.log") as url, browser_page() as page:
        page.goto(url)
        ask_in_browser(page, "What is the recommended dose of osimertinib?")

        link = page.locator('a[href="#answer-0-1"]').first
        expect(link).to_be_visible()
        expect(link).to_have_text("[1]")
        source = page.get_by_test_id("stExpander").filter(has_text="[1]").first
        expect(source).to_be_visible()
        source.locator("summary").click()
        expect(source.locator("mark").first).to_be_visible()  # the cited sentence, highlighted
        expect(page.get_by_text("offline extractive").first).to_be_visible()

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)
    assert (ARTIFACTS / "chat.png").stat().st_size > 10_000
