"""SPL tables: read as laid out (spans, multi-row headers, header rows without <thead>, group rows,
footnotes) and chunked a few rows at a time under their repeated caption."""

from __future__ import annotations

from lxml import etree

from assistant.ingest.chunking import TABLE_ROW_TOKENS, chunk_blocks
from assistant.ingest.spl_tables import read_table
from assistant.types import Block, DocumentMeta

V3 = 'xmlns="urn:hl7-org:v3"'


def _table(xml: str) -> etree._Element:
    return etree.fromstring(f"<table {V3}>{xml}</table>")


def _count(text: str) -> int:
    return len(text.split())


def test_two_header_rows_and_a_colspan_make_whole_column_headers() -> None:
    table = read_table(
        _table(
            "<caption>Table 2. Reactions in flexible-dose studies</caption>"
            "<thead><tr><th>Reaction</th><th>ZORBEX</th><th>PLACEBO</th></tr>"
            "<tr><th/><th>N=734</th><th>N=725</th></tr></thead>"
            "<tbody><tr><td>Headache</td><td>16%</td><td>4%</td></tr></tbody>"
        )
    )
    assert table.caption == "Table 2. Reactions in flexible-dose studies"
    assert table.rows == ["Reaction: Headache; ZORBEX N=734: 16%; PLACEBO N=725: 4%"]


def test_spanning_header_qualifies_every_column_under_it() -> None:
    table = read_table(
        _table(
            '<thead><tr><th rowspan="2">Measure</th><th colspan="2">At rest</th></tr>'
            "<tr><th>Baseline</th><th>Drug</th></tr></thead>"
            "<tbody><tr><td>Heart rate</td><td>67</td><td>66</td></tr></tbody>"
        )
    )
    assert table.rows == ["Measure: Heart rate; At rest Baseline: 67; At rest Drug: 66"]


def test_first_row_of_short_labels_is_the_header_and_group_rows_qualify_rows_below() -> None:
    table = read_table(
        _table(
            "<tbody><tr><td>Target organ</td><td>Action</td></tr>"
            '<tr><td colspan="2">Cardiac</td></tr>'
            "<tr><td>QTc above 500 msec</td><td>Withhold</td></tr>"
            "<tr><td>Heart failure</td><td>Discontinue</td></tr></tbody>"
        )
    )
    assert table.rows == [
        "Target organ: QTc above 500 msec (Cardiac); Action: Withhold",
        "Target organ: Heart failure (Cardiac); Action: Discontinue",
    ]


def test_footnotes_leave_the_cell_and_dash_cells_say_nothing() -> None:
    table = read_table(
        _table(
            "<thead><tr><th>Reaction</th><th>Rate</th><th>HR</th></tr></thead>"
            "<tbody><tr><td>Abnormal vision<footnote>Mild and transient.</footnote></td><td>3%</td>"
            "<td>-</td></tr></tbody>"
        )
    )
    assert table.rows == ["Reaction: Abnormal vision; Rate: 3%"]
    assert table.notes == ["Mild and transient."]


def test_a_table_without_caption_borrows_the_sentence_introducing_it() -> None:
    intro = "Twenty subjects were studied. The mean decreases in blood pressure were as follows:"
    table = read_table(_table("<tbody><tr><td>Supine</td><td>7.4</td></tr></tbody>"), intro=intro)
    assert table.caption == "The mean decreases in blood pressure were as follows:"
    assert read_table(_table("<tbody><tr><td>Supine</td><td>7.4</td></tr></tbody>"), "A sentence.").caption == ""


def test_every_chunk_of_a_table_repeats_its_caption_and_holds_whole_rows() -> None:
    caption = "Table 5. TRIAL-X: Primary Composite Endpoint"
    rows = [f"Endpoint: Component {i} of the composite; Drug: {i}.1%; Placebo: {i}.9%; HR: 0.{i}" for i in range(12)]
    block = Block(text="\n".join([caption, *rows]), section_path=["Clinical Studies"], kind="table", caption=caption)
    meta = DocumentMeta(doc_id="zorbex", title="ZORBEX (zorbexumab) injection", doc_type="label", product="zorbexumab")
    chunks = chunk_blocks(meta, [block], _count, budget=222, overlap=40)
    assert len(chunks) > 1
    seen: list[str] = []
    for chunk in chunks:
        head, *body = chunk.text.split("\n")
        assert head == caption and chunk.caption == caption and chunk.kind == "table"
        assert body and all(line in rows for line in body)
        assert sum(_count(line) for line in body) <= TABLE_ROW_TOKENS
        seen += body
    assert seen == rows  # every row once, in order: no overlap between row groups


def test_two_adjacent_tables_never_share_a_chunk() -> None:
    meta = DocumentMeta(doc_id="zorbex", title="ZORBEX (zorbexumab) injection", doc_type="label", product="zorbexumab")
    blocks = [
        Block(text=f"Table {n}. T{n}\nA: row {n}; B: value", section_path=["Adverse Reactions"], kind="table",
              caption=f"Table {n}. T{n}")
        for n in (1, 2)
    ]  # fmt: skip
    chunks = chunk_blocks(meta, blocks, _count, budget=222, overlap=40)
    assert [c.text for c in chunks] == ["Table 1. T1\nA: row 1; B: value", "Table 2. T2\nA: row 2; B: value"]


def test_a_run_in_heading_and_the_introducing_sentence_caption_a_table_without_one() -> None:
    table = read_table(
        _table("<tbody><tr><td>Standing</td><td>11.6</td></tr></tbody>"),
        intro="Nineteen subjects took both. The decreases in blood pressure were as follows:",
        heading="Study 2: ZORBEX with an alpha-blocker",
    )
    assert table.caption == "Study 2: ZORBEX with an alpha-blocker — The decreases in blood pressure were as follows:"
