# dagrun: `make demo` runs a real flow end to end; `make test` runs the suite.
# Both set everything up first (a .venv with the project, graphviz's dot) and
# are quick when already set up.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DAGRUN := $(VENV)/bin/dagrun
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test bench port lint soak faults clean

setup: $(STAMP) .dot-check

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# graphviz's `dot` renders the pictures: installed with apt-get when we are root.
.dot-check:
	@if ! command -v dot >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing graphviz (for dot) with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  else \
	    echo "graphviz's 'dot' is missing and this is not root: install it with" >&2; \
	    echo "  sudo apt-get install graphviz   (Debian/Ubuntu)  or  brew install graphviz (macOS)" >&2; \
	    echo "pictures in png/svg/pdf need it; everything else works without." >&2; \
	  fi; \
	fi

demo: setup
	$(DAGRUN) execute configs/hello.yaml
	$(DAGRUN) visualize configs/hello.yaml -o out/hello/dag.png
	$(DAGRUN) execute configs/customer_features_batch.yaml
	$(DAGRUN) visualize configs/customer_features_batch.yaml --run latest -o out/customer_features_batch/dag.svg
	$(DAGRUN) execute configs/customer_features_files.yaml
	@echo
	@echo "hello:             outputs in out/hello/, picture out/hello/dag.png"
	@echo "customer_features: outputs in out/customer_features_batch/, picture out/customer_features_batch/dag.svg"
	@echo "the same, tables read by the run file: out/customer_features_files/"
	@echo "run history:       .venv/bin/dagrun runs configs/hello.yaml"

test: setup
	$(PY) -m pytest -q -p no:cacheprovider

bench: setup
	$(PY) benchmarks/run.py

# Apache Hamilton's own examples, run under Hamilton and under dagrun after the
# import rule, results compared (benchmarks/porting/results/porting.md). Hamilton
# gets its own venv with the same library versions as .venv. HAMILTON_SOURCE is
# a clone or git dir of github.com/apache/hamilton (cloned when missing).
HAMVENV := .venv-hamilton
HAMILTON_SOURCE ?= $(firstword $(wildcard /work/.mirror/apache+hamilton/repo) .hamilton-src)
port: setup
	@test -e $(HAMILTON_SOURCE) || git clone --quiet --depth 1 https://github.com/apache/hamilton $(HAMILTON_SOURCE)
	$(PY) -m pip install --quiet -e '.[dev,port]'
	@test -x $(HAMVENV)/bin/python || $(PYTHON) -m venv $(HAMVENV)
	$(PY) -m pip freeze --exclude-editable | grep -iv '^dagrun' > $(HAMVENV)/same-versions.txt
	$(HAMVENV)/bin/python -m pip install --quiet -r $(HAMVENV)/same-versions.txt apache-hamilton
	$(PY) benchmarks/porting/check.py --hamilton-python $(HAMVENV)/bin/python --hamilton-source $(HAMILTON_SOURCE)

# 1,000 runs of a mixed flow with random kills and concurrent runs, then a
# consistency check of the cache and the history (about 20 minutes on 2 cores).
soak: setup
	$(PY) scripts/soak.py --runs 1000

# The fault suite alone: kills, signals, full disks, concurrent runs, hostile input.
faults: setup
	$(PY) -m pytest -q -p no:cacheprovider tests/faults tests/test_hostile_input.py

lint: setup
	$(PY) -m ruff check dagrun tests benchmarks flows
	$(PY) -m ruff format --check dagrun tests benchmarks flows

clean:
	rm -rf $(VENV) $(HAMVENV) out .dagrun .pytest_cache
