"""A table whose columns are the compared arms answers a "drug vs comparator" question; a number in the
question that tells two tables apart ("type 1" / "type 2") picks the table whose caption uses it.

Invented product names: the rule is about a table's caption and column heads, not about any label.
"""

from __future__ import annotations

from assistant.retrieval.premises import comparison_gap
from assistant.retrieval.trials import captioned_numbers
from assistant.types import Chunk, DocumentMeta, ScoredChunk

CAPTION = "Table 1: Bleeding Events in Trial ZEPHYR (columns: ALPHAMAB | Betanib | Hazard Ratio)"


def _hit(text: str, *, kind: str = "body", caption: str | None = None) -> ScoredChunk:
    meta = DocumentMeta(doc_id="a", title="ALPHAMAB label", doc_type="label", product="alphamab", brand="ALPHAMAB")
    chunk = Chunk(chunk_id="a:0", doc_id="a", text=text, ordinal=0, section="Adverse Reactions", kind=kind,
                  caption=caption, meta=meta)  # fmt: skip
    return ScoredChunk(chunk=chunk, score=1.0)


def test_a_table_with_both_arms_as_columns_compares_them() -> None:
    table = _hit(f"{CAPTION}\nMajor | 327 (2.13) | 462 (3.09) | 0.69", kind="table", caption=CAPTION)
    assert comparison_gap("major bleeding with alphamab vs betanib?", [table], ["alphamab"]) is None


def test_rows_alone_compare_nothing() -> None:
    rows = _hit("Major | 327 (2.13) | 462 (3.09) | 0.69\nFatal | 10 | 12 | 0.8")
    assert comparison_gap("major bleeding with alphamab vs betanib?", [rows], ["alphamab"]) is not None
    other = "Table 2: Bleeding Events in Trial KESTREL (columns: ALPHAMAB | Placebo)"
    table = _hit(f"{other}\nMajor | 3 | 4", kind="table", caption=other)
    assert comparison_gap("major bleeding with alphamab vs betanib?", [table], ["alphamab"]) is not None


def test_a_number_that_tells_tables_apart_is_matched_in_their_captions() -> None:
    captions = ["Table 2. Reactions with Type 1 Disease", "Table 1. Reactions with Type 2 Disease"]
    found = captioned_numbers("throat pain rate in type 1 patients?", captions)
    assert [(n.name, n.number) for n in found] == [("type", "1")]
    assert found[0].says(captions[0]) == 1.0 and found[0].says(captions[1]) == -1.0
    assert captioned_numbers("dose for 2 weeks in type 1 patients?", ["Table 1: Doses"]) == []  # no caption uses it
    assert captioned_numbers("nausea in 2 of 10 patients?", captions) == []  # no word written before the number
