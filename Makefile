# Two commands for a new user: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint fuzz bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/rasad extract examples/ --format jsonl

lint: $(STAMP)
	$(BIN)/ruff check src tests bench fuzz
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

eval: $(STAMP)
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python ../shared/eval/score.py ../shared/eval/dev

# Coverage-guided fuzzing of the readers (atheris, Apache-2.0; installed on first use).
# New inputs go to .fuzz-corpus (ignored by git); fuzz/seeds holds the starting pages.
FUZZ_SECONDS ?= 60
fuzz: $(STAMP)
	$(BIN)/python -c "import atheris" 2>/dev/null || $(BIN)/python -m pip install --quiet atheris
	mkdir -p .fuzz-corpus
	$(BIN)/python fuzz/fuzz_readers.py -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=30 .fuzz-corpus fuzz/seeds

bench: $(STAMP)
	$(BIN)/python bench/extract_bench.py
	$(BIN)/python bench/coding_bench.py
	$(BIN)/python bench/dedup_bench.py

clean:
	rm -rf $(VENV) .fuzz-corpus build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
