"""The shipped condition-name matrix: size, build seconds, load and lookup time.

``assistant/guardrails/condition_names.npz`` is built once by
``evals/guardrails/build_condition_names.py``; the guard loads it once per process and embeds
only a few candidate phrases per text. Goals: file <= 15 MB, load < 1 s, a lookup of a new
phrase (one embedding + one matrix product) well under the guard's 50 ms per text.

    .venv/bin/python evals/bench/bench_condition_names.py
"""

from __future__ import annotations

import time

import numpy as np
from _common import percentile

from assistant.guardrails.condition_names import MATRIX_FILE, ConditionNames
from assistant.guardrails.promo_model import sentence_vectors

PHRASES = [
    "stomach cancer", "adult-onset diabetes", "period pain", "high blood sugar", "heavy periods",
    "a bad cold", "pink eye", "early ejaculation", "wear-and-tear arthritis", "shortness of breath",
    "hair thinning", "trouble sleeping", "a racing heart", "water on the knee", "brain fog",
]  # fmt: skip


def main() -> None:
    if not MATRIX_FILE.is_file():
        print(f"{MATRIX_FILE} absent: run evals/guardrails/build_condition_names.py")
        return
    data = np.load(MATRIX_FILE)
    print(f"file {MATRIX_FILE.stat().st_size / 1e6:.1f} MB, {str(data['names']).count(chr(10)) + 1} names, "
          f"built in {float(data['build_seconds']):.0f} s ({data['versions']})")  # fmt: skip
    started = time.perf_counter()
    names = ConditionNames()
    print(f"load {1000 * (time.perf_counter() - started):.0f} ms")
    names.nearest(["warm-up"])
    times = []
    for phrase in PHRASES:
        sentence_vectors().clear()
        started = time.perf_counter()
        best = names.nearest([phrase])[0][0]
        times.append(1000 * (time.perf_counter() - started))
        print(f"  {phrase!r:28} -> {best.name!r} {best.score:.2f} {sorted(best.codes)[:3]}")
    print(f"lookup of a new phrase: p50 {percentile(times, 50):.1f} ms, p95 {percentile(times, 95):.1f} ms")


if __name__ == "__main__":
    main()
