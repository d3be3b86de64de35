# The two commands a fresh clone needs: `make run` and `make test`.
# Each creates .venv when missing and (re)installs only when the set-up inputs changed.

PYTHON ?= python3
VENV ?= .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.dpo-desktop-installed

.PHONY: run test bench screenshots translations clean setup package

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/bootstrap.py
	$(PYTHON) scripts/bootstrap.py $(VENV)
	@touch $(STAMP)

run: $(STAMP)
	$(VPY) -m dpo_desktop

test: $(STAMP)
	$(VENV)/bin/ruff check dpo_desktop tests bench scripts
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(VPY) -m pytest $(PYTEST_ARGS)

# Benchmarks print figures and ratios against a baseline measured in the same run.
bench: $(STAMP)
	$(VPY) bench/data_import.py
	QT_QPA_PLATFORM=offscreen $(VPY) bench/startup.py
	$(VPY) bench/make_pairs.py
	$(VPY) bench/export.py
	$(VPY) bench/train_throughput.py
	QT_QPA_PLATFORM=offscreen $(VPY) bench/ui_latency.py

# Every page in English and Japanese, with real data, under docs/screenshots/.
screenshots: $(STAMP)
	fc-list :lang=ja | grep -q . || (apt-get update && apt-get install -y fonts-noto-cjk)
	QT_QPA_PLATFORM=offscreen $(VPY) scripts/screenshots.py
	QT_QPA_PLATFORM=offscreen $(VPY) scripts/screenshots.py --lang ja

# Refresh the .ts from the source, compile the .qm, and list what is untranslated.
translations: $(STAMP)
	$(VPY) scripts/update_translations.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info

# The one-folder app bundle (PyInstaller) and its --self-check; minutes, so not in `test`.
package: $(STAMP)
	$(VPY) packaging/build.py
