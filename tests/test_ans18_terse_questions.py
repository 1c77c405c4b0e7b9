"""Terse questions ("pts", "PsA", "AEs", "what share of …") and study sentences full of figures are understood."""

from __future__ import annotations

from assistant.retrieval.answer_gaps import coverage_gap
from assistant.retrieval.compose import compose_answer
from assistant.retrieval.intents import detect_intents
from assistant.retrieval.readable import is_readable_sentence
from assistant.retrieval.scope import count_gap, short_forms, spelled_out
from assistant.types import Chunk, DocumentMeta, ScoredChunk

DEMO = DocumentMeta(doc_id="demo", title="DEMOZYME (demozumab) injection", doc_type="label", product="demozumab")


def _hit(n: int, text: str, section: str) -> ScoredChunk:
    chunk = Chunk(chunk_id=f"demo:{n}", doc_id="demo", text=text, ordinal=n, section=section, meta=DEMO)
    return ScoredChunk(chunk=chunk, score=0.6, scores={"section": 1.0})


def test_a_study_sentence_stating_figures_with_their_units_is_quotable() -> None:
    sentence = (
        "Mean birth age was 2.5 days (range: 3.1 – 70.0 hours), mean gestational age was 27 weeks "
        "(range: 24 – 31 weeks), and mean weight was 810 g (range: 520 – 1100 g)."
    )
    assert is_readable_sentence(sentence)
    assert not is_readable_sentence("Nausea 12 10 8 Vomiting 5 3 2 Headache 4 4 1.")  # a flattened table
    assert not is_readable_sentence("Total 17 25 33 48 12 14 10 22 31.")


def test_mixed_case_and_plural_short_forms_are_read() -> None:
    assert {"PsA"} <= short_forms("peds PsA 60 kg or more, dose?")
    assert "AE" in short_forms("share of pts stopping for AEs?")
    found = spelled_out("peds PsA dose?", ["Dosage > Recommended Dosage in Psoriatic Arthritis"])
    assert {"psoriat", "arthriti"} & found


def test_a_clipped_person_noun_is_counted_by_a_number_of_patients() -> None:
    assert count_gap("how many pts were randomized in Study 1?", "Study 1 randomized 812 patients.") is None
    assert count_gap("how many pills per day?", "Study 1 randomized 812 patients.") is not None


def _rare_share(stem: str) -> float:
    return 9.0 if stem == "share" else 1.0  # labels seldom say "share": it weighs most


def test_a_share_asked_is_answered_by_a_percentage() -> None:
    question = "what share of the drug patients were 75 or older?"
    hits = [_hit(1, "Of the 351 patients who received DEMOZYME, 7% were 75 years of age or older.", "Geriatric Use")]
    intents = detect_intents(question)
    composed = compose_answer(question, hits, products=["demozumab"], intents=intents)
    assert composed is not None and "7%" in composed.text
    assert coverage_gap(question, hits, composed, _rare_share, intents) is None
    said = "Clinical studies did not include sufficient numbers of patients 75 or older to determine the response."
    hits = [_hit(2, said, "Geriatric Use")]  # no figure: the share asked is not stated
    composed = compose_answer(question, hits, products=["demozumab"], intents=intents)
    assert composed is not None
    gap = coverage_gap(question, hits, composed, _rare_share, intents)
    assert gap is not None and "share" in gap
