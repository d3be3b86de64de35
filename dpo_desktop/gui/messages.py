"""Core messages in the UI language, looked up by their stable codes.

The core (and the CLI) speak English: every ``UserError``, ``Failed``, data ``Issue``,
``LogLine`` and ``PhaseChanged`` carries a code, and errors carry ``params``. This module
maps codes to translatable templates (context ``messages``) filled from those params, plus
a few values read back from the English text (a row number, a quoted name). When there
is no translation, or a template needs a value the error does not have, the English core
text is shown as it is, so nothing is ever lost, only left untranslated.

It also holds the label and plain-words tooltip of every ``RunConfig`` setting, keyed by
``section.field``; the English tooltip is the core help text, so a test checks the two
stay identical.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

CONTEXT = "messages"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` for translation in ``context``; returns it unchanged (a template)."""
    return text


LIST_SEP = QT_TRANSLATE_NOOP("messages", ", ")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _translated(template: str) -> str | None:
    """The template in the UI language, or None when it has no translation."""
    text = _tr(template)
    return None if text == template else text


# Catalog names that are words, not product names: the demo's "(embedded demo)".
MODEL_NAMES = {"demo": QT_TRANSLATE_NOOP("messages", "SmolLM2 135M Instruct (embedded demo)")}


def model_name(spec: str, name: str) -> str:
    """A catalog entry's name in the UI language (``name`` when it has no translation)."""
    template = MODEL_NAMES.get(spec)
    return (_translated(template) if template else None) or name


def _fill(template: str, params: Mapping[str, Any]) -> str | None:
    text = _translated(template)
    if text is None:
        return None
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return None


def render(template: str, params: Mapping[str, Any] | Any = ()) -> str:
    """A core template (marked with ``QT_TRANSLATE_NOOP`` in core) in the UI language,
    filled from its ``params`` (a mapping or ``(key, value)`` pairs).

    List values are joined with the language's separator. Untranslated templates are
    filled in English, so a message is never lost, only left untranslated.
    """
    values: dict[str, Any] = {}
    for key, value in (dict(params) if params else {}).items():
        values[key] = (_tr(LIST_SEP).join(str(v) for v in value)
                       if isinstance(value, list | tuple) else value)
    if "field" in values:
        values.setdefault("field_name", field_name(str(values["field"])))
    text = _tr(template)
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return template


# ----------------------------------------------------------------- field names

FIELD_NAMES = {
    "prompt": QT_TRANSLATE_NOOP("messages", "prompt"),
    "chosen": QT_TRANSLATE_NOOP("messages", "chosen answer"),
    "rejected": QT_TRANSLATE_NOOP("messages", "rejected answer"),
    "system": QT_TRANSLATE_NOOP("messages", "system message"),
}


def field_name(field: str) -> str:
    """``prompt`` / ``chosen`` / ``rejected`` / ``system`` in plain words."""
    return _tr(FIELD_NAMES[field]) if field in FIELD_NAMES else field


# ----------------------------------------------------------------- errors

# code -> (message, hint). Placeholders name keys of UserError.params, or of the values
# derived in _params: quoted (the first “…” of the English message), missing_fields,
# field_name, columns.
ERRORS: dict[str, tuple[str, str]] = {
    # data files
    "file_not_found": (QT_TRANSLATE_NOOP("messages", "There is no file at {file}."),
                       QT_TRANSLATE_NOOP("messages", "Check the path and try again.")),
    "is_directory": (QT_TRANSLATE_NOOP("messages", "{file} is a folder, not a data file."),
                     QT_TRANSLATE_NOOP("messages", "Choose a CSV, TSV, JSONL, JSON, Parquet or "
                                                   "XLSX file.")),
    "unsupported_spreadsheet": (
        QT_TRANSLATE_NOOP("messages", "“{file}” is a spreadsheet format that cannot be read "
                                      "directly."),
        QT_TRANSLATE_NOOP("messages", "Open it and save it as Excel Workbook (.xlsx) or CSV "
                                      "UTF-8, then load that file.")),
    "unknown_format": (
        QT_TRANSLATE_NOOP("messages", "“{file}” is not a data format DPO Desktop reads."),
        QT_TRANSLATE_NOOP("messages", "Use CSV, TSV, Excel “Unicode text” (.txt), JSONL, JSON, "
                                      "Parquet or XLSX.")),
    "sheet_not_xlsx": (
        QT_TRANSLATE_NOOP("messages", "A sheet can only be chosen in XLSX files, and “{file}” "
                                      "is not one."),
        QT_TRANSLATE_NOOP("messages", "Leave out the sheet name.")),
    "empty_file": (QT_TRANSLATE_NOOP("messages", "“{file}” is empty or has no header row."),
                   QT_TRANSLATE_NOOP("messages", "Add a header row (prompt, chosen, rejected) "
                                                 "and at least one pair.")),
    "binary_file": (
        QT_TRANSLATE_NOOP("messages", "“{file}” does not contain text: it looks like an image, "
                                      "an archive, or a spreadsheet saved under the wrong "
                                      "extension."),
        QT_TRANSLATE_NOOP("messages", "Open it in Excel or a text editor and save it as CSV "
                                      "(UTF-8) or XLSX.")),
    "unknown_encoding": (
        QT_TRANSLATE_NOOP("messages", "Could not tell which text encoding “{file}” uses."),
        QT_TRANSLATE_NOOP("messages", "Save it again as “CSV UTF-8” (in Excel: File → Save As "
                                      "→ CSV UTF-8).")),
    "undecodable": (
        QT_TRANSLATE_NOOP("messages", "“{file}” looks like {encoding} text but contains bytes "
                                      "that are not valid {encoding}."),
        QT_TRANSLATE_NOOP("messages", "The file may be damaged or mix encodings. Save it again "
                                      "as “CSV UTF-8”.")),
    "csv_syntax": (
        QT_TRANSLATE_NOOP("messages", "“{file}” cannot be read near row {row}."),
        QT_TRANSLATE_NOOP("messages", "Check that quotes in cells are balanced, or save it "
                                      "again from Excel.")),
    "bad_json": (QT_TRANSLATE_NOOP("messages", "“{file}” is not valid JSON (near line {line})."),
                 QT_TRANSLATE_NOOP("messages", "Check the brackets, commas and quotes around "
                                               "that line.")),
    "json_many_arrays": (
        QT_TRANSLATE_NOOP("messages", "“{file}” holds several arrays of records."),
        QT_TRANSLATE_NOOP("messages", "Keep one array of {{prompt, chosen, rejected}} objects, "
                                      "or save each as its own file.")),
    "json_no_records": (
        QT_TRANSLATE_NOOP("messages", "“{file}” has no array of records."),
        QT_TRANSLATE_NOOP("messages", "Use an array of {{prompt, chosen, rejected}} objects, or "
                                      "JSON Lines.")),
    "bad_parquet": (QT_TRANSLATE_NOOP("messages", "“{file}” cannot be read as Parquet."),
                    QT_TRANSLATE_NOOP("messages", "Check that the file is complete, or export "
                                                  "it again.")),
    "bad_xlsx": (QT_TRANSLATE_NOOP("messages", "“{file}” cannot be opened as an Excel workbook."),
                 QT_TRANSLATE_NOOP("messages", "Open it in Excel and save it again as .xlsx.")),
    "unknown_sheet": (QT_TRANSLATE_NOOP("messages", "“{file}” has no sheet named “{sheet}”."),
                      QT_TRANSLATE_NOOP("messages", "Choose one of the sheets of the workbook.")),
    "empty_sheet": (QT_TRANSLATE_NOOP("messages", "The sheet “{sheet}” of “{file}” is empty."),
                    QT_TRANSLATE_NOOP("messages", "Choose the sheet that holds your pairs.")),
    "file_too_large": (
        QT_TRANSLATE_NOOP("messages", "“{file}” is {size}, more than DPO Desktop reads at once "
                                      "({limit})."),
        QT_TRANSLATE_NOOP("messages", "Split the pairs into smaller files, or keep only the "
                                      "prompt, chosen and rejected columns.")),
    "xlsx_too_large": (
        QT_TRANSLATE_NOOP("messages", "“{file}” unpacks to {size} of cells and text, more than "
                                      "DPO Desktop reads at once ({limit})."),
        QT_TRANSLATE_NOOP("messages", "Open it in Excel and save the sheet with your pairs as "
                                      "CSV UTF-8, or split it into smaller workbooks.")),
    "too_many_rows": (
        QT_TRANSLATE_NOOP("messages", "“{file}” has more than {limit} rows, more than DPO "
                                      "Desktop reads at once."),
        QT_TRANSLATE_NOOP("messages", "Delete the empty rows below your data (Ctrl+End in Excel "
                                      "shows the last used cell), or split the pairs into "
                                      "smaller files.")),
    "no_records": (
        QT_TRANSLATE_NOOP("messages", "No line of “{file}” could be read as a record."),
        QT_TRANSLATE_NOOP("messages", "Check that each line is a JSON object such as "
                                      "{{\"prompt\": …, \"chosen\": …, \"rejected\": …}}.")),
    "no_rows": (QT_TRANSLATE_NOOP("messages", "“{file}” has a header but no data rows."),
                QT_TRANSLATE_NOOP("messages", "Add at least one row with a prompt, a better "
                                              "answer and a worse answer.")),
    "unknown_field": (
        QT_TRANSLATE_NOOP("messages", "“{field}” cannot be mapped to a column."),
        QT_TRANSLATE_NOOP("messages", "Map only prompt, chosen, rejected and system.")),
    "unknown_column": (
        QT_TRANSLATE_NOOP("messages", "The file has no column “{column}” (chosen for the "
                                      "{field_name})."),
        QT_TRANSLATE_NOOP("messages", "Choose one of the file's columns.")),
    "ambiguous_column": (
        QT_TRANSLATE_NOOP("messages", "Several columns could hold the {field_name}: {columns}."),
        QT_TRANSLATE_NOOP("messages", "Choose the right one under “Columns”.")),
    "missing_columns": (
        QT_TRANSLATE_NOOP("messages", "No column was found for the {missing_fields}."),
        QT_TRANSLATE_NOOP("messages", "Choose the columns under “Columns”, or name the header "
                                      "cells prompt, chosen and rejected.")),
    "save_format": (
        QT_TRANSLATE_NOOP("messages", "“{file}” must end in .jsonl or .csv to be saved."),
        QT_TRANSLATE_NOOP("messages", "Choose JSONL (keeps line breaks exactly) or CSV (opens "
                                      "in Excel).")),
    "save_failed": (
        QT_TRANSLATE_NOOP("messages", "“{file}” could not be written."),
        QT_TRANSLATE_NOOP("messages", "Choose a folder you can write to, and check that the "
                                      "disk is not full.")),
    # writing files: core/errors.py OS_ERROR_TEXTS (same English; a test keeps them equal)
    "disk_full": (
        QT_TRANSLATE_NOOP("messages", "There is not enough free space on {drive} to write "
                                      "“{file}”."),
        QT_TRANSLATE_NOOP("messages", "Free some space on {drive} (empty the recycle bin, "
                                      "delete old runs or exports), or choose a folder on "
                                      "another disk, then try again.")),
    "read_only": (
        QT_TRANSLATE_NOOP("messages", "“{file}” cannot be written: {folder} is on a read-only "
                                      "disk."),
        QT_TRANSLATE_NOOP("messages", "Choose a folder on a disk you can write to (a USB stick "
                                      "or SD card may have its write-protect switch on), then "
                                      "try again.")),
    "folder_missing": (
        QT_TRANSLATE_NOOP("messages", "The folder {folder} is no longer there, so “{file}” "
                                      "could not be written."),
        QT_TRANSLATE_NOOP("messages", "Reconnect the disk that holds it (a USB or network "
                                      "drive), or choose another folder, then try again.")),
    "permission_denied": (
        QT_TRANSLATE_NOOP("messages", "DPO Desktop is not allowed to write “{file}”."),
        QT_TRANSLATE_NOOP("messages", "Choose a folder you can write to (for example in your "
                                      "Documents), or ask your administrator for access, then "
                                      "try again.")),
    "file_locked": (
        QT_TRANSLATE_NOOP("messages", "“{file}” is in use by another program."),
        QT_TRANSLATE_NOOP("messages", "Close the program that has it open (Excel, an editor, a "
                                      "backup or antivirus scan), then try again.")),
    "disk_error": (
        QT_TRANSLATE_NOOP("messages", "The disk reported an error while writing “{file}”."),
        QT_TRANSLATE_NOOP("messages", "Check that the disk or USB cable is connected firmly, "
                                      "then try again; if it repeats, copy your work to "
                                      "another disk.")),
    "no_valid_rows": (
        QT_TRANSLATE_NOOP("messages", "The data has no usable preference pairs."),
        QT_TRANSLATE_NOOP("messages", "Fix the rows marked as errors on the Data page.")),
    "too_few_rows": (
        QT_TRANSLATE_NOOP("messages", "The data has too few pairs to train on."),
        QT_TRANSLATE_NOOP("messages", "Add pairs, or lower the held-out share (Eval fraction) "
                                      "in the advanced settings.")),
    "bad_pairs_file": (
        QT_TRANSLATE_NOOP("messages", "The pairs file cannot be read."),
        QT_TRANSLATE_NOOP("messages", "Check that the file is complete, or create it again.")),
    # settings
    "config_not_found": (
        QT_TRANSLATE_NOOP("messages", "The settings file “{path}” does not exist."),
        QT_TRANSLATE_NOOP("messages", "Check the path.")),
    "config_bad_toml": (
        QT_TRANSLATE_NOOP("messages", "The settings file “{path}” cannot be read."),
        QT_TRANSLATE_NOOP("messages", "Fix the line it names, or save the settings again from "
                                      "the app.")),
    "settings_not_saved": (
        QT_TRANSLATE_NOOP("messages", "The settings could not be saved to “{file}”."),
        QT_TRANSLATE_NOOP("messages", "Check that its folder exists and can be written to, and "
                                      "that the disk is not full; until then the choices apply "
                                      "only until the app closes.")),
    "backend_unavailable": (
        QT_TRANSLATE_NOOP("messages", "The chosen training method cannot run on this computer."),
        QT_TRANSLATE_NOOP("messages", "Set “Backend” to auto in the advanced settings.")),
    # models
    "demo_missing": (
        QT_TRANSLATE_NOOP("messages", "The embedded demo model is not installed."),
        QT_TRANSLATE_NOOP("messages", "Reinstall DPO Desktop, or choose another model.")),
    "gguf_unreadable": (
        QT_TRANSLATE_NOOP("messages", "“{quoted}” is not a readable GGUF file."),
        QT_TRANSLATE_NOOP("messages", "Check that the download finished, or pick another "
                                      "file.")),
    "model_not_found": (
        QT_TRANSLATE_NOOP("messages", "The model “{quoted}” was not found."),
        QT_TRANSLATE_NOOP("messages", "Choose a model from the list, a model folder or a .gguf "
                                      "file.")),
    "unsupported_architecture": (
        QT_TRANSLATE_NOOP("messages", "This model's type cannot be trained by DPO Desktop."),
        QT_TRANSLATE_NOOP("messages", "Pick a text generation model (Llama, Qwen2, Mistral, "
                                      "Gemma, Phi, SmolLM, …), or its original Hugging Face "
                                      "folder.")),
    "model_not_a_folder": (
        QT_TRANSLATE_NOOP("messages", "“{path}” is not a Hugging Face model folder (it has no "
                                      "config.json)."),
        QT_TRANSLATE_NOOP("messages", "Pick the folder that contains config.json and the "
                                      ".safetensors weights, or a .gguf file.")),
    "model_bad_config": (
        QT_TRANSLATE_NOOP("messages", "The model's config.json cannot be read."),
        QT_TRANSLATE_NOOP("messages", "The download may be incomplete; fetch the model again.")),
    "remote_code_refused": (
        QT_TRANSLATE_NOOP("messages", "“{model}” needs to run its own program code to load."),
        QT_TRANSLATE_NOOP("messages", "Only allow this for models from authors you trust: turn "
                                      "on “Trust remote code” in the advanced settings.")),
    "model_no_weights": (
        QT_TRANSLATE_NOOP("messages", "The model folder has no weight files."),
        QT_TRANSLATE_NOOP("messages", "The download may be incomplete; fetch the model again.")),
    "pickle_refused": (
        QT_TRANSLATE_NOOP("messages", "“{model}” only has pickle weights, and loading them can "
                                      "run arbitrary code."),
        QT_TRANSLATE_NOOP("messages", "Use a safetensors version of the model, or turn on "
                                      "“Allow pickle” if you trust the source.")),
    "model_no_tokenizer": (
        QT_TRANSLATE_NOOP("messages", "“{model}” has no tokenizer files."),
        QT_TRANSLATE_NOOP("messages", "Copy tokenizer.json and tokenizer_config.json from the "
                                      "original model into the folder.")),
    "model_unknown_file": (
        QT_TRANSLATE_NOOP("messages", "“{quoted}” is not a model file."),
        QT_TRANSLATE_NOOP("messages", "Pick a .gguf file or a Hugging Face model folder.")),
    "model_download_failed": (
        QT_TRANSLATE_NOOP("messages", "The model “{model}” is not on this computer and could "
                                      "not be downloaded."),
        QT_TRANSLATE_NOOP("messages", "Connect to the internet and try again, or download the "
                                      "model elsewhere and pick its folder (or a .gguf "
                                      "file).")),
    "tokenizer_unavailable": (
        QT_TRANSLATE_NOOP("messages", "The tokenizer of “{model}” is not on this computer."),
        QT_TRANSLATE_NOOP("messages", "Token lengths appear once the model has been downloaded "
                                      "(or pick a local folder).")),
    # training
    "out_of_memory": (
        QT_TRANSLATE_NOOP("messages", "Training ran out of memory."),
        QT_TRANSLATE_NOOP("messages", "Lower the batch size (and raise gradient accumulation to "
                                      "keep the effective batch), shorten the max length, or "
                                      "turn on “Precompute reference”.")),
    "unexpected": (
        QT_TRANSLATE_NOOP("messages", "Training stopped with an unexpected error."),
        QT_TRANSLATE_NOOP("messages", "See the details, and please report them if this "
                                      "repeats.")),
    "run_exists": (
        QT_TRANSLATE_NOOP("messages", "“{path}” already holds a run."),
        QT_TRANSLATE_NOOP("messages", "Choose another run name, or continue that run from the "
                                      "Runs page.")),
    "not_a_run": (
        QT_TRANSLATE_NOOP("messages", "This folder is not a training run (it has no run.toml)."),
        QT_TRANSLATE_NOOP("messages", "Choose a run on the Runs page.")),
    "run_complete": (
        QT_TRANSLATE_NOOP("messages", "This run has already completed."),
        QT_TRANSLATE_NOOP("messages", "Start a new run instead.")),
    "run_in_use": (
        QT_TRANSLATE_NOOP("messages", "The run “{run}” is still being trained by another "
                                      "program (process {pid})."),
        QT_TRANSLATE_NOOP("messages", "Wait for it to finish, or stop it there first.")),
    "resume_choice": (
        QT_TRANSLATE_NOOP("messages", "The run “{run}” cannot simply be continued: it has no "
                                      "whole checkpoint at its last step."),
        QT_TRANSLATE_NOOP("messages", "Choose it on the Runs page and press “Continue "
                                      "training” to pick how to go on.")),
    # compare and export
    "no_adapter": (
        QT_TRANSLATE_NOOP("messages", "This run has no trained adapter."),
        QT_TRANSLATE_NOOP("messages", "Pick a run that finished, or was stopped after at least "
                                      "one saved step.")),
    "base_missing": (
        QT_TRANSLATE_NOOP("messages", "The base model of this run is no longer at {path}."),
        QT_TRANSLATE_NOOP("messages", "Restore that folder, or train the run again.")),
    "export_no_run": (
        QT_TRANSLATE_NOOP("messages", "The run folder does not exist."),
        QT_TRANSLATE_NOOP("messages", "Choose a finished training run on the Runs page.")),
    "export_no_adapter": (
        QT_TRANSLATE_NOOP("messages", "This run has no saved adapter to export."),
        QT_TRANSLATE_NOOP("messages", "Export needs a finished (or stopped) run whose adapter "
                                      "was saved.")),
    "export_no_base": (
        QT_TRANSLATE_NOOP("messages", "The adapter does not say which base model it belongs "
                                      "to."),
        QT_TRANSLATE_NOOP("messages", "Set base_model_name_or_path in "
                                      "adapter/adapter_config.json.")),
    "export_base_missing": (
        QT_TRANSLATE_NOOP("messages", "The base model of this run could not be found."),
        QT_TRANSLATE_NOOP("messages", "Restore the model folder the run was trained from (or "
                                      "download the model again), then export again.")),
    "export_out_exists": (
        QT_TRANSLATE_NOOP("messages", "The export folder already exists and is not empty."),
        QT_TRANSLATE_NOOP("messages", "Choose a new export folder, or delete the old export "
                                      "first.")),
    "export_disk_full": (
        QT_TRANSLATE_NOOP("messages", "There is not enough free disk space for the export."),
        QT_TRANSLATE_NOOP("messages", "Free some space, or choose an export folder on a larger "
                                      "disk.")),
    "merge_base_quantized": (
        QT_TRANSLATE_NOOP("messages", "The base model is stored quantized; merging into it "
                                      "loses quality."),
        QT_TRANSLATE_NOOP("messages", "Train from the original 16-bit model to export a merged "
                                      "model.")),
    "gguf_unsupported_arch": (
        QT_TRANSLATE_NOOP("messages", "A GGUF file cannot be written for this model type yet."),
        QT_TRANSLATE_NOOP("messages", "Export without GGUF, then convert the merged folder with "
                                      "llama.cpp's convert_hf_to_gguf.py.")),
    "gguf_unsupported_tokenizer": (
        QT_TRANSLATE_NOOP("messages", "This model's tokenizer cannot be written to GGUF yet."),
        QT_TRANSLATE_NOOP("messages", "Export without GGUF, then convert the merged folder with "
                                      "llama.cpp's convert_hf_to_gguf.py.")),
    "gguf_bad_type": (
        QT_TRANSLATE_NOOP("messages", "That GGUF type cannot be written."),
        QT_TRANSLATE_NOOP("messages", "Choose one of the GGUF types in the list.")),
}

# --------------------------------------------------------- settings (bad_setting)

BAD_SETTING = (  # (pattern on the English text after "Setting X: ", template)
    (r"^(?P<value>.+) must be above 0\.$",
     QT_TRANSLATE_NOOP("messages", "“{label}”: {value} must be above 0.")),
    (r"^(?P<value>.+) must be at least (?P<low>-?\d+)\.$",
     QT_TRANSLATE_NOOP("messages", "“{label}”: {value} must be at least {low}.")),
    (r"^(?P<value>.+) is outside (?P<range>.+)\.$",
     QT_TRANSLATE_NOOP("messages", "“{label}”: {value} is outside {range}.")),
    (r"^(?P<value>.+) is far too high\.$",
     QT_TRANSLATE_NOOP("messages", "“{label}”: {value} is far too high.")),
    (r"^(?P<value>.+) is negative\.$",
     QT_TRANSLATE_NOOP("messages", "“{label}”: {value} is negative.")),
    (r"^“(?P<value>.*)” is not a number\.$",
     QT_TRANSLATE_NOOP("messages", "“{label}”: “{value}” is not a number.")),
    (r"^“(?P<value>.*)” cannot be a folder name\.$",
     QT_TRANSLATE_NOOP("messages", "“{label}”: “{value}” cannot be a folder name.")),
)
BAD_SETTING_OTHER = QT_TRANSLATE_NOOP("messages", "The setting “{label}” has a value that "
                                                  "cannot be used.")
BAD_SETTING_HINT = QT_TRANSLATE_NOOP("messages", "Correct it, or choose a preset again.")
BAD_SETTING_HINTS = {
    "name": QT_TRANSLATE_NOOP("messages", "Use letters, digits, spaces, dots, dashes and "
                                          "underscores."),
    "data.eval_fraction": QT_TRANSLATE_NOOP("messages", "0.1 or 0.15 is usual."),
    "training.beta": QT_TRANSLATE_NOOP("messages", "0.1 is usual."),
    "training.learning_rate": QT_TRANSLATE_NOOP("messages", "1e-4 to 5e-4 suits LoRA."),
    "training.warmup_ratio": QT_TRANSLATE_NOOP("messages", "0.1 is usual."),
    "training.epochs": QT_TRANSLATE_NOOP("messages", "Use 1 to 5 epochs, or set max steps."),
    "training.batch_size": QT_TRANSLATE_NOOP("messages", "Use 1 to 8 on a small GPU."),
    "training.max_length": QT_TRANSLATE_NOOP("messages", "512 or 1024 is usual."),
    "training.max_steps": QT_TRANSLATE_NOOP("messages", "Use 0 to train for the given epochs, "
                                                        "or a positive step count."),
    "training.save_steps": QT_TRANSLATE_NOOP("messages", "Use a step count such as 10 or 50."),
    "training.label_smoothing": QT_TRANSLATE_NOOP("messages", "Use 0, or about 0.1 with the "
                                                              "robust loss."),
    "lora.r": QT_TRANSLATE_NOOP("messages", "8 to 64 is usual."),
    "lora.alpha": QT_TRANSLATE_NOOP("messages", "Twice the rank is usual."),
    "lora.dropout": QT_TRANSLATE_NOOP("messages", "0 to 0.1 is usual."),
    "lora.target_modules": QT_TRANSLATE_NOOP("messages", "List layer names such as q_proj, "
                                                         "v_proj, or use all-linear."),
}
NUMBER_HINT = QT_TRANSLATE_NOOP("messages", "Write a number such as 0.1 or 5e-4.")

_QUOTED = re.compile(r"“([^”]*)”")


def _params(error: Any) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, value in dict(getattr(error, "params", None) or {}).items():
        params[key] = (_tr(LIST_SEP).join(str(v) for v in value)
                       if isinstance(value, list | tuple) else value)
    message = str(getattr(error, "message", ""))
    quoted = _QUOTED.search(message)
    if quoted:
        params.setdefault("quoted", quoted.group(1))
    raw = dict(getattr(error, "params", None) or {})
    if "field" in raw:
        params["field_name"] = field_name(str(raw["field"]))
    if isinstance(raw.get("missing"), list | tuple):
        params["missing_fields"] = _tr(LIST_SEP).join(field_name(str(f)) for f in raw["missing"])
    if isinstance(raw.get("columns"), list | tuple):
        params["columns"] = _tr(LIST_SEP).join(f"“{c}”" for c in raw["columns"])
    return params


def _bad_setting(error: Any, message: str, hint: str) -> tuple[str, str]:
    setting = str((getattr(error, "params", None) or {}).get("setting", ""))
    if not setting:
        return message, hint
    section, _, name = setting.rpartition(".")
    label = setting_label(section, name)
    rest = message.split(": ", 1)[1] if message.startswith("Setting ") and ": " in message \
        else ""
    new_message = None
    for pattern, template in BAD_SETTING:
        match = re.match(pattern, rest)
        if match:
            new_message = _fill(template, {"label": label, **match.groupdict()})
            break
    if new_message is None:
        new_message = _fill(BAD_SETTING_OTHER, {"label": label})
    if new_message is None:
        return message, hint
    if "is not a number" in rest:
        new_hint = _translated(NUMBER_HINT)
    else:
        new_hint = _translated(BAD_SETTING_HINTS.get(setting, BAD_SETTING_HINT))
    return new_message, new_hint or hint


def translate_error(error: Any) -> tuple[str, str]:
    """``(message, hint)`` of a ``UserError`` or ``Failed`` in the UI language.

    Falls back to the English core text for unknown codes, missing translations, or
    templates whose values the error does not carry.
    """
    message = str(getattr(error, "message", "") or error)
    hint = str(getattr(error, "hint", "") or "")
    code = str(getattr(error, "code", "") or "")
    template = str(getattr(error, "template", "") or "")
    if template:  # raised with UserError.of: translate the template itself
        params = getattr(error, "params", None) or {}
        hint_template = str(getattr(error, "hint_template", "") or "")
        return render(template, params), (render(hint_template, params) if hint_template
                                          else hint)
    if code == "bad_setting":
        return _bad_setting(error, message, hint)
    entry = ERRORS.get(code)
    if entry is None:
        return message, hint
    params = _params(error)
    new_message = _fill(entry[0], params)
    if new_message is None:
        return message, hint
    return new_message, (_fill(entry[1], params) or hint) if hint or entry[1] else hint


# ----------------------------------------------------------------- data issues

# code -> [(pattern on the English message or None, template)]: the first whose pattern
# matches and whose values are all known wins. Values: where (“Row 5”), row, column, and
# the pattern's named groups.
ISSUES: dict[str, list[tuple[str | None, str]]] = {
    "duplicate_header": [(r"column (?P<index>\d+) is read as “(?P<new>[^”]*)”",
                          QT_TRANSLATE_NOOP("messages", "The header “{column}” appears more than "
                                                        "once; column {index} is read as "
                                                        "“{new}”. Rename one of them."))],
    "ragged_row": [
        (r"has (?P<cells>\d+) cells but the header has (?P<width>\d+)",
         QT_TRANSLATE_NOOP("messages", "{where} has {cells} cells but the header has {width}. A "
                                       "comma or quote inside a cell is probably missing its "
                                       "surrounding quotes.")),
        (None, QT_TRANSLATE_NOOP("messages", "{where} has values to the right of the last named "
                                             "column; give that column a header or move the "
                                             "values."))],
    "bad_json_line": [(None, QT_TRANSLATE_NOOP("messages", "{where} is not valid JSON."))],
    "not_an_object": [(None, QT_TRANSLATE_NOOP("messages", "{where} is not an object with "
                                                           "prompt/chosen/rejected fields."))],
    "formula_without_value": [(None, QT_TRANSLATE_NOOP(
        "messages", "{where}, column “{column}” holds a formula but no saved result. Open the "
                    "file in Excel and save it, or paste the cells as values."))],
    "blank_row": [(None, QT_TRANSLATE_NOOP("messages", "{where} is empty and was skipped."))],
    "not_text": [(None, QT_TRANSLATE_NOOP("messages", "{where}, column “{column}” does not "
                                                      "hold text. Make it plain text."))],
    "bad_role": [(None, QT_TRANSLATE_NOOP("messages", "{where}, column “{column}” has a message "
                                                      "with an unknown role. Use system, user "
                                                      "or assistant."))],
    "stray_whitespace": [(None, QT_TRANSLATE_NOOP(
        "messages", "{where}, column “{column}” starts or ends with spaces or blank lines; they "
                    "were trimmed."))],
    "no_shared_prompt": [(None, QT_TRANSLATE_NOOP(
        "messages", "{where}: there is no prompt column, and the chosen and rejected texts do "
                    "not start with a shared prompt. Choose a prompt column."))],
    "empty_prompt": [(None, QT_TRANSLATE_NOOP("messages", "{where}: the prompt is empty. Fill "
                                                          "it in or delete the row."))],
    "empty_chosen": [(None, QT_TRANSLATE_NOOP("messages", "{where}: the chosen (better) answer "
                                                          "is empty. Fill it in or delete the "
                                                          "row."))],
    "empty_rejected": [(None, QT_TRANSLATE_NOOP("messages", "{where}: the rejected (worse) "
                                                            "answer is empty. Fill it in or "
                                                            "delete the row."))],
    "same_answers": [(None, QT_TRANSLATE_NOOP(
        "messages", "{where}: the chosen and rejected answers are the same, so there is "
                    "nothing to learn. Change one of them or delete the row."))],
    "very_long_text": [(r"the (?P<field>\w+) is (?P<length>[\d,]+) characters", QT_TRANSLATE_NOOP(
        "messages", "{where}: the {field_name} is {length} characters long; training will cut "
                    "it at the max length. Shorten it if the end matters."))],
    "not_single_reply": [(None, QT_TRANSLATE_NOOP(
        "messages", "{where}, column “{column}” should end the conversation with one assistant "
                    "message, but it continues with several."))],
    "duplicate_pair": [(r"repeats the pair in \w+ (?P<other>\d+)", QT_TRANSLATE_NOOP(
        "messages", "{where} repeats the pair in row {other}; it is kept, and counts twice in "
                    "training."))],
    "contradicting_pair": [(r"that \w+ (?P<other>\d+) rejects", QT_TRANSLATE_NOOP(
        "messages", "{where} prefers the answer that row {other} rejects, for the same prompt. "
                    "Keep the one you agree with and delete the other."))],
}
WHERE = {"Row": QT_TRANSLATE_NOOP("messages", "Row {row}"),
         "Line": QT_TRANSLATE_NOOP("messages", "Line {row}"),
         "Record": QT_TRANSLATE_NOOP("messages", "Record {row}")}


def translate_issue(issue: Any) -> str:
    """The text of a data ``Issue`` (row, column, code, message) in the UI language."""
    message = str(issue.message)
    if getattr(issue, "template", ""):
        return render(issue.template, issue.params)
    templates = ISSUES.get(issue.code)
    if not templates:
        return message
    unit = message.split(" ", 1)[0]
    values: dict[str, Any] = {"row": issue.row, "column": issue.column or ""}
    if issue.row is not None:
        values["where"] = _fill(WHERE.get(unit, WHERE["Row"]), {"row": issue.row})
    for pattern, template in templates:
        found: dict[str, Any] = dict(values)
        if pattern is not None:
            match = re.search(pattern, message)
            if not match:
                continue
            found.update(match.groupdict())
        if "field" in found:
            found["field_name"] = field_name(str(found["field"]))
        if found.get("where") is None:
            found.pop("where", None)
        text = _fill(template, found)
        if text is not None:
            return text
    return message


# ----------------------------------------------------------------- events

PHASES = {
    "loading_model": QT_TRANSLATE_NOOP("messages", "Loading the model…"),
    "downloading": QT_TRANSLATE_NOOP("messages", "Downloading the model…"),
    "preparing_data": QT_TRANSLATE_NOOP("messages", "Preparing the data…"),
    "precomputing_reference": QT_TRANSLATE_NOOP("messages", "Scoring the pairs with the "
                                                            "original model…"),
    "evaluating": QT_TRANSLATE_NOOP("messages", "Measuring the held-out pairs…"),
    "training": QT_TRANSLATE_NOOP("messages", "Training…"),
    "saving": QT_TRANSLATE_NOOP("messages", "Saving the adapter…"),
    "merging": QT_TRANSLATE_NOOP("messages", "Merging the adapter into the model…"),
    "writing_gguf": QT_TRANSLATE_NOOP("messages", "Writing the GGUF file…"),
    "verifying": QT_TRANSLATE_NOOP("messages", "Checking the exported model…"),
    "generating": QT_TRANSLATE_NOOP("messages", "Writing answers…"),
}
FINISHED = {"completed": QT_TRANSLATE_NOOP("messages", "Training completed."),
            "cancelled": QT_TRANSLATE_NOOP("messages", "Training was stopped; the adapter "
                                                       "trained so far was saved.")}
LOG_LINES = {
    "no_chat_template": QT_TRANSLATE_NOOP(
        "messages", "This model has no chat template; a simple one is used."),
    "backend:cpu-lora": QT_TRANSLATE_NOOP(
        "messages", "Training method: LoRA on the CPU (slow: meant for the demo and small "
                    "models)."),
    "backend:qlora": QT_TRANSLATE_NOOP("messages", "Training method: QLoRA (a 4-bit model on "
                                                   "the GPU)."),
    "backend:unsloth": QT_TRANSLATE_NOOP("messages", "Training method: QLoRA with unsloth's "
                                                     "faster kernels."),
    "backend:qlora-cpu": QT_TRANSLATE_NOOP(
        "messages", "Training method: QLoRA on the CPU (a 4-bit model: slower than LoRA on the "
                    "CPU, but it needs far less memory)."),
    "resume:stale_status": QT_TRANSLATE_NOOP(
        "messages", "The run was interrupted: the program that trained it has ended."),
    "resume:metrics_truncated": QT_TRANSLATE_NOOP(
        "messages", "The last line of the run's log was cut off; it is dropped."),
    "resume:adapter_damaged": QT_TRANSLATE_NOOP(
        "messages", "The saved adapter is damaged; it is written again when training ends."),
    "resume:no_checkpoint": QT_TRANSLATE_NOOP(
        "messages", "The run stopped before its first checkpoint was saved."),
    "resume:start_over": QT_TRANSLATE_NOOP("messages", "Starting the run over from step 1."),
}
# Log lines the engine sends without a code: (pattern on the English text, template).
LOG_PATTERNS = (
    (r"^(?P<train>\d+) training pairs, (?P<held>\d+) held out\.$",
     QT_TRANSLATE_NOOP("messages", "{train} pairs for training, {held} held out for "
                                   "measuring.")),
    (r"^(?P<train>\d+) training pairs, (?P<held>\d+) held out, (?P<skipped>\d+) rows skipped",
     QT_TRANSLATE_NOOP("messages", "{train} pairs for training, {held} held out for measuring, "
                                   "{skipped} rows skipped (see the problems on the Data "
                                   "page).")),
    (r"^Resuming from (?P<checkpoint>\S+)\.$",
     QT_TRANSLATE_NOOP("messages", "Continuing from {checkpoint}.")),
    # core/training/datacopy.py: the run trains on its own copy of the data
    (r"^The run uses its own copy of the data \((?P<folder>.+)\); editing or deleting "
     r"(?P<file>.+) now does not change this run\.$",
     QT_TRANSLATE_NOOP("messages", "The run uses its own copy of the data ({folder}); editing "
                                   "or deleting {file} now does not change this run.")),
    (r"^(?P<file>.+) is no longer at (?P<where>.+); the run continues with its own copy of "
     r"the data \((?P<folder>.+)\)\.$",
     QT_TRANSLATE_NOOP("messages", "{file} is no longer at {where}; the run continues with "
                                   "its own copy of the data ({folder}).")),
    (r"^(?P<file>.+) has changed since the run started; the run continues with the copy it "
     r"started with \((?P<folder>.+)\)\. Start a new run to train on the new version\.$",
     QT_TRANSLATE_NOOP("messages", "{file} has changed since the run started; the run "
                                   "continues with the copy it started with ({folder}). Start "
                                   "a new run to train on the new version.")),
    (r"^Resuming with the run's own copy of the data \((?P<folder>.+)\); (?P<file>.+) is "
     r"unchanged\.$",
     QT_TRANSLATE_NOOP("messages", "Resuming with the run's own copy of the data ({folder}); "
                                   "{file} is unchanged.")),
    (r"^Resuming with the run's own copy of the data \((?P<folder>.+)\)\.$",
     QT_TRANSLATE_NOOP("messages", "Resuming with the run's own copy of the data "
                                   "({folder}).")),
    (r"^(?P<checkpoint>checkpoint-\d+) was being saved when the run stopped",
     QT_TRANSLATE_NOOP("messages", "{checkpoint} was being saved when the run stopped; it is "
                                   "skipped.")),
    (r"^(?P<checkpoint>checkpoint-\d+) is damaged: (?P<reason>.*)\.$",
     QT_TRANSLATE_NOOP("messages", "{checkpoint} is damaged ({reason}); it is not used.")),
)


# The catalog's notes have no codes: they are keyed by their English text, which a test
# keeps in step with core/catalog.py.
CATALOG_NOTES = (
    QT_TRANSLATE_NOOP("messages", "Ships with the app: no download. Small enough to train on "
                                  "a CPU in minutes."),
    QT_TRANSLATE_NOOP("messages", "Hybrid thinking model; DPO on plain answers works as "
                                  "usual."),
    QT_TRANSLATE_NOOP("messages", "Fused qkv_proj/gate_up_proj layers: set LoRA target "
                                  "modules to all-linear."),
)


def translate_note(note: str) -> str:
    """A catalog entry's note in the UI language (the note itself when unknown)."""
    return (_translated(note) if note in CATALOG_NOTES else None) or note


def translate_phase(phase: str, message: str = "") -> str:
    """A PhaseChanged event's text: the core message in English, the phase name otherwise."""
    template = PHASES.get(phase)
    translated = _translated(template) if template else None
    return translated or message or phase


def translate_finished(status: str, message: str = "") -> str:
    template = FINISHED.get(status)
    return (_translated(template) if template else None) or message


def translate_log(code: str, message: str, template: str = "",
                  params: Any = ()) -> str:
    """A LogLine's text: its template when it has one, else by its code (or, for a few
    codeless lines, by its English text)."""
    if template:
        return render(template, params)
    template = LOG_LINES.get(code)
    if template:
        return _translated(template) or message
    for pattern, template in LOG_PATTERNS:
        match = re.match(pattern, message)
        if match:
            return _fill(template, match.groupdict()) or message
    return message


# ----------------------------------------------------------------- settings

SECTION_TITLES = {"model": QT_TRANSLATE_NOOP("messages", "Model loading"),
                  "data": QT_TRANSLATE_NOOP("messages", "Data"),
                  "training": QT_TRANSLATE_NOOP("messages", "Training"),
                  "lora": QT_TRANSLATE_NOOP("messages", "LoRA adapter")}

# "section.field" -> (label, tooltip). The English tooltip is RunConfig's help text, word
# for word (tests/gui/test_i18n.py checks it), so English shows exactly what the CLI does.
SETTINGS: dict[str, tuple[str, str]] = {
    "name": (QT_TRANSLATE_NOOP("messages", "Name"), QT_TRANSLATE_NOOP(
        "messages", "The run's name, used for its folder. Empty: the date and time.")),
    "output_dir": (QT_TRANSLATE_NOOP("messages", "Output dir"), QT_TRANSLATE_NOOP(
        "messages", "The run directory. Empty: <runs folder>/<name>.")),
    "model.spec": (QT_TRANSLATE_NOOP("messages", "Spec"), QT_TRANSLATE_NOOP(
        "messages", "The base model: “demo” (the embedded SmolLM2-135M-Instruct), a Hugging "
                    "Face model folder, a .gguf file, or a hub id such as "
                    "HuggingFaceTB/SmolLM2-360M-Instruct.")),
    "model.backend": (QT_TRANSLATE_NOOP("messages", "Backend"), QT_TRANSLATE_NOOP(
        "messages", "How to train: “auto” picks unsloth, then qlora on an NVIDIA GPU; "
                    "without one, cpu-lora, or qlora when only a 4-bit model fits in RAM. "
                    "“qlora” loads the model in 4-bit (on a CPU: far less memory, but slower); "
                    "“cpu-lora” trains in full precision on the CPU (slow, for small models).")),
    "model.allow_pickle": (QT_TRANSLATE_NOOP("messages", "Allow pickle"), QT_TRANSLATE_NOOP(
        "messages", "Allow checkpoints stored only as pickle files (.bin/.pt). Pickles can run "
                    "code when loaded: turn this on only for sources you trust.")),
    "model.trust_remote_code": (QT_TRANSLATE_NOOP("messages", "Trust remote code"),
                                QT_TRANSLATE_NOOP(
        "messages", "Allow a model to run its own Python code while loading. Only for authors "
                    "you trust.")),
    "data.path": (QT_TRANSLATE_NOOP("messages", "Path"), QT_TRANSLATE_NOOP(
        "messages", "The preference data file (CSV, TSV, JSONL, JSON, Parquet or XLSX). Empty: "
                    "the bundled English support sample.")),
    "data.mapping": (QT_TRANSLATE_NOOP("messages", "Mapping"), QT_TRANSLATE_NOOP(
        "messages", "Which column holds prompt, chosen, rejected (and optionally system). "
                    "Empty: detected from the header.")),
    "data.sheet": (QT_TRANSLATE_NOOP("messages", "Sheet"), QT_TRANSLATE_NOOP(
        "messages", "The XLSX sheet to read. Empty: the first sheet.")),
    "data.eval_fraction": (QT_TRANSLATE_NOOP("messages", "Eval fraction"), QT_TRANSLATE_NOOP(
        "messages", "Share of pairs held out to measure preference accuracy before and after "
                    "training (0 to 0.5).")),
    "training.beta": (QT_TRANSLATE_NOOP("messages", "Beta"), QT_TRANSLATE_NOOP(
        "messages", "How far the model may drift from the original. Higher keeps it closer; "
                    "0.1 is usual.")),
    "training.loss_type": (QT_TRANSLATE_NOOP("messages", "Loss type"), QT_TRANSLATE_NOOP(
        "messages", "The DPO loss. “sigmoid” is standard DPO; ipo, hinge, robust, bco_pair, "
                    "sppo_hard, nca_pair, apo_zero and apo_down are variants.")),
    "training.label_smoothing": (QT_TRANSLATE_NOOP("messages", "Label smoothing"),
                                 QT_TRANSLATE_NOOP(
        "messages", "For the robust loss: the share of labels you think are wrong (0 to "
                    "0.5).")),
    "training.rpo_alpha": (QT_TRANSLATE_NOOP("messages", "Rpo alpha"), QT_TRANSLATE_NOOP(
        "messages", "Weight of an extra supervised (NLL) term on the chosen answers (RPO). 0 "
                    "turns it off; 1.0 is the paper's value.")),
    "training.learning_rate": (QT_TRANSLATE_NOOP("messages", "Learning rate"), QT_TRANSLATE_NOOP(
        "messages", "Step size for the LoRA weights. 1e-4 to 5e-4 suits LoRA; too high makes "
                    "the loss jump.")),
    "training.lr_scheduler": (QT_TRANSLATE_NOOP("messages", "Lr scheduler"), QT_TRANSLATE_NOOP(
        "messages", "How the learning rate changes over the run.")),
    "training.warmup_ratio": (QT_TRANSLATE_NOOP("messages", "Warmup ratio"), QT_TRANSLATE_NOOP(
        "messages", "Share of the steps spent ramping the learning rate up from 0 (0 to "
                    "0.5).")),
    "training.epochs": (QT_TRANSLATE_NOOP("messages", "Epochs"), QT_TRANSLATE_NOOP(
        "messages", "Passes over the training pairs. Ignored when max steps is set.")),
    "training.max_steps": (QT_TRANSLATE_NOOP("messages", "Max steps"), QT_TRANSLATE_NOOP(
        "messages", "Stop after this many optimizer steps. 0: use epochs.")),
    "training.batch_size": (QT_TRANSLATE_NOOP("messages", "Batch size"), QT_TRANSLATE_NOOP(
        "messages", "Pairs per step on the device. Lower it if memory runs out.")),
    "training.grad_accumulation": (QT_TRANSLATE_NOOP("messages", "Grad accumulation"),
                                   QT_TRANSLATE_NOOP(
        "messages", "Steps whose gradients are summed before an update: the effective batch "
                    "is batch size × this, at the memory cost of one batch.")),
    "training.max_length": (QT_TRANSLATE_NOOP("messages", "Max length"), QT_TRANSLATE_NOOP(
        "messages", "Longest prompt + answer in tokens; longer pairs are cut. Lower it if "
                    "memory runs out.")),
    "training.truncation": (QT_TRANSLATE_NOOP("messages", "Truncation"), QT_TRANSLATE_NOOP(
        "messages", "Which part of an over-long pair to keep: the start (keep_start) or the "
                    "end (keep_end).")),
    "training.seed": (QT_TRANSLATE_NOOP("messages", "Seed"), QT_TRANSLATE_NOOP(
        "messages", "Random seed for the split, the adapter's start and the data order: same "
                    "seed, same run.")),
    "training.precompute_reference": (QT_TRANSLATE_NOOP("messages", "Precompute reference"),
                                      QT_TRANSLATE_NOOP(
        "messages", "Compute the original model's scores once before training instead of at "
                    "every step: faster steps and less memory, a short wait at the start. Off: "
                    "on by itself when the run covers the data more than once.")),
    "training.eval_steps": (QT_TRANSLATE_NOOP("messages", "Eval steps"), QT_TRANSLATE_NOOP(
        "messages", "Measure the held-out pairs every N steps. 0: only before and after "
                    "training.")),
    "training.save_steps": (QT_TRANSLATE_NOOP("messages", "Save steps"), QT_TRANSLATE_NOOP(
        "messages", "Write a checkpoint every N steps, so a crash can resume (the last two are "
                    "kept).")),
    "training.gradient_checkpointing": (QT_TRANSLATE_NOOP("messages", "Gradient checkpointing"),
                                        QT_TRANSLATE_NOOP(
        "messages", "Recompute activations instead of storing them: much less memory, about "
                    "30% slower. Off: on by itself when the memory estimate does not fit. Always "
                    "on for qlora.")),
    "training.liger_kernel": (QT_TRANSLATE_NOOP("messages", "Liger kernels"), QT_TRANSLATE_NOOP(
        "messages", "On an NVIDIA GPU, use Liger-Kernel's fused layers when liger-kernel is "
                    "installed (pip install dpo-desktop[liger]): faster steps, less memory. No "
                    "effect on the CPU.")),
    "lora.r": (QT_TRANSLATE_NOOP("messages", "R"), QT_TRANSLATE_NOOP(
        "messages", "LoRA rank: the adapter's capacity. 8 to 64; higher learns more and uses "
                    "more memory.")),
    "lora.alpha": (QT_TRANSLATE_NOOP("messages", "Alpha"), QT_TRANSLATE_NOOP(
        "messages", "LoRA scaling; usually twice the rank.")),
    "lora.dropout": (QT_TRANSLATE_NOOP("messages", "Dropout"), QT_TRANSLATE_NOOP(
        "messages", "Dropout inside the adapter (0 to 0.5); helps against overfitting small "
                    "data sets.")),
    "lora.target_modules": (QT_TRANSLATE_NOOP("messages", "Target modules"), QT_TRANSLATE_NOOP(
        "messages", "The layers that get an adapter, or “all-linear” for every linear "
                    "layer.")),
}


def _key(section: str, name: str) -> str:
    return f"{section}.{name}" if section else name


def section_title(section: str) -> str:
    return _tr(SECTION_TITLES[section]) if section in SECTION_TITLES else section


def setting_label(section: str, name: str) -> str:
    """The label of a RunConfig field, e.g. ``setting_label("training", "beta")``."""
    entry = SETTINGS.get(_key(section, name))
    return _tr(entry[0]) if entry else name.replace("_", " ").capitalize()


def setting_help(section: str, name: str) -> str:
    """The field's tooltip in the UI language; the core help text when the table's English
    has drifted from it (so a stale translation is never shown)."""
    from dpo_desktop.core.config import help_text

    try:
        core = help_text(section, name)
    except KeyError:
        core = ""
    entry = SETTINGS.get(_key(section, name))
    if entry is None or (core and entry[1] != core):
        return core
    return _tr(entry[1])
