"""Answers from the right passage: the result a trial reports, not its design; the asked row group.

Invented label DEMOZYME (demozumab) with invented trials "HORIZON-Z", "KESTREL" and "ORBIT"; no real
product or trial is named.
"""

from __future__ import annotations

from assistant.retrieval.antecedents import defined_endpoint, introduced_trial, read_on
from assistant.retrieval.candidates import candidates
from assistant.retrieval.compose import compose_answer
from assistant.retrieval.intents import detect_intents
from assistant.retrieval.leaflets import is_leaflet
from assistant.retrieval.readable import is_readable_sentence
from assistant.retrieval.scoring import states_result
from assistant.retrieval.text import split_sentences
from assistant.types import ScoredChunk
from tests.label_hits import compose, hit

SECTION = "Clinical Studies > Prevention of Cardiovascular Events"
OWN = frozenset({"demozym", "demozumab"})


def test_a_trial_is_introduced_by_its_name_after_trial_or_study_or_before_a_registry_number() -> None:
    assert introduced_trial("In the Heart Outcomes Study (KESTREL), 9,800 patients were randomized.", OWN)
    assert introduced_trial("In ORBIT (NCT01234567), a substudy of 1,200 patients, …", OWN) == {"orbit"}
    assert introduced_trial("In the HORIZON-Z trial, the hazard ratio was 1.2.", OWN)
    assert introduced_trial("In the DEMOZYME group, 12 patients died.", OWN) is None  # the product, no trial
    assert introduced_trial("LDL-C was lowered by 40% (p < 0.001).", OWN) is None


def test_an_endpoint_definition_names_the_endpoint_and_what_it_measures() -> None:
    name, what = defined_endpoint("The primary endpoint was the proportion of patients who died or were ventilated.")
    assert name == {"primari", "endpoint"} and {"proport", "die", "ventil"} <= what
    assert defined_endpoint("The primary endpoint was met.") is None  # says nothing it measures
    assert defined_endpoint("Patients were followed for a median of 3 years.") is None


def test_design_figures_are_no_result_and_a_ratio_question_wants_a_ratio() -> None:
    design = "A placebo-controlled trial compared demozumab 4 mg once daily (n = 764) with placebo (n = 761) to Day 28."
    assert not states_result(design)
    result = "Events occurred in 27.8% of demozumab patients compared to 30.5% on placebo."
    assert states_result(result) and not states_result(result, ratio=True)
    assert states_result("Demozumab reduced events by 22%, HR 0.78, 95% CI (0.69, 0.89).", ratio=True)


def test_a_figure_caption_is_no_sentence_and_does_not_run_into_the_next_paragraph() -> None:
    text = (
        "Figure 2. Estimated Cumulative Incidence of the Key Secondary Endpoint in KESTREL\n"
        "The difference between DEMOZYME and placebo in LDL-C at Week 12 was -60%."
    )
    sentences = split_sentences(text)
    assert sentences[-1].startswith("The difference between"), sentences
    assert not any(is_readable_sentence(s) for s in sentences[:-1])
    assert not is_readable_sentence("Figure 2. Estimated incidence of the key secondary endpoint in KESTREL.")
    wrapped = "Figure 1. Estimated Cumulative Incidence of Primary\nEndpoint Over 3 Years in KESTREL\nThe rate fell."
    assert split_sentences(wrapped)[-1] == "The rate fell."


def _trial_hits() -> list:
    design = hit(
        "In ORBIT, there were 61 deaths in the DEMOZYME group vs. 82 deaths in the placebo group (HR 0.73). "
        "In the Heart Outcomes Study (KESTREL), the effect of DEMOZYME 80 mg/day vs. DEMOZYME 10 mg/day on "
        "cardiovascular events was assessed in 10,001 subjects (94% white, 81% male). "
        "Subjects were randomly assigned to either 10 mg/day or 80 mg/day and followed for 4.9 years.",
        SECTION,
        10,
        match=1.0,
        score=0.6,
    )
    result = hit(
        "Treatment with DEMOZYME 80 mg/day significantly reduced the rate of major events (434 events vs. 548 "
        "events in the 10 mg/day group) with a relative risk reduction of 22%, HR 0.78, 95% CI (0.69, 0.89).",
        SECTION,
        12,
        match=1.0,
        score=0.62,
    )
    between = hit("The mean LDL-C was 73 mg/dL with 80 mg and 99 mg/dL with 10 mg.", SECTION, 11, match=1.0)
    other = hit(
        "In the Diabetes Study (ORBIT), DEMOZYME 10 mg/day was compared with placebo in 2,838 subjects. "
        "The hazard ratio for stroke with DEMOZYME 10 mg/day versus placebo was 0.52. "
        "The 10 mg/day dose lowered LDL-C by 40% at week 12.",
        SECTION,
        8,
        match=1.0,
        score=0.55,
    )
    return [design, result, between, other]


def test_a_result_sentence_is_read_under_the_trial_introduced_before_it_even_across_passages() -> None:
    design, result, between, _ = _trial_hits()
    pool = candidates([design, result], ["demozumab"], {"kestrel"})
    read_on(pool, OWN, lambda doc_id: [design.chunk, between.chunk, result.chunk])
    ratio = next(c for c in pool if "HR 0.78" in c.text)
    assert "kestrel" in ratio.heading
    pool = candidates([design, result], ["demozumab"], {"kestrel"})
    read_on(pool, OWN)  # the passage between them unseen: nothing is carried over
    assert "kestrel" not in next(c for c in pool if "HR 0.78" in c.text).heading


def test_a_trials_hazard_ratio_is_answered_by_the_sentence_stating_it_not_by_the_design() -> None:
    design, result, between, other = _trial_hits()
    question = "KESTREL hazard ratio demozyme 80 mg vs 10 mg"
    composed = compose_answer(
        question,
        [design, result, other],
        products=["demozumab"],
        intents=detect_intents(question),
        chunks_of=lambda doc_id: [other.chunk, design.chunk, between.chunk, result.chunk],
    )
    assert composed is not None and "HR 0.78" in composed.text, composed.text


def test_an_endpoints_result_restating_its_definition_answers_the_endpoint_question() -> None:
    passage = hit(
        "A randomized, double-blind, placebo-controlled clinical trial (NCT04400000) of hospitalized adults compared "
        "treatment with demozumab 4 mg once daily (n = 764) with placebo (n = 761) for 14 days. "
        "The primary endpoint was the proportion of patients who died or progressed to mechanical ventilation "
        "within the first 28 days of the study. A key secondary endpoint was all-cause mortality by Day 28. "
        "The estimated proportion of patients who died or progressed to mechanical ventilation was lower with "
        "demozumab (27.8%) compared to placebo (30.5%).",
        "Clinical Studies > ORBIT II",
        30,
        match=1.0,
        score=0.6,
    )
    pool = candidates([passage], ["demozumab"], {"primari"})
    read_on(pool, OWN)
    assert "primari" in next(c for c in pool if "27.8%" in c.text).heading  # the definition it restates
    assert "primari" not in next(c for c in pool if "all-cause" in c.text).heading
    question = "ORBIT II primary endpoint result for demozumab vs placebo"
    composed = compose_answer(question, [passage], products=["demozumab"], intents=detect_intents(question))
    assert composed is not None and "27.8%" in composed.text, composed.text


def test_the_asked_row_group_of_one_table_answers_not_its_sibling() -> None:
    caption = "Table 3. Composite Response Rates at the Test-of-Cure Visit"
    table = hit(
        "\n".join(
            [
                caption,
                "Study Endpoint | DEMOZYME n/N (%) | Comparator n/N (%)",
                "Composite response (Trial 1) | 174/336 (51.8) | 140/298 (47.0)",
                "Clinical cure (Trial 1) | 224/336 (66.7) | 196/298 (65.8)",
                "Composite response (Trial 2) | 172/292 (58.9) | 121/275 (44.0)",
            ]
        ),
        "Clinical Studies > Urinary Tract Infections",
        40,
        match=1.0,
        kind="table",
        caption=caption,
    )
    question = "demozyme composite response vs comparator in trial 2"
    composed = compose_answer(question, [table], products=["demozumab"], intents=detect_intents(question))
    assert composed is not None and "(Trial 2)" in composed.sentences[0].text, composed.text


def _coded(text: str, section: str, ordinal: int, codes: list[str], score: float) -> ScoredChunk:
    base = hit(text, section, ordinal, score=score)
    chunk = base.chunk.model_copy(update={"section_code": codes[-1], "section_codes": codes})
    return base.model_copy(update={"chunk": chunk})


def test_a_clinical_question_is_answered_from_the_pi_sentence_the_leaflet_restates() -> None:
    leaflet = _coded(
        "If you are being treated for arthritis, your healthcare provider should do blood tests to check your "
        "cholesterol levels approximately 12 weeks after you start taking DEMOZYME.",
        "Medication Guide",
        90,
        ["42231-1"],
        0.72,
    )
    pi = _coded(
        "Assessment of lipid parameters should be performed approximately 12 weeks following DEMOZYME "
        "initiation in patients with arthritis.",
        "Warnings and Precautions > Lipid Elevations",
        30,
        ["43685-7"],
        0.6,
    )
    assert is_leaflet(leaflet.chunk) and not is_leaflet(pi.chunk)
    question = "when should lipids be checked after starting demozyme in arthritis?"
    assert compose(question, [leaflet, pi]).startswith("Assessment of lipid parameters")
    asked = "what does the medication guide say about checking cholesterol after starting demozyme?"
    assert compose(asked, [leaflet, pi]).startswith("If you are being treated")
