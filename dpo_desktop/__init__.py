"""DPO Desktop: preference tuning of small language models on a desktop PC."""

__version__ = "0.1.0"
