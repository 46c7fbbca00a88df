# eqstats: workforce equality analytics. `make` alone lists the targets.
# Variables (override on the command line, e.g. `make report YEAR=2025`):
YEAR ?= 2026
PARAMS ?= params/$(YEAR).yaml
VENV ?= .venv
PYTHON ?= python3
PUBLISHED ?= reports/$(YEAR)/publish
DATA ?=

PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-from-lock
KERNEL := eqstats
# data_dir from the params file, read without Python so make can plan before .venv exists
DATA_DIR := $(shell sed -n 's/^data_dir: *\([^ #]*\).*/\1/p' $(PARAMS) 2>/dev/null)
REPORT := reports/$(YEAR)
EXECUTED := $(REPORT)/internal/executed
LIB := $(shell find src/eqlib -name '*.py' 2>/dev/null) pyproject.toml
INPUTS := $(wildcard $(DATA_DIR)/*.csv) $(wildcard data/reference/*.csv) $(wildcard data/reference/gpg_national/*)
RUN = $(PY) -m eqlib.pipeline run --params $(PARAMS)

# Every process sees the project root (eqlib.config.PROJECT_ROOT) and a fixed SVG hash salt.
export EQSTATS_ROOT := $(CURDIR)
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export MPLBACKEND := Agg
# One BLAS/OpenMP thread: the library's matrices are small (a 1,100 x 40 design matrix), and on a
# busy 2-core machine OpenBLAS's threads fight each other: the Oaxaca-Blinder bootstrap took 47 s
# with them and 2 s without (benchmarks/notes.md). Overridable: make report OPENBLAS_NUM_THREADS=4
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets (this text)
	@echo "eqstats: workforce equality analytics. Usage: make <target> [YEAR=2026] [PARAMS=params/<year>.yaml]"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# ---------------------------------------------------------------------------------------------
# Environment: .venv from the lock file, rebuilt only when the lock (or pyproject) changes.
# Only the lock: the editable install follows src/ by itself, and an e2e copy of the project that
# shares this .venv (VENV=...) must never re-point it at the copy.
$(STAMP): requirements.lock
	@echo "Setting up $(VENV) from requirements.lock (only when the lock changes; a few minutes)..."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@# A copy of the project (an e2e test, make audit, a git worktree) may share another project's
	@# environment (VENV=...): never re-point that environment's eqlib at the copy.
	@home=$$($(PY) -c "import eqlib, pathlib; print(pathlib.Path(eqlib.__file__).resolve().parents[2])" 2>/dev/null); \
	if [ -n "$$home" ] && [ "$$home" != "$$(pwd -P)" ]; then \
	    echo "$(VENV) runs eqlib from $$home: left as it is (a shared environment)"; \
	else \
	    echo "$(PY) -m pip install -e ."; \
	    $(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .; \
	fi
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (eqstats)" >/dev/null
	@touch $@

.PHONY: venv
venv: $(STAMP) ## set up .venv from requirements.lock (done automatically by the other targets)

.PHONY: lock
lock: ## re-solve pyproject.toml into requirements.lock and environment.yml
	$(PYTHON) scripts/lock.py

# ---------------------------------------------------------------------------------------------
# The report pipeline: real file targets, so make reruns only what changed.
#   01_data_quality -> 02_pay_gaps, 03_representation, 04_positive_action (independent: run side by side, JOBS)
#   -> disclosure control (staging/tables) -> 05_publication -> HTML + PDF -> manifest -> publish/
STAGING := $(REPORT)/internal/staging
PUBLISH := $(REPORT)/publish
ANALYSES := $(EXECUTED)/02_pay_gaps.ipynb $(EXECUTED)/03_representation.ipynb $(EXECUTED)/04_positive_action.ipynb
TEMPLATES := $(shell find notebooks/templates -type f 2>/dev/null)

$(EXECUTED)/%.ipynb: notebooks/%.ipynb $(PARAMS) $(LIB) $(STAMP)
	@mkdir -p $(@D)
	@echo "Running $(<F) for $(YEAR)"; $(RUN) $< $@

$(EXECUTED)/01_data_quality.ipynb: $(INPUTS)
$(ANALYSES): $(EXECUTED)/01_data_quality.ipynb

$(REPORT)/internal/.disclosed: $(EXECUTED)/01_data_quality.ipynb $(ANALYSES) $(PARAMS) $(LIB)
	@echo "Disclosure control and independent check"
	@$(PY) -m eqlib.pipeline disclose --params $(PARAMS)
	@touch $@

$(EXECUTED)/05_publication.ipynb: $(REPORT)/internal/.disclosed docs/methodology.md $(wildcard params/actions/*.yaml)

$(STAGING)/equality_report_$(YEAR).pdf: $(EXECUTED)/05_publication.ipynb $(TEMPLATES)
	@echo "Rendering the accessible HTML and PDF/UA"
	@$(PY) -m eqlib.pipeline render $< --params $(PARAMS)

$(PUBLISH)/manifest.json: $(STAGING)/equality_report_$(YEAR).pdf
	@$(PY) -m eqlib.pipeline publish --params $(PARAMS)

# The three analysis notebooks are independent, so report runs them side by side (JOBS at once;
# make report JOBS=1 for one at a time). Lines of parallel jobs are kept whole (-Oline). A -j the
# user gave (make -j2 report) is kept: forcing ours then would make the sub-make warn.
JOBS ?= 3
REPORT_JOBS = $(if $(findstring jobserver,$(MAKEFLAGS)),,-j$(JOBS))

.PHONY: report
report: $(STAMP) ## the main job: run every notebook for YEAR and build the publication
	@$(MAKE) --no-print-directory $(REPORT_JOBS) -Oline $(PUBLISH)/manifest.json
	@echo "Report for $(YEAR): $(PUBLISH)/ (internal outputs in $(REPORT)/internal/)"

.PHONY: test
test: $(STAMP) ## the tests: unit, reference, synthetic, regression (nbval) and end-to-end
	$(PY) -m pytest

.PHONY: lab
lab: $(STAMP) ## start JupyterLab on the project's kernel, notebooks ready to run top to bottom
	$(VENV)/bin/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(if $(filter 0,$(shell id -u)),--allow-root) \
	    --MappingKernelManager.default_kernel_name=$(KERNEL) --LabApp.default_url=/lab/tree/notebooks

.PHONY: check-data
check-data: $(STAMP) ## validate YEAR's inputs and print the data-quality summary (publishes nothing)
	@$(PY) -m eqlib.quality --params $(PARAMS)

.PHONY: data
data: $(STAMP) ## regenerate the synthetic organisation and the Census benchmark from seeds and sources
	$(PY) scripts/build_census_benchmark.py
	$(PY) -m eqlib.synth

.PHONY: audit
audit: $(STAMP) ## rerun YEAR from raw inputs and compare with PUBLISHED=dir (default reports/YEAR/publish)
	@$(PY) -m eqlib.audit --params $(PARAMS) --published $(PUBLISHED) $(if $(DATA),--data $(DATA))

.PHONY: baseline
baseline: $(STAMP) ## regenerate the nbval reference notebooks in tests/notebooks/ (ci params)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PY) -c "import sys; from pathlib import Path; from eqlib.audit import copy_project; copy_project(Path(sys.argv[1]))" "$$tmp" && \
	$(MAKE) --no-print-directory -C "$$tmp" report YEAR=2026 PARAMS=params/ci.yaml VENV="$(abspath $(VENV))" && \
	cp "$$tmp"/reports/2026/internal/executed/*.ipynb tests/notebooks/ && \
	$(PY) -m eqlib.pipeline strip tests/notebooks/[0-9]*.ipynb && \
	echo "Reference notebooks written to tests/notebooks/: review the diff (git diff --stat tests/notebooks) and commit."

.PHONY: benchmark
benchmark: $(STAMP) ## performance benchmarks, writing benchmarks/results.md
	$(PY) benchmarks/run.py

.PHONY: clean
clean: ## remove generated outputs (reports/, data/processed/); never touches data/raw/
	rm -rf reports/[0-9]* data/processed/*/
