"""Trial-result questions on an unseen (made-up) label: the row of the asked endpoint, with its figure.

Invented label DEMOZYME (demozumab) and an invented trial "ORBITA-X"; no real product or trial is named.
"""

from __future__ import annotations

from assistant.retrieval.compose import compose_answer
from assistant.retrieval.intents import EFFICACY, detect_intents
from assistant.retrieval.scoring import states_figure
from assistant.retrieval.table_groups import carried_group, with_table_groups
from assistant.retrieval.table_rows import is_label_cell, labelled_row
from assistant.types import Chunk, ScoredChunk
from tests.label_hits import hit

CAPTION = "Table 5. Efficacy Results in ORBITA-X (columns: DEMOZYME | Placebo)"
SECTION = "Clinical Studies > ORBITA-X"


def _table(ordinal: int, *rows: str) -> ScoredChunk:
    return hit("\n".join([CAPTION, *rows]), SECTION, ordinal, match=1.0, kind="table", caption=CAPTION)


FIRST = _table(
    40,
    "DEMOZYME | Placebo",
    "Endpoint | n=310 | n=305",
    "Event-Free Survival",
    "Number (%) of patients with events | 120 (38.7) | 151 (49.5)",
    "Median in months (95% CI)* | 14.1 (12.0, 16.3) | 10.2 (9.1, 11.8)",
)
SECOND = _table(
    41,
    "Hazard ratio (95% CI)† | 0.68 (0.53, 0.86)",
    "1-sided p-value | 0.0009",
    "Overall survival",
    "Number (%) of patients with events | 141 (45.5) | 170 (55.7)",
)
THIRD = _table(
    42,
    "Median in months (95% CI)* | 22.4 (19.8, 25.0) 18.9 (16.2, 21.1)",
    "Hazard ratio (95% CI)† | 0.79 (0.63, 0.98)",
    "1-sided p-value | 0.0170",
)


def _document() -> list[Chunk]:
    return [h.chunk for h in (FIRST, SECOND, THIRD)]


def test_a_row_label_with_the_notation_of_its_values_is_the_rows_label() -> None:
    assert is_label_cell("Hazard ratio (95% CI)†,‡") and is_label_cell("1-sided p-value") and is_label_cell("ORR (%)")
    assert not is_label_cell("Week 24") and not is_label_cell("15 mg")
    row = labelled_row("Hazard ratio (95% CI)† | 0.68 (0.53, 0.86)", ["DEMOZYME", "Placebo"])
    assert row == "Hazard ratio (95% CI)†; DEMOZYME: 0.68 (0.53, 0.86)"


def test_a_continued_table_passage_opens_under_the_group_heading_of_the_passage_before() -> None:
    document = _document()
    assert carried_group(SECOND.chunk, document) == "Event-Free Survival"
    assert carried_group(THIRD.chunk, document) == "Overall survival"
    assert carried_group(FIRST.chunk, document) is None  # the table starts here
    body = hit("Demozumab was studied in ORBITA-X.", SECTION, 43, match=1.0)
    assert carried_group(body.chunk, document) is None
    out = with_table_groups([THIRD, body], lambda doc_id: document)
    assert out[0].chunk.text.splitlines()[:2] == [CAPTION, "Overall survival"]
    assert out[1] is body


def test_the_hazard_ratio_of_the_asked_endpoint_is_quoted_with_its_endpoint() -> None:
    question = "ORBITA-X overall survival hazard ratio for demozumab?"
    hits = with_table_groups([FIRST, SECOND, THIRD], lambda doc_id: _document())
    composed = compose_answer(question, hits, products=["demozumab"], intents=detect_intents(question))
    assert composed is not None
    assert "0.79 (0.63, 0.98)" in composed.text, composed.text
    assert "Overall survival — Hazard ratio" in composed.text


def test_a_result_question_is_answered_by_the_figure_not_by_the_endpoints_definition() -> None:
    definition = hit(
        "The major efficacy outcome measure was event-free survival (EFS) as assessed by blinded review. "
        "Additional outcome measures were overall survival and duration of response.",
        SECTION,
        39,
        match=1.0,
        score=0.6,
    )
    question = "what was the EFS hazard ratio for demozumab in ORBITA-X?"
    hits = with_table_groups([definition, SECOND, THIRD], lambda doc_id: [definition.chunk, *_document()])
    composed = compose_answer(question, hits, products=["demozumab"], intents=[EFFICACY])
    assert composed is not None
    assert composed.text.startswith("Efficacy Results in ORBITA-X — Event-Free Survival — Hazard ratio"), composed.text
    assert "0.68 (0.53, 0.86)" in composed.text


def test_figures_are_counts_rates_and_intervals_not_numbered_names() -> None:
    assert states_figure("The median follow-up was 26 months.")
    assert states_figure("Hazard ratio (95% CI); DEMOZYME: 0.68 (0.53, 0.86)")
    assert not states_figure("Tumors were XYZ18.2 positive with mFOLFIRI6 [see Clinical Studies (14)].")
    assert not states_figure("The efficacy of DEMOZYME was evaluated in Study 2 (NCT01234567).")
    assert not states_figure("Results are shown in Table 5 with the 95% CI.")


def test_a_count_of_patients_is_answered_by_an_arm_size_or_a_count_of_the_counted_noun() -> None:
    from assistant.retrieval.scope import count_gap

    question = "how many hospitalized patients were randomized to demozumab in ORBITA-X?"
    assert (
        count_gap(question, "Demozumab plus standard care (n = 515) was compared with placebo (n = 518) [1].") is None
    )
    assert count_gap(question, "The recommended dose is 4 mg once daily [1].") is not None
    assert count_gap("how many pts were randomized?", "A total of 955 patients were randomized [1].") is None
    assert count_gap("how many extra days of demozyme?", "Continue for an additional 18 days [1].") is None
    assert count_gap("how many extra days of demozyme?", "Take 20 mg once daily [1].") is not None


def test_the_adverse_reactions_clinical_trials_experience_subsection_is_no_clinical_studies_section() -> None:
    from assistant.retrieval.sections import section_match

    safety = hit(
        "The safety of DEMOZYME was evaluated in 2 randomized trials.",
        "Adverse Reactions > Clinical Trials Experience",
        20,
    )
    studies = hit("A total of 1,204 patients were randomized in ORBITA-X.", SECTION, 38)
    assert section_match(studies.chunk, [EFFICACY]) == 1.0
    assert section_match(safety.chunk, [EFFICACY]) == 0.5  # trial rates, but of harms: no longer the asked section
    question = "how many patients were randomized in the demozyme trials?"
    composed = compose_answer(
        question,
        [
            hit(safety.chunk.text, safety.chunk.section or "", 20, match=section_match(safety.chunk, [EFFICACY])),
            hit(studies.chunk.text, SECTION, 38, match=1.0, score=0.45),
        ],
        products=["demozumab"],
        intents=[EFFICACY],
    )
    assert composed is not None and "1,204" in composed.text, composed


def test_result_wording_asks_for_the_clinical_studies_section() -> None:
    for question in (
        "relative risk reduction of new fractures with demozyme at month 12?",
        "absolute risk reduction with demozyme vs comparator?",
        "odds ratio for stroke with demozyme?",
        "treatment difference in response with demozyme?",
        "how many patients were randomized to demozyme?",
    ):
        assert "efficacy" in {i.name for i in detect_intents(question)}, question


def test_where_to_inject_is_answered_by_the_sentence_naming_the_sites_not_the_dose() -> None:
    dosing = hit(
        "The recommended dosage of DEMOZYME is 140 mg every 2 weeks administered subcutaneously. "
        "The dosage can be increased to 280 mg every 2 weeks.",
        "Dosage and Administration > Recommended Dosage",
        3,
        match=1.0,
        score=0.68,
    )
    sites = hit(
        "Allow DEMOZYME to reach room temperature before use. "
        "Administer DEMOZYME subcutaneously into areas of the abdomen, thigh, or upper arm that are not tender.",
        "Dosage and Administration > Important Administration Instructions",
        5,
        match=1.0,
        score=0.66,
    )
    question = "where can demozyme be injected?"
    composed = compose_answer(question, [dosing, sites], products=["demozumab"], intents=detect_intents(question))
    assert composed is not None and "abdomen, thigh, or upper arm" in composed.text, composed.text
