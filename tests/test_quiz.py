"""Trainer quiz: generation over the real corpus, grading, progress storage, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.quiz.distractors import change_number, flip_term
from assistant.quiz.progress import ProgressStore
from assistant.retrieval.text import split_sentences, supported_by
from assistant.types import ChunkFilter

PRODUCTS = ["osimertinib", "sacubitril/valsartan", "semaglutide", "relugolix/estradiol/norethindrone"]


def test_flip_term_and_change_number_make_a_different_statement() -> None:
    key = "Valsartan selectively blocks the AT1 receptor; start at 40 mg twice daily."
    flipped = flip_term(key)
    assert flipped is not None and "non-selectively" in flipped and flipped != key
    changed = change_number(key)
    assert changed is not None and "80 mg" in changed
    assert flip_term("No mechanistic verb here at all.") is None
    # Identifiers and ratios are not quantities: "VCAM-2" or "98/51" would be nonsense, not a plausible error.
    assert change_number("It lowers ELAM-1 and VCAM-1 levels.") is None
    assert change_number("Start 49/51 mg twice daily.") is None


def test_supported_by_needs_every_term_and_number() -> None:
    source = ["Osimertinib is an irreversible inhibitor of EGFR at 80 mg daily."]
    assert supported_by("Osimertinib is an irreversible inhibitor of EGFR.", source)
    assert not supported_by("Osimertinib is an irreversible activator of EGFR.", source)
    assert not supported_by("Osimertinib is given at 160 mg daily.", source)


@pytest.mark.parametrize("product", PRODUCTS)
def test_quiz_items_are_well_formed_and_keyed_by_their_citation(corpus_assistant, product: str) -> None:
    quiz = corpus_assistant.quiz(product, n=3, seed=7)
    assert quiz.questions, f"no quiz items for {product}"
    own = [
        s
        for c in corpus_assistant.store.all_chunks(ChunkFilter(products=[quiz.product]))
        if c.answerable
        for s in split_sentences(c.text)
    ]
    for item in quiz.questions:
        assert len(item.choices) == 4
        assert len({c.lower() for c in item.choices}) == 4, "duplicate choices"
        assert item.answer is not None and 0 <= item.answer < 4
        (citation,) = item.citations
        assert citation.product == quiz.product and citation.doc_type in {"label", "publication", "slide_deck"}
        chunk = corpus_assistant.store.get_chunks([citation.chunk_id])[0]
        assert chunk.meta.status == "approved"
        assert citation.quote in chunk.text, "the key must be a sentence of its cited passage"
        assert corpus_assistant.quiz_generator.mask(citation.quote) == item.choices[item.answer]
        for i, choice in enumerate(item.choices):
            if i != item.answer:
                assert not supported_by(choice, own), f"distractor is stated by the label: {choice}"


def test_quiz_is_deterministic_for_a_seed(corpus_assistant) -> None:
    first = corpus_assistant.quiz("osimertinib", n=3, seed=1)
    again = corpus_assistant.quiz("TAGRISSO", n=3, seed=1)
    assert first.model_dump() == again.model_dump()


def test_topics_draw_from_their_sections(corpus_assistant) -> None:
    quiz = corpus_assistant.quiz("sacubitril/valsartan", n=2, seed=0, topic="dosing")
    for item in quiz.questions:
        assert "dosage" in (item.citations[0].section or "").lower() or item.citations[0].doc_type != "label"


def test_grading_multiple_choice_and_free_text(corpus_assistant) -> None:
    quiz = corpus_assistant.quiz("osimertinib", n=1, seed=3, free_text=1)
    mc, free = quiz.questions
    assert corpus_assistant.grade(mc, mc.answer).correct
    wrong = corpus_assistant.grade(mc, (mc.answer + 1) % 4)
    assert not wrong.correct and mc.citations[0].quote in wrong.feedback
    assert free.kind == "free_text" and free.key_facts
    good = corpus_assistant.grade(free, "It " + " ".join(free.key_facts) + ".")
    assert good.correct and good.score == 1.0
    bad = corpus_assistant.grade(free, "I am not sure, something about the liver.")
    assert not bad.correct and bad.missing_facts and free.citations[0].quote in bad.feedback


def test_unknown_product_is_a_clear_error(corpus_assistant) -> None:
    from assistant.errors import AssistantError

    with pytest.raises(AssistantError, match=r"unknown product 'dupilumab'.*osimertinib"):
        corpus_assistant.quiz("dupilumab")


def test_progress_store_aggregates_and_exports(tmp_path: Path, corpus_assistant) -> None:
    store = ProgressStore(tmp_path / "quiz.sqlite")
    quiz = corpus_assistant.quiz("osimertinib", n=2, seed=0)
    a, b = quiz.questions
    from assistant.quiz.grade import grade

    store.record("Ana", a, a.answer, grade(a, a.answer))
    store.record("Ana", b, (b.answer + 1) % 4, grade(b, (b.answer + 1) % 4))
    store.record("Ben", a, a.answer, grade(a, a.answer))
    trainees = {r.key: (r.attempts, r.correct) for r in store.by_trainee()}
    assert trainees == {"Ana": (2, 1), "Ben": (1, 1)}
    assert [r.key for r in store.by_product("Ana")] == ["osimertinib"]
    assert store.weakest_topics("Ana")[0].accuracy == 0.5
    lines = store.export_csv().splitlines()
    assert lines[0].startswith("trainee,product,topic") and len(lines) == 4
    with pytest.raises(ValueError, match="trainee"):
        store.record("  ", a, 0, grade(a, 0))


def test_cli_quiz_json(corpus_data_dir: Path) -> None:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(corpus_data_dir)}
    exe = Path(sys.executable).with_name("assistant")
    out = subprocess.run(
        [str(exe), "quiz", "--product", "semaglutide", "--n", "2", "--seed", "4", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    data = json.loads(out.stdout)
    keys = {"id", "question", "choices", "answer", "explanation", "citations"}
    assert data["questions"] and all(keys <= set(q) for q in data["questions"])
    assert all(q["citations"][0]["n"] == 1 for q in data["questions"])
    bad = subprocess.run(
        [str(exe), "quiz", "--product", "nonexistumab", "--json"], capture_output=True, text=True, env=env
    )
    assert bad.returncode == 1 and "unknown product" in bad.stderr
