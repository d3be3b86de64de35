"""Importing preference data: files → validated :class:`PreferenceDataset`. No Qt here."""

from dpo_desktop.core.data.columns import map_columns
from dpo_desktop.core.data.dataset import (
    PreferenceDataset,
    load_preferences,
    pairs_to_hf_dataset,
    write_pairs_jsonl,
)
from dpo_desktop.core.data.readers import FORMATS, list_sheets
from dpo_desktop.core.data.report import report_to_dict
from dpo_desktop.core.data.split import split_pairs
from dpo_desktop.core.data.types import Issue, Message, PreferencePair, Record, ValidationReport

__all__ = [
    "FORMATS",
    "Issue",
    "Message",
    "PreferenceDataset",
    "PreferencePair",
    "Record",
    "ValidationReport",
    "list_sheets",
    "load_preferences",
    "map_columns",
    "pairs_to_hf_dataset",
    "report_to_dict",
    "split_pairs",
    "write_pairs_jsonl",
]
