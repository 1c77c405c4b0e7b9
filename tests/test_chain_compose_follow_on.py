"""Sentences that only read with a neighbour are quoted with it: a conclusion with its premise,
the two sentences of one short bulleted instruction."""

from __future__ import annotations

from assistant.retrieval.follow_on import referenced_sections, refers_back
from tests.label_hits import compose as _compose
from tests.label_hits import hit as _hit


def test_a_premise_brings_the_conclusion_that_refers_back_to_it() -> None:
    hits = [
        _hit(
            "The safety and efficacy of DEMOZYME have not been studied in patients with mechanical heart valves. "
            "Therefore, use of DEMOZYME is not recommended in these patients.",
            "Warnings and Precautions > Patients with Mechanical Heart Valves",
            30,
        ),
        _hit("DEMOZYME increases the risk of bleeding.", "Warnings and Precautions > Bleeding", 31),
    ]
    text = _compose("Is demozumab ok with mechanical heart valves?", hits)
    assert "mechanical heart valves" in text and "not recommended in these patients" in text, text


def test_both_sentences_of_a_short_bulleted_instruction_are_quoted() -> None:
    hits = [
        _hit(
            "• DEMOZYME tablets should be swallowed whole. DEMOZYME tablets should not be split, crushed, or chewed.\n"
            "• DEMOZYME should be taken with or without food.",
            "Dosage and Administration > Important Administration Instructions",
            5,
        )
    ]
    text = _compose("can demozyme tablets be split?", hits)
    assert "swallowed whole" in text and "not be split" in text, text
    assert "with or without food" not in text, text


def test_what_refers_back() -> None:
    assert refers_back("Therefore, use is not recommended in these patients.")
    assert refers_back("Thus, monitor renal function.")
    assert refers_back("Monitor such patients closely for bleeding.")
    assert not refers_back("The recommended dose is 5 mg twice daily.")
    assert not refers_back("These tablets are film-coated.")


def test_a_pointer_to_another_section_brings_the_figures_it_points_to() -> None:
    hits = [
        _hit(
            "DEMOZYME also showed significantly fewer major bleeds than warfarin [see Adverse Reactions (6.1)].",
            "Clinical Studies > TRIAL-9",
            60,
            score=0.7,
        ),
        _hit(
            "Table 1: Bleeding Events in TRIAL-9\nEvent: Major; DEMOZYME: 327 (2.13); Warfarin: 462 (3.09)",
            "Adverse Reactions > Clinical Trials Experience",
            30,
            score=0.6,
            kind="table",
        ),
    ]
    text = _compose("Major bleeding rate with demozumab vs warfarin in TRIAL-9?", hits)
    assert "fewer major bleeds" in text and "2.13" in text, text


def test_referenced_sections() -> None:
    assert referenced_sections("fewer bleeds [see Adverse Reactions (6.1)].") == ["Adverse Reactions"]
    assert referenced_sections("[see Warnings and Precautions (5.2) and Adverse Reactions (6.1)]") == [
        "Warnings and Precautions",
        "Adverse Reactions",
    ]
    assert referenced_sections("[see Use in Specific Populations (8.1, 8.3)]") == ["Use in Specific Populations"]
    assert referenced_sections("No pointer here (6.1).") == []
