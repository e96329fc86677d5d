# The README's two commands: `make train` (the main job) and `make test` (the whole test suite).
# Both install what they need into .venv first.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
# The venv's commands (unfair-tos, papermill's kernel, jupyter) come first, as if it were activated.
export PATH := $(abspath $(BIN)):$(PATH)
SHARED_DATA := ../shared/data/lex_glue/unfair_tos
# The offline LexGLUE copy beside the checkout, when there is one; otherwise the hub.
export UNFAIR_TOS_DATA ?= $(if $(wildcard $(SHARED_DATA)/train.jsonl),$(abspath $(SHARED_DATA)),)

.PHONY: install train test check readme sweep lab

# The venv holds about 2.5 GB (torch, transformers, mlflow, jupyterlab...); a full disk fails pip halfway, so say so first.
NEED_MB := 3000
$(BIN)/.installed: settings.ini setup.py
	@read free_mb mount < <(df -Pm . | awk 'NR==2 {print $$4, $$6}'); test "$$free_mb" -ge $(NEED_MB) || { echo "install: .venv needs about $(NEED_MB) MB but only $$free_mb MB are free on $$mount: free disk space, then run make again"; exit 1; }
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

install: $(BIN)/.installed

train: install  ## train with the CPU preset on the real data; pass more flags with ARGS="--epochs 3"
	$(BIN)/unfair-tos train --preset cpu $(ARGS)

SPEC ?= sweeps/cpu-preset.yaml
sweep: install  ## a batch of papermill training notebooks, each kept as a report under papermill_runs/<batch>/: make sweep SPEC=sweeps/cpu-preset.yaml ARGS="--overwrite"
	$(BIN)/unfair-tos sweep $(SPEC) $(ARGS)

# nbdev_clean on every save (settings.ini: jupyter_hooks = True), so saving a notebook leaves no kernelspec or language_info change for git
lab: install  ## JupyterLab with $$UNFAIR_TOS_DATA set, so nbs/10_training_run.ipynb runs as it is
	$(BIN)/jupyter lab --ContentsManager.pre_save_hook=nbdev.clean.clean_jupyter nbs/10_training_run.ipynb

readme: install  ## README.md is generated from nbs/index.ipynb
	$(BIN)/jupyter nbconvert --log-level WARN --to markdown --stdout nbs/index.ipynb > README.md

check: install readme  ## notebooks clean, package and README in sync with them, environment.yml in step with settings.ini
	$(BIN)/nbdev_clean
	$(BIN)/nbdev_export
	@test -z "$$(git status --porcelain -- nbs unfair_tos README.md)" || { git status --short -- nbs unfair_tos README.md; echo "check: notebooks not clean or package/README out of sync: run make check and commit"; exit 1; }
	$(BIN)/python .ci/check_environment.py

test: install  ## every notebook's tests (nbdev_test), on the real data with the shipped model; the papermill templates (skip_exec) run inside 05_sweep's tests
	OMP_NUM_THREADS=1 $(BIN)/nbdev_test --n_workers 2 --timing  # two notebooks at once, one thread each: no threads spinning against each other
	@echo "nbdev_test: $$(grep -L 'skip_exec: true' nbs/*.ipynb | wc -l) passed, 0 failed"
