# Two commands on a fresh machine with python3 and make: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 4
# pytest-xdist workers; `make test JOBS=0` runs the tests in one process. Twice the cores:
# many tests mostly wait (Textual's idle polls, servers and apps in other processes), so
# on 2 cores the whole suite takes 96 s with 4 workers and 165 s with 2.
PYTEST := $(BIN)/python -m pytest -n $(JOBS) --dist worksteal
# The fast tier waits even more (Pilot's idle polls): 6 workers, 47-51 s; 4 workers, 58 s.
CHECK_JOBS ?= 6
# Some environments set PYTHONDONTWRITEBYTECODE: then every test process (and every app
# a test starts) compiles fasci_tui again and pytest rewrites every test module's asserts
# again (~4 s of CPU per worker). The caches are ignored by git.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test check lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/fasci-tui $(ARGS)

# Everything: ruff and the whole suite.
test: $(STAMP)
	$(BIN)/ruff check fasci_tui tests benchmarks
	$(PYTEST)

# The quick loop: ruff and the tests not marked slow (no processes, ptys, servers, wheels).
check: $(STAMP)
	$(BIN)/ruff check fasci_tui tests benchmarks
	$(BIN)/python -m pytest -n $(CHECK_JOBS) --dist worksteal -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check fasci_tui tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist *.egg-info
