"""Chat page: questions in, cited and guard-railed answers out.

The page keeps the conversation (each turn's Answer) in session state and
remembers the product the conversation is about, so a follow-up such as "and
in renal impairment?" stays on that product unless the user filters or names
another one.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # run as a page of ui/app.py or on its own (tests)
    sys.path.insert(0, str(_ROOT))

import streamlit as st  # noqa: E402

from assistant.errors import AssistantError  # noqa: E402
from assistant.types import DOC_TYPES, Answer, DocType, DocumentSummary  # noqa: E402
from ui.components import (  # noqa: E402
    get_assistant,
    leave_legacy_pages_mode,
    load_documents,
    render_answer,
    settings_mode_label,
    show_onboarding,
    token_streamer,
)
from ui.formatting import conversation_to_markdown, doc_type_label  # noqa: E402

TURNS = "chat_turns"
CONVERSATION_PRODUCT = "chat_conversation_product"
ANY_PRODUCT = "Any product"


def _product_names(documents: list[DocumentSummary]) -> dict[str, str]:
    """Generic name -> 'generic (BRAND)' for every product in the store."""
    names: dict[str, str] = {}
    for doc in documents:
        meta = doc.meta
        if meta.product and (meta.product not in names or meta.brand):
            names[meta.product] = f"{meta.product} ({meta.brand})" if meta.brand else meta.product
    return dict(sorted(names.items()))


def _names_a_product(question: str, documents: list[DocumentSummary]) -> bool:
    """Does the question name any stored product (generic or brand)? Then it sets the
    product itself and the remembered conversation product must not override it."""
    text = question.lower()
    for doc in documents:
        for name in (doc.meta.product, doc.meta.brand):
            if name and re.search(rf"\b{re.escape(name.lower())}\b", text):
                return True
    return False


def _clear_conversation_product() -> None:
    st.session_state[CONVERSATION_PRODUCT] = None


def _clear_conversation() -> None:
    st.session_state[TURNS] = []
    st.session_state[CONVERSATION_PRODUCT] = None


def _sidebar_filters(documents: list[DocumentSummary]) -> tuple[str | None, list[DocType], list[str]]:
    """Product, document type and therapeutic area filters built from the stored documents."""
    products = _product_names(documents)
    doc_types = [t for t in DOC_TYPES if any(d.meta.doc_type == t for d in documents)]
    areas = sorted({d.meta.therapeutic_area for d in documents if d.meta.therapeutic_area})
    with st.sidebar:
        st.subheader("Filters")
        choice = st.selectbox(
            "Product",
            [ANY_PRODUCT, *products],
            format_func=lambda p: products.get(p, p),
            key="filter_product",
        )
        chosen_types = st.multiselect("Document type", doc_types, format_func=doc_type_label, key="filter_doc_types")
        chosen_areas = st.multiselect("Therapeutic area", areas, key="filter_areas")
    product = None if choice == ANY_PRODUCT else choice
    return product, chosen_types, chosen_areas


def _sidebar_conversation(turns: list[Answer], documents: list[DocumentSummary], filtered: bool) -> None:
    """The remembered product (clearable), export and reset, after this run's answer."""
    if not turns:
        return
    with st.sidebar:
        st.subheader("Conversation")
        remembered = st.session_state.get(CONVERSATION_PRODUCT)
        if remembered and not filtered:
            name = _product_names(documents).get(remembered, remembered)
            st.info(f"Follow-up questions stay on **{name}**.", icon=":material/push_pin:")
            st.button("Clear conversation product", on_click=_clear_conversation_product)
        st.download_button(
            "Export conversation (Markdown)",
            data=conversation_to_markdown(turns),
            file_name="msl-conversation.md",
            mime="text/markdown",
            on_click="ignore",
            icon=":material/download:",
        )
        st.button("New conversation", on_click=_clear_conversation)


def _product_for(question: str, filtered: str | None, documents: list[DocumentSummary]) -> str | None:
    if filtered:
        return filtered
    if _names_a_product(question, documents):
        return None
    remembered: str | None = st.session_state.get(CONVERSATION_PRODUCT)
    return remembered


def _ask(question: str, documents: list[DocumentSummary], filters: tuple) -> None:
    """Ask, streaming generated tokens into the assistant bubble, and store the turn."""
    product_filter, doc_types, areas = filters
    assistant = get_assistant()
    turns: list[Answer] = st.session_state[TURNS]
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"):
        stream = st.empty()
        try:
            with st.spinner("Searching approved sources…"):
                answer = assistant.ask(
                    question,
                    _product_for(question, product_filter, documents),
                    doc_types=doc_types or None,
                    therapeutic_areas=areas or None,
                    on_token=token_streamer(stream),
                )
        except AssistantError as exc:
            stream.empty()
            st.error(f"The question could not be answered: {exc}")
            return
        stream.empty()
        turns.append(answer)
        if product_filter is None and answer.product:
            st.session_state[CONVERSATION_PRODUCT] = answer.product
        render_answer(assistant, answer, len(turns) - 1)


def main() -> None:
    leave_legacy_pages_mode()
    st.session_state.setdefault(TURNS, [])
    st.session_state.setdefault(CONVERSATION_PRODUCT, None)
    assistant = get_assistant()
    st.title("Ask the approved sources")
    st.caption(f"Mode: **{settings_mode_label(assistant.settings)}** · every sentence cites an approved document")
    documents = load_documents(assistant)
    if documents is None:
        return
    if not documents:
        show_onboarding()
        st.chat_input("Ingest documents first", disabled=True)
        return
    filters = _sidebar_filters(documents)
    turns: list[Answer] = st.session_state[TURNS]
    for index, answer in enumerate(turns):
        with st.chat_message("user"):
            st.markdown(answer.question)
        with st.chat_message("assistant"):
            render_answer(assistant, answer, index)
    question = st.chat_input("Ask a scientific question about an approved product")
    if question and question.strip():
        _ask(question.strip(), documents, filters)
    _sidebar_conversation(st.session_state[TURNS], documents, filtered=filters[0] is not None)


main()
