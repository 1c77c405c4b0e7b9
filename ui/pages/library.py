"""Library page: what is indexed, and uploading new documents.

Uploads are saved under ``<data_dir>/uploads`` (so the source file a citation
points to stays on disk) and ingested with :meth:`Assistant.ingest`, the same
incremental, crash-safe path the CLI's ``assistant ingest`` uses.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # run as a page of ui/app.py or on its own (tests)
    sys.path.insert(0, str(_ROOT))

import streamlit as st  # noqa: E402
from streamlit.runtime.uploaded_file_manager import UploadedFile  # noqa: E402

from assistant.api import Assistant  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.types import DocumentSummary, IngestReport  # noqa: E402
from ui.components import get_assistant, leave_legacy_pages_mode, load_documents, show_onboarding  # noqa: E402
from ui.formatting import doc_type_label  # noqa: E402

UPLOAD_TYPES = ["pdf", "pptx", "xml", "md", "txt"]
LAST_REPORT = "library_last_report"
UPLOADER_ROUND = "library_uploader_round"


INFERRED_LABELS = {
    "doc_type": "type", "title": "title", "product": "product", "brand": "brand", "effective_date": "effective date"
}  # fmt: skip


def inferred_text(inferred: list[str]) -> str:
    """The fields the assistant inferred from the file, for a content owner to check ('' when none)."""
    return ", ".join(INFERRED_LABELS.get(f, f) for f in inferred)


def document_rows(documents: list[DocumentSummary]) -> list[dict[str, object]]:
    """One table row per stored document, sorted by product then title."""
    rows = [
        {
            "Title": d.meta.title,
            "Type": doc_type_label(d.meta.doc_type),
            "Product": d.meta.product or "",
            "Status": d.meta.status,
            "Effective date": d.meta.effective_date or "",
            "Brand": d.meta.brand or "",
            "Inferred (check)": inferred_text(d.meta.inferred),
            "Therapeutic area": d.meta.therapeutic_area or "",
            "Chunks": d.chunks,
            "Document id": d.meta.doc_id,
            "Source file": Path(d.meta.source_path).name if d.meta.source_path else "",
        }
        for d in documents
    ]
    return sorted(rows, key=lambda r: (str(r["Product"]), str(r["Title"])))


def save_uploads(files: list[UploadedFile], folder: Path) -> list[Path]:
    """Write uploads under their own base name (never a path the browser chose)."""
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    for upload in files:
        name = Path(upload.name).name
        if not name or name.startswith("."):
            raise AssistantError(f"refusing to save an upload named {upload.name!r}")
        target = folder / name
        target.write_bytes(upload.getvalue())
        saved.append(target)
    return saved


def _ingest(assistant: Assistant, files: list[UploadedFile]) -> IngestReport | None:
    """Save and ingest, with a progress bar fed by the ingest progress callback."""
    try:
        paths = save_uploads(files, assistant.settings.data_dir / "uploads")
    except (OSError, AssistantError) as exc:
        st.error(f"The uploads could not be saved: {exc}")
        return None
    bar = st.progress(0.0, text=f"Ingesting {len(paths)} file(s)…")

    def progress(label: str, done: int, total: int) -> None:
        fraction = min(done / total, 1.0) if total else 1.0
        bar.progress(fraction, text=f"{label} ({done}/{total})")

    try:
        report = assistant.ingest(paths, progress=progress)
    except AssistantError as exc:
        st.error(f"Ingest failed: {exc}")
        return None
    bar.progress(1.0, text="Done")
    return report


def render_report(report: IngestReport) -> None:
    counts = (
        f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged; "
        f"{report.chunks} chunks stored in total."
    )
    if report.warnings:
        st.info("**Stored with warnings:**\n\n" + "\n".join(f"- {w}" for w in report.warnings))
    if not report.failed:
        st.success(f"Ingest finished: {counts}", icon=":material/check_circle:")
        return
    failures = "\n".join(f"- `{Path(f.path).name}`: {f.error}" for f in report.failed)
    message = f"**{len(report.failed)} file(s) could not be ingested** ({counts})\n\n{failures}"
    (st.warning if report.exit_code == 2 else st.error)(message, icon=":material/error:")


def main() -> None:
    leave_legacy_pages_mode()
    assistant = get_assistant()
    st.title("Library")
    st.caption(f"Index: `{assistant.settings.data_dir}`")
    report: IngestReport | None = st.session_state.pop(LAST_REPORT, None)
    if report is not None:
        render_report(report)
    documents = load_documents(assistant)
    if documents is None:
        return
    if documents:
        st.dataframe(
            document_rows(documents),
            hide_index=True,
            width="stretch",
            column_config={"Title": st.column_config.TextColumn(width="large")},
        )
        st.caption(f"{len(documents)} document(s). Only approved documents are cited in answers.")
        if any(d.meta.inferred for d in documents):
            st.caption(
                "**Inferred (check)** lists fields the assistant read or guessed from the file because no "
                "manifest or sidecar gave them; correct them in a `manifest.yaml` or `<file>.meta.yaml`."
            )
    else:
        show_onboarding()

    st.subheader("Add documents")
    st.session_state.setdefault(UPLOADER_ROUND, 0)
    files = st.file_uploader(
        "PDF publications, PPTX slide decks, SPL XML labels, Markdown or text",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=f"uploads-{st.session_state[UPLOADER_ROUND]}",
    )
    st.caption(
        "Metadata (product, document type, status) is read from the file or inferred; for full "
        "governance metadata ingest a folder with a manifest.yaml using `assistant ingest`."
    )
    if files and st.button(f"Ingest {len(files)} file(s)", type="primary"):
        report = _ingest(assistant, list(files))
        if report is not None:
            st.session_state[LAST_REPORT] = report
            st.session_state[UPLOADER_ROUND] += 1  # a fresh uploader: the files are stored now
            st.rerun()


main()
