"""Rows of a table read from a PDF ("cell | cell | cell") quote as rows: each value under its heading."""

from __future__ import annotations

from assistant.retrieval.compose import compose_answer
from assistant.retrieval.fusion import with_lexical_best
from assistant.retrieval.intents import detect_intents
from assistant.retrieval.readable import is_readable_row
from assistant.retrieval.table_rows import column_headings, labelled_row, row_label, without_columns
from tests.label_hits import hit

CAPTION = "Table 2: Demozumab Dosage for Patients 2 Years and Older (columns: Oral solution | Tablets)"


def test_the_caption_names_the_headings_and_prints_without_them() -> None:
    assert column_headings(CAPTION) == ["Oral solution", "Tablets"]
    assert column_headings("Table 3: Laboratory Monitoring") == []
    assert without_columns(CAPTION) == "Table 2: Demozumab Dosage for Patients 2 Years and Older"


def test_a_row_with_an_unnamed_label_column_puts_each_value_under_its_heading() -> None:
    row = labelled_row("10 kg to less than 20 kg | 3 mg twice daily | Not recommended", ["Oral solution", "Tablets"])
    assert row == "10 kg to less than 20 kg; Oral solution: 3 mg twice daily; Tablets: Not recommended"
    assert is_readable_row(row) and row_label(row) == "10 kg to less than 20 kg"


def test_rows_that_do_not_line_up_with_the_headings_are_left_alone() -> None:
    headings = ["Placebo", "Demozumab", "Hazard Ratio"]
    assert labelled_row("Placebo | Demozumab | Hazard Ratio", headings) == "Placebo | Demozumab | Hazard Ratio"
    assert labelled_row("Nausea | 2.2", headings) == "Nausea | 2.2"
    # as many cells as headings, words then figures: the label, then values (the last two ran together)
    assert labelled_row("Major | 327 (2.13) | 462 (3.09) 0.69", headings) == (
        "Major; Placebo: 327 (2.13); Demozumab: 462 (3.09) 0.69"
    )
    assert labelled_row("Low | High | Both", headings) == "Placebo: Low; Demozumab: High; Hazard Ratio: Both"


def test_a_weight_band_row_of_a_pdf_dosing_table_answers_a_dose_for_a_child_of_that_weight() -> None:
    table = "\n".join(
        [
            CAPTION,
            "Patient Weight Oral solution | Tablets",
            "10 kg to less than 20 kg | 3 mg (3 mL oral solution) twice daily | Not recommended",
            "20 kg to less than 30 kg | 4 mg (4 mL oral solution) twice daily | Not recommended",
            "30 kg and greater | 6 mg (6 mL oral solution) twice daily | 15 mg once daily",
        ]
    )
    hits = [hit(table, "Dosage and Administration > Recommended Dosage", 7, kind="table", caption=CAPTION)]
    question = "demozumab dose for a 15 kg child"
    composed = compose_answer(question, hits, products=["demozumab"], intents=detect_intents(question))
    assert composed is not None and "3 mg (3 mL oral solution) twice daily" in composed.text, composed
    assert "(columns:" not in composed.text


def test_a_sentence_saying_what_was_asked_leads_over_one_only_its_section_speaks_for() -> None:
    dosing = [
        hit(
            f"The recommended dose of DEMOZYME is {n} mg taken orally twice daily.",
            f"Dosage and Administration > D{n}",
            n,
        )
        for n in range(1, 7)
    ]
    warning = hit(
        "Indwelling epidural catheters should not be removed earlier than 24 hours after the last dose. "
        "The next dose should not be given earlier than 5 hours after the removal of the epidural catheter.",
        "Warnings and Precautions > Spinal/Epidural Anesthesia",
        20,
        match=0.0,
    )
    warning.score = 0.0  # kept in reach by the lexical channel, last and without a relevance of its own
    question = "How long after epidural catheter removal can the next demozumab dose be given?"
    composed = compose_answer(question, [*dosing, warning], products=["demozumab"], intents=detect_intents(question))
    assert composed is not None and "5 hours after the removal" in composed.text, composed


def test_the_passage_the_questions_own_words_pick_first_is_kept_in_reach() -> None:
    fused = [hit(f"Dose statement {i}.", "Dosage and Administration", i) for i in range(3)]
    lexical = [hit("Catheter removal timing.", "Warnings and Precautions", 9, match=0.0)]
    kept = with_lexical_best(fused, lexical, detect_intents("next dose after catheter removal"))
    assert [h.chunk.ordinal for h in kept] == [0, 1, 2, 9]
    assert with_lexical_best(fused, fused[1:2], []) == fused  # already there: nothing added
