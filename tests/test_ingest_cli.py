"""`assistant ingest / docs / remove` through the real typer app."""

from __future__ import annotations

import json
from pathlib import Path

from ingest_samples import write_spl
from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


def _corpus(root: Path) -> Path:
    write_spl(root / "prod" / "label.xml")
    (root / "prod" / "guide.md").write_text("# Guide\n\n## Storage\nStore below 25 C. Keep dry.\n")
    (root / "prod" / "manifest.yaml").write_text("documents:\n  - file: label.xml\n    doc_id: prod-label\n")
    return root


def test_ingest_docs_remove_json(data_dir: Path, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    result = runner.invoke(app, ["ingest", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["added"], report["failed"]) == (2, [])
    assert report["chunks"] > 2

    listed = json.loads(runner.invoke(app, ["docs", "--json"]).stdout)["documents"]
    by_id = {d["doc_id"]: d for d in listed}
    assert set(by_id) == {"prod-label", "prod-guide-md"}
    assert by_id["prod-label"]["doc_type"] == "label" and by_id["prod-label"]["chunks"] >= 3
    assert sum(d["chunks"] for d in listed) == report["chunks"]

    again = json.loads(runner.invoke(app, ["ingest", str(corpus), "--json"]).stdout)
    assert (again["unchanged"], again["chunks"]) == (2, report["chunks"])

    removed = runner.invoke(app, ["remove", "prod-guide-md"])
    assert removed.exit_code == 0
    unknown = runner.invoke(app, ["remove", "prod-guide-md"])
    assert unknown.exit_code == 1 and "prod-guide-md" in unknown.output
    assert [d["doc_id"] for d in json.loads(runner.invoke(app, ["docs", "--json"]).stdout)["documents"]] == [
        "prod-label"
    ]


def test_ingest_partial_failure_exit_2_and_missing_path(data_dir: Path, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    (corpus / "prod" / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    missing = tmp_path / "does-not-exist"
    result = runner.invoke(app, ["ingest", str(corpus), str(missing), "--json"])
    assert result.exit_code == 2
    failed = {Path(f["path"]).name: f["error"] for f in json.loads(result.stdout)["failed"]}
    assert set(failed) == {"broken.pdf", "does-not-exist"}

    human = runner.invoke(app, ["ingest", str(missing)])
    assert human.exit_code == 1 and "does-not-exist" in human.output and "no such file" in human.output
