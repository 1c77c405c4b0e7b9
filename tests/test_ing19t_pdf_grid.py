"""A PDF table read as a grid (ing19t): rows keep their label, every value and its column heading.

The lines are built the way ``pdf_layout`` gives them (fragments with a box and each character's x) and
joined into rows by ``pdf_label_lines.rows``, so the tests exercise the same path a real label takes.
"""

from __future__ import annotations

from assistant.ingest.pdf_grid import column_cuts, read_grid
from assistant.ingest.pdf_label_lines import rows
from assistant.ingest.pdf_layout import Line
from assistant.ingest.pdf_table_bands import is_table_band, rejoin_table_bands

CHAR = 4.5  # width of a character, points
HEIGHT = 9.0  # line height, points
LEADING = 12.0  # baseline to baseline within a table


SPACE = 2.5  # width of a word space, points (a proportional font: narrower than a letter)


def fragment(x: float, y: float, text: str, column: int = 0) -> Line:
    """A run of text at (x, baseline y) in a proportional font (letters ``CHAR``, spaces ``SPACE`` wide)."""
    xs: list[float] = []
    at = x
    for ch in text:
        xs.append(at)
        at += SPACE if ch == " " else CHAR
    return Line(text, x, y, at, y + HEIGHT, size=HEIGHT, column=column, xs=xs)


def table(*cells: tuple[int, float, str]) -> list[Line]:
    """Rows of the table from (line number, x, text) cells; line n sits ``n`` leadings below the top."""
    return rows([fragment(x, 700 - n * LEADING, text) for n, x, text in cells])


# Label column at x=50, three value columns at x=220, 300, 380 (the last one a hazard ratio).
HEADED = [
    (0, 220, "Drug A"), (0, 300, "Placebo"), (0, 380, "Hazard Ratio"),
    (1, 220, "N=840"), (1, 300, "N=829"), (1, 380, "(95% CI)"),
    (2, 50, "Recurrent thrombosis or"), (2, 220, "32 (3.8)"), (2, 300, "96 (11.6)"), (2, 380, "0.33 (0.22, 0.48)"),
    (3, 50, "all-cause death"), (3, 380, "p<0.0001"),
    (4, 50, "Bleeding"), (4, 220, "19 (2.3)"), (4, 300, "72 (8.7)"), (4, 380, "0.26 (0.15, 0.45)"),
]  # fmt: skip


def test_columns_are_found_between_the_value_columns() -> None:
    cuts = column_cuts(table(*HEADED))
    assert len(cuts) == 3
    assert 50 + 21 * CHAR + 2 * SPACE < cuts[0] < 220 < cuts[1] < 300 < cuts[2] < 380


def test_a_row_reads_as_one_unit_with_each_value_under_its_heading() -> None:
    grid = read_grid(table(*HEADED))
    assert grid is not None
    first, second = grid.rows
    assert first.startswith("Recurrent thrombosis or all-cause death; ")
    assert "Drug A N=840: 32 (3.8)" in first
    assert "Placebo N=829: 96 (11.6)" in first
    assert "Hazard Ratio (95% CI): 0.33 (0.22, 0.48) p<0.0001" in first
    assert second == (
        "Bleeding; Drug A N=840: 19 (2.3); Placebo N=829: 72 (8.7); Hazard Ratio (95% CI): 0.26 (0.15, 0.45)"
    )


def test_a_label_set_across_the_middle_of_its_values_is_one_label() -> None:
    """Label lines above and below a line of values (values centred on a four-line label)."""
    lines = table(
        (0, 220, "Placebo"), (0, 300, "Active"),
        (1, 50, "Composite endpoint"),
        (2, 50, "Time to first occurrence"),
        (3, 50, "of death,"),
        (4, 220, "1013 (7.4)"), (4, 300, "816 (5.9)"),
        (5, 50, "infarction,"),
        (6, 50, "stroke"),
        (8, 50, "Other endpoints"),
        (9, 50, "Time to death"), (9, 220, "240 (1.7)"), (9, 300, "251 (1.8)"),
    )  # fmt: skip
    grid = read_grid(lines)
    assert grid is not None
    assert grid.rows == [
        "Time to first occurrence of death, infarction, stroke (Composite endpoint); Placebo: 1013 (7.4); "
        "Active: 816 (5.9)",
        "Time to death (Other endpoints); Placebo: 240 (1.7); Active: 251 (1.8)",
    ]


def test_a_group_ends_where_a_row_is_set_back_at_its_margin() -> None:
    lines = table(
        (0, 220, "Drug A"), (0, 300, "Placebo"),
        (1, 50, "Stroke"),
        (2, 60, "Ischemic"), (2, 220, "43 (1.4)"), (2, 300, "97 (3.1)"),
        (3, 60, "Hemorrhagic"), (3, 220, "6 (0.2)"), (3, 300, "9 (0.3)"),
        (4, 50, "Myocardial infarction"), (4, 220, "24 (0.8)"), (4, 300, "28 (0.9)"),
    )  # fmt: skip
    grid = read_grid(lines)
    assert grid is not None
    assert grid.rows[0].startswith("Ischemic (Stroke); ")
    assert grid.rows[1].startswith("Hemorrhagic (Stroke); ")
    assert grid.rows[2].startswith("Myocardial infarction; ")


def test_footnotes_stay_notes_after_the_rows() -> None:
    lines = table(
        *HEADED,
        (6, 50, "* Patients with more than one event are counted in multiple rows of this table."),
    )
    grid = read_grid(lines)
    assert grid is not None
    assert grid.notes == ["* Patients with more than one event are counted in multiple rows of this table."]
    assert len(grid.rows) == 2


def test_text_without_columns_is_no_grid() -> None:
    lines = table((0, 50, "Take with food."), (1, 50, "Swallow whole."))
    assert read_grid(lines) is None


def test_a_table_read_column_by_column_is_put_back_in_rows() -> None:
    """The layout reader took the gap before the last column for a gutter: left column first, then right."""
    labels, ratios = ["Major | 15 (0.6)", "Minor | 31 (1.2)"], ["0.31 (0.17, 0.55)", "0.45 (0.2, 0.9)"]
    left = [fragment(50, 700 - n * LEADING, t, column=1) for n, t in enumerate(labels)]
    right = [fragment(380, 700 - n * LEADING, t, column=2) for n, t in enumerate(ratios)]
    band = [*left, *right]
    assert is_table_band(band)
    rejoined = [ln.text for ln in rows(rejoin_table_bands(band))]
    assert rejoined == ["Major | 15 (0.6) | 0.31 (0.17, 0.55)", "Minor | 31 (1.2) | 0.45 (0.2, 0.9)"]


def test_two_columns_of_running_text_stay_columns() -> None:
    words = "the dose is adjusted for renal function in every patient"
    left = [fragment(50, 700 - n * LEADING, words, column=1) for n in range(4)]
    right = [fragment(320, 700 - n * LEADING, words, column=2) for n in range(4)]
    band = [*left, *right]
    assert not is_table_band(band)
    assert rejoin_table_bands(band) == band
