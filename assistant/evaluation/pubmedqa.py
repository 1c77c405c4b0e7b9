"""PubMedQA (PQA-L test split) yes/no/maybe accuracy of the configured model.

It measures whether the generative model reads biomedical evidence correctly
when handed the abstract, the skill the generative answer path depends on.
Published reference points: single human annotator 78.0%, majority class 55.2%.
Reported only with an LLM endpoint and when ``../shared/data/pubmedqa`` exists.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.evaluation.paths import EvalPaths

LABELS = ("yes", "no", "maybe")
PROMPT = (
    "Answer the research question using only the abstract. Reply with one word: yes, no or maybe.\n\n"
    "Abstract:\n{context}\n\nQuestion: {question}\nAnswer:"
)


def load_test_items(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Test-split items (id, question, context, label) in the ground truth's order; [] when absent."""
    truth_path, data_path = folder / "test_ground_truth.json", folder / "ori_pqal.json"
    if not (truth_path.exists() and data_path.exists()):
        return []
    truth: dict[str, str] = json.loads(truth_path.read_text(encoding="utf-8"))
    data: dict[str, dict[str, Any]] = json.loads(data_path.read_text(encoding="utf-8"))
    items = []
    for pmid, label in truth.items():
        entry = data.get(pmid)
        if entry is None:
            continue
        contexts = entry["CONTEXTS"]
        if isinstance(contexts, str):  # some copies store the list as its Python repr
            contexts = ast.literal_eval(contexts)
        items.append({"id": pmid, "question": entry["QUESTION"], "context": " ".join(contexts), "label": label})
    return items[:limit] if limit else items


def parse_label(text: str) -> str | None:
    """First yes/no/maybe word of a model reply."""
    match = re.search(r"\b(yes|no|maybe)\b", text.lower())
    return match.group(1) if match else None


def pubmedqa_accuracy(settings: Settings, limit: int | None = 100, folder: Path | None = None) -> float | None:
    """Share of test items the model labels correctly; None without data or endpoint."""
    items = load_test_items(folder or EvalPaths.pubmedqa_dir(), limit)
    if not items or not settings.use_llm:
        return None
    from openai import OpenAI

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    client = OpenAI(base_url=settings.openai_base_url, api_key=key, timeout=settings.llm_timeout_s)
    correct = 0
    for item in items:
        reply = client.chat.completions.create(
            model=settings.llm_model,
            temperature=0.0,
            max_tokens=5,
            messages=[{"role": "user", "content": PROMPT.format(**item)}],
        )
        correct += parse_label(reply.choices[0].message.content or "") == item["label"]
    return correct / len(items)
