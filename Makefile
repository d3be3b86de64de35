# The two commands a fresh clone needs: `make run` and `make test`.
# Each creates .venv when missing and (re)installs only when the set-up inputs changed.

PYTHON ?= python3
VENV ?= .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.dpo-desktop-installed

.PHONY: run test bench clean setup

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/bootstrap.py
	$(PYTHON) scripts/bootstrap.py $(VENV)
	@touch $(STAMP)

run: $(STAMP)
	$(VPY) -m dpo_desktop

test: $(STAMP)
	$(VENV)/bin/ruff check dpo_desktop tests bench scripts
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(VPY) -m pytest

bench: $(STAMP)
	$(VPY) bench/data_import.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
