# The two commands of the README: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app caseflow
STAMP := $(VENV)/.installed-stamp
CATALOGS := $(wildcard caseflow/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test bench translations-update

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools  # 65.5, what venv bundles, has known CVEs
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ -l $(word 3,$(subst /, ,$<)) 2>/dev/null

run: $(STAMP) $(COMPILED)
	$(FLASK) db upgrade
	$(FLASK) demo-data --if-empty
	$(BIN)/python -m caseflow.serve

test: $(STAMP) $(COMPILED)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmarks of docs/performance.md; knobs BENCH_SIZES, BENCH_DATABASES, BENCH_RUNS, BENCH_ONLY there.
bench: $(STAMP) $(COMPILED)
	@command -v wrk >/dev/null || { echo "make bench: installing Debian's wrk for the latency benchmark"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || \
	  { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
	  echo "make bench: could not install wrk; the latency benchmark will stop"; }
	$(BIN)/python -m bench

# For developers adding user-facing text: extract, then merge into the catalogs.
translations-update: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o caseflow/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i caseflow/translations/messages.pot -d caseflow/translations
