"""Trainer quiz: one-fact items over the real corpus and real labels, distractors proven wrong,
exactly n items or a typed error, grading, progress storage, CLI, naive test-takers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.quiz.distractors import OwnText
from assistant.quiz.guessing import NaiveTaker, chance
from assistant.quiz.models import QuizItem, QuizSupportError
from assistant.quiz.progress import ProgressStore
from assistant.quiz.slots import blank, fill, find_slots, near_misses, same_form
from assistant.retrieval.text import split_sentences, supported_by, tokens
from assistant.types import ChunkFilter, Citation

ROOT = Path(__file__).resolve().parent.parent
REAL_LABELS = ROOT.parent / "shared" / "data" / "real_labels"


def _own_sentences(assistant, product: str) -> list[str]:
    chunks = assistant.store.all_chunks(ChunkFilter(products=[product]))
    return [s for c in chunks if c.answerable for s in split_sentences(c.text)]


def test_slots_are_typed_by_shape() -> None:
    sentence = "The drug is administered intrathecally; give 12 mg (5 mL) once every 4 months; it targets SMN2."
    kinds = {s.kind: s.value for s in find_slots(sentence)}
    assert kinds == {
        "route": "intrathecally",
        "dose": "12 mg (5 mL)",
        "interval": "once every 4 months",
        "entity": "SMN2",
    }
    assert [s.value for s in find_slots("Serious reactions occurred in 12 of 40 (30%) patients versus 9%.")] == ["9%"]
    assert not [s for s in find_slots("DO NOT USE IF THE SEAL AROUND THE CAP IS BROKEN.") if s.kind == "entity"]
    assert "every 8 months" in near_misses("interval", "every 4 months")
    assert "SMN1" in near_misses("entity", "SMN2") and "exon 8" in near_misses("entity", "exon 7")
    assert "intravenously" in near_misses("route", "intrathecally") and "oral" not in near_misses(
        "route", "intrathecally"
    )
    assert "60 to 120 minutes" in near_misses("duration", "30 to 60 minutes")
    assert not same_form("duration", "30 minutes", "30 to 60 minutes") and not same_form("dose", "40 mg", "40 mL")
    assert blank("Take 6 mg, then 6 mg again; not 6/6 mg.", "6 mg") == "Take ____, then ____ again; not 6/6 mg."
    assert fill("Give it every 4 weeks.", "every 4 weeks", "every 8 weeks") == "Give it every 8 weeks."


def test_a_distractor_the_documents_state_is_not_wrong() -> None:
    own = OwnText(
        ["In enzyme assays, the drug inhibits JAK1, JAK2 and JAK3.", "Give later doses subcutaneously over 30 minutes."]
    )
    key_sentence = "In enzyme assays, the drug inhibits JAK1, JAK2 and JAK3."
    assert not own.is_wrong(key_sentence, "JAK3", "JAK2")  # stated in the same sentence
    assert own.is_wrong(key_sentence, "JAK3", "TYK2")
    first = "Give the first dose intravenously over 30 minutes."
    assert not own.is_wrong(first, "intravenously", "subcutaneously")  # stated elsewhere with the gap's context
    assert own.is_wrong(first, "intravenously", "intramuscularly")


def _check_quiz(assistant, quiz, n: int) -> None:
    own = _own_sentences(assistant, quiz.product)
    names = {a for p in assistant.retriever.catalog.products for a in [p.product, *p.aliases, (p.brand or "").lower()]}
    names.discard("")
    assert len(quiz.questions) == n
    assert len({q.question for q in quiz.questions}) == n, "a stem repeated"
    assert len({q.citations[0].quote for q in quiz.questions}) == n, "a sentence asked twice"
    for item in quiz.questions:
        assert len(item.choices) == 4 and len({c.lower() for c in item.choices}) == 4
        key = item.choices[item.answer]
        (citation,) = item.citations
        chunk = assistant.store.get_chunks([citation.chunk_id])[0]
        assert chunk.meta.status == "approved" and citation.quote in chunk.text
        assert citation.product == quiz.product
        assert key in citation.quote and key not in item.question, "the key is the cited value, hidden in the stem"
        assert "____" in item.question and item.fact
        for i, choice in enumerate(item.choices):
            assert not set(tokens(choice)) & names, f"an option names a product: {choice}"
            if i != item.answer:
                assert choice not in item.question
                assert not supported_by(fill(citation.quote, key, choice), own), f"distractor is stated: {choice}"


def test_every_corpus_product_gets_five_varied_one_fact_items(corpus_assistant) -> None:
    products = [p.product for p in corpus_assistant.retriever.catalog.products]
    assert len(products) == 8
    for product in products:
        for seed in (0, 1):
            quiz = corpus_assistant.quiz(product, n=5, seed=seed)
            _check_quiz(corpus_assistant, quiz, 5)
            assert len({q.fact for q in quiz.questions}) >= 3, f"{product}: five items on one kind of fact"
            assert len({q.topic for q in quiz.questions}) >= 2, f"{product}: one topic only"


def test_a_topic_quiz_draws_from_its_sections(corpus_assistant) -> None:
    quiz = corpus_assistant.quiz("sacubitril/valsartan", n=3, seed=0, topic="dosing")
    assert {q.topic for q in quiz.questions} == {"dosing"}
    assert {q.fact for q in quiz.questions} <= {"route", "interval", "dose", "duration"}


def test_quiz_is_deterministic_for_a_seed(corpus_assistant) -> None:
    first = corpus_assistant.quiz("osimertinib", n=3, seed=1)
    again = corpus_assistant.quiz("TAGRISSO", n=3, seed=1)
    assert first.model_dump() == again.model_dump()


def test_more_items_than_the_documents_support_is_a_typed_error(corpus_assistant) -> None:
    with pytest.raises(QuizSupportError) as info:
        corpus_assistant.quiz("nusinersen", n=48, seed=0)
    error = info.value
    assert error.requested == 48 and 5 <= error.supported < 48
    assert f"support {error.supported} quiz item(s), not the 48" in str(error) and "askable facts" in str(error)


def test_grading_multiple_choice_and_free_text(corpus_assistant) -> None:
    quiz = corpus_assistant.quiz("nusinersen", n=1, seed=3, free_text=1)
    mc, free = quiz.questions
    assert corpus_assistant.grade(mc, mc.answer).correct
    wrong = corpus_assistant.grade(mc, (mc.answer + 1) % 4)
    assert not wrong.correct and f"\u201c{mc.citations[0].quote}\u201d" in wrong.feedback
    assert mc.citations[0].title in wrong.feedback
    assert free.kind == "free_text" and free.key_facts and "____" in free.question
    (value,) = free.key_facts
    good = corpus_assistant.grade(free, f"I think it is {value}.")
    assert good.correct and good.score == 1.0 and free.citations[0].quote in good.feedback
    bad = corpus_assistant.grade(free, "I am not sure, something about the liver.")
    assert not bad.correct and bad.missing_facts == [value] and free.citations[0].quote in bad.feedback


def test_free_text_numbers_must_match() -> None:
    from assistant.quiz.grade import grade

    cite = Citation(n=1, chunk_id="c", doc_id="d", title="Label", doc_type="label", quote="Give it every 4 months.")
    item = QuizItem(
        id="x", kind="free_text", product="p", topic="dosing", question="?", key_facts=["every 4 months"],
        explanation="", citations=[cite],
    )  # fmt: skip
    assert grade(item, "every four months").correct
    assert not grade(item, "every 6 months").correct
    assert "Label" in grade(item, "no idea").feedback


def test_unknown_product_is_a_clear_error(corpus_assistant) -> None:
    from assistant.errors import AssistantError

    with pytest.raises(AssistantError, match=r"unknown product 'dupilumab'.*osimertinib"):
        corpus_assistant.quiz("dupilumab")


def test_real_labels_ingested_bare(tmp_path: Path) -> None:
    """Any real label: five items for a PLR label, five or a reasoned refusal for an OTC Drug Facts label."""
    from assistant.api import Assistant
    from assistant.config import Settings

    labels = sorted(REAL_LABELS.glob("*.xml"))
    if not labels:
        pytest.skip(f"{REAL_LABELS} not found")
    assistant = Assistant(Settings(data_dir=tmp_path / "state"))
    assert not assistant.ingest(labels).failed
    for info in assistant.retriever.catalog.products:
        try:
            quiz = assistant.quiz(info.product, n=5, seed=0)
        except QuizSupportError as exc:
            assert exc.supported < 5 and ("askable facts" in str(exc) or "no sentence" in str(exc))
            continue
        assert len(quiz.questions) == 5 and len({q.question for q in quiz.questions}) == 5
        for item in quiz.questions:
            assert item.choices[item.answer] in item.citations[0].quote
    prescription = [p.product for p in assistant.retriever.catalog.products if "sildenafil" in p.product]
    assert prescription and len(assistant.quiz(prescription[0], n=5).questions) == 5


def test_naive_taker_breaks_ties_by_chance_and_scores_surfaces(corpus_assistant) -> None:
    cite = Citation(n=1, chunk_id="c", doc_id="d", title="t", doc_type="label", quote="q")
    item = QuizItem(
        id="x", product="p", topic="moa", question="Which? \u201cIt blocks ____.\u201d", answer=0,
        choices=["alpha4beta7 integrin", "ab", "cd", "ef"], explanation="", citations=[cite],
    )  # fmt: skip
    taker = NaiveTaker(corpus_assistant.embedder, ["The alpha4beta7 integrin is blocked by it."], seed=1)
    scorers = taker.strategies()
    assert taker.pick(scorers["longest option"](item)) == 0
    assert taker.pick(scorers["lexical overlap with label"](item)) == 0
    picks = {taker.pick([1.0, 1.0, 1.0, 1.0]) for _ in range(50)}
    assert picks == {0, 1, 2, 3}
    assert chance([item]) == 0.25


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
    assert store.weakest_topics("Ana")[0].accuracy <= 1.0
    lines = store.export_csv().splitlines()
    assert lines[0].startswith("trainee,product,topic") and len(lines) == 4
    with pytest.raises(ValueError, match="trainee"):
        store.record("  ", a, 0, grade(a, 0))


def test_cli_quiz_json_and_too_many_items(corpus_data_dir: Path) -> None:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(corpus_data_dir)}
    exe = Path(sys.executable).with_name("assistant")
    out = subprocess.run(
        [str(exe), "quiz", "--product", "nusinersen", "--n", "5", "--seed", "4", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    data = json.loads(out.stdout)
    keys = {"id", "question", "choices", "answer", "explanation", "citations", "fact"}
    assert len(data["questions"]) == 5 and all(keys <= set(q) for q in data["questions"])
    assert all(q["citations"][0]["n"] == 1 for q in data["questions"])
    many = subprocess.run(
        [str(exe), "quiz", "--product", "nusinersen", "--n", "48"], capture_output=True, text=True, env=env
    )
    assert many.returncode == 1 and "support" in many.stderr and "not the 48" in many.stderr
    bad = subprocess.run(
        [str(exe), "quiz", "--product", "nonexistumab", "--json"], capture_output=True, text=True, env=env
    )
    assert bad.returncode == 1 and "unknown product" in bad.stderr
