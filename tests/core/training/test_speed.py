"""The speed plan's decisions (precision, checkpointing, precompute, Liger) and the
length-grouped sampler; no GPU or optional package is needed for any branch."""

from __future__ import annotations

import importlib.util
from dataclasses import replace

import pytest

from dpo_desktop.core.config import LoraSettings, RunConfig, TrainingSettings
from dpo_desktop.core.hardware import HardwareInfo
from dpo_desktop.core.memory import ModelShape
from dpo_desktop.core.training import batching, speed

GIB = 1024**3
DEMO_SHAPE = ModelShape(30, 576, 1536, 9, 3, 49152, True)


def cpu(ram_available: int | None = 16 * GIB) -> HardwareInfo:
    return HardwareInfo(cuda=False, device_name="CPU", vram_total=None, vram_free=None,
                        compute_capability=None, bf16=False, bitsandbytes=False, unsloth=False,
                        cpu_cores=2, ram_total=24 * GIB, ram_available=ram_available)


def gpu(bf16: bool = True) -> HardwareInfo:
    return replace(cpu(), cuda=True, device_name="NVIDIA L4", vram_total=24 * GIB,
                   vram_free=22 * GIB, compute_capability=(8, 9), bf16=bf16, bitsandbytes=True)


def config(**training: object) -> RunConfig:
    return RunConfig(training=replace(TrainingSettings(max_steps=20), **training))


def test_cpu_precision_follows_native_bf16() -> None:
    native = speed.plan(config(), "cpu-lora", cpu(), train_rows=61, shape=DEMO_SHAPE,
                        cpu_bf16=True)
    assert native.precision == "bf16-autocast"
    assert native.trainer_args()["bf16"] is True and native.trainer_args()["fp16"] is False
    emulated = speed.plan(config(), "cpu-lora", cpu(), train_rows=61, shape=DEMO_SHAPE,
                          cpu_bf16=False)
    assert emulated.precision == "fp32" and emulated.trainer_args()["bf16"] is False
    assert "no native bf16" in dict(emulated.reasons)["precision"]
    # The probe itself answers when not told.
    from dpo_desktop.core.hardware import cpu_bf16_supported

    probed = speed.plan(config(), "cpu-lora", cpu(), train_rows=61, shape=DEMO_SHAPE)
    assert (probed.precision == "bf16-autocast") == cpu_bf16_supported()


def test_gpu_precision_is_bf16_or_fp16() -> None:
    assert speed.plan(config(), "qlora", gpu(True), train_rows=61, shape=DEMO_SHAPE,
                      liger=False).precision == "bf16"
    fp16 = speed.plan(config(), "qlora", gpu(False), train_rows=61, shape=DEMO_SHAPE,
                      liger=False)
    assert fp16.precision == "fp16" and fp16.trainer_args()["fp16"] is True


def test_checkpointing_is_chosen_by_the_memory_estimate() -> None:
    # Without the pairs' lengths every pair is taken to fill max_length (512 here): about
    # 10 GiB for the demo without checkpointing, so "roomy" is 32 GiB free.
    roomy = speed.plan(config(), "cpu-lora", cpu(32 * GIB), train_rows=61, shape=DEMO_SHAPE,
                       cpu_bf16=True)
    assert not roomy.gradient_checkpointing
    assert "fits" in dict(roomy.reasons)["gradient_checkpointing"]
    tight = speed.plan(config(), "cpu-lora", cpu(2 * GIB), train_rows=61, shape=DEMO_SHAPE,
                       cpu_bf16=True)
    assert tight.gradient_checkpointing
    assert "free RAM" in dict(tight.reasons)["gradient_checkpointing"]
    asked = speed.plan(config(gradient_checkpointing=True), "cpu-lora", cpu(), train_rows=61,
                       shape=DEMO_SHAPE, cpu_bf16=True)
    assert asked.gradient_checkpointing
    # With the real pairs' length the estimate is a batch of the longest pair: the demo's
    # sample (about 150 tokens) fits easily in 12 GiB, where max_length would not.
    short = speed.plan(config(), "cpu-lora", cpu(12 * GIB), train_rows=61, shape=DEMO_SHAPE,
                       cpu_bf16=True, longest_pair=150)
    assert not short.gradient_checkpointing
    assert speed.plan(config(), "cpu-lora", cpu(12 * GIB), train_rows=61, shape=DEMO_SHAPE,
                      cpu_bf16=True).gradient_checkpointing
    assert speed.plan(config(), "cpu-lora", cpu(GIB // 2), train_rows=61, shape=DEMO_SHAPE,
                      cpu_bf16=True, longest_pair=150).gradient_checkpointing
    unknown = speed.plan(config(), "cpu-lora", cpu(None), train_rows=61, shape=DEMO_SHAPE,
                         cpu_bf16=True)
    assert not unknown.gradient_checkpointing
    assert speed.plan(config(), "qlora", gpu(), train_rows=61, shape=DEMO_SHAPE,
                      liger=False).gradient_checkpointing
    assert not speed.plan(config(), "unsloth", gpu(), train_rows=61, shape=DEMO_SHAPE,
                          liger=True).gradient_checkpointing


def test_reference_is_precomputed_only_for_more_than_one_pass() -> None:
    one_pass = speed.plan(config(max_steps=15, batch_size=4), "cpu-lora", cpu(), train_rows=61,
                          shape=DEMO_SHAPE, cpu_bf16=True)
    assert not one_pass.precompute_reference  # 15 steps × 4 ≤ 61 pairs
    one_and_a_half = speed.plan(config(max_steps=24, batch_size=4), "cpu-lora", cpu(),
                                train_rows=61, shape=DEMO_SHAPE, cpu_bf16=True)
    assert not one_and_a_half.precompute_reference  # a step-limited run: twice or more
    two_passes = speed.plan(config(max_steps=40, batch_size=4), "cpu-lora", cpu(),
                            train_rows=61, eval_rows=11, shape=DEMO_SHAPE, cpu_bf16=True)
    assert two_passes.precompute_reference
    assert "2.5 times" in dict(two_passes.reasons)["precompute_reference"]
    # The pass also scores the held-out pairs: with few saved forwards it does not pay.
    assert not speed.plan(config(max_steps=0, epochs=1.1), "cpu-lora", cpu(), train_rows=61,
                          eval_rows=11, shape=DEMO_SHAPE, cpu_bf16=True).precompute_reference
    by_epochs = speed.plan(config(max_steps=0, epochs=3.0), "cpu-lora", cpu(), train_rows=61,
                           shape=DEMO_SHAPE, cpu_bf16=True)
    assert by_epochs.precompute_reference and by_epochs.trainer_args()[
        "precompute_ref_log_probs"]
    asked = speed.plan(config(precompute_reference=True), "cpu-lora", cpu(), train_rows=61,
                       shape=DEMO_SHAPE, cpu_bf16=True)
    assert asked.precompute_reference


def test_liger_decision_follows_trl_rules() -> None:
    def liger(cfg: RunConfig, backend: str, info: HardwareInfo, installed: bool) -> bool:
        return speed.plan(cfg, backend, info, train_rows=61, shape=DEMO_SHAPE,
                          liger=installed).liger

    assert liger(config(), "qlora", gpu(), True)
    assert not liger(config(), "qlora", gpu(), False)  # not installed
    assert not liger(config(), "cpu-lora", cpu(), True)  # no GPU
    assert not liger(config(), "unsloth", gpu(), True)  # unsloth's own kernels
    assert not liger(config(liger_kernel=False), "qlora", gpu(), True)  # turned off
    on_head = replace(config(), lora=LoraSettings(target_modules=("q_proj", "lm_head")))
    assert not liger(on_head, "qlora", gpu(), True)
    plan = speed.plan(config(), "qlora", gpu(), train_rows=61, shape=DEMO_SHAPE, liger=True)
    args = plan.trainer_args()
    assert args["use_liger_kernel"] is True
    # TRL patches the LM head itself and refuses Liger's fused cross-entropy.
    assert args["liger_kernel_config"] == {"fused_linear_cross_entropy": False}
    assert "use_liger_kernel" not in speed.plan(config(), "qlora", gpu(), train_rows=61,
                                                shape=DEMO_SHAPE, liger=False).trainer_args()


@pytest.mark.skipif(importlib.util.find_spec("liger_kernel") is not None,
                    reason="liger-kernel is installed here")
def test_liger_not_installed_is_detected_without_importing_it() -> None:
    assert not speed.liger_installed()
    plan = speed.plan(config(), "qlora", gpu(), train_rows=61, shape=DEMO_SHAPE)
    assert not plan.liger
    assert "not installed" in dict(plan.reasons)["liger_kernel"]


def test_prompt_sharing_is_used_on_the_cpu_where_the_model_takes_it() -> None:
    def share(backend: str, info: HardwareInfo, supported: bool) -> speed.SpeedPlan:
        return speed.plan(config(), backend, info, train_rows=61, shape=DEMO_SHAPE,
                          cpu_bf16=True, liger=False, prompt_sharing=supported)

    on = share("cpu-lora", cpu(), True)
    assert on.share_prompt and "prompt" in dict(on.reasons)["share_prompt"]
    assert share("qlora", cpu(), True).share_prompt  # 4-bit on the CPU too
    assert not share("cpu-lora", cpu(), False).share_prompt  # e.g. flash attention
    assert "GPU" in dict(share("qlora", gpu(), True).reasons)["share_prompt"]
    assert not share("qlora", gpu(), True).share_prompt
    assert not share("unsloth", gpu(), True).share_prompt


def test_resolved_entries_name_each_choice_and_its_reason() -> None:
    plan = speed.plan(config(), "cpu-lora", cpu(), train_rows=61, shape=DEMO_SHAPE,
                      cpu_bf16=True)
    resolved = plan.resolved()
    for key in ("precision", "gradient_checkpointing", "precompute_reference",
                "group_by_length", "liger_kernel", "share_prompt"):
        assert key in resolved and resolved[f"{key}_reason"]


def test_longest_pair_is_counted_in_tokens(demo_dir: object) -> None:
    from transformers import AutoTokenizer

    from dpo_desktop.core.data import load_preferences
    from dpo_desktop.core.data.types import Message, PreferencePair
    from dpo_desktop.core.resources import sample_path

    tokenizer = AutoTokenizer.from_pretrained(str(demo_dir))
    pairs = load_preferences(sample_path("support_en.csv")).pairs
    longest = speed.longest_pair_tokens(pairs, tokenizer)
    assert longest is not None and 60 < longest < 300
    long_answer = PreferencePair(row=99, prompt=(Message("user", "Why?"),),
                                 chosen="Because. " * 300, rejected="No.")
    assert speed.longest_pair_tokens([*pairs, long_answer], tokenizer) > 600
    assert speed.longest_pair_tokens([], tokenizer) is None


def test_model_shape_from_a_transformers_config(tiny_model_dir: object) -> None:
    from transformers import AutoConfig

    shape = speed.model_shape(AutoConfig.from_pretrained(str(tiny_model_dir)))
    assert shape is not None and shape.layers == 2
    assert speed.model_shape(object()) is None


def test_grouped_batches_cut_padding_and_keep_every_pair_once() -> None:
    import random

    rng = random.Random(0)
    lengths = [rng.randint(20, 400) for _ in range(200)]
    order = batching.grouped_order(lengths, 4, seed=1)
    assert sorted(order) == list(range(200))

    def padded(indices: list[int]) -> int:
        return sum(4 * max(lengths[i] for i in indices[k:k + 4])
                   for k in range(0, len(indices), 4))

    shuffled = list(range(200))
    random.Random(1).shuffle(shuffled)
    assert padded(order) < 0.8 * padded(shuffled)
    assert batching.grouped_order(lengths, 4, seed=1) == order  # same seed, same epoch
    assert batching.grouped_order(lengths, 4, seed=2) != order


def test_sampler_gives_each_epoch_its_own_order_and_repeats_it_on_resume() -> None:
    lengths = list(range(10, 74))
    sampler = batching.LengthGroupedSampler(lengths, 4, seed=42)
    sampler.set_epoch(0)
    first = list(sampler)
    sampler.set_epoch(1)
    second = list(sampler)
    assert first != second and sorted(first) == sorted(second) == list(range(64))
    resumed = batching.LengthGroupedSampler(lengths, 4, seed=42)
    resumed.set_epoch(1)
    assert list(resumed) == second
    unset = batching.LengthGroupedSampler(lengths, 4, seed=42)
    assert list(unset) == first and list(unset) == second  # advances by itself
    assert len(sampler) == 64


def test_a_run_records_its_speed_choices_and_reports_evaluation_progress(
        tiny_config: RunConfig) -> None:
    from pathlib import Path

    from dpo_desktop.core.config import load_config, tomllib
    from dpo_desktop.core.events import Event, PhaseChanged
    from dpo_desktop.core.training import Engine
    from tests.core.training.conftest import read_json

    events: list[Event] = []
    result = Engine().run(tiny_config, events.append)
    assert result.status == "completed", result.message
    run = Path(tiny_config.output_dir)
    resolved = tomllib.loads((run / "run.toml").read_text(encoding="utf-8"))["resolved"]
    assert resolved["precision"] in ("bf16-autocast", "fp32")
    assert resolved["gradient_checkpointing"] is False  # the tiny model fits easily
    assert resolved["precompute_reference"] is False and resolved["group_by_length"] is True
    assert resolved["liger_kernel"] is False and "GPU" in resolved["liger_kernel_reason"]
    assert resolved["share_prompt"] is True  # a Llama with SDPA attention on the CPU
    assert load_config(run / "run.toml").training == tiny_config.training  # still re-runnable
    rows = read_json(run / "eval.json")["eval_rows"]
    progress = [(e.current, e.total) for e in events
                if isinstance(e, PhaseChanged) and e.phase == "evaluating"]
    # Before training the adapter is the reference: exactly chance, known without a pass.
    assert progress[0] == (rows, rows)
    after = progress[1:]
    assert after[0] == (0, rows) and after[-1] == (rows, rows)
    assert [done for done, _ in after] == sorted(done for done, _ in after)
    scores = read_json(run / "eval.json")
    assert scores["before"] == {"accuracy": 0.5, "margin": 0.0}


def test_multi_epoch_runs_precompute_the_reference_with_progress(
        tiny_config: RunConfig, tmp_path: object) -> None:
    from pathlib import Path

    from dpo_desktop.core.config import tomllib
    from dpo_desktop.core.events import Event, PhaseChanged
    from dpo_desktop.core.resources import sample_path
    from dpo_desktop.core.training import Engine
    from tests.core.training.conftest import without_eval

    small = Path(str(tmp_path)) / "small.csv"  # 6 pairs, batch 2, 2 epochs: 6 steps
    lines = sample_path("support_en.csv").read_text(encoding="utf-8").splitlines()
    small.write_text("\n".join(lines[:7]) + "\n", encoding="utf-8")
    config = without_eval(tiny_config, max_steps=0, epochs=2.0)
    config = replace(config, data=replace(config.data, path=str(small)))
    events: list[Event] = []
    assert Engine().run(config, events.append).status == "completed"
    run = Path(config.output_dir)
    resolved = tomllib.loads((run / "run.toml").read_text(encoding="utf-8"))["resolved"]
    assert resolved["precompute_reference"] is True
    assert "2.0 times" in resolved["precompute_reference_reason"]
    progress = [(e.current, e.total) for e in events
                if isinstance(e, PhaseChanged) and e.phase == "precomputing_reference"]
    assert progress[0] == (0, 6) and progress[-1] == (6, 6)
