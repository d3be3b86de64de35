"""The engine of DPO Desktop. Nothing here imports Qt: the GUI, the CLI and tests share it."""
