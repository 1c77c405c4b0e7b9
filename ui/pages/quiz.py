"""Quiz page: trainees take mechanism-of-action (or dosing, safety, efficacy) quizzes
built from approved documents; trainers see progress.

Generation, grading and progress storage are :meth:`Assistant.quiz`,
:meth:`Assistant.grade` and :attr:`Assistant.progress`, the same as
``assistant quiz`` on the command line; this page only lays them out.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # run as a page of ui/app.py or on its own (tests)
    sys.path.insert(0, str(_ROOT))

import streamlit as st  # noqa: E402

from assistant.api import Assistant  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.quiz.models import QUIZ_TOPICS, Grade, Quiz, QuizItem  # noqa: E402
from ui.components import get_assistant, leave_legacy_pages_mode, load_documents, show_onboarding  # noqa: E402

TOPIC_LABELS = {
    "all": "All topics (mixed)",
    "moa": "Mechanism of action",
    "dosing": "Dosing",
    "safety": "Safety",
    "efficacy": "Key trial results",
}
QUIZ = "quiz_current"
GRADES = "quiz_grades"


def _md(text: str) -> str:
    """Text shown as Markdown literally (a "____" gap must not turn into a rule or bold)."""
    return text.replace("\\", "\\\\").replace("_", "\\_").replace("*", "\\*")


def _setup_form(assistant: Assistant) -> str:
    """The quiz settings; a new quiz replaces the current one. Returns the trainee's name."""
    products = sorted(p.product for p in assistant.retriever.catalog.products)
    with st.form("quiz_setup"):
        trainee = st.text_input("Your name", key="quiz_trainee")
        cols = st.columns(5)
        product = cols[0].selectbox("Product", products, key="quiz_product")
        topic = cols[1].selectbox("Topic", QUIZ_TOPICS, format_func=TOPIC_LABELS.__getitem__, key="quiz_topic")
        n = cols[2].number_input("Questions", min_value=1, max_value=10, value=5, key="quiz_n")
        free = cols[3].number_input("Free-text", min_value=0, max_value=3, value=0, key="quiz_free")
        seed = cols[4].number_input("Seed", min_value=0, value=0, key="quiz_seed")
        if st.form_submit_button("Start quiz", type="primary"):
            st.session_state.pop(GRADES, None)
            try:
                st.session_state[QUIZ] = assistant.quiz(
                    product, n=int(n), seed=int(seed), topic=topic, free_text=int(free)
                )
            except AssistantError as exc:  # e.g. the documents support fewer items: say how many and why
                st.session_state.pop(QUIZ, None)
                st.error(str(exc))
    return str(trainee)


def _answer(i: int, item: QuizItem) -> int | str | None:
    """One item's widget: a choice for multiple choice, a text box for free text."""
    st.markdown(f"**Q{i + 1}.** {_md(item.question)}")
    if item.kind == "free_text":
        return st.text_input("Your answer", key=f"quiz_q{i}", label_visibility="collapsed")
    return st.radio(
        "Choose one",
        range(len(item.choices)),
        format_func=lambda j: _md(item.choices[j]),
        index=None,
        key=f"quiz_q{i}",
        label_visibility="collapsed",
    )


def _take_quiz() -> None:
    assistant = get_assistant()
    trainee = _setup_form(assistant)
    quiz: Quiz | None = st.session_state.get(QUIZ)
    if quiz is None:
        return
    with st.form("quiz_answers"):
        responses = [_answer(i, item) for i, item in enumerate(quiz.questions)]
        submitted = st.form_submit_button("Submit answers", type="primary")
    if submitted:
        if not trainee.strip():
            st.warning("Enter your name so your progress can be recorded.")
            return
        st.session_state[GRADES] = [
            assistant.grade(item, (-1 if item.kind == "multiple_choice" else "") if r is None else r, trainee=trainee)
            for item, r in zip(quiz.questions, responses, strict=True)
        ]
    grades: list[Grade] | None = st.session_state.get(GRADES)
    if grades:
        score = sum(g.correct for g in grades)
        st.subheader(f"Score: {score}/{len(grades)}")
        for i, g in enumerate(grades):
            (st.success if g.correct else st.error)(f"Q{i + 1}. {g.feedback}")


def _trainer_view() -> None:
    progress = get_assistant().progress
    trainees = progress.by_trainee()
    if not trainees:
        st.info("No quiz attempts recorded yet.")
        return
    st.subheader("Scores per trainee")
    st.bar_chart({r.key: r.accuracy for r in trainees}, y_label="accuracy")
    st.dataframe(
        [
            {"Trainee": r.key, "Attempts": r.attempts, "Correct": r.correct, "Accuracy": f"{r.accuracy:.0%}"}
            for r in trainees
        ],
        hide_index=True,
    )
    who = st.selectbox("Trainee", ["All trainees", *(r.key for r in trainees)], key="quiz_view_trainee")
    name = None if who == "All trainees" else who
    cols = st.columns(2)
    cols[0].markdown("**Per product**")
    cols[0].dataframe(
        [
            {"Product": r.key, "Accuracy": f"{r.accuracy:.0%}", "Attempts": r.attempts}
            for r in progress.by_product(name)
        ],
        hide_index=True,
    )
    cols[1].markdown("**Weakest topics first**")
    cols[1].dataframe(
        [
            {"Topic": TOPIC_LABELS.get(r.key, r.key), "Accuracy": f"{r.accuracy:.0%}", "Attempts": r.attempts}
            for r in progress.weakest_topics(name)
        ],
        hide_index=True,
    )
    st.download_button("Export attempts (CSV)", progress.export_csv(), file_name="quiz-attempts.csv", mime="text/csv")


def main() -> None:
    leave_legacy_pages_mode()
    st.title("Trainer quiz")
    documents = load_documents(get_assistant())
    if documents is None:
        return
    if not documents:
        show_onboarding()
        return
    take, view = st.tabs(["Take a quiz", "Trainer view"])
    with take:
        _take_quiz()
    with view:
        _trainer_view()


main()
