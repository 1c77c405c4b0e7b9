"""Sentences a page break cut in two, put back together on the page where they start.

A PDF page ends wherever the typesetter ran out of room, often mid-sentence: "Drugamab
and/or its metabolites were present in" at the foot of one page, "the milk of rats (see
Data)." at the head of the next. Blocks never cross a page (every chunk cites one page),
so each half became a passage of its own and neither states the fact: an answer quoting
the first half stops mid-clause, one quoting the second starts without its subject.

The finished sentence is kept with its first page (that is where a reader starting it
finds it; the citation to the first page is exact), and the next page's block keeps the
rest. A block is only continued by the next block when both are running text of the same
section, the first stops without a sentence end and the second reads as the rest of a
sentence (see :func:`is_cut`).
"""

from __future__ import annotations

from assistant.ingest.chunking import split_sentences
from assistant.ingest.pdf_label_lines import MINOR
from assistant.ingest.pdf_text import Known, join_lines
from assistant.types import Block

_ENDS = (".", "!", "?", ":", ";")
"""A block ending so has finished its sentence (a list introduced by a colon goes on as items)."""
_OPEN = (",", "-", "–", "(", "/")
"""A block ending so stops mid-clause."""


def is_cut(first: Block, following: Block) -> bool:
    """``following`` (first block of the next page) finishes the last sentence of ``first``.

    Both are body text of one section on consecutive pages; ``first`` stops without a
    sentence end, and ``following`` starts in lower case ("studies [see ...]. When ...")
    or ``first`` stops on a word that cannot end a sentence ("... compared", "... of the").
    """
    if first.kind != "body" or following.kind != "body" or first.page is None or following.page != first.page + 1:
        return False
    if first.section_path != following.section_path or first.section_codes != following.section_codes:
        return False
    head, rest = first.text.rstrip(), following.text.lstrip()
    if not head or not rest or head.endswith(_ENDS) or "\n" in head[-80:]:
        return False
    last = head.split()[-1].lower()
    return rest[:1].islower() or head.endswith(_OPEN) or last in MINOR


def _first_sentence(text: str) -> tuple[str, str]:
    """(the first sentence, the rest) of a block's text."""
    sentences = split_sentences(text)
    if not sentences:
        return text, ""
    head = sentences[0]
    at = text.find(head) + len(head)
    return head, text[at:].strip()


def join_cut_sentences(blocks: list[Block], known: Known) -> list[Block]:
    """``blocks`` with each sentence a page break cut finished on its first page (see the module docstring)."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if previous is not None and is_cut(previous, block):
            head, rest = _first_sentence(block.text)
            out[-1] = previous.model_copy(update={"text": join_lines([previous.text, head], known)})
            if not rest:
                continue
            block = block.model_copy(update={"text": rest})
        out.append(block)
    return out
