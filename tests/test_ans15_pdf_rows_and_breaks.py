"""PI PDF tables keep their rows as rows, and a sentence a page break cut is finished on its first page.

Synthetic blocks and line texts pin the rules; the real-PDF checks run over every label PDF in the
eval folders (none is named), so they say what holds for any label the loader reads.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest

from assistant.ingest import pdf
from assistant.ingest.chunking import TABLE_CAPTION_TOKENS, chunk_blocks
from assistant.ingest.pdf_breaks import is_cut, join_cut_sentences
from assistant.ingest.pdf_label_lines import heads_text, is_row, starts_table
from assistant.ingest.pdf_text import known_words
from assistant.types import Block, DocumentMeta, ParsedDocument

ROOT = Path(__file__).resolve().parents[1] / "evals"
LABELS = sorted(
    p
    for folder in ("real_labels3", "real_labels4", "real_labels5", "pdf_dev/labels")
    for p in (ROOT / folder).glob("*.pdf")
)
_RATE_ROW = re.compile(r"[A-Za-z][\w ,()/-]{2,40} \| \d+(\.\d+)?% \| \d+(\.\d+)?%")
"""A row of an adverse-reaction or efficacy table as the loader writes it: "Headache | 3.1% | 2.8%"."""


@cache
def parsed(path: Path) -> ParsedDocument:
    return pdf.parse_pdf(path)


def _block(text: str, page: int, path: tuple[str, ...] = ("Adverse Reactions",), kind: str = "body") -> Block:
    return Block(text=text, page=page, section_path=list(path), kind=kind)  # type: ignore[arg-type]


# -- rows ----------------------------------------------------------------------------------------


def test_a_row_has_a_figure_in_a_cell_after_its_label() -> None:
    assert is_row("Throat pain or irritation | 4.4% | 3.8% | 0.9%")
    assert is_row("Epistaxis | 13 (1.5) | 29 (3.6) | 9 (1.1)")
    assert is_row("All treated | N=2673 | N=2659")
    # words beside words (a dose-modification grid, a leaflet's columns) are no data row
    assert not is_row("(5.5)] | • Resume at same or reduced dose")
    assert not is_row("This leaflet has been approved | Issued: 11/2023")
    assert not is_row("Cough 25.6% 19.7%")  # no cells


def test_a_table_starts_at_a_column_head_over_a_row_of_figures() -> None:
    assert starts_table("Adverse Reaction | Drug | Placebo", "Nausea | 20% | 8%")
    assert not starts_table("Adverse Reaction | Drug | Placebo", "The most common reactions were nausea and rash.")
    assert not starts_table("Nausea was reported in 20% of patients treated in the first trial.", None)


def test_a_heading_over_text_ends_a_table_but_a_row_label_does_not() -> None:
    text = "Approximately 27% of patients reported cough, compared to about 5% of patients on comparator."
    assert heads_text("Previously Treated Metastatic Disease (Study 6)", text)
    assert not heads_text("Severe Hypoglycemia", "Non-Severe Hypoglycemia | 67% | 30%")
    assert not heads_text("a Includes one patient with a fatal event", text)


# -- page breaks ---------------------------------------------------------------------------------


def test_a_sentence_cut_by_a_page_break_is_finished_on_its_first_page() -> None:
    first = _block("Drugamab and/or its metabolites were present in", 18)
    following = _block("the milk of rats (see Data). Breastfeeding is not recommended.", 19)
    out = join_cut_sentences([first, following], known_words({}))
    assert [(b.page, b.text) for b in out] == [
        (18, "Drugamab and/or its metabolites were present in the milk of rats (see Data)."),
        (19, "Breastfeeding is not recommended."),
    ]


def test_a_continuation_that_is_one_sentence_leaves_no_empty_block() -> None:
    first = _block("The effect of renal impairment on the exposure has not been", 14)
    out = join_cut_sentences([first, _block("studied.", 15)], known_words({}))
    whole = "The effect of renal impairment on the exposure has not been studied."
    assert [(b.page, b.text) for b in out] == [(14, whole)]


def test_finished_sentences_other_sections_and_tables_are_left_alone() -> None:
    done = _block("Breastfeeding is not recommended.", 18)
    assert not is_cut(done, _block("during treatment with the drug.", 19))
    cut = _block("The first dose was given 12 to 24 hours post surgery,", 30)
    assert is_cut(cut, _block("whereas the comparator was started earlier.", 31))
    assert not is_cut(cut, _block("whereas the comparator was started earlier.", 31, ("Clinical Studies",)))
    assert not is_cut(cut, _block("whereas the comparator was started earlier.", 32))
    assert not is_cut(cut, _block("whereas | 12% | 3%", 31, kind="table"))
    assert not is_cut(_block("Risk Summary", 5), _block("There are no data on the use in pregnancy.", 6))


# -- real labels ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.stem)
def test_rate_rows_of_real_labels_are_never_read_as_running_text(path: Path) -> None:
    """A row "Headache | 3.1% | 2.8%" sits in a table block on a line of its own, never run into prose."""
    for block in parsed(path).blocks:
        if block.kind == "table":
            continue
        assert len(_RATE_ROW.findall(block.text)) < 2, (block.page, block.text[:200])


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.stem)
def test_no_text_block_of_a_real_label_ends_mid_sentence_where_the_next_page_finishes_it(path: Path) -> None:
    blocks = parsed(path).blocks
    cut = [(a.page, a.text[-60:]) for a, b in pairwise(blocks) if is_cut(a, b)]
    assert cut == []


def test_a_long_caption_is_cut_but_keeps_its_column_headings() -> None:
    """Every chunk of a table repeats its caption cut to a few tokens; the column headings at its end say
    which arm each figure of a row reports, so the title's words go first."""
    title = "Table 1. Common Adverse Reactions That Occurred in Patients " + "with a long description " * 8
    caption = f"{title.strip()} (columns: Drug | Placebo)"
    block = Block(text=f"{caption}\nFatigue | 2.0% | 0.7%", page=3, kind="table", caption=caption)
    meta = DocumentMeta(doc_id="d", title="label", doc_type="label")
    chunks = chunk_blocks(meta, [block], lambda t: len(t.split()), budget=200, overlap=0)
    assert chunks and all(c.caption and c.caption.endswith("(columns: Drug | Placebo)") for c in chunks)
    assert all(len((c.caption or "").split()) <= TABLE_CAPTION_TOKENS for c in chunks)
    assert "Fatigue | 2.0% | 0.7%" in chunks[0].text
