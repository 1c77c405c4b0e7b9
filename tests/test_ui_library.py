"""The Library page and the app shell in Streamlit's AppTest: onboarding on an empty
store, the document table, and uploads ingested through the real Assistant."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "ui" / "app.py")
LIBRARY = str(ROOT / "ui" / "pages" / "library.py")
TIMEOUT = 120


def _all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in (*at.info, *at.warning, *at.error, *at.success)]
    return "\n".join(str(p) for p in parts)


def test_empty_store_greets_with_onboarding_not_a_traceback(data_dir: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    onboarding = "\n".join(i.value for i in at.info)
    assert "No documents are indexed yet" in onboarding
    assert "make demo" in onboarding and "assistant ingest corpus" in onboarding
    assert "Library" in onboarding
    assert at.chat_input[0].disabled


def test_library_lists_the_corpus_with_type_status_and_date(
    corpus_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(corpus_data_dir))
    at = AppTest.from_file(LIBRARY, default_timeout=TIMEOUT).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert {"Title", "Type", "Product", "Status", "Effective date"} <= set(table.columns)
    assert len(table) >= 3
    assert "Prescribing information" in set(table["Type"])
    assert (table["Effective date"] != "").any()
    assert set(table["Inferred (check)"]) == {""}  # every corpus field is confirmed by a manifest


def test_upload_is_saved_ingested_and_failures_are_named(data_dir: Path) -> None:
    note = (
        "# Field note on dosing\n\nThe zorbital starting dose is 12 mg once weekly, taken with food. "
        "Missed doses should be taken within three days.\n"
    )
    at = AppTest.from_file(LIBRARY, default_timeout=TIMEOUT).run()
    assert not at.exception
    uploads = [
        ("zorbital-note.md", note.encode(), "text/markdown"),
        ("broken.pdf", b"not a pdf", "application/pdf"),
    ]
    at.file_uploader[0].set_value(uploads).run()
    at.button[0].click().run()
    assert not at.exception

    assert (data_dir / "uploads" / "zorbital-note.md").read_text() == note
    report = "\n".join(str(m.value) for m in (*at.warning, *at.error))
    assert "broken.pdf" in report and "could not be ingested" in report
    titles = list(at.dataframe[0].value["Source file"])
    assert "zorbital-note.md" in titles and "broken.pdf" not in titles
    # An upload has no manifest: the page says which of its fields were inferred, for the owner to check.
    row = at.dataframe[0].value.set_index("Source file").loc["zorbital-note.md"]
    assert {"title", "type"} <= {f.strip() for f in row["Inferred (check)"].split(",")}
    assert any("Inferred (check)" in str(c.value) for c in at.caption)

