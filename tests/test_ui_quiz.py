"""The Quiz page in Streamlit's AppTest over a copy of the ingested corpus: a trainee
takes a quiz, gets graded feedback with its source, and the trainer view shows it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

QUIZ_PAGE = str(Path(__file__).resolve().parent.parent / "ui" / "pages" / "quiz.py")


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
    at.selectbox(key="quiz_product").set_value("osimertinib")
    at.number_input(key="quiz_n").set_value(2)
    at.button[0].click().run()  # Start quiz
    assert not at.exception, at.exception
    quiz = at.session_state["quiz_current"]
    assert len(quiz.questions) == 2
    first, second = quiz.questions
    at.radio(key="quiz_q0").set_value(first.answer)
    at.radio(key="quiz_q1").set_value((second.answer + 1) % 4)
    at.button[1].click().run()  # Submit answers
    assert not at.exception, at.exception
    assert any("Score: 1/2" in h.value for h in at.subheader)
    assert first.citations[0].quote in at.success[0].value
    assert "The answer is" in at.error[0].value

    from assistant.quiz.progress import ProgressStore

    rows = ProgressStore(state / "quiz.sqlite").by_trainee()
    assert [(r.key, r.attempts, r.correct) for r in rows] == [("Ana", 2, 1)]
    again = AppTest.from_file(QUIZ_PAGE, default_timeout=180).run()
    assert any(df.value.shape[0] == 1 for df in again.dataframe)  # the trainer table lists Ana


def test_quiz_page_onboards_on_an_empty_store(data_dir: Path) -> None:
    at = AppTest.from_file(QUIZ_PAGE, default_timeout=120).run()
    assert not at.exception
    assert any("No documents are indexed yet" in i.value for i in at.info)
