"""A question in MSL shorthand is answered where the label says it in full; an unanswerable one stays declined.

Made-up label text only: "DEMOZYME (demozumab)" is no real product.
"""

from __future__ import annotations

import pytest

from assistant.retrieval.answer_gaps import coverage_gap, off_label_gap
from assistant.retrieval.common_words import everyday_words
from assistant.retrieval.compose import compose_answer
from assistant.retrieval.intents import detect_intents
from assistant.retrieval.premises import comparison_gap, identifier_gap, unheard_names
from assistant.retrieval.relevance import TermStatistics
from assistant.retrieval.scope import count_gap, spells_out
from assistant.retrieval.shorthand import clips, said_in_shorthand
from assistant.types import Chunk, GuardrailFinding, GuardrailResult, ScoredChunk
from tests.label_hits import LABEL, hit

needs_vocabulary = pytest.mark.skipif(not everyday_words(), reason="packaged WordPiece vocabulary not installed")


def _gap(question: str, text: str, section: str = "Dosage and Administration > Recommended Dosage") -> str | None:
    hits = [hit(text, section, 3, match=1.0, score=0.6)]
    intents = detect_intents(question)
    composed = compose_answer(question, hits, products=["demozumab"], intents=intents)
    assert composed is not None
    return coverage_gap(question, hits, composed, lambda _: 5.0, intents, frozenset(), lambda _: True)


def test_a_clipped_word_opens_the_word_it_stands_for_and_keeps_its_letters_in_order() -> None:
    assert (
        clips("wk", "weeks") and clips("soln", "solution") and clips("hd", "hemodialysis") and clips("pbo", "placebo")
    )
    assert not clips("wk", "wk") and not clips("hd", "dialysis") and not clips("pbo", "probe")


@needs_vocabulary
def test_clipped_words_are_said_by_the_words_they_clip() -> None:
    text = "In patients on hemodialysis, the recommended dose of DEMOZYME is 5 mg after each session."
    assert _gap("demozyme dose in hd pts?", text) is None
    other = "In patients with hepatic impairment, the recommended dose of DEMOZYME is 5 mg once daily."
    gap = _gap("demozyme dose in hd pts?", other)
    assert gap is not None and "hd" in gap


@needs_vocabulary
def test_a_hyphenated_clipping_is_read_whole_and_an_everyday_word_is_no_clipping() -> None:
    found = said_in_shorthand(
        "demozyme pre-op dose?", [("op", "op"), ("soon", "soon")], ["Give DEMOZYME preoperatively in solution."]
    )
    assert found == {"op"}  # "soon" is an everyday word, not a clipped "solution"


def test_prescription_shorthand_is_said_by_the_schedule_it_abbreviates() -> None:
    assert _gap("demozyme q2w dose?", "The recommended dosage of DEMOZYME is 140 mg every 2 weeks.") is None
    gap = _gap("demozyme q2w dose?", "The recommended dosage of DEMOZYME is 420 mg once monthly.")
    assert gap is not None and "q2w" in gap
    texts = ["Take 750 mg twice daily for 5 days, then every other day."]
    assert said_in_shorthand("bid? qod? tid?", [("bid", "bid"), ("qod", "qod"), ("tid", "tid")], texts) == {
        "bid",
        "qod",
    }


def test_a_numeral_ordinal_is_said_by_its_word() -> None:
    texts = ["Monitor liver tests every 2 weeks during the first month."]
    assert said_in_shorthand("in the 1st month?", [("1st", "1st")], texts) == {"1st"}
    assert said_in_shorthand("in the 2nd month?", [("2nd", "2nd")], texts) == set()


def test_the_shape_of_a_quantity_is_answered_by_a_figure_only() -> None:
    assert _gap("demozyme dose spacing?", "Doses of DEMOZYME are given every 4 weeks.") is None
    gap = _gap("demozyme dose spacing?", "Doses of DEMOZYME are given by a health care provider.")
    assert gap is not None and "spacing" in gap


def test_a_word_made_with_a_prefix_is_said_where_its_root_is() -> None:
    texts = ["If vomiting occurs after taking a dose, skip the dose."]
    assert said_in_shorthand("redose after vomiting?", [("redos", "redose")], texts) == {"redos"}
    assert said_in_shorthand("retreat after vomiting?", [("retreat", "retreat")], texts) == set()
    withheld = ["Withhold DEMOZYME until recovery."]
    assert said_in_shorthand("when to hold it?", [("hold", "hold")], withheld) == {"hold"}
    assert said_in_shorthand("when to hold it?", [("hold", "hold")], texts) == set()


def test_an_age_asked_needs_an_answer_about_ages() -> None:
    adult = "The recommended dose of DEMOZYME for detoxification is 20 mg once daily."
    gap = _gap("demozyme dose for detox in a 12 year old?", adult)
    assert gap is not None and "age" in gap
    child = "In pediatric patients 12 years of age and older the recommended dose for detoxification is 10 mg."
    assert _gap("demozyme dose for detox in a 12 year old?", child) is None


def _passages(*texts: str) -> list[ScoredChunk]:
    return [hit(text, "Clinical Studies", n) for n, text in enumerate(texts, start=1)]


def test_an_acronym_the_passages_spell_out_is_no_false_premise() -> None:
    spelled = _passages("DEMOZYME is indicated in heterozygous familial hypercholesterolemia.")
    assert identifier_gap("demozyme in HeFH?", spelled) is None
    assert identifier_gap("demozyme in HoFH?", spelled) is not None
    assert spells_out("LFTs", ["Monitor liver function tests every 2 weeks."])
    assert spells_out("DOR", ["The median duration of response was 14 months."])


def test_a_clipped_comparator_is_named_by_the_word_it_clips() -> None:
    hits = _passages("DEMOZYME reduced LDL-C by 49% compared to placebo at Week 24.")
    assert comparison_gap("demozyme LDL-C diff vs pbo at wk 24?", hits, ["demozumab"]) is None
    assert comparison_gap("demozyme LDL-C diff vs ezetimibe?", hits, ["demozumab"]) is not None


def test_a_count_of_a_clipped_unit_is_answered_by_the_unit_in_full() -> None:
    assert count_gap("how many min is the demozyme infusion?", "Infuse over 60 minutes.") is None
    assert count_gap("how many min is the demozyme infusion?", "Infuse over one hour.") is not None


def _statistics() -> TermStatistics:
    text = "Interrupt DEMOZYME until hemoglobin is at least 8 g/dL."
    return TermStatistics([Chunk(chunk_id="d:1", doc_id="d", text=text, ordinal=1, meta=LABEL)])


@needs_vocabulary
def test_a_clipped_word_no_passage_writes_is_present_where_the_word_it_clips_is() -> None:
    stats = _statistics()
    chunk = Chunk(
        chunk_id="d:1", doc_id="d", text="Interrupt until hemoglobin is at least 8 g/dL.", ordinal=1, meta=LABEL
    )
    assert stats.coverage(stats.query_terms("hgb floor"), chunk) > 0
    assert unheard_names("demozyme Hgb floor?", stats) == []
    assert unheard_names("demozyme vs Zorvexa?", stats) == ["Zorvexa"]


def _off_label(span: str) -> GuardrailResult:
    finding = GuardrailFinding(
        rule="off_label", span=span, start=0, end=len(span), decision="allow_with_notice", message="outside"
    )
    return GuardrailResult(decision="allow_with_notice", findings=[finding])


def test_a_patient_age_outside_the_windows_is_checked_whatever_the_wording() -> None:
    text = "DEMOZYME is indicated in pediatric patients aged 10 years and older with familial hypercholesterolemia."
    question = "demozyme for familial hypercholesterolemia in an 8 yo?"
    hits = [hit(text, "Indications and Usage", 1, match=1.0, score=0.6)]
    intents = detect_intents(question)
    composed = compose_answer(question, hits, products=["demozumab"], intents=intents)
    assert composed is not None
    gap = off_label_gap(question, _off_label("8 yo"), composed, intents)
    assert gap is not None and "8 yo" in gap
    assert off_label_gap(question, _off_label("500 tablet"), composed, intents) is None  # a strength, no patient


def test_a_patient_value_inside_a_stated_window_is_addressed() -> None:
    from assistant.retrieval.windows import holds

    band = "In pediatric patients weighing 3.5 kg to less than 40 kg, DEMOZYME is given at 5 mg/kg."
    assert holds(band, 10, "kg") and not holds(band, 2, "kg") and not holds(band, 40, "kg")
    assert holds("patients 12 years of age and older", 13, "yo") and not holds("aged 12 years and older", 8, "yo")
    assert not holds("Safety has not been established in patients younger than 6 years.", 4, "yo")
    assert holds("Authorized for hospitalized pediatric patients less than 12 years of age.", 4, "yo")
    question = "demozyme for a 10 kg child with the infection?"
    hits = [hit(band, "Indications and Usage", 1, match=1.0, score=0.6)]
    intents = detect_intents(question)
    composed = compose_answer(question, hits, products=["demozumab"], intents=intents)
    assert composed is not None
    assert off_label_gap(question, _off_label("10 kg"), composed, intents) is None
    assert off_label_gap(question, _off_label("2 kg"), composed, intents) is not None
