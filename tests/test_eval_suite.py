"""The release gate end to end over the ingested bundled corpus (the offline gate CI runs)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.types import ChunkFilter, ScoredChunk

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
RAGAS_KEYS = ("context_recall", "context_precision", "answer_similarity", "rouge_l")
REQUIRED_KEYS = (
    *RAGAS_KEYS,
    "citation_precision",
    "citation_coverage",
    "refusal_accuracy",
    "guardrail_recall",
    "guardrail_precision",
    "guardrail_false_positive_rate",
    "latency_p50_ms",
    "latency_p95_ms",
)


def _eval(data_dir: Path, *args: str) -> tuple[int, dict[str, Any]]:
    from assistant.cli import app

    result = CliRunner().invoke(
        app, ["eval", "--json", "--no-report", *args], env={"ASSISTANT_DATA_DIR": str(data_dir)}
    )
    assert result.stdout.strip(), result.output
    return result.exit_code, json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def committed_run(corpus_data_dir: Path) -> tuple[int, dict[str, Any]]:
    return _eval(corpus_data_dir)


def test_gate_passes_at_committed_thresholds(committed_run: tuple[int, dict[str, Any]]) -> None:
    code, data = committed_run
    assert data["failures"] == [] and data["passed"] is True and code == 0
    metrics = data["metrics"]
    assert set(REQUIRED_KEYS) <= set(metrics)
    assert data["n_questions"] >= 60
    for key in RAGAS_KEYS:  # real ragas values: inside (0, 1], not a constant
        assert 0.0 < metrics[key] <= 1.0, key
    assert len({round(metrics[k], 6) for k in RAGAS_KEYS}) == len(RAGAS_KEYS)


def test_gate_fails_when_a_threshold_is_raised_above_the_measured_value(
    committed_run: tuple[int, dict[str, Any]], corpus_data_dir: Path, tmp_path: Path
) -> None:
    measured = committed_run[1]["metrics"]["context_precision"]
    thresholds = json.loads((ROOT / "evals" / "thresholds.json").read_text())
    thresholds["min"]["context_precision"] = round(measured + 0.01, 4)
    path = tmp_path / "raised.json"
    path.write_text(json.dumps(thresholds))
    code, data = _eval(corpus_data_dir, "--thresholds", str(path))
    assert code == 1 and data["passed"] is False
    assert [f["metric"] for f in data["failures"]] == ["context_precision"]
    assert data["failures"][0]["value"] == pytest.approx(measured)


class RandomChunkRetriever:
    """A broken ranker: ignores the question and returns random passages of the requested product(s).

    It claims high relevance, as a silently broken component would, so the chain
    does not refuse and the damage shows only in what the answers are built from.
    """

    def __init__(self, real: Any, seed: int = 7) -> None:
        self.real = real
        self.rng = random.Random(seed)

    def __getattr__(self, name: str) -> Any:
        """Everything but ranking (product catalog, term statistics) is the real retriever's."""
        return getattr(self.real, name)

    def retrieve(self, query: str, flt: ChunkFilter | None = None, k: int | None = None) -> list[ScoredChunk]:
        pool = [c for c in self.real.store.all_chunks(flt) if c.answerable]
        picked = self.rng.sample(pool, min(k or 8, len(pool)))
        return [ScoredChunk(chunk=c, score=0.9, scores={"dense": 0.9}) for c in picked]


def test_degraded_retriever_fails_the_gate(corpus_data_dir: Path) -> None:
    from assistant.api import Assistant
    from assistant.config import Settings
    from assistant.evaluation.suite import evaluate_release

    assistant = Assistant(Settings(data_dir=corpus_data_dir))
    degraded = RandomChunkRetriever(assistant.retriever)
    outcome = evaluate_release(assistant, report=False, retriever=degraded, limit=30)
    failed = {f.metric for f in outcome.failures}
    assert not outcome.passed
    assert "context_recall" in failed
    assert outcome.run.metrics["context_recall"] < 0.5
    assert "retriever" not in vars(assistant) or not isinstance(assistant.retriever, RandomChunkRetriever)


def test_report_and_baseline_written_for_a_run(corpus_assistant: Any, tmp_path: Path) -> None:
    from assistant.evaluation.paths import EvalPaths
    from assistant.evaluation.suite import evaluate_release, history, latest_run

    paths = EvalPaths(tmp_path / "evals")
    kwargs = {
        "paths": paths,
        "thresholds_file": ROOT / "evals" / "thresholds.json",
        "golden_file": ROOT / "evals" / "golden" / "questions.jsonl",
        "limit": 6,
    }
    first = evaluate_release(corpus_assistant, update_baseline=True, **kwargs)
    second = evaluate_release(corpus_assistant, **kwargs)
    assert first.baseline_updated and paths.baseline.exists()
    assert second.deltas["context_recall"]["delta"] == pytest.approx(0.0)
    assert len(history(paths)) == 2
    run = latest_run(paths)
    assert run is not None and run.n_questions == 6
    report = (paths.reports_dir / "latest.md").read_text()
    assert "## Worst questions" in report and "## Per product" in report
    assert (paths.reports_dir / "plots" / "trend.png").stat().st_size > 1000


BLOCKER = textwrap.dedent(
    """
    import os, socket

    _LOG = os.environ["NETBLOCK_LOG"]
    _connect = socket.socket.connect

    def _local(host):
        return host in ("localhost", "::1", "") or str(host).startswith("127.")

    def _refuse(what):
        with open(_LOG, "a") as fh:
            fh.write(what + "\\n")
        raise OSError("network unreachable (test): " + what)

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
            _refuse(f"connect {address!r}")
        return _connect(self, address)

    _getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _local(host if isinstance(host, str) else host.decode()):
            _refuse(f"resolve {host!r}")
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.getaddrinfo = getaddrinfo
    """
)


def _offline_env(tmp_path: Path, data_dir: Path) -> dict[str, str]:
    (tmp_path / "sitecustomize.py").write_text(BLOCKER)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_", "TIKTOKEN_", "NLTK_"))}
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(tmp_path), env.get("PYTHONPATH")])),
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        NO_PROXY="",
        NETBLOCK_LOG=str(tmp_path / "attempts.log"),
        ASSISTANT_DATA_DIR=str(data_dir),
    )
    return env


def test_eval_runs_with_the_network_unreachable(corpus_data_dir: Path, tmp_path: Path) -> None:
    env = _offline_env(tmp_path, corpus_data_dir)
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('192.0.2.1', 443), timeout=2)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode != 0 and "network unreachable (test)" in probe.stderr  # the block is real
    (tmp_path / "attempts.log").unlink()

    thresholds = tmp_path / "floor.json"
    thresholds.write_text(json.dumps({"min": {"context_recall": 0.0, "guardrail_recall": 0.0}}))
    cmd = "from assistant.cli import main; main()"
    args = ["eval", "--json", "--no-report", "--limit", "5", "--thresholds", str(thresholds)]
    done = subprocess.run(
        [sys.executable, "-c", cmd, *args], env=env, capture_output=True, text=True, timeout=600, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert data["passed"] is True and data["n_questions"] == 5
    assert data["metrics"]["context_recall"] is not None
    attempts = tmp_path / "attempts.log"
    assert not attempts.exists(), attempts.read_text()  # nothing even tried to reach the network
