"""The training engine: TRL's DPOTrainer with LoRA, behind ``Engine.run(config, on_event)``."""

from dpo_desktop.core.training.control import TrainingControl
from dpo_desktop.core.training.engine import Engine, RunResult
from dpo_desktop.core.training.rundir import RunDir, default_runs_dir

__all__ = ["Engine", "RunDir", "RunResult", "TrainingControl", "default_runs_dir"]
