# make run: set up and build the graph of content/ into output/
# make test: set up and run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: setup run test bench clean

$(BIN)/blogweave: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/blogweave

setup: $(BIN)/blogweave

run: setup
	$(BIN)/blogweave build content --out output

test: setup
	$(BIN)/python -m pytest -q

clean:
	rm -rf output .pytest_cache
