"""Japanese and English UI: the .ts is complete and compiled, every UI string is wrapped
for translation, core messages translate by code, and the pages work in both languages."""

from __future__ import annotations

import ast
import dataclasses
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

from dpo_desktop.core.config import SECTIONS, RunConfig, help_text, validate
from dpo_desktop.core.data import load_preferences
from dpo_desktop.core.errors import UserError
from dpo_desktop.gui import i18n, messages

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "dpo_desktop" / "gui"
CORE = ROOT / "dpo_desktop" / "core"
sys.path.insert(0, str(ROOT / "scripts"))
import update_translations as ut  # noqa: E402

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{[^{}]*\}|%[0-9vm]")


@pytest.fixture(params=["en", "ja"])
def language(request: pytest.FixtureRequest, qapp: Any) -> Iterator[str]:
    """Runs the test once in English and once with the Japanese translators installed."""
    assert i18n.install(qapp, request.param) == request.param
    yield request.param
    i18n.uninstall(qapp)


@pytest.fixture
def japanese(qapp: Any) -> Iterator[None]:
    assert i18n.install(qapp, "ja") == "ja"
    yield
    i18n.uninstall(qapp)


# ----------------------------------------------------------------- the .ts and .qm


def test_japanese_ts_has_no_unfinished_or_empty_entry() -> None:
    missing = ut.unfinished(ut.ts_path("ja"))
    assert not missing, "untranslated entries (run scripts/update_translations.py): " + \
        "; ".join(f"[{c}] {s!r}" for c, s in missing[:20])


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None
                    and not (Path(sys.executable).parent / "pyside6-lupdate").exists(),
                    reason="pyside6-lupdate is not installed")
def test_every_ui_string_of_the_code_is_in_the_ts_and_translated(tmp_path: Path) -> None:
    missing = ut.unfinished(ut.fresh_copy("ja", tmp_path))
    assert not missing, (
        "UI strings without a Japanese translation; run scripts/update_translations.py, "
        "translate them in resources/i18n/dpo_desktop_ja.ts, and run it again: "
        + "; ".join(f"[{c}] {s!r}" for c, s in missing[:20]))


def test_the_committed_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    ut.lrelease(ut.ts_path("ja"), tmp_path / "ja.qm")
    assert ut.qm_path("ja").read_bytes() == (tmp_path / "ja.qm").read_bytes(), \
        "dpo_desktop_ja.qm is out of date: run scripts/update_translations.py"


def test_translations_keep_placeholders_markup_and_mnemonics() -> None:
    for context, source, translation, _ in ut.entries(ut.ts_path("ja")):
        where = f"[{context}] {source!r}"
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation)), \
            where
        for tag in ("<b>", "</b>", "<br>"):
            assert source.count(tag) == translation.count(tag), where
        assert ("&" in source.replace("&&", "")) == ("&" in translation.replace("&&", "")), \
            where
        if JAPANESE.search(translation) is None:  # identical only where nothing is Japanese
            assert not re.search(r"[a-z]{3} [a-z]{3}", source) or "{" in source or \
                source.isupper(), where


# ----------------------------------------------------------------- source scan

SINK_METHODS = {"setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "setTitle",
                "setStatusTip", "setWhatsThis", "addItem", "addItems", "setItemText",
                "setFormat", "setInformativeText", "setDetailedText", "showMessage",
                "setHorizontalHeaderLabels", "setVerticalHeaderLabels", "setTabText",
                "addTab", "addRow", "addMenu", "setLabelText", "setSpecialValueText",
                "setSuffix", "setPrefix"}
SINK_CLASSES = {"QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction",
                "QTableWidgetItem", "QListWidgetItem", "QToolButton", "QMenu"}
MESSAGE_BOXES = {"information", "question", "warning", "critical", "about",
                 "getOpenFileName", "getSaveFileName", "getExistingDirectory", "getText"}
WRAPPERS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
# Literals that are not prose: names, formats and symbols shown as they are.
ALLOWED = {"q8_0", "f16", "bf16", "GGUF", "JSONL", "CSV", "A", "B", "OK"}


def _is_prose(node: ast.AST) -> bool:
    """A string literal (or an f-string's literal part) with words in it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = re.sub(r"<[^>]+>", "", node.value).strip()  # markup is not prose
        return bool(re.search(r"[A-Za-z]{2,}", text)) and text not in ALLOWED
    if isinstance(node, ast.JoinedStr):
        return any(_is_prose(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _is_prose(node.left) or _is_prose(node.right)
    if isinstance(node, ast.List | ast.Tuple):
        return any(_is_prose(item) for item in node.elts)
    if isinstance(node, ast.IfExp):
        return _is_prose(node.body) or _is_prose(node.orelse)
    return False


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def untranslated_literals(path: Path) -> list[str]:
    """``file:line: text`` for each prose literal passed straight to a UI text sink."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name in SINK_METHODS or name in SINK_CLASSES:
            args = list(node.args)
        elif name in MESSAGE_BOXES:
            args = list(node.args[1:3])
        else:
            continue
        if name == "addItem" and len(args) > 1:
            args = args[:1]  # the second argument is user data, not shown
        args += [k.value for k in node.keywords if k.arg in ("text", "title", "toolTip")]
        for arg in args:
            if _is_prose(arg):
                shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
                found.append(f"{shown}:{node.lineno}: {ast.unparse(arg)}")
    return found


def test_ui_string_literals_are_wrapped_for_translation() -> None:
    problems = [p for file in sorted(GUI.rglob("*.py")) for p in untranslated_literals(file)]
    assert not problems, "wrap these in self.tr() / QCoreApplication.translate():\n" + \
        "\n".join(problems)


def test_the_scan_catches_an_unwrapped_literal(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("button = QPushButton('Start training')\nlabel.setText(tr('Fine'))\n"
                      "box.setToolTip(f'{n} rows left')\nlabel.setText('—')\n",
                      encoding="utf-8")
    found = untranslated_literals(sample)
    assert [line.split(": ", 1)[1] for line in found] == ["'Start training'", "f'{n} rows left'"]


# ----------------------------------------------------------------- core messages


# How each message type is built from a code and marked templates: (position of the code,
# positions of the templates) in ``X.of(...)``.
MESSAGE_BUILDERS = {"UserError": (0, (1, 2)), "DataFileError": (0, (1, 2)),
                    "WriteError": (0, (1, 2)), "Issue": (3, (4,)), "LogLine": (1, (2,)),
                    "Problem": (0, (1,))}
# Message types that must never be built from English text directly in core.
DIRECT = {"UserError", "DataFileError", "WriteError", "Issue", "LogLine", "Failed", "Problem",
          "CellError"}


def _sentence(node: ast.AST) -> bool:
    """English text rather than a code: a literal with a space, or an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return " " in node.value.strip()
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.BinOp) and (_sentence(node.left) or _sentence(node.right)))


def _marked_templates(tree: ast.AST) -> list[str]:
    """Every ``QT_TRANSLATE_NOOP("messages", "...")`` literal in ``tree``."""
    return [node.args[1].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _call_name(node) == "QT_TRANSLATE_NOOP"
            and len(node.args) == 2 and isinstance(node.args[1], ast.Constant)
            and node.args[0].value == "messages"]  # type: ignore[attr-defined]


def core_messages() -> tuple[set[str], list[str], list[str]]:
    """(codes, marked templates, problems) of every message core builds.

    A code comes from an ``X.of(code, template, …)`` call; a problem is a template given
    as plain text (a literal or f-string instead of a marked one) or a message type built
    directly from English.
    """
    codes: set[str] = set()
    templates: list[str] = []
    problems: list[str] = []
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        templates += _marked_templates(tree)
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "of" and \
                    isinstance(func.value, ast.Name) and func.value.id in MESSAGE_BUILDERS:
                code_at, template_at = MESSAGE_BUILDERS[func.value.id]
                code = node.args[code_at] if len(node.args) > code_at else None
                if isinstance(code, ast.Constant):
                    codes.add(str(code.value))
                elif isinstance(code, ast.JoinedStr):
                    codes.add(ast.unparse(code))
                for index in template_at:
                    arg = node.args[index] if len(node.args) > index else None
                    if arg is not None and (isinstance(arg, ast.Constant | ast.JoinedStr)
                                            or _is_prose(arg)):
                        problems.append(f"{where}:{node.lineno}: unmarked template")
            elif _call_name(node) in DIRECT and isinstance(func, ast.Name) and any(
                    _sentence(arg) for arg in [*node.args, *(k.value for k in node.keywords)]):
                problems.append(f"{where}:{node.lineno}: {func.id} built from English text")
    return codes, templates, problems


def test_core_builds_every_message_from_a_code_and_a_marked_template() -> None:
    codes, templates, problems = core_messages()
    assert len(codes) > 100 and len(templates) > 250
    assert problems == []


def test_every_core_message_template_has_a_japanese_entry() -> None:
    """Every error, issue and log-line code's templates (all marked core text) are
    translated, so no code shows English in the Japanese UI."""
    translated = {source for context, source, _, done in ut.entries(ut.ts_path("ja"))
                  if context == "messages" and done}
    _, templates, _ = core_messages()
    missing = sorted(set(templates) - translated)
    assert missing == [], "core templates without Japanese (run scripts/update_" \
                          "translations.py and translate them):\n" + "\n".join(missing)


def test_the_check_catches_an_unmarked_message(tmp_path: Path, monkeypatch: Any) -> None:
    sample = tmp_path / "core" / "sample.py"
    sample.parent.mkdir()
    sample.write_text("raise UserError.of('x', 'Plain English.', QT_TRANSLATE_NOOP("
                      "'messages', 'A hint.'))\nraise UserError('y', 'Plain English.')\n",
                      encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "CORE", sample.parent)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    codes, templates, problems = core_messages()
    assert codes == {"x"} and templates == ["A hint."]
    assert [p.split(": ", 1)[1] for p in problems] == ["unmarked template",
                                                       "UserError built from English text"]


def test_translate_error_is_the_english_core_text_without_a_translator(tmp_path: Path) -> None:
    error = UserError("no_rows", "“x.csv” has a header but no data rows.", "Add rows.",
                      params={"file": "x.csv"})
    assert messages.translate_error(error) == (error.message, error.hint)
    unknown = UserError("something_new", "A new problem.", "A new fix.")
    assert messages.translate_error(unknown) == ("A new problem.", "A new fix.")
    with pytest.raises(UserError) as caught:  # a real error: its template, filled in English
        load_preferences(tmp_path / "none.csv")
    assert messages.translate_error(caught.value) == (caught.value.message, caught.value.hint)


def test_a_real_data_error_reads_in_japanese(japanese: None, tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        load_preferences(tmp_path / "質問集.csv")
    message, hint = messages.translate_error(caught.value)
    assert "質問集.csv" in message and JAPANESE.search(message) and JAPANESE.search(hint)
    empty = tmp_path / "empty.csv"
    empty.write_text("prompt,chosen,rejected\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_preferences(empty)
    assert messages.translate_error(caught.value)[0] == \
        "「empty.csv」には見出しはありますが、データの行がありません。"


def test_missing_columns_name_the_fields_in_japanese(japanese: None, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_preferences(path)
    message, _ = messages.translate_error(caught.value)
    assert "良い回答" in message and "悪い回答" in message, message


def test_data_issues_translate_with_their_row_numbers(japanese: None, tmp_path: Path) -> None:
    path = tmp_path / "issues.csv"
    path.write_text("prompt,chosen,rejected\n"
                    "Q1,good,bad\n"
                    "Q2,,bad\n"
                    "Q3,same,same\n"
                    "Q1,good,bad\n"
                    "Q1,bad,good\n", encoding="utf-8")
    dataset = load_preferences(path)
    texts = {issue.code: messages.translate_issue(issue) for issue in dataset.report.issues}
    assert texts["empty_chosen"] == \
        "3 行目: 列「chosen」が空です。入力するか、行を削除してください。"
    assert texts["same_answers"].startswith("4 行目: ")
    assert "2 行目と同じペア" in texts["duplicate_pair"]
    assert "2 行目が悪いとした回答" in texts["contradicting_pair"]
    assert all(JAPANESE.search(text) for text in texts.values())


def test_data_issues_stay_english_in_english(qapp: Any, tmp_path: Path) -> None:
    path = tmp_path / "issues.csv"
    path.write_text("prompt,chosen,rejected\nQ1,,bad\n", encoding="utf-8")
    issue = load_preferences(path).report.issues[0]
    assert messages.translate_issue(issue) == issue.message


def test_bad_settings_name_the_setting_in_japanese(japanese: None) -> None:
    config = RunConfig()
    with pytest.raises(UserError) as caught:
        validate(replace(config, training=replace(config.training, beta=0.0)))
    message, hint = messages.translate_error(caught.value)
    assert message == "「ベータ」: 0.0 は 0 より大きい値にしてください。"
    assert hint == "通常は 0.1 です。"


def test_phases_and_finished_messages(language: str) -> None:
    text = messages.translate_phase("training", "Training")
    assert text == ("学習しています…" if language == "ja" else "Training")
    assert messages.translate_finished("completed", "Done.") == \
        ("学習が完了しました。" if language == "ja" else "Done.")


def test_every_catalog_note_has_a_translation(japanese: None) -> None:
    from dpo_desktop.core.catalog import CATALOG

    for entry in CATALOG:
        if entry.note:
            assert JAPANESE.search(messages.translate_note(entry.note)), entry.name


# ----------------------------------------------------------------- settings tooltips


def _fields() -> list[tuple[str, str]]:
    config = RunConfig()
    found = [("", f.name) for f in dataclasses.fields(RunConfig) if f.name not in SECTIONS]
    for section in SECTIONS:
        found += [(section, f.name) for f in dataclasses.fields(getattr(config, section))]
    return found


def test_every_setting_has_a_label_and_the_core_help_as_english_tooltip(qapp: Any) -> None:
    for section, name in _fields():
        key = f"{section}.{name}" if section else name
        assert key in messages.LABELS, key
        assert messages.setting_help(section, name) == help_text(section, name), key


def test_every_setting_has_a_japanese_tooltip(japanese: None) -> None:
    for section, name in _fields():
        tip = messages.setting_help(section, name)
        assert JAPANESE.search(tip), (section, name, tip)
        assert messages.setting_label(section, name) != ""


def test_the_advanced_panel_shows_translated_labels_and_tooltips(language: str,
                                                                 qtbot: Any) -> None:
    from dpo_desktop.gui.widgets.advanced_panel import AdvancedPanel

    panel = AdvancedPanel()
    qtbot.addWidget(panel)
    for (section, name), editor in panel.editors.items():
        tip = editor.toolTip()
        assert tip
        if language == "ja":
            assert JAPANESE.search(tip) and JAPANESE.search(panel.labels[(section, name)].text())
        else:
            assert tip == help_text(section, name)
    assert panel.labels[("training", "learning_rate")].text() == \
        ("学習率" if language == "ja" else "Learning rate")


# ----------------------------------------------------------------- loading


def test_language_follows_the_os_locale_unless_settings_choose(qapp: Any) -> None:
    expected = "ja" if QLocale.system().language() == QLocale.Language.Japanese else "en"
    assert i18n.system_language() == expected
    assert i18n.chosen_language() == ""
    assert i18n.effective_language() == expected
    i18n.set_chosen_language("ja")
    assert QSettings().value(i18n.SETTINGS_KEY) == "ja"
    assert i18n.effective_language() == "ja"
    i18n.set_chosen_language("xx")
    assert i18n.chosen_language() == ""


def test_install_and_uninstall_switch_the_strings(qapp: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    try:
        assert i18n.install(qapp, "ja") == "ja"
        assert i18n.current_language() == "ja"
        assert QCoreApplication.translate("MainWindow", "&File") == "ファイル(&F)"
        # Qt's own dialogs (QMessageBox buttons) come from qtbase_ja.qm
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"
    finally:
        i18n.uninstall(qapp)
    assert i18n.current_language() == "en"
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


def test_a_missing_catalog_falls_back_to_english(qapp: Any) -> None:
    assert i18n.install(qapp, "fr") == "en"
    i18n.uninstall(qapp)


def test_japanese_picks_a_japanese_font_when_one_is_installed(japanese: None,
                                                              qapp: Any) -> None:
    from PySide6.QtGui import QFontDatabase

    japanese_families = QFontDatabase.families(QFontDatabase.WritingSystem.Japanese)
    if not japanese_families:
        pytest.skip("no Japanese font installed (apt-get install fonts-noto-cjk)")
    assert qapp.font().families()[0] in japanese_families


def test_font_choice_prefers_the_platform_ui_fonts() -> None:
    assert i18n.japanese_font_family(["Foo", "Noto Sans CJK JP", "Meiryo UI"]) == "Meiryo UI"
    assert i18n.japanese_font_family(["Some JP Font"]) == "Some JP Font"
    assert i18n.japanese_font_family([]) == ""


# ----------------------------------------------------------------- the pages


def _texts(widget: QWidget) -> list[str]:
    found = []
    for child in widget.findChildren(QWidget):
        if isinstance(child, QLabel | QAbstractButton):
            found.append(child.text())
        elif isinstance(child, QGroupBox):
            found.append(child.title())
        found.append(child.toolTip())
    return [t for t in found if t]


def test_every_page_shows_in_both_languages(language: str, qtbot: Any, tmp_path: Path) -> None:
    from dpo_desktop.gui.main_window import PAGES, MainWindow

    window = MainWindow(runs_dir=tmp_path / "runs")
    qtbot.addWidget(window)
    window.show()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[0] == ("ファイル(&F)" if language == "ja" else "&File")
    for index, name in enumerate(PAGES):
        window.show_page(name)
        qtbot.waitUntil(lambda n=name: window.current_page() == n)
        page = window.pages[name]
        assert page.isVisible()
        texts = _texts(page)
        assert texts, name
        japanese_texts = [t for t in texts if JAPANESE.search(t)]
        if language == "ja":
            assert JAPANESE.search(window.steps.item(index).text())
            assert japanese_texts, f"no Japanese text on the {name} page"
        else:
            assert not japanese_texts or name == "data", (name, japanese_texts[:3])
    window.train_page.shutdown()


def test_the_settings_dialog_stores_the_language(language: str, qtbot: Any) -> None:
    from dpo_desktop.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == ("設定" if language == "ja" else "Settings")
    assert [dialog.language_combo.itemData(i) for i in range(3)] == ["", "en", "ja"]
    dialog.language_combo.setCurrentIndex(2)
    assert dialog.restart_label.isVisibleTo(dialog)
    dialog.guide_box.setChecked(False)
    dialog.accept()
    assert i18n.chosen_language() == "ja" and dialog.language_changed()
    from dpo_desktop.gui.settings_dialog import guide_at_start

    assert guide_at_start() is False


def test_error_dialogs_are_translated(japanese: None, qtbot: Any) -> None:
    from dpo_desktop.gui.errors import show_error

    parent = QWidget()
    qtbot.addWidget(parent)
    from dpo_desktop.core.data.readers import read_table

    with pytest.raises(UserError) as caught:  # the real error, with its template
        read_table(Path("/x.csv"))
    box = show_error(parent, caught.value)
    assert box.text() == "/x.csv にファイルがありません。"
    assert box.informativeText() == "場所を確認して、もう一度お試しください。"
    assert box.windowTitle() == "DPO Desktop"
    box.close()


def test_engine_log_lines_translate_by_their_templates(language: str) -> None:
    from dpo_desktop.core.events import LogLine
    from dpo_desktop.core.training.engine import BACKEND_LABELS, SPLIT

    backend = LogLine.of("info", "backend:cpu-lora", BACKEND_LABELS["cpu-lora"])
    split_line = LogLine.of("info", "data_split", SPLIT, train=61, held=11)
    text = messages.translate_log(backend.code, backend.message, backend.template,
                                  backend.params)
    split = messages.translate_log(split_line.code, split_line.message, split_line.template,
                                   split_line.params)
    if language == "ja":
        assert text.startswith("学習方式")
        assert split == "学習用のペア 61 組、測定用に取り分けたペア 11 組。"
    else:
        assert (text, split) == (backend.message, "61 training pairs, 11 held out.")
    assert messages.translate_log("", "Something else.") == "Something else."


def test_a_core_template_is_translated_with_its_params(japanese: None) -> None:
    """A UserError raised with a marked template shows in Japanese without regexes."""
    from dpo_desktop.core.errors import UserError
    from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP
    from dpo_desktop.gui.messages import translate_error

    error = UserError.of("file_not_found",
                         QT_TRANSLATE_NOOP("messages", "There is no file at {file}."),
                         QT_TRANSLATE_NOOP("messages", "Check the path and try again."),
                         file="/tmp/x.csv")
    message, hint = translate_error(error)
    assert "/tmp/x.csv" in message and message != error.message
    assert hint != error.hint


# ----------------------------------------------------------------- every tooltip in ja

# Words a Japanese tooltip may keep in Latin letters: product, format and model names,
# code identifiers and values a user types (they are shown as they are in the UI).
LATIN_OK = re.compile(
    r"(?:[A-Za-z0-9_.\-/\[\]]*[0-9_.\-/\[\]][A-Za-z0-9_.\-/\[\]]*"  # identifiers, files, 1e-4
    r"|\{[^{}]*\}"  # placeholders
    r"|GGUF|LoRA|QLoRA|DoRA|DPO|RPO|NLL|Ollama|LM Studio|llama\.cpp|Hugging Face|SmolLM2?"
    r"|Liger|NVIDIA|CUDA|GPU|CPU|RAM|VRAM|CSV|TSV|JSONL?|JSON Lines|Parquet|XLSX?|Excel|UTF"
    r"|Unicode|ChatML|safetensors|pickle|ipo|hinge|robust|sigmoid|auto|unsloth|qlora"
    r"|keep_start|keep_end|all-linear|demo|top-p|top-k|temperature|seed|A|B|OK|ID|TOML"
    r"|Qwen|Llama|Gemma|Phi|Mistral|PEFT|TRL|PyTorch|Windows|macOS|Linux|Apache|MIT|BSD|LGPL"
    r"|[A-Z]{2,})")
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){2,}\b")


def english_in(text: str) -> list[str]:
    """The English left in a Japanese tooltip: runs of three or more Latin words that are
    not names or identifiers, or any Latin word at all when nothing is Japanese."""
    rest = LATIN_OK.sub(" ", text)
    if not JAPANESE.search(text):
        return re.findall(r"[A-Za-z]{2,}", rest)
    return ENGLISH_RUN.findall(rest)


def tooltips(widget: QWidget) -> list[tuple[str, str]]:
    """``(object description, tooltip)`` of ``widget`` and every widget inside it."""
    found = []
    for child in [widget, *widget.findChildren(QWidget)]:
        tip = child.toolTip()
        if tip:
            name = child.objectName() or type(child).__name__
            text = child.text() if hasattr(child, "text") and callable(child.text) else ""
            found.append((f"{name} {text!r}"[:80], tip))
    return found


def test_the_english_check_flags_sentences_not_names() -> None:
    assert english_in("学習率。1e-4 から 5e-4 が LoRA に向いています。") == []
    assert english_in("GGUF を書き出します（q8_0、Ollama、LM Studio 向け）。") == []
    assert english_in("Copy this answer to the clipboard") != []
    assert english_in("学習率。Step size for the LoRA weights.") != []


def test_no_tooltip_is_english_in_japanese(japanese: None, qtbot: Any, tmp_path: Path) -> None:
    """Every page, the Advanced panel opened, and every dialog (settings, make pairs, about,
    the guide, the resume question): no tooltip shows English."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from dpo_desktop.core.training.resume import Problem, ResumePlan
    from dpo_desktop.gui.about import AboutDialog
    from dpo_desktop.gui.guide import GuideDialog
    from dpo_desktop.gui.main_window import PAGES, MainWindow
    from dpo_desktop.gui.pages.make_pairs_dialog import MakePairsDialog
    from dpo_desktop.gui.resume_dialog import ask_resume_choice
    from dpo_desktop.gui.settings_dialog import SettingsDialog

    window = MainWindow(runs_dir=tmp_path / "runs")
    qtbot.addWidget(window)
    window.show()
    seen: list[tuple[str, str, str]] = []
    for name in PAGES:
        window.show_page(name)
        qtbot.waitUntil(lambda n=name: window.current_page() == n)
        qtbot.wait(250)  # lazily built parts (the Data page's charts) appear after a paint
    window.show_page("train")
    window.train_page.advanced_button.setChecked(True)
    assert window.train_page.advanced_scroll.isVisible()
    seen += [("window", *t) for t in tooltips(window)]
    assert len(window.train_page.advanced.editors) >= 25
    dialogs: list[tuple[str, QWidget]] = [
        ("settings", SettingsDialog(window)), ("make pairs", MakePairsDialog(window, "demo")),
        ("about", AboutDialog(window)), ("guide", GuideDialog(window))]
    for label, dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        seen += [(label, *t) for t in tooltips(dialog)]
        dialog.close()
    plan = ResumePlan(tmp_path / "runs" / "r", None, 0, 3, damaged=(
        Problem("no_checkpoint", "", {}),))

    def walk_and_cancel() -> None:
        box = QApplication.activeModalWidget()
        assert box is not None
        seen.extend(("resume", *t) for t in tooltips(box))
        box.reject()

    QTimer.singleShot(200, walk_and_cancel)
    assert ask_resume_choice(window, plan) is None
    window.train_page.shutdown()
    # the settings editors of Compare and Make pairs, and the Advanced panel, all came by
    assert any("Ollama" in tip for _, _, tip in seen)
    assert len(seen) > 60
    english = [f"[{where}] {widget}: {tip!r} -> {words}" for where, widget, tip in seen
               if (words := english_in(tip))]
    assert english == [], "tooltips with English in the Japanese UI:\n" + "\n".join(english)


class _Tokenizer:
    """Tokenizes by characters, optionally dropping one character (a broken GGUF
    tokenizer); enough for ``check_tokenizer``."""

    chat_template = None

    def __init__(self, drop: str = "") -> None:
        self.drop = drop

    def __call__(self, text: str) -> dict[str, list[int]]:
        return {"input_ids": [ord(c) for c in text if c != self.drop]}

    def decode(self, ids: list[int]) -> str:
        return "".join(map(chr, ids))


def test_export_check_lines_in_the_ui_language(language: str, qtbot: Any) -> None:
    """The export page's details log shows every check's verdict, name and figures in the
    UI language, built from the templates core marked (not parsed from English)."""
    from dpo_desktop.core.export.verify import check_tokenizer, judge_logits
    from dpo_desktop.gui.widgets.export_summary import ExportSummary

    figures = {"argmax_agreement": 0.9, "argmax_agreement_ties_excused": 0.995,
               "positions": 64.0, "max_abs_diff": 0.25, "max_rel_diff": 0.01}
    checks = (judge_logits("q8_0", figures),
              check_tokenizer(_Tokenizer(), _Tokenizer(drop="a"), ["banana", "kiwi"]),
              check_tokenizer(_Tokenizer(), _Tokenizer(), ["kiwi"]))
    summary = ExportSummary()
    qtbot.addWidget(summary)
    lines = summary.check_lines(type("Result", (), {"checks": checks})())
    assert len(lines) == 3
    if language == "en":
        assert lines == [
            "[passed] same answers: " + checks[0].summary,
            "[FAILED] tokenizer: " + checks[1].summary,
            "[passed] tokenizer: 1 sample texts give the same ids"]
        assert "99.50% counting near-ties" in lines[0] and "needs ≥ 99%" in lines[0]
    else:
        assert lines[0].startswith("[合格] ") and "99.50%" in lines[0] and "64 位置" in lines[0]
        assert "一致率 99% 以上" in lines[0]
        assert lines[1].startswith("[不合格] ") and "'banana'" in lines[1], lines[1]
        assert lines[2].endswith("1 個のサンプル文で同じトークン ID になりました"), lines[2]
        for line in lines:  # nothing left in English but the technical details
            assert "argmax" not in line and "sample texts" not in line, line


def test_export_notes_reach_the_log_in_the_ui_language(language: str) -> None:
    """A K mix's fallback note (SmolLM2's 576-value rows) travels as a marked template:
    the export's LogLine reads in the UI language, its English text stays for the CLI."""
    from dpo_desktop.core import events
    from dpo_desktop.core.export import gguf_types
    from dpo_desktop.core.i18n import Text

    tensors = [(f"blk.{i}.ffn_up.weight", (1536, 576)) for i in range(4)]
    _, notes = gguf_types.choose_qtypes(tensors, "q4_k_m", 4)
    assert len(notes) == 1 and isinstance(notes[0], Text)
    note = notes[0]
    line = events.LogLine.of("warning", "export_note", note.template, **dict(note.params))
    assert line.message == str(note) and "instead of Q4_K, as llama.cpp does" in str(note)
    shown = messages.translate_log(line.code, line.message, line.template, line.params)
    if language == "en":
        assert shown == str(note)
    else:
        assert JAPANESE.search(shown) and "Q4_K" in shown and "576" in shown, shown
