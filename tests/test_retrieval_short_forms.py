"""Short forms of a question and the phrases they stand for, and which long sentences an answer may quote."""

from __future__ import annotations

import pytest

from assistant.retrieval.readable import is_readable_sentence
from assistant.retrieval.scope import spelled_out, stands_for


@pytest.mark.parametrize(
    ("short", "phrase"),
    [
        ("UC", "ulcerative colitis"),
        ("afib", "atrial fibrillation"),
        ("HSTCL", "Hepatosplenic T-cell lymphoma"),
        ("RA", "rheumatoid arthritis"),
    ],
)
def test_a_short_form_stands_for_its_phrase(short: str, phrase: str) -> None:
    assert stands_for(short, phrase.split())


@pytest.mark.parametrize(
    ("short", "phrase"),
    [
        ("RA", "renal impairment"),  # the first letter must open the first word
        ("afib", "about five"),  # letters left over
        ("UC", "ulcerative colitis treatment"),  # a word the short form does not name
        ("HSTCL", "hepatic toxicity"),
    ],
)
def test_a_short_form_does_not_stand_for_another_phrase(short: str, phrase: str) -> None:
    assert not stands_for(short, phrase.split())


def test_spelled_out_finds_the_phrase_behind_a_lower_case_short_form() -> None:
    sections = ["Dosage and Administration > Reduction of Risk of Stroke in Nonvalvular Atrial Fibrillation"]
    found = spelled_out("when is the dose reduced in afib", sections)
    assert {"atrial"} <= found
    assert spelled_out("when is the dose reduced in children", sections) == set()


PROSE = (
    "Food decreases the extent of absorption and slightly delays the absorption of the drug, as shown by "
    "approximately a 40% lower mean peak plasma concentration (Cmax), a 25% lower area under the plasma "
    "concentration versus time curve (AUC), and a 35-minute prolongation of time to peak plasma concentration "
    "(Tmax) following administration of a single 850 mg tablet with food, compared to the same tablet "
    "strength administered fasting."
)


def test_a_long_prose_sentence_is_quotable_but_a_long_flattened_table_is_not() -> None:
    assert len(PROSE.split()) > 60
    assert is_readable_sentence(PROSE)
    table = " ".join(["Nausea 12% 6% Diarrhea 10% 4% Headache 7% 5% Dizziness 3% 2% Rash 2% 1%"] * 5) + " Total."
    assert len(table.split()) > 60
    assert not is_readable_sentence(table)
    assert not is_readable_sentence(" ".join([PROSE.rstrip(".")] * 2) + "."), "beyond 100 words"


def test_the_answer_follows_the_passage_that_spells_out_the_questions_short_form() -> None:
    """ "dose in afib": the passage headed "Nonvalvular Atrial Fibrillation" answers, not the better-scored one."""
    from assistant.retrieval.compose import compose_answer
    from assistant.retrieval.intents import detect_intents
    from assistant.types import Chunk, DocumentMeta, ScoredChunk

    label = DocumentMeta(doc_id="demo", title="DEMOZYME (demozumab) tablets", doc_type="label", product="demozumab")

    def hit(ordinal: int, text: str, score: float) -> ScoredChunk:
        section = "Dosage and Administration > Recommended Dose"
        chunk = Chunk(
            chunk_id=f"demo:{ordinal}", doc_id="demo", text=text, ordinal=ordinal, section=section, meta=label
        )
        return ScoredChunk(chunk=chunk, score=score, scores={"section": 1.0})

    hits = [
        hit(1, "Treatment of Deep Vein Thrombosis\nThe recommended dose of DEMOZYME is 10 mg orally twice daily.", 0.6),
        hit(2, "Nonvalvular Atrial Fibrillation\nThe recommended dose of DEMOZYME is 5 mg orally twice daily.", 0.55),
    ]
    question = "demozyme dose in afib"
    composed = compose_answer(question, hits, products=["demozumab"], intents=detect_intents(question))
    assert composed is not None
    assert "5 mg" in composed.text and "10 mg" not in composed.text


def test_only_lower_case_short_forms_are_spelled_out_from_passage_text_when_asked() -> None:
    text = ["In patients with nonvalvular atrial fibrillation and ulcerative colitis the dose is 5 mg."]
    assert {"atrial"} <= spelled_out("dose in afib", text, lower_case_only=True)
    assert spelled_out("dose in UC", text, lower_case_only=True) == set()
    assert {"ulcer"} <= spelled_out("dose in UC", text)


def test_a_clipped_framing_word_frames_as_the_full_word_does() -> None:
    from assistant.retrieval.scope import key_terms

    framing = {"temperatur", "store"}
    asked = [t.stem for t in key_terms("demozyme tablet storage temp?", {"demozym"}, lambda _: 1.0, framing)]
    assert "temp" not in asked and "tablet" in asked
    # a clipped word that frames nothing stays what is asked
    assert "temp" in [t.stem for t in key_terms("demozyme temp?", {"demozym"}, lambda _: 1.0, {"dose"})]
