# eqstats: workforce equality analytics. `make` alone lists the targets.
# Variables (override on the command line, e.g. `make report YEAR=2025`):
YEAR ?= 2026
PARAMS ?= params/$(YEAR).yaml
VENV ?= .venv
PYTHON ?= python3
PUBLISHED ?= reports/$(YEAR)/publish
DATA ?=
RERUN ?=

PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-from-lock
KERNEL := eqstats
# data_dir from the params file, read without Python so make can plan before .venv exists, as YAML
# reads it: "double-quoted", 'single-quoted' or plain up to a ' #' comment (tests/unit/test_makefile.py
# checks it against eqlib.config.load_params)
DATA_DIR := $(shell sed -n -e "s/^data_dir:[[:space:]]*\"\([^\"]*\)\".*/\1/p;t" -e "s/^data_dir:[[:space:]]*'\([^']*\)'.*/\1/p;t" -e "/^data_dir:/{s/^data_dir:[[:space:]]*//;s/[[:space:]][[:space:]]*\#.*//;s/[[:space:]]*$$//;p;}" $(PARAMS) 2>/dev/null)
REPORT := reports/$(YEAR)
EXECUTED := $(REPORT)/internal/executed
# The years that have a parameters file (listed when YEAR has none)
YEARS := $(patsubst params/%.yaml,%,$(wildcard params/[0-9][0-9][0-9][0-9].yaml))
# Outputs follow their inputs: the parameters file's path and content and the data folder, hashed
# into a file name every output depends on. Another PARAMS (another organisation) or an edited one
# is a new file, so everything reruns; switching back reruns too (the old one is removed).
SHA256 := $(if $(shell command -v sha256sum 2>/dev/null),sha256sum,shasum -a 256)
PARAMS_ID := $(shell { echo '$(PARAMS)'; echo '$(DATA_DIR)'; cat '$(PARAMS)'; } 2>/dev/null | $(SHA256) | cut -c1-16)
SIGNATURE := $(REPORT)/internal/.params-$(PARAMS_ID)
LOG := $(REPORT)/internal/run.log
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
# shares this .venv (VENV=...) must never re-point it at the copy (a copy of the project, an e2e
# test, make audit or a git worktree, may share another project's environment).
# pip's own output (and its warnings) go to $(PIPLOG), shown only when pip fails.
PIPLOG := $(VENV)/pip.log
$(STAMP): requirements.lock
	@$(if $(PREFLIGHT_DONE),,$(PREFLIGHT) --preflight || exit 2)
	@echo "  set-up: installing $(VENV) from requirements.lock (first run, or the lock changed; a few minutes)"
	@start=$$(date +%s); \
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || exit 1; \
	pipfail() { echo "  set-up: pip failed. The end of its log ($(PIPLOG)):"; tail -n 40 $(PIPLOG); exit 1; }; \
	$(PY) -m pip install --disable-pip-version-check -r requirements.lock > $(PIPLOG) 2>&1 || pipfail; \
	home=$$($(PY) -c "import eqlib, pathlib; print(pathlib.Path(eqlib.__file__).resolve().parents[2])" 2>/dev/null); \
	if [ -n "$$home" ] && [ "$$home" != "$$(pwd -P)" ]; then \
	    echo "  set-up: $(VENV) runs eqlib from $$home: left as it is (a shared environment)"; \
	else \
	    $(PY) -m pip install --disable-pip-version-check --no-deps --no-build-isolation -e . >> $(PIPLOG) 2>&1 || pipfail; \
	fi; \
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (eqstats)" >> $(PIPLOG) 2>&1 || pipfail; \
	touch $@; \
	echo "  set-up: done in $(ELAPSED) (pip's log: $(PIPLOG))"

.PHONY: venv
venv: $(STAMP) ## set up .venv from requirements.lock (done automatically by the other targets)

.PHONY: lock
lock: ## re-solve pyproject.toml into requirements.lock and environment.yml
	$(PYTHON) scripts/lock.py

# ---------------------------------------------------------------------------------------------
# The report pipeline: real file targets, so make reruns only what changed.
#   01_data_quality -> 02_pay_gaps, 03_representation, 04_positive_action (independent: run side by side, JOBS)
#   -> disclosure control (staging/tables) -> the disclosure check, the data annex and 05_publication
#   (independent: side by side) -> HTML + PDF (after the check) -> manifest -> publish/
STAGING := $(REPORT)/internal/staging
PUBLISH := $(REPORT)/publish
ANALYSES := $(EXECUTED)/02_pay_gaps.ipynb $(EXECUTED)/03_representation.ipynb $(EXECUTED)/04_positive_action.ipynb
TEMPLATES := $(shell find notebooks/templates -type f 2>/dev/null)

# Each step says when it starts (its own recipe line, so -Oline prints it at once) and how long it
# took (the pipeline prints that).
$(EXECUTED)/%.ipynb: notebooks/%.ipynb $(SIGNATURE) $(PARAMS) $(LIB) $(STAMP)
	@echo "  $*: running"
	@$(RUN) $< $@

$(SIGNATURE): $(PARAMS)
	@mkdir -p $(@D)
	@rm -f $(@D)/.params-*
	@printf 'params: %s\ndata_dir: %s\n' '$(PARAMS)' '$(DATA_DIR)' > $@

# A missing parameters file: say which years have one, instead of make's "No rule to make target".
$(PARAMS):
	@echo "No parameters file $(PARAMS). Years with one: $(YEARS). For another year or organisation,"
	@echo "copy the latest params/<year>.yaml, edit it, and run make report YEAR=<year> PARAMS=<file>."
	@exit 2

$(EXECUTED)/01_data_quality.ipynb: $(INPUTS)
$(ANALYSES): $(EXECUTED)/01_data_quality.ipynb

# Disclosure control protects the year's tables together with the previous year's publication
# (a reader holds both), so a new publication of that year reruns it.
PREVIOUS_PUBLICATION := $(wildcard reports/$(shell expr $(YEAR) - 1 2>/dev/null)/publish/manifest.json)
DISCLOSED := $(REPORT)/internal/.disclosed
CHECKED := $(REPORT)/internal/.checked
ANNEX := $(STAGING)/equality_tables_$(YEAR).xlsx
$(DISCLOSED): $(EXECUTED)/01_data_quality.ipynb $(ANALYSES) $(SIGNATURE) $(LIB) $(PREVIOUS_PUBLICATION)
	@echo "  disclosure control: running"
	@$(PY) -m eqlib.pipeline protect --params $(PARAMS)
	@touch $@

# The independent check of the protected tables (with last year's publication): before the PDF is
# built (the methodology says so), beside 05_publication and the annex, which only read them.
$(CHECKED): $(DISCLOSED)
	@echo "  disclosure check: running"
	@$(PY) -m eqlib.pipeline check --params $(PARAMS)
	@touch $@

$(ANNEX): $(DISCLOSED)
	@echo "  data annex: running"
	@$(PY) -m eqlib.pipeline annex --params $(PARAMS)

$(EXECUTED)/05_publication.ipynb: $(DISCLOSED) docs/methodology.md $(wildcard params/actions/*.yaml)

$(STAGING)/equality_report_$(YEAR).pdf: $(EXECUTED)/05_publication.ipynb $(CHECKED) $(TEMPLATES)
	@echo "  render: the accessible HTML and PDF/UA, and their checks"
	@$(PY) -m eqlib.pipeline render $< --params $(PARAMS)

$(PUBLISH)/manifest.json: $(STAGING)/equality_report_$(YEAR).pdf $(ANNEX) $(CHECKED) $(SIGNATURE)
	@$(PY) -m eqlib.pipeline publish --params $(PARAMS)

# The three analysis notebooks are independent, so report runs them side by side (JOBS at once;
# make report JOBS=1 for one at a time). Lines of parallel jobs are kept whole (-Oline). A -j the
# user gave (make -j2 report) is kept: forcing ours then would make the sub-make warn.
JOBS ?= 3
REPORT_JOBS = $(if $(findstring jobserver,$(MAKEFLAGS)),,-j$(JOBS))

# report: preflight (system Python: before anything is installed) -> set-up -> the inputs of
# every year -> the pipeline, its output also in $(LOG) -> the list of what was written. A failed
# run leaves no empty folders behind. `make -n report` only shows what the pipeline would run.
# The time since $$start, as "42 s" or "3 min 7 s" (shell, in a recipe that set start=$$(date +%s))
ELAPSED = $$(s=$$(( $$(date +%s) - start )); if [ $$s -ge 60 ]; then echo "$$((s / 60)) min $$((s % 60)) s"; else echo "$$s s"; fi)
PREFLIGHT = $(PYTHON) src/eqlib/doctor.py --make-version $(MAKE_VERSION) --venv $(VENV)
DRY_RUN := $(findstring n,$(firstword -$(MAKEFLAGS)))
.PHONY: report
report: ## the main job: run every notebook for YEAR and build the publication
	@$(if $(DRY_RUN),$(MAKE) --no-print-directory $(PUBLISH)/manifest.json,$(REPORT_STEPS))

define REPORT_STEPS
start=$$(date +%s); echo "make report: $(YEAR) with $(PARAMS)"; \
$(PREFLIGHT) --preflight --params $(PARAMS) --writes $(REPORT) --writes data/processed || exit 2; \
if $(MAKE) -q --no-print-directory $(STAMP) 2>/dev/null; then echo "  set-up: $(VENV) up to date"; \
else $(MAKE) --no-print-directory $(STAMP) PREFLIGHT_DONE=1 || exit 2; fi; \
$(PY) -m eqlib.doctor --inputs --params $(PARAMS) || exit 2; \
if $(MAKE) -q --no-print-directory $(PUBLISH)/manifest.json 2>/dev/null; then \
    echo "  nothing to do: $(PUBLISH)/ is up to date with $(PARAMS), its data and the code"; \
    $(PY) -m eqlib.pipeline summary --params $(PARAMS) --seconds $$(( $$(date +%s) - start )); exit; fi; \
mkdir -p $(REPORT)/internal && : > $(LOG); \
{ $(MAKE) --no-print-directory $(REPORT_JOBS) -Oline $(PUBLISH)/manifest.json 2>&1; echo $$? > $(LOG).rc; } | tee -a $(LOG); \
rc=$$(cat $(LOG).rc); rm -f $(LOG).rc; \
if [ "$$rc" != 0 ]; then \
    find $(REPORT) -type d -empty -delete 2>/dev/null; \
    echo "make report stopped after $(ELAPSED); nothing was published. The log: $(LOG)"; exit 2; fi; \
$(PY) -m eqlib.pipeline summary --params $(PARAMS) --seconds $$(( $$(date +%s) - start )) | tee -a $(LOG)
endef

.PHONY: doctor
doctor: ## check this machine: Python, make, WeasyPrint's libraries, fonts, disk, test tools
	@$(PREFLIGHT) --params $(PARAMS)

.PHONY: test
test: $(STAMP) ## the tests: unit, reference, synthetic, regression (nbval) and end-to-end
	@$(PREFLIGHT) --preflight
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
	@$(PY) -m eqlib.audit --params $(PARAMS) --published $(PUBLISHED) $(if $(DATA),--data $(DATA)) $(if $(RERUN),--rerun $(RERUN))

.PHONY: baseline
baseline: $(STAMP) ## regenerate the nbval reference notebooks in tests/notebooks/ (ci params, after 2025)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PY) -c "import sys; from pathlib import Path; from eqlib.audit import copy_project; copy_project(Path(sys.argv[1]))" "$$tmp" && \
	$(MAKE) --no-print-directory -C "$$tmp" report YEAR=2025 PARAMS=$$($(PY) scripts/quick_params.py "$$tmp" 2025) VENV="$(abspath $(VENV))" && \
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
