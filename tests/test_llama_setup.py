"""llama-index is configured where it is used, and only there.

Its global ``Settings`` default to OpenAI for embeddings and generation, so the index writer
points them at the offline embedder before its first write. Asking never imports llama-index:
the import costs seconds that every ``assistant ask`` process would otherwise pay.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant._llama_embed import LlamaIndexEmbedding
from assistant.api import Assistant
from assistant.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_the_index_writer_points_llama_index_at_the_offline_embedder(settings: Settings) -> None:
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core.llms import MockLLM

    LlamaSettings.embed_model = None  # llama-index's own stand-in, as if nothing had configured it
    assert not isinstance(LlamaSettings.embed_model, LlamaIndexEmbedding)
    report = Assistant(settings).ingest([ROOT / "corpus" / "nusinersen" / "label.xml"])
    assert report.added == 1 and report.chunks > 0
    assert isinstance(LlamaSettings.embed_model, LlamaIndexEmbedding)
    assert isinstance(LlamaSettings.llm, MockLLM)


def test_asking_does_not_import_llama_index(corpus_data_dir: Path) -> None:
    script = (
        "import sys\n"
        "from assistant.api import Assistant\n"
        "from assistant.config import Settings\n"
        f"answer = Assistant(Settings(data_dir={str(corpus_data_dir)!r})).ask('How is nusinersen given?')\n"
        "assert answer.citations, answer\n"
        "print(sorted(m for m in sys.modules if m.startswith('llama_index.')))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
