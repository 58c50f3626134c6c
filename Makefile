# `make run`: set up and start the demo restaurant (in its own database, var/demo.db);
# `make serve`: serve your own restaurants' database (var/passline.db), never the demo;
# `make test`: set up and run every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DB     ?= var/passline.db
DEMO_DB ?= var/demo.db
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup pwa browser servers run serve install test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# The browser runtime (PyScript, Pyodide, Workbox) from the npm registry at pinned versions.
node_modules/.ci-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

pwa: $(STAMP) node_modules/.ci-stamp
	$(BIN)/python tools/build_pwa.py

# Debian's Chromium for the browser tests (Playwright cannot download its own here);
# PASSLINE_CHROMIUM names another browser binary instead.
browser:
	@test -n "$$PASSLINE_CHROMIUM" || command -v chromium >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# Debian's Caddy for the deployment test (the README's reverse proxy), and openssl, which
# reads its CA's key for the browser; PostgreSQL and Redis for the scale-out tests; Prometheus,
# which scrapes /metrics in its test. All are
# started by the tests themselves as private instances on free ports, never as services.
servers:
	@command -v caddy >/dev/null && command -v openssl >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy openssl)
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	   postgresql redis-server)
	@command -v prometheus >/dev/null || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus)

setup: $(STAMP) pwa

run: setup
	mkdir -p $(dir $(DEMO_DB))
	$(BIN)/passline demo --db $(DEMO_DB)
	$(BIN)/passline serve --db $(DEMO_DB) --host $(HOST) --port $(PORT)

serve: setup
	mkdir -p $(dir $(DB))
	$(BIN)/passline serve --db $(DB) --host $(HOST) --port $(PORT)

# Install (or upgrade) on this Debian box as services, behind Debian's Caddy (run as root):
#   make install ADDRESS=192.168.1.20
#   make install ADDRESS=pos.local POSTGRES=postgresql://… BROKER=redis://… PROCESSES=3
ADDRESS   ?=
PROCESSES ?= 1
install: pwa
	bash deploy/install.sh --host "$(ADDRESS)" --processes $(PROCESSES) \
	  $(if $(POSTGRES),--postgres "$(POSTGRES)") $(if $(BROKER),--broker "$(BROKER)")

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Two workers (pytest-xdist, loadgroup): a clean clone's `make test` took 13 min 17 s on this
# project's 2-core machine (pytest 12 min 54 s), 15 min 51 s before each screen's Python was
# imported only when opened. Three workers took 13 min 33 s and brought renderer crashes and a
# timing failure under load: two it is. The slowest 20 are printed so a slow test shows in CI.
TEST_WORKERS ?= 2

test: lint pwa browser servers
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadgroup --durations=20

bench: setup browser servers
	$(BIN)/python bench/orders.py
	$(BIN)/python bench/fanout.py
	$(BIN)/python bench/boot.py
	$(BIN)/python bench/replay.py
	$(BIN)/python bench/screens.py
	$(BIN)/python bench/guessing.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/scaleout.py
	$(BIN)/python bench/print.py
	$(BIN)/python bench/chaos.py --orders 1000 --minutes 10

clean:
	rm -rf $(VENV) var test-artifacts
