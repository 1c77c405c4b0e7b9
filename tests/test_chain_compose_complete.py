"""Complete answers: negated leads give way, lists are taken whole, every part of a question is answered."""

from __future__ import annotations

from assistant.retrieval.compose import compose_answer
from assistant.retrieval.intents import detect_intents
from assistant.types import Chunk, DocumentMeta, ScoredChunk

LABEL = DocumentMeta(
    doc_id="demo-label",
    title="DEMOZYME (demozumab) injection - Prescribing Information",
    doc_type="label",
    product="demozumab",
    brand="DEMOZYME",
)


def _hit(text: str, section: str, ordinal: int, *, match: float = 1.0, score: float = 0.5) -> ScoredChunk:
    chunk = Chunk(
        chunk_id=f"demo-label:{ordinal}", doc_id="demo-label", text=text, ordinal=ordinal, section=section, meta=LABEL
    )
    return ScoredChunk(chunk=chunk, score=score, scores={"section": match})


def _table(text: str, section: str, ordinal: int, *, score: float = 0.5) -> ScoredChunk:
    """A table passage: its first line is the caption, each further line a "Key: value; …" row."""
    hit = _hit(text, section, ordinal, score=score)
    return hit.model_copy(update={"chunk": hit.chunk.model_copy(update={"kind": "table"})})


def _compose(question: str, hits: list[ScoredChunk]) -> str:
    composed = compose_answer(question, hits, products=["demozumab"], intents=detect_intents(question))
    assert composed is not None
    return composed.text


def test_a_mechanism_answer_leads_with_what_the_drug_does_not_with_what_it_does_not() -> None:
    hits = [
        _hit(
            "Demozumab does not bind IL-98 or its receptor. Demozumab binds IL-99 and blocks its receptor signalling.",
            "Clinical Pharmacology > Mechanism of Action",
            40,
        )
    ]
    text = _compose("How does demozumab work?", hits)
    assert text.startswith("Demozumab binds IL-99"), text


def test_a_list_question_gets_every_subsection_of_the_section() -> None:
    hits = [
        _hit("Do not use demozumab in patients with active tuberculosis.", "Contraindications > Tuberculosis", 10),
        _hit("Demozumab is contraindicated with live vaccines.", "Contraindications > Live Vaccines", 11),
        _hit(
            "Demozumab is contraindicated in severe hepatic impairment.", "Contraindications > Hepatic Impairment", 12
        ),
        _hit("Serious infections occurred in 2% of patients.", "Warnings and Precautions > Infections", 20, match=0.0),
    ]
    text = _compose("What are the contraindications of demozumab?", hits)
    for item in ("tuberculosis", "live vaccines", "hepatic impairment"):
        assert item in text, text
    assert "Serious infections" not in text


def test_each_part_of_a_two_part_question_is_answered() -> None:
    hits = [
        _hit(
            "Give a loading dose of 300 mg on day 1. Inspect the vial before use. Store the vial in the carton.",
            "Dosage and Administration > Loading Dose",
            5,
        ),
        _hit("The maintenance dose is 150 mg every 4 weeks.", "Dosage and Administration > Maintenance", 6),
    ]
    text = _compose("What are the loading and maintenance doses of demozumab?", hits)
    assert "300 mg" in text and "150 mg" in text, text


def test_a_titration_question_gets_every_dose_step() -> None:
    hits = [
        _hit(
            "Start with 10 mg once daily for 2 weeks. Take it with water. After 2 weeks, increase to 20 mg once "
            "daily. If more response is needed, increase to 40 mg once daily.",
            "Dosage and Administration > Recommended Dosage",
            3,
        )
    ]
    text = _compose("How is demozumab started and titrated?", hits)
    assert text.index("10 mg") < text.index("20 mg") < text.index("40 mg"), text


def test_table_rows_answer_what_their_caption_names() -> None:
    """The caption ("dosing schedule") is what each row states: the rows outrank a passing mention."""
    table = (
        "Table 1. DEMOZYME dosing schedule\n"
        "Dose: Loading dose; Timing: Day 0; Amount: 10 mg subcutaneous\n"
        "Dose: Maintenance; Timing: Every 8 weeks thereafter; Amount: 10 mg subcutaneous"
    )
    hits = [
        _hit(
            "If a dose is missed for a long time, further doses may be needed to restore the schedule.",
            "Dosage and Administration > Missed Dose",
            5,
            score=0.9,
        ),
        _table(table, "Dosage and Administration > Dosing Information", 4, score=0.9),
    ]
    text = _compose("demozyme dose and schedule", hits)
    assert text.startswith("Dose: Loading dose"), text
    assert "Every 8 weeks" in text, text


def test_a_monitoring_question_gets_the_monitoring_sentence_of_every_subsection() -> None:
    hits = [
        _hit(
            "Demozumab can raise serum potassium. Monitor potassium periodically in patients with diabetes.",
            "Warnings and Precautions > Hyperkalemia",
            20,
        ),
        _hit(
            "Demozumab may reduce renal function. Monitor serum creatinine in patients with renal artery stenosis.",
            "Warnings and Precautions > Renal Function",
            21,
        ),
        _hit("Angioedema occurred in 0.5% of patients.", "Warnings and Precautions > Angioedema", 22),
    ]
    text = _compose("What should be monitored on demozumab?", hits)
    assert "Monitor potassium" in text and "Monitor serum creatinine" in text, text
    assert "Angioedema occurred" not in text


def test_each_asked_section_of_a_two_part_question_contributes_its_opening() -> None:
    hits = [
        _hit(
            "It is not known whether demozumab passes into human milk. Breastfeeding is not recommended.",
            "Use in Specific Populations > Lactation",
            31,
        ),
        _hit(
            "Demozumab can cause fetal harm. Stop demozumab when pregnancy is detected.",
            "Use in Specific Populations > Pregnancy",
            30,
        ),
    ]
    text = _compose("demozumab in pregnancy and breastfeeding", hits)
    assert "fetal harm" in text and "Breastfeeding is not recommended" in text, text
    assert text.index("fetal harm") < text.index("human milk"), text  # in label order


def test_an_item_is_quoted_with_the_sentence_introducing_its_list() -> None:
    text = "Demozumab is contraindicated in patients with any of the following:\n- Pregnancy.\n- Known osteoporosis."
    hits = [_hit(text, "Contraindications", 10)]
    answer = _compose("can a woman with osteoporosis take demozumab", hits)
    assert "contraindicated in patients with any of the following: Pregnancy; Known osteoporosis [1]." in answer


def test_drug_facts_fragments_read_under_their_heading() -> None:
    text = "- in a child under 4 years of age\n- with any other product containing demozumab"
    hit = _hit(text, "Warnings > Do not use", 7)
    hit = hit.model_copy(update={"chunk": hit.chunk.model_copy(update={"section_code": "50570-1"})})
    answer = _compose("when should demozumab not be used", [hit])
    assert "Do not use: in a child under 4 years of age" in answer, answer


def test_a_dosing_answer_states_a_dose() -> None:
    hits = [
        _hit(
            "Use the dosage reductions and actions below. The reduced dose of demozumab is 40 mg once daily.",
            "Dosage and Administration > Dosage Modifications for Adverse Reactions",
            8,
        )
    ]
    assert "40 mg" in _compose("demozumab dose reduction", hits)


def test_a_population_dose_comes_from_the_sentence_naming_the_population() -> None:
    hits = [
        _hit(
            "For most patients, the recommended dose is 50 mg once daily. The maximum dose is 100 mg.",
            "Dosage and Administration > Dosage Information",
            3,
            score=0.6,
        ),
        _hit(
            "Consider a starting dose of 25 mg in patients > 65 years and in hepatic impairment.",
            "Dosage and Administration > Dosage Adjustments in Special Populations",
            4,
            score=0.55,
        ),
    ]
    assert _compose("demozumab dose for men over 65", hits).startswith("Consider a starting dose of 25 mg")


def test_a_schedule_question_gets_the_rows_of_a_table_split_over_two_passages() -> None:
    """A table is chunked a few rows at a time: the maintenance row in the next row group still answers."""
    caption = "Table 1. DEMOZYME dosing schedule"
    loading = "\n".join(
        f"Dose: Loading dose {n}; Timing: Day {day}; Amount: 10 mg subcutaneous"
        for n, day in ((1, 0), (2, 14), (3, 28))
    )
    first = _table(f"{caption}\n{loading}", "Dosage and Administration > Dosing Information", 4, score=0.9)
    second = _table(
        f"{caption}\nDose: Maintenance; Timing: Every 8 weeks thereafter; Amount: 10 mg subcutaneous",
        "Dosage and Administration > Dosing Information",
        5,
        score=0.6,
    )
    for hit in (first, second):
        hit.chunk.caption = caption
    text = _compose("demozyme dose and schedule", [first, second])
    assert "Day 28" in text and "Every 8 weeks" in text, text


def test_sentences_are_read_under_the_inline_sub_headings_of_their_passage() -> None:
    """ "Adults" heads the adult dose; "Adolescents" and "Maintenance Treatment" head other answers."""
    text = (
        "Initial Treatment\nAdolescents\nThe recommended dose of DEMOZYME is 5 mg once daily. "
        "A flexible-dose trial of DEMOZYME (5 to 10 mg/day) demonstrated its effectiveness.\n"
        "Adults\nThe recommended dose of DEMOZYME is 20 mg once daily. "
        "If the dose is increased to 40 mg, this should occur after a minimum of one week.\n"
        "Maintenance Treatment\nContinuing DEMOZYME 20 or 40 mg/day in adults with demopathy who "
        "responded during an 8-week phase demonstrated a benefit of maintenance treatment."
    )
    answer = _compose(
        "demozyme starting dose for adult demopathy", [_hit(text, "Dosage and Administration > Demopathy", 3)]
    )
    assert answer.startswith("The recommended dose of DEMOZYME is 20 mg"), answer
    assert "5 mg" not in answer and "Continuing" not in answer, answer


def test_the_row_stating_the_asked_strength_answers_with_its_whole_cell() -> None:
    """ "5/325" names the row; the row's second sentence (the daily maximum) comes with it."""
    other = (
        "DEMOZYME Tablets, 2.5/325 DEMOZYME Tablets, 10/325; The usual adult dosage is one tablet every four to "
        "six hours as needed for pain. The total daily dosage should not exceed 6 tablets."
    )
    asked = (
        "DEMOZYME Tablets, 5/325; The usual adult dosage is one or two tablets every four to six hours as "
        "needed for pain. The total daily dosage should not exceed 8 tablets."
    )
    intro = _hit(
        "Use the lowest effective dosage for the shortest duration consistent with individual patient goals.",
        "Dosage and Administration",
        1,
        score=0.7,
    )
    hits = [intro, _table(other, "Dosage and Administration", 2), _table(asked, "Dosage and Administration", 3)]
    answer = _compose("demozyme 5/325 max tablets a day?", hits)
    assert answer.startswith("DEMOZYME Tablets, 5/325") and "exceed 8 tablets" in answer, answer
    assert "6 tablets" not in answer, answer


def test_a_dose_chart_written_label_dash_value_is_quoted() -> None:
    """Old-format labels write dosing charts as "Condition - 0.05 mg/kg/day to 0.15 mg/kg/day" lines."""
    text = (
        "The following recommendations apply to children between the ages of 3 and 12 years.\n"
        "Psychotic Disorders - 0.05 mg/kg/day to 0.15 mg/kg/day\n"
        "Behavior Disorders - 0.05 mg/kg/day to 0.075 mg/kg/day\n"
        "Severely disturbed children may require higher doses."
    )
    hit = _hit(text, "Dosage and Administration > Children", 2)
    hit.chunk.section_code = "42229-5"
    answer = _compose("demozumab dosing for children with psychotic disorders", [hit])
    assert "Psychotic Disorders: 0.05 mg/kg/day to 0.15 mg/kg/day" in answer, answer


def test_a_dosing_answer_states_the_dose_as_given_not_only_a_vial_strength() -> None:
    """ "supplied as 100 mg vials" is a strength; the weight-based regimen in the table is the dose."""
    prose = _hit(
        "The only dosage form for pediatric patients weighing 3.5 kg to less than 40 kg is DEMOZYME for injection "
        "(supplied as 100 mg lyophilized powder in vial). For these patients, administer a body weight-based "
        "dosing regimen.",
        "Dosage and Administration > Pediatric Patients",
        1,
        score=0.8,
    )
    table = _table(
        "Table 1 Recommended Dosage in Pediatric Patients\n"
        "Body weight: 3.5 kg to less than 40 kg; Loading dose (on Day 1): 5 mg/kg; Maintenance dose (from Day 2): "
        "2.5 mg/kg",
        "Dosage and Administration > Pediatric Patients",
        2,
    )
    answer = _compose("demozyme dose for a child weighing 20 kg", [prose, table])
    assert "5 mg/kg" in answer, answer


def test_a_storage_question_is_answered_by_the_storage_sentence_not_the_package_list() -> None:
    text = (
        "DEMOZYME Tablets are available containing 5 mg of demozumab.\n"
        "The 5 mg tablets are orange, round tablets debossed on one side and scored on the other side.\n"
        "Store at 20° to 25°C (68° to 77°F).\n"
        "Dispense in a tight, light-resistant container."
    )
    answer = _compose("how should demozyme be stored", [_hit(text, "How Supplied/Storage and Handling", 40)])
    assert answer.startswith("Store at 20° to 25°C (68° to 77°F)"), answer


def test_a_passage_repeating_its_section_title_is_no_answer() -> None:
    title = _hit("19. HOW SUPPLIED/STORAGE AND HANDLING", "How Supplied/Storage and Handling", 40, score=0.9)
    title.chunk.section_code = "34069-5"
    stated = _hit("Store DEMOZYME vials below 30°C (below 86°F) until required for use.", "How Supplied", 41)
    answer = _compose("demozyme storage", [title, stated])
    assert answer.startswith("Store DEMOZYME vials below 30°C"), answer


def test_a_subsection_titled_with_what_is_asked_answers_before_a_table_row_naming_it() -> None:
    row = _table(
        "Table 3. Effect of Co-administered Drugs on the Pharmacokinetics of Demozumab\n"
        "Co-administered drug and dosing regimen: Grapefruit Juice, 240 mL QD; Demozumab Change in AUC: 37%",
        "Clinical Pharmacology > Pharmacokinetics",
        90,
        score=0.45,
    )
    row.scores["section"] = 0.0
    prose = _hit(
        "Contains components that inhibit CYP 3A4 and can increase plasma concentrations of demozumab, especially "
        "with excessive grapefruit juice consumption (>1.2 liters per day).",
        "Drug Interactions > Grapefruit Juice",
        40,
        match=0.0,
        score=0.5,
    )
    answer = _compose("grapefruit juice and demozyme - is it a problem", [row, prose])
    assert answer.startswith("Contains components that inhibit CYP 3A4"), answer
