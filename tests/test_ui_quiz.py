"""The Quiz page in Streamlit's AppTest over a copy of the ingested corpus: a trainee
takes a quiz (multiple choice and free text), gets graded feedback quoting its source, the
trainer view shows it; a quiz the documents cannot support says why; the Evaluations page
shows the quiz guessability figures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
QUIZ_PAGE = str(ROOT / "ui" / "pages" / "quiz.py")
EVAL_PAGE = str(ROOT / "ui" / "pages" / "evaluations.py")


@pytest.fixture
def state(corpus_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the corpus state, so recorded attempts do not leak into other tests."""
    path = tmp_path / "state"
    shutil.copytree(corpus_data_dir, path)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(path))
    return path


def test_trainee_takes_a_quiz_and_the_trainer_sees_progress(state: Path) -> None:
    at = AppTest.from_file(QUIZ_PAGE, default_timeout=180).run()
    assert not at.exception
    at.text_input(key="quiz_trainee").set_value("Ana")
    at.selectbox(key="quiz_product").set_value("nusinersen")
    at.number_input(key="quiz_n").set_value(2)
    at.number_input(key="quiz_free").set_value(1)
    at.button[0].click().run()  # Start quiz
    assert not at.exception, at.exception
    quiz = at.session_state["quiz_current"]
    assert len(quiz.questions) == 3 and quiz.topic == "all"
    first, second, free = quiz.questions
    assert free.kind == "free_text"
    assert any(first.choices[first.answer].replace("_", "\\_") in r.options for r in at.radio)
    at.radio(key="quiz_q0").set_value(first.answer)
    at.radio(key="quiz_q1").set_value((second.answer + 1) % 4)
    at.text_input(key="quiz_q2").set_value(f"It is {free.key_facts[0]}.")
    at.button[1].click().run()  # Submit answers
    assert not at.exception, at.exception
    assert any("Score: 2/3" in h.value for h in at.subheader)
    assert first.citations[0].quote in at.success[0].value
    assert free.citations[0].quote in at.success[1].value
    assert "The answer is" in at.error[0].value and second.citations[0].quote in at.error[0].value

    from assistant.quiz.progress import ProgressStore

    rows = ProgressStore(state / "quiz.sqlite").by_trainee()
    assert [(r.key, r.attempts, r.correct) for r in rows] == [("Ana", 3, 2)]
    again = AppTest.from_file(QUIZ_PAGE, default_timeout=180).run()
    assert any(df.value.shape[0] == 1 for df in again.dataframe)  # the trainer table lists Ana


def test_too_many_items_shows_how_many_the_documents_support(state: Path) -> None:
    at = AppTest.from_file(QUIZ_PAGE, default_timeout=180).run()
    at.text_input(key="quiz_trainee").set_value("Ben")
    at.selectbox(key="quiz_product").set_value("nusinersen")
    at.selectbox(key="quiz_topic").set_value("moa")
    at.number_input(key="quiz_n").set_value(10)
    at.button[0].click().run()
    assert not at.exception, at.exception
    message = at.error[0].value
    assert "nusinersen" in message and "not the 10 asked for" in message
    assert "quiz_current" not in at.session_state


def test_quiz_page_onboards_on_an_empty_store(data_dir: Path) -> None:
    at = AppTest.from_file(QUIZ_PAGE, default_timeout=120).run()
    assert not at.exception
    assert any("No documents are indexed yet" in i.value for i in at.info)


def test_evaluations_page_shows_quiz_guessability(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The figures the bench wrote to evals/reports appear on the Evaluations page, judged against the goal."""
    evals = tmp_path / "evals"
    (evals / "reports").mkdir(parents=True)
    shutil.copy(ROOT / "evals" / "thresholds.json", evals / "thresholds.json")
    report = json.loads((ROOT / "evals" / "reports" / "quiz_guessability.json").read_text())
    (evals / "reports" / "quiz_guessability.json").write_text(json.dumps(report))
    monkeypatch.setenv("ASSISTANT_EVALS_DIR", str(evals))
    at = AppTest.from_file(EVAL_PAGE, default_timeout=60).run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table.index)[-1] == "overall" and len(table.index) == len(report["per_product"]) + 1
    verdict = (at.success or at.warning)[-1].value
    assert f"{report['worst']:.2f}" in verdict and f"{report['goal']:.2f}" in verdict
