"""Streamlit rendering shared by the pages: the cached Assistant, guardrail
notices, an answer with its sources, feedback and export.

Everything here is presentation. Answers, guardrail verdicts and feedback
storage come from :class:`assistant.api.Assistant`, exactly as the CLI gets them.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from assistant.api import Assistant
from assistant.config import Settings, get_settings
from assistant.errors import AssistantError
from assistant.types import Answer, Citation, DocumentMeta, DocumentSummary, GuardrailFinding
from ui.formatting import (
    MEDICAL_INFORMATION_HINT,
    answer_markdown_with_links,
    answer_to_markdown,
    assign_notices,
    citation_heading,
    citation_location,
    doc_type_label,
    escape_markdown_text,
    highlighted_quote_html,
    mode_label,
    sentences_citing,
)

ONBOARDING = """\
**No documents are indexed yet.** The assistant answers only from approved documents, so load some first:

- from a terminal in the project folder: `make demo` (ingests the bundled demo corpus and opens this app), or
  `assistant ingest corpus` (or any folder of PDF, PPTX, SPL XML, Markdown or text files);
- or upload files on the **Library** page.
"""

_RULE_BOXES = {  # rule: (title, Streamlit box, icon); most severe first
    "prompt_injection": ("Instruction-manipulation attempt", st.error, ":material/gpp_bad:"),
    "adverse_event": (
        "Possible adverse event: report to drug safety within one business day",
        st.error,
        ":material/medical_services:",
    ),
    "off_label": ("Off-label topic", st.warning, ":material/warning:"),
    "promotional": ("Promotional wording", st.warning, ":material/campaign:"),
    "pii": ("Personal data detected", st.warning, ":material/person_off:"),
}


def leave_legacy_pages_mode() -> None:
    """Streamlit runs the first script of a server process as an old-style multipage app
    when a ``pages/`` folder sits next to the main script (ours does: ui/pages/), which
    shows raw file names as navigation to the first visitor, also on a deep link to a
    page. Every entry (app.py and each page) switches that mode off and reruns, so the
    visitor gets the pages app.py declares with st.navigation."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a future Streamlit without the legacy mode
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


# --- the one Assistant per configuration ------------------------------------------------
@st.cache_resource(show_spinner="Loading the assistant…")
def _cached_assistant(settings_key: str, _settings: Settings) -> Assistant:
    """One loaded Assistant per configuration, shared by all sessions and pages so models,
    the index and BM25 load once; the key changes when ASSISTANT_* settings change."""
    return Assistant(_settings)


def get_assistant() -> Assistant:
    settings = get_settings()
    return _cached_assistant(settings.model_dump_json(), settings)


def settings_mode_label(settings: Settings) -> str:
    """What will answer: the offline extractive composer or a named model."""
    return f"generative ({settings.llm_model})" if settings.use_llm else "offline extractive"


def load_documents(assistant: Assistant) -> list[DocumentSummary] | None:
    """The stored documents, or None after showing why the store could not be read."""
    try:
        return assistant.documents()
    except Exception as exc:  # a broken or locked store must not become a traceback page
        st.error(f"The document store at `{assistant.settings.data_dir}` could not be read: {exc}")
        return None


def show_onboarding() -> None:
    st.info(ONBOARDING, icon=":material/library_add:")


# --- guardrails ---------------------------------------------------------------------------
def _detail_lines(findings: list[GuardrailFinding]) -> str:
    lines = [f"{f.message} (“{f.span}”)" if f.span and f.span not in f.message else f.message for f in findings]
    return "\n".join(f"- {line}" for line in dict.fromkeys(lines))


def render_guardrail(answer: Answer) -> None:
    """Notices first and unmistakable: a block and adverse events in red, off-label,
    promotional and personal-data notices in amber, missing evidence in blue with
    where to route the question. Texts come from the policy via the Answer."""
    result = answer.guardrail
    rules = [rule for rule in _RULE_BOXES if any(f.rule == rule for f in result.findings)]
    by_rule, unassigned = assign_notices(result.notices, rules)
    if answer.status == "blocked":
        # Rules that only blocked are explained inside the block box, not in a second one.
        folded = [r for r in rules if all(f.decision == "block" for f in result.findings if f.rule == r)]
        reasons = [f.message for f in result.findings if f.decision == "block"] or [answer.answer]
        parts = ["**Answer blocked.**", *(n for r in folded for n in by_rule.get(r, []))]
        parts.append("\n".join(f"- {r}" for r in dict.fromkeys(reasons)))
        st.error("\n\n".join(parts), icon=":material/block:")
        rules = [r for r in rules if r not in folded]
    for rule in rules:
        title, box, icon = _RULE_BOXES[rule]
        parts = [f"**{title}**", *by_rule.get(rule, [])]
        details = [f for f in result.findings if f.rule == rule and f.decision != "block"]
        if details:
            parts.append(_detail_lines(details))
        box("\n\n".join(parts), icon=icon)
    for notice in unassigned:
        st.warning(notice, icon=":material/info:")
    if answer.status == "insufficient_evidence":
        text = answer.answer
        if "medical information" not in text.lower():  # the chain may already say where to route it
            text += f"\n\n{MEDICAL_INFORMATION_HINT}"
        st.info(text, icon=":material/contact_support:")


# --- sources ------------------------------------------------------------------------------
def document_meta(assistant: Assistant, doc_id: str) -> DocumentMeta | None:
    """Registry metadata of a cited document (its source file), if still stored."""
    return assistant.store.get_document(doc_id)


@st.cache_data(max_entries=64, show_spinner="Rendering page…")
def render_pdf_page(path: str, page: int, mtime: float, scale: float = 1.4) -> tuple[bytes, str]:
    """PNG image and text of one 1-based PDF page; mtime keys the cache to the file version."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        pdf_page = pdf[page - 1]
        image = pdf_page.render(scale=scale).to_pil()
        text = pdf_page.get_textpage().get_text_range()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue(), text


def _render_cited_page(assistant: Assistant, citation: Citation, key: str) -> None:
    if citation.page is None:
        return
    meta = document_meta(assistant, citation.doc_id)
    path = Path(meta.source_path) if meta and meta.source_path else None
    if path is None or path.suffix.lower() != ".pdf":
        return
    if not st.toggle(f"Show page {citation.page} of the PDF", key=f"{key}-page"):
        return
    if not path.is_file():
        st.warning(f"The source file `{path}` is no longer on disk.")
        return
    try:
        png, text = render_pdf_page(str(path), citation.page, path.stat().st_mtime)
    except Exception as exc:  # a damaged PDF shows a message, the answer stays usable
        st.warning(f"Page {citation.page} of `{path.name}` could not be rendered: {exc}")
        return
    image_tab, text_tab = st.tabs(["Page image", "Page text"])
    image_tab.image(png, caption=f"{path.name}, page {citation.page}")
    text_tab.text(text)


def render_sources(assistant: Assistant, answer: Answer, key: str) -> None:
    """One expander per citation, with an anchor the [n] links in the answer jump to."""
    if not answer.citations:
        return
    st.markdown("**Sources**")
    for citation in answer.citations:
        st.markdown(f'<span id="{key}-{citation.n}"></span>', unsafe_allow_html=True)
        where = citation_location(citation)
        label = f"[{citation.n}] {citation_heading(citation)}"
        page_view_on = bool(st.session_state.get(f"{key}-{citation.n}-page"))
        with st.expander(label, expanded=page_view_on):  # a rerun must not fold an open page view
            facts = [f"**Document:** {citation.title} (`{citation.doc_id}`)"]
            facts.append(f"**Type:** {doc_type_label(citation.doc_type)}")
            if citation.product:
                facts.append(f"**Product:** {citation.product}")
            if where:
                facts.append(f"**Where:** {where}")
            st.markdown("  \n".join(facts))
            cited = sentences_citing(answer.answer, citation.n)
            st.markdown(highlighted_quote_html(citation.quote, cited), unsafe_allow_html=True)
            if cited:
                st.caption("Highlighted: the passage text the answer's sentences with this citation rely on.")
            _render_cited_page(assistant, citation, f"{key}-{citation.n}")


# --- feedback and export -------------------------------------------------------------------
def render_feedback(assistant: Assistant, answer: Answer, key: str) -> None:
    """Thumbs and an optional comment, stored once with the answer's audit record."""
    if not answer.audit_id:
        return
    sent_key = f"{key}-feedback-sent"
    if st.session_state.get(sent_key):
        st.caption(f"Feedback saved with audit record `{answer.audit_id}`. Thank you.")
        return
    with st.form(f"{key}-feedback", border=False, enter_to_submit=False):
        thumbs_col, comment_col, send_col = st.columns([1, 5, 2], vertical_alignment="center")
        with thumbs_col:
            rating = st.feedback("thumbs", key=f"{key}-rating")
        comment = comment_col.text_input(
            "Comment (optional)",
            key=f"{key}-comment",
            placeholder="Optional comment: what was right or wrong?",
            label_visibility="collapsed",
        )
        if send_col.form_submit_button("Send feedback"):
            if rating is None:
                st.warning("Choose thumbs up or down first.")
                return
            try:
                assistant.feedback(answer.audit_id, 1 if rating == 1 else -1, comment)
            except AssistantError as exc:
                st.error(f"Feedback could not be saved: {exc}")
                return
            st.session_state[sent_key] = True
            st.rerun()


def render_export(answer: Answer, key: str, index: int) -> None:
    st.download_button(
        "Export Q&A",
        data=answer_to_markdown(answer),
        file_name=f"msl-answer-{index + 1}.md",
        mime="text/markdown",
        key=f"{key}-export",
        icon=":material/download:",
        help="Download this question and answer with its citations as Markdown",
        on_click="ignore",
    )


def render_answer_body(answer: Answer, key: str) -> None:
    """Notices, then the answer text with [n] linked to the sources below."""
    render_guardrail(answer)
    if answer.status == "answered":
        st.markdown(answer_markdown_with_links(answer.answer, key))
    details = [f"Mode: {mode_label(answer)}"]
    if answer.product:
        details.append(f"product: {answer.product}")
    total = answer.timings_ms.get("total")
    if total is not None:
        details.append(f"{total / 1000:.1f} s")
    st.caption(" · ".join(details))
    if answer.dropped_sentences:
        count = len(answer.dropped_sentences)
        with st.expander(f"{count} generated sentence(s) removed: no source supported them"):
            st.markdown("\n".join(f"- {escape_markdown_text(s)}" for s in answer.dropped_sentences))


def render_answer(assistant: Assistant, answer: Answer, index: int) -> None:
    key = f"answer-{index}"
    render_answer_body(answer, key)
    render_sources(assistant, answer, key)
    feedback_col, export_col = st.columns([4, 1], vertical_alignment="center")
    with feedback_col:
        render_feedback(assistant, answer, key)
    with export_col:
        render_export(answer, key, index)


def token_streamer(placeholder: st.delta_generator.DeltaGenerator) -> Callable[[str], None]:
    """An on_token callback that shows generated text as it arrives."""
    parts: list[str] = []

    def on_token(token: str) -> None:
        parts.append(token)
        placeholder.markdown("".join(parts) + " ▌")

    return on_token
