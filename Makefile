# `make run`: set up and start the demo restaurant; `make test`: set up and run every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DB     ?= var/passline.db
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

setup: $(STAMP)

run: setup
	mkdir -p $(dir $(DB))
	$(BIN)/passline demo --db $(DB)
	$(BIN)/passline serve --db $(DB) --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python bench/orders.py
	$(BIN)/python bench/fanout.py

clean:
	rm -rf $(VENV) var test-artifacts
