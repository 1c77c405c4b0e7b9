"""Pure text helpers behind the Streamlit pages: no Streamlit import, so they are
easy to test and the CLI could reuse them.

They turn an :class:`~assistant.types.Answer` into what a person reads: which
answer sentences cite a source, where those sentences sit inside the cited
passage (highlighted in context), and a Markdown export for preparation notes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from assistant.types import Answer, Citation, DocType

CITATION_MARK = re.compile(r"\s*\[(\d+)\]")
# A sentence ends at . ! or ? followed by whitespace, unless citation marks follow.
_ANSWER_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?!\[)|(?<=\])\s+(?=[A-Z(])")
_PASSAGE_SENTENCE_END = re.compile(r"((?<=[.!?;:])\s+)")
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")

DOC_TYPE_LABELS: dict[DocType, str] = {
    "label": "Prescribing information",
    "publication": "Publication",
    "slide_deck": "Slide deck",
    "other": "Document",
}

MEDICAL_INFORMATION_HINT = (
    "The approved sources do not answer this. Route the question to Medical Information "
    "(a standard medical information request) rather than answering from memory."
)
# Words by which a policy notice text is recognised as belonging to a rule's finding.
_NOTICE_CUES: dict[str, tuple[str, ...]] = {
    "adverse_event": ("adverse event", "drug safety", "pharmacovigilance"),
    "prompt_injection": ("instructions", "confidential", "not processed"),
    "off_label": ("off-label", "not in the approved", "not approved", "unapproved"),
    "promotional": ("promotional",),
    "pii": ("identifier", "redact", "personal data"),
}


def assign_notices(notices: list[str], rules: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Put each notice into the box of the fired rule it speaks about.

    Notices are plain texts from the policy; matching them to the rules that fired
    lets the page show one box per concern (title, notice, details) instead of two.
    Notices that match no fired rule are returned apart so they are still shown.
    """
    by_rule: dict[str, list[str]] = {}
    unassigned: list[str] = []
    for notice in dict.fromkeys(notices):
        text = notice.lower()
        rule = next((r for r in rules if any(cue in text for cue in _NOTICE_CUES.get(r, ()))), None)
        if rule is None:
            unassigned.append(notice)
        else:
            by_rule.setdefault(rule, []).append(notice)
    return by_rule, unassigned


def doc_type_label(doc_type: DocType) -> str:
    return DOC_TYPE_LABELS.get(doc_type, doc_type)


def citation_heading(citation: Citation) -> str:
    """'Title (Type) · where', leaving out the type when the title already says it."""
    kind = doc_type_label(citation.doc_type)
    head = citation.title if kind.lower() in citation.title.lower() else f"{citation.title} ({kind})"
    where = citation_location(citation)
    return f"{head} · {where}" if where else head


def citation_location(citation: Citation) -> str:
    """'Section · page 4' or 'slide 7': where in the document the passage sits."""
    parts: list[str] = []
    if citation.section:
        parts.append(citation.section)
    if citation.page is not None:
        parts.append(f"page {citation.page}")
    if citation.slide is not None:
        parts.append(f"slide {citation.slide}")
    return " · ".join(parts)


def split_answer_sentences(text: str) -> list[str]:
    """Answer sentences with their trailing [n] marks kept attached."""
    return [s.strip() for s in _ANSWER_SENTENCE_END.split(text) if s.strip()]


def strip_citation_marks(text: str) -> str:
    return CITATION_MARK.sub("", text).strip()


def sentences_citing(answer_text: str, n: int) -> list[str]:
    """The answer's sentences that carry the mark [n], without their marks."""
    mark = f"[{n}]"
    return [strip_citation_marks(s) for s in split_answer_sentences(answer_text) if mark in s]


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _supports(passage_sentence: str, cited: Iterable[str]) -> bool:
    """True when a passage sentence is (most of) one of the cited answer sentences.

    Extractive answers copy passage sentences, generative ones paraphrase them; word
    overlap in both directions catches both without flagging every sentence that shares
    a drug name.
    """
    words = _words(passage_sentence)
    if len(words) < 3:
        return False
    for sentence in cited:
        target = _words(sentence)
        if not target:
            continue
        shared = len(words & target)
        if shared / len(target) >= 0.6 and shared / len(words) >= 0.5:
            return True
    return False


def highlighted_quote_html(quote: str, cited_sentences: list[str]) -> str:
    """The passage as safe HTML with the sentences the answer relies on in <mark>.

    The text is HTML-escaped and dollar signs are encoded so Streamlit's Markdown
    renderer neither interprets them as LaTeX nor lets document text inject markup.
    """
    pieces = _PASSAGE_SENTENCE_END.split(quote)
    out: list[str] = []
    for piece in pieces:
        escaped = html.escape(piece).replace("$", "&#36;")
        if piece.strip() and _supports(piece, cited_sentences):
            out.append(f"<mark>{escaped}</mark>")
        else:
            out.append(escaped)
    body = "".join(out)
    return f'<div style="white-space: pre-wrap; line-height: 1.5">{body}</div>'


def escape_markdown_text(text: str) -> str:
    """Keep document text literal in st.markdown: no LaTeX from '$', no stray emphasis."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("*", "\\*").replace("_", "\\_")


def answer_markdown_with_links(answer_text: str, anchor_prefix: str) -> str:
    """Answer text for st.markdown with each [n] linking to its source's anchor."""
    escaped = escape_markdown_text(answer_text)
    return re.sub(r"\[(\d+)\]", lambda m: f"[\\[{m.group(1)}\\]](#{anchor_prefix}-{m.group(1)})", escaped)


def mode_label(answer: Answer) -> str:
    if answer.mode == "generative":
        return f"generative ({answer.model})" if answer.model else "generative"
    return "offline extractive"


def answer_to_markdown(answer: Answer) -> str:
    """A Q&A with its notices and full citations, for an MSL's preparation notes."""
    lines = [f"## Q: {answer.question}", ""]
    if answer.guardrail.notices:
        lines += [f"> **Notice:** {notice}" for notice in answer.guardrail.notices]
        lines.append("")
    if answer.status == "blocked":
        lines += [f"**Blocked:** {answer.answer}", ""]
    elif answer.status == "insufficient_evidence":
        lines += [f"**Insufficient evidence:** {answer.answer}", "", MEDICAL_INFORMATION_HINT, ""]
    else:
        lines += [answer.answer, ""]
    details = [f"Mode: {mode_label(answer)}"]
    if answer.product:
        details.append(f"product: {answer.product}")
    if answer.audit_id:
        details.append(f"audit id: {answer.audit_id}")
    lines += [f"*{'; '.join(details)}*", ""]
    if answer.citations:
        lines += ["### Sources", ""]
        for citation in answer.citations:
            lines.append(f"[{citation.n}] {citation_heading(citation)}")
            lines += [f"> {line}" if line else ">" for line in citation.quote.splitlines()]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def conversation_to_markdown(answers: list[Answer]) -> str:
    header = "# MSL Assistant — preparation notes\n\n"
    note = "_Answers cite approved documents only; verify against the cited source before use._\n\n"
    return header + note + "\n".join(answer_to_markdown(a) for a in answers)
