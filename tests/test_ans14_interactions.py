"""Interaction questions over real-label shapes: another drug named beside the product, drugs listed in
wrapped table cells, interaction tables read as prose, titles inside quoted sentences.

Every label here is made up (no real product is named); the shapes are those of PDF labels."""

from __future__ import annotations

import math

from assistant.retrieval.co_medication import CoMedicationIndex
from assistant.retrieval.compose import cite_sentence
from assistant.retrieval.table_rows import is_name_list, table_lines
from assistant.types import Chunk, DocumentMeta
from tests.label_hits import compose as _compose
from tests.label_hits import hit as _hit

META = DocumentMeta(doc_id="demo", title="DEMOZYME label", doc_type="label", product="demozumab")


def _chunk(n: int, section: str, text: str) -> Chunk:
    return Chunk(chunk_id=f"demo:{n}", doc_id="demo", text=text, ordinal=n, section=section, meta=META)


LABEL = [
    _chunk(0, "Dosage and Administration", "Take DEMOZYME once daily. Monitor for hypoglycemia."),
    _chunk(1, "Warnings and Precautions > Hypoglycemia", "Hypoglycemia occurred in 5% of patients."),
    _chunk(2, "Adverse Reactions", "Hypoglycemia and nausea were reported."),
    _chunk(3, "Drug Interactions > Other Drugs", "Avoid use with zonaxetine. Hypoglycemia may increase."),
    _chunk(
        4,
        "Clinical Pharmacology > Pharmacokinetics",
        "Exposure increased 4-fold following concomitant use with quelitrazole (strong CYP3A inhibitor). "
        "Food had no effect.",
    ),
    _chunk(5, "Patient Information", "Tell your doctor about medicines, such as zonaxetine. Know hypoglycemia signs."),
]


def _rare(_: str) -> float:
    return math.log(1000)


def test_a_drug_the_label_names_where_it_discusses_interactions_is_another_drug() -> None:
    index = CoMedicationIndex(lambda _: LABEL)
    assert index.other_drugs("can the drug be given with zonaxetine?", ["demozumab"], _rare) == ["zonaxetin"]
    # named in a sentence about concomitant use outside the interaction section
    assert index.other_drugs("the drug plus quelitrazole?", ["demozumab"], _rare) == ["quelitrazol"]
    assert index.passages("demozumab", "quelitrazol") == ["demo:4"]


def test_a_word_the_label_uses_everywhere_or_an_everyday_word_is_no_other_drug() -> None:
    index = CoMedicationIndex(lambda _: LABEL)
    # in the interaction section, but mostly elsewhere
    assert index.other_drugs("the drug and hypoglycemia?", ["demozumab"], _rare) == []
    # an everyday word ("food") and a common word of the library (low IDF) name no drug
    assert index.other_drugs("the drug with food?", ["demozumab"], _rare) == []
    assert index.other_drugs("the drug with zonaxetine?", ["demozumab"], lambda _: 1.0) == []
    assert index.other_drugs("the drug with zonaxetine?", ["otherumab"], _rare) == []


def test_a_wrapped_cell_listing_drugs_is_quoted_under_its_table_caption() -> None:
    assert is_name_list("ketorolac, mefenamic acid, naproxen,")
    assert not is_name_list("Diarrhea 258 (16) 51 (3)")
    assert not is_name_list("carbamazepine,")
    caption = "Table 3: Drugs that Can Increase the Risk of Bleeding (columns: Drug Class | Specific Drugs)"
    text = "Nonsteroidal Antiketoprofen, zaltoprofen,\nInflammatory ibuprofen, indomethacin,\nAgents"
    lines = [t for _, t, row, _ in table_lines(text, caption) if row]
    assert any("ibuprofen, indomethacin" in t for t in lines), lines
    hits = [_hit(f"{caption}\n{text}", "Drug Interactions > Drugs that Increase Bleeding Risk", 40,
                 kind="table", caption=caption)]  # fmt: skip
    answer = _compose("can someone on demozyme take ibuprofen?", hits)
    assert "Risk of Bleeding" in answer and "ibuprofen" in answer, answer


def test_an_examples_line_comes_with_the_effect_and_intervention_of_its_row() -> None:
    hits = [
        _hit(
            "Clinical Impact: Concomitant use of these drugs with DEMOZYME may increase the risk for lactic acidosis. "
            "Intervention: Consider more frequent monitoring of these patients. "
            "Examples: Topazolamide, zonisulfamide, or acetazoline. "
            "Clinical Impact: Certain drugs tend to produce hyperglycemia. Intervention: Observe the patient closely. "
            "Examples: Thiazides and corticosteroids.",
            "Drug Interactions",
            28,
        )
    ]
    answer = _compose("taking demozyme with zonisulfamide - anything to watch?", hits)
    assert "lactic acidosis" in answer and "more frequent monitoring" in answer, answer
    assert "hyperglycemia" not in answer, answer


def test_a_quoted_sentence_keeps_the_labels_words_and_stops() -> None:
    """Only the markers are added: a title's stop inside the quote stays as the label wrote it."""
    cited = cite_sentence("Inducers such as St. John's Wort preparations may reduce exposure.", [1])
    assert cited == "Inducers such as St. John's Wort preparations may reduce exposure [1]."
    assert cite_sentence("Take 5 mg. Stop if needed.", [2]) == "Take 5 mg. Stop if needed [2]."


def test_a_subsection_titled_with_the_asked_population_in_other_words_answers_for_it() -> None:
    hits = [
        _hit(
            "The recommended dose of DEMOZYME is 5 mg/kg every 8 weeks for adults with ulcerative colitis.",
            "Dosage and Administration > Ulcerative Colitis",
            3,
            match=1.0,
            score=0.6,
        ),
        _hit(
            "The recommended dose of DEMOZYME for pediatric patients 6 years and older with ulcerative colitis "
            "is 5 mg/kg every 8 weeks.",
            "Dosage and Administration > Pediatric Ulcerative Colitis",
            4,
            match=1.0,
            score=0.5,
        ),
    ]
    answer = _compose("demozyme dose for a child with ulcerative colitis", hits)
    assert answer.startswith("The recommended dose of DEMOZYME for pediatric patients"), answer


def test_a_pdf_table_whose_heading_cells_wrap_reads_its_rows_under_the_stacked_headings() -> None:
    lines = [
        "TRIAL-7",
        "Efficacy Parameters | KIN1 Inhibitor | KIN1 Inhibitor",
        "Naïve Patients | Pretreated Patients",
        "(N=71) | (N=56)",
        "Confirmed Overall Response Rate, % | 79% (68, 88) | 38% (25, 52)",
        "Complete Response | 6% | 5%",
    ]
    rows = [t for _, t, row, _ in table_lines("\n".join(lines), "Table 5: Efficacy Results in TRIAL-7") if row]
    assert rows == [
        "Confirmed Overall Response Rate, %; KIN1 Inhibitor Naïve Patients (N=71): 79% (68, 88); "
        "KIN1 Inhibitor Pretreated Patients (N=56): 38% (25, 52)",
        "Complete Response; KIN1 Inhibitor Naïve Patients (N=71): 6%; KIN1 Inhibitor Pretreated Patients (N=56): 5%",
    ]
    reductions = "Dose\nFirst | Second\n160 mg Twice Daily | 120 mg Twice Daily | 80 mg Twice Daily"
    assert [t for _, t, row, _ in table_lines(reductions, "Table 1: Dose Reductions") if row] == [
        "160 mg Twice Daily; First: 120 mg Twice Daily; Second: 80 mg Twice Daily"
    ]


def test_a_pdf_table_row_is_quoted_with_the_trial_it_reports_and_notation_lines_are_not_rows() -> None:
    text = (
        "DEMOZYME | Comparator\n"
        "Study Endpoint | n/N (%) | n/N (%)\n"
        "Trial 1\n"
        "Clinical cure | 224/336 (66.7) | 196/298 (65.8)\n"
        "Trial 2\n"
        "Clinical cure | 199/292 (68.2) | 175/275 (63.6)\n"
        "carbamazepine,"
    )
    rows = [t for _, t, row, _ in table_lines(text, "Table 3. Cure Rates (columns: DEMOZYME | Comparator)") if row]
    assert rows == [
        "Trial 1 — Clinical cure; DEMOZYME: 224/336 (66.7); Comparator: 196/298 (65.8)",
        "Trial 2 — Clinical cure; DEMOZYME: 199/292 (68.2); Comparator: 175/275 (63.6)",
    ]
