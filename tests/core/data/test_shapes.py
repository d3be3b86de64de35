"""Explicit, conversational and implicit-prompt data all become the same kind of pair."""

from __future__ import annotations

import json
from pathlib import Path

from dpo_desktop.core.data import Message, load_preferences, pairs_to_hf_dataset


def test_conversational_jsonl_as_trl_accepts(write_jsonl) -> None:  # type: ignore[no-untyped-def]
    path = write_jsonl([{
        "prompt": [{"role": "system", "content": "Be kind."},
                   {"role": "user", "content": "Hi?"}],
        "chosen": [{"role": "assistant", "content": "Hello! How can I help?"}],
        "rejected": [{"role": "assistant", "content": "What."}],
    }])
    pair = load_preferences(path).pairs[0]
    assert pair.prompt == (Message("system", "Be kind."), Message("user", "Hi?"))
    assert (pair.chosen, pair.rejected, pair.system) == ("Hello! How can I help?", "What.",
                                                         "Be kind.")


def test_implicit_conversations_share_their_prompt(write_jsonl) -> None:  # type: ignore[no-untyped-def]
    user = {"role": "user", "content": "Is it vegan?"}
    path = write_jsonl([{
        "chosen": [user, {"role": "assistant", "content": "Yes, no animal products."}],
        "rejected": [user, {"role": "assistant", "content": "Probably."}],
    }])
    dataset = load_preferences(path)
    assert dataset.report.shape == "implicit"
    pair = dataset.pairs[0]
    assert pair.prompt == (Message("user", "Is it vegan?"),)
    assert (pair.chosen, pair.rejected) == ("Yes, no animal products.", "Probably.")


def test_anthropic_hh_transcripts(write_jsonl) -> None:  # type: ignore[no-untyped-def]
    history = "\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Where is my parcel?\n\nAssistant:"
    path = write_jsonl([{
        "chosen": history + " It left our store yesterday; here is the tracking link.",
        "rejected": history + " It is lost.",
    }, {
        # Both replies start alike: the cut must stay at the marker, not mid-reply.
        "chosen": "\n\nHuman: Open today?\n\nAssistant: It is open until 6 pm.",
        "rejected": "\n\nHuman: Open today?\n\nAssistant: It is closed.",
    }])
    first, second = load_preferences(path).pairs
    assert first.prompt == (Message("user", "Hi"), Message("assistant", "Hello!"),
                            Message("user", "Where is my parcel?"))
    assert first.chosen.startswith("It left our store")
    assert first.rejected == "It is lost."
    assert second.chosen == "It is open until 6 pm." and second.rejected == "It is closed."


def test_messages_inside_csv_cells_and_system_column(write_csv) -> None:  # type: ignore[no-untyped-def]
    prompt = json.dumps([{"role": "user", "content": "Refund?"}])
    path = write_csv([["System", "Prompt", "Chosen", "Rejected"],
                      ["You are a shop clerk.", prompt, "Yes, within 14 days.", "No."]])
    pair = load_preferences(path).pairs[0]
    assert pair.prompt == (Message("system", "You are a shop clerk."), Message("user", "Refund?"))


def test_chosen_that_repeats_the_conversation(write_jsonl) -> None:  # type: ignore[no-untyped-def]
    user = {"role": "user", "content": "Hours?"}
    path = write_jsonl([{"prompt": [user],
                         "chosen": [user, {"role": "assistant", "content": "9 to 5."}],
                         "rejected": [user, {"role": "assistant", "content": "Dunno."}]}])
    pair = load_preferences(path).pairs[0]
    assert (pair.chosen, pair.rejected) == ("9 to 5.", "Dunno.")


def test_trl_dataset_format(write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv([["prompt", "chosen", "rejected"], ["Q", "Good", "Bad"]])
    dataset = pairs_to_hf_dataset(load_preferences(path).pairs)
    assert dataset.column_names == ["prompt", "chosen", "rejected"]
    assert dataset[0] == {"prompt": [{"role": "user", "content": "Q"}],
                          "chosen": [{"role": "assistant", "content": "Good"}],
                          "rejected": [{"role": "assistant", "content": "Bad"}]}


def test_written_pairs_round_trip(tmp_path: Path, write_csv) -> None:  # type: ignore[no-untyped-def]
    from dpo_desktop.core.data import write_pairs_jsonl

    source = load_preferences(write_csv([["prompt", "chosen", "rejected", "system"],
                                         ["質問です", "良い", "悪い", "丁寧に"]]))
    out = tmp_path / "out" / "train.jsonl"
    write_pairs_jsonl(source.pairs, out)
    again = load_preferences(out)
    assert [(p.prompt, p.chosen, p.rejected) for p in again.pairs] == \
        [(p.prompt, p.chosen, p.rejected) for p in source.pairs]
