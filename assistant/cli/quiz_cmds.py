"""``assistant quiz``: trainer quizzes on mechanism of action (and dosing, safety, efficacy)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from assistant.api import Assistant
from assistant.cli.common import print_json, run_guarded

quiz_app = typer.Typer(help="Generate quizzes from approved documents, grade them, track progress.")

_TOPIC = typer.Option("all", "--topic", "-t", help="all (default: mixed), moa, dosing, safety or efficacy.")
_SEED = typer.Option(0, "--seed", "-s", help="Same seed, same quiz.")


def _assistant() -> Assistant:
    return Assistant()


def _check_topic(topic: str) -> str:
    from assistant.quiz.models import QUIZ_TOPICS

    if topic not in QUIZ_TOPICS:
        raise typer.BadParameter(f"must be one of {', '.join(QUIZ_TOPICS)}", param_hint="--topic")
    return topic


@quiz_app.callback(invoke_without_command=True)
def quiz(
    ctx: typer.Context,
    product: str = typer.Option(None, "--product", "-p", help="Generic or brand name."),
    n: int = typer.Option(5, "--n", "-n", min=1, max=50, help="Multiple-choice items."),
    seed: int = _SEED,
    topic: str = _TOPIC,
    free_text: int = typer.Option(0, "--free-text", min=0, max=20, help="Free-text items to add."),
    as_json: bool = typer.Option(False, "--json", help="Print {'questions': [...]} as JSON."),
    show_key: bool = typer.Option(False, "--key", help="Trainer copy: mark the answer and print its source."),
) -> None:
    """Generate a quiz: `assistant quiz --product adalimumab --n 5 --json`.

    Exits 1 with a message naming how many items the product's approved
    documents support (and why) when they cannot give ``--n``.
    """
    if ctx.invoked_subcommand is not None:
        return
    if not product:
        raise typer.BadParameter("is required to generate a quiz", param_hint="--product")
    result = run_guarded(_assistant().quiz, product, n=n, seed=seed, topic=_check_topic(topic), free_text=free_text)
    if as_json:
        print_json(result.public())
        return
    for i, item in enumerate(result.questions, start=1):
        typer.echo(f"\nQ{i}. {item.question}")
        for j, choice in enumerate(item.choices):
            mark = "*" if show_key and j == item.answer else " "
            typer.echo(f"  {mark}{chr(65 + j)}. {choice}")
        if item.kind == "free_text":
            typer.echo("   (free text)" + (f" key: {'; '.join(item.key_facts)}" if show_key else ""))
        if show_key:
            typer.echo(f"   source: {item.explanation}")


@quiz_app.command("grade")
def grade_cmd(
    responses: list[str] = typer.Argument(..., help="One response per item, in order: a choice letter/index or text."),
    product: str = typer.Option(..., "--product", "-p"),
    n: int = typer.Option(5, "--n", "-n", min=1, max=50),
    seed: int = _SEED,
    topic: str = _TOPIC,
    free_text: int = typer.Option(0, "--free-text", min=0, max=20),
    trainee: str = typer.Option(None, "--trainee", help="Record the attempts for this trainee."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Grade responses to the quiz that the same options generate (and record them)."""
    assistant = _assistant()
    result = run_guarded(assistant.quiz, product, n=n, seed=seed, topic=_check_topic(topic), free_text=free_text)
    if len(responses) != len(result.questions):
        raise typer.BadParameter(f"expected {len(result.questions)} responses, got {len(responses)}")
    grades = []
    for item, raw in zip(result.questions, responses, strict=True):
        response: int | str = raw
        if item.kind == "multiple_choice":
            response = ord(raw.upper()) - 65 if len(raw) == 1 and raw.isalpha() else int(raw) if raw.isdigit() else -1
        grades.append(assistant.grade(item, response, trainee=trainee))
    if as_json:
        print_json({"grades": [g.model_dump() for g in grades], "score": sum(g.correct for g in grades)})
        return
    for i, g in enumerate(grades, start=1):
        typer.echo(f"Q{i}: {g.feedback}")
    typer.echo(f"\nScore: {sum(g.correct for g in grades)}/{len(grades)}")


@quiz_app.command("progress")
def progress_cmd(
    trainee: str = typer.Option(None, "--trainee", help="Only this trainee's products and topics."),
    csv_path: Path = typer.Option(None, "--csv", help="Write every attempt to this CSV file."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Trainer view: scores per trainee and product, weakest topics; CSV export."""
    store = _assistant().progress
    if csv_path:
        csv_path.write_text(store.export_csv())
    views = {
        "trainees": store.by_trainee(),
        "products": store.by_product(trainee),
        "weakest_topics": store.weakest_topics(trainee),
    }
    if as_json:
        print_json({k: [dict(r.model_dump(), accuracy=round(r.accuracy, 3)) for r in v] for k, v in views.items()})
        return
    console = Console()
    for title, rows in views.items():
        table = Table(title=title.replace("_", " "))
        for col in ("", "attempts", "correct", "accuracy"):
            table.add_column(col)
        for r in rows:
            table.add_row(r.key, str(r.attempts), str(r.correct), f"{r.accuracy:.0%}")
        console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(quiz_app, name="quiz")
