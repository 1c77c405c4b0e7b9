"""A dose asked for an unlisted use is not answered from another use's regimen; a reaction-rate
question is read as an adverse-reaction question by where the labels report the reaction."""

from __future__ import annotations

from assistant.retrieval.answer_gaps import asks_for_regimen, off_label_gap
from assistant.retrieval.compose import compose_answer
from assistant.retrieval.intents import detect_intents
from assistant.retrieval.section_terms import SectionTerms
from assistant.types import Chunk, DocumentMeta, GuardrailFinding, GuardrailResult, ScoredChunk

LABEL = DocumentMeta(doc_id="demo", title="DEMOZYME (demozumab) injection", doc_type="label", product="demozumab")


def _chunk(n: int, text: str, section: str) -> Chunk:
    return Chunk(chunk_id=f"demo:{n}", doc_id="demo", text=text, ordinal=n, section=section, meta=LABEL)


def _hit(n: int, text: str, section: str) -> ScoredChunk:
    return ScoredChunk(chunk=_chunk(n, text, section), score=0.6, scores={"section": 1.0})


def _off_label(span: str) -> GuardrailResult:
    finding = GuardrailFinding(
        rule="off_label", span=span, start=0, end=len(span), decision="allow_with_notice", message="outside"
    )
    return GuardrailResult(decision="allow_with_notice", findings=[finding])


def _gap(question: str, guard: GuardrailResult, text: str) -> str | None:
    hits = [_hit(1, text, "Dosage and Administration > Pediatric Crohn's Disease")]
    intents = detect_intents(question)
    composed = compose_answer(question, hits, products=["demozumab"], intents=intents)
    assert composed is not None
    return off_label_gap(question, guard, composed, intents)


REGIMEN = "The recommended dose of DEMOZYME for pediatric Crohn's disease is 5 mg/kg at 0, 2 and 6 weeks."


def test_a_dose_for_a_use_the_guard_finds_off_label_is_not_answered_with_another_uses_regimen() -> None:
    question = "demozyme dose for kawasaki disease in children?"
    gap = _gap(question, _off_label("kawasaki disease"), REGIMEN)
    assert gap is not None and "kawasaki disease" in gap


def test_a_dose_for_a_listed_use_is_answered() -> None:
    assert _gap("demozyme dose for pediatric crohn's disease?", GuardrailResult(), REGIMEN) is None
    # the guard's span is what the passage is about: nothing is missing
    assert _gap("demozyme dose for crohn's disease?", _off_label("crohn's disease"), REGIMEN) is None


def test_only_dose_questions_naming_a_use_or_population_ask_for_a_regimen() -> None:
    assert asks_for_regimen("dosing in a 6 year old?", detect_intents("dosing in a 6 year old?"))
    assert asks_for_regimen("dose for kawasaki disease?", detect_intents("dose for kawasaki disease?"))
    assert not asks_for_regimen("what is the dose?", detect_intents("what is the dose?"))
    assert not asks_for_regimen("use in pregnant women?", detect_intents("use in pregnant women?"))


def _harm_terms() -> SectionTerms:
    chunks = [
        _chunk(1, "Nasopharyngitis (8%), dizziness (6%) and nausea (5%) were reported.", "Adverse Reactions"),
        _chunk(2, "Nasopharyngitis and dizziness occurred in 7% and 5% of patients.", "Adverse Reactions"),
        _chunk(3, "The overall response rate was 40%; median duration of response 9 months.", "Clinical Studies"),
        _chunk(4, "The response rate by subgroup was consistent; dizziness was not assessed.", "Clinical Studies"),
        _chunk(5, "The recommended dose is 10 mg; for nausea give it with food.", "Dosage and Administration"),
        *(_chunk(n, f"Store lot {n} at 20 to 25 C in the carton.", "How Supplied") for n in range(6, 120)),
    ]
    return SectionTerms(chunks)


def test_a_rate_of_a_term_the_labels_report_as_a_reaction_asks_for_adverse_reactions() -> None:
    terms = _harm_terms()
    question = "what percent of patients had nasopharyngitis in the placebo-controlled trials?"
    assert "adverse_reactions" in [i.name for i in terms.with_adverse(question, detect_intents(question))]
    assert terms.asks_reaction_rate("how often did dizziness occur?")


def test_a_rate_of_an_outcome_or_a_dose_for_a_reaction_is_no_adverse_reaction_question() -> None:
    terms = _harm_terms()
    assert not terms.asks_reaction_rate("what was the overall response rate?"), "response is reported in studies"
    assert not terms.asks_reaction_rate("dose for nausea?"), "no rate is asked"
    many = [_chunk(n, f"Adverse reactions in trial {n} occurred as expected.", "Adverse Reactions") for n in range(40)]
    studies = [_chunk(100 + n, f"Trial {n} enrolled adults.", "Clinical Studies") for n in range(40)]
    common = SectionTerms([*many, *studies])
    assert not common.asks_reaction_rate("rate in the trial?"), "a word of most passages names no reaction"


def test_a_pdf_row_label_set_above_its_values_labels_that_row_only() -> None:
    from assistant.retrieval.table_rows import table_lines

    text = "\n".join(
        [
            "Overall Survival",
            "Deaths | 184 | 167",
            "Median",
            "11.0 | 13.5",
            "95% CI (mos.)",
            "(9.4, 12.5) | (11.7, 15.7)",
            "Hazard Ratio | 0.73",
        ]
    )
    rows = [line for _, line, _, _ in table_lines(text, "Table 4 Survival (columns: Control | Demozyme)")]
    assert "Overall Survival — Median; Control: 11.0; Demozyme: 13.5" in rows, rows
    assert "Overall Survival — 95% CI (mos.); Control: (9.4, 12.5); Demozyme: (11.7, 15.7)" in rows, rows
    assert not any("Median" in row and "0.73" in row for row in rows), "the label is the row's, not a group's"


def _gap_over(question: str, span: str, hits: list[ScoredChunk]) -> str | None:
    intents = detect_intents(question)
    composed = compose_answer(question, hits, products=["demozumab"], intents=intents)
    assert composed is not None
    return off_label_gap(question, _off_label(span), composed, intents)


def test_animal_data_naming_the_asked_condition_is_no_evidence_of_a_human_use() -> None:
    dose = _hit(1, "The recommended dose of DEMOZYME is 15 mg/kg by intravenous infusion every 4 weeks.", "Dosage")
    animal = _hit(
        2,
        "In rats with induced arthritis, demozumab was given at doses of 1, 5 and 30 mg/kg.",
        "Use in Specific Populations > Pregnancy > Animal Data",
    )
    gap = _gap_over("demozyme dose for arthritis?", "arthritis", [dose, animal])
    assert gap is not None and "arthritis" in gap
    human = _hit(3, "The recommended dose of DEMOZYME for arthritis is 300 mg every 2 weeks.", "Dosage")
    assert _gap_over("demozyme dose for arthritis?", "arthritis", [human, animal]) is None


def test_regimen_words_the_guard_flags_are_no_use() -> None:
    dose = _hit(1, "Give 8 mg/kg first, then subsequent doses of 6 mg/kg every three weeks.", "Dosage")
    assert _gap_over("demozyme loading and maintenance dose in gastric cancer", "maintenance", [dose]) is None


def test_a_span_naming_a_section_kind_is_addressed_only_by_that_section() -> None:
    dose = _hit(1, "Start DEMOZYME at 0.025 mg per day applied twice weekly.", "Dosage and Administration")
    gap = _gap_over("demozyme dose to prevent pregnancy", "to prevent pregnancy", [dose])
    assert gap is not None, "a dosing passage says nothing on pregnancy"


def _animal_store() -> SectionTerms:
    animal = "Use in Specific Populations > Pregnancy > Animal Data"
    chunks = [
        _chunk(1, "In pregnant rabbits given 30 mg/kg subcutaneously, fetal malformations occurred.", animal),
        _chunk(2, "Rabbits and rats showed no carcinogenicity at 10 times the human dose.", "Nonclinical Toxicology"),
        *(
            _chunk(n, f"Data in pregnant women ({n} reports) show no increase in risk.", "Pregnancy > Human Data")
            for n in range(3, 12)
        ),
    ]
    return SectionTerms(chunks)


def test_a_human_question_is_answered_from_human_passages_when_there_are_any() -> None:
    store = _animal_store()
    human = _hit(3, "There are no data on use in pregnant women.", "Pregnancy > Risk Summary")
    text = "In pregnant rabbits given 30 mg/kg subcutaneously, fetal malformations occurred."
    animal = _hit(1, text, "Pregnancy > Animal Data")
    assert store.human_evidence("can it be used in pregnant women?", [animal, human]) == [human]
    assert store.human_evidence("what did the rabbit studies show?", [animal, human]) == [animal, human]
    assert store.human_evidence("can it be used in pregnant women?", [animal]) == [animal], "nothing else found"


def test_a_share_of_patients_answers_how_many_patients() -> None:
    from assistant.retrieval.scope import count_gap

    question = "how many patients stopped demozyme for an adverse reaction?"
    assert count_gap(question, "Permanent discontinuation occurred in 20% of patients [1].") is None
    assert count_gap(question, "The recommended dose is 10 mg once daily [1].") is not None

