"""Known, harmless messages from libraries, kept off stderr; every other warning stays.

Each entry is matched narrowly (its category, its logger and the start of its text) and
says why it is harmless, so a new or real warning is never swallowed:

* transformers' ``is_gradient_checkpointing`` FutureWarning: raised inside transformers/TRL
  themselves when they read the old property name; nothing for a user (or us) to change.
* bitsandbytes' "Failed to load CPU gemm_4bit_forward from kernels-community: No module
  named 'kernels'": the optional ``kernels`` package is not installed, so bitsandbytes
  uses its built-in CPU 4-bit kernel. Any other reason for the failure is still shown.
"""

from __future__ import annotations

import logging
import warnings

BNB_CPU_LOGGER = "bitsandbytes.backends.cpu.ops"


class _KernelsMissing(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        return not (text.startswith("Failed to load CPU gemm_4bit_forward from "
                                    "kernels-community")
                    and "No module named 'kernels'" in text)


_FILTER = _KernelsMissing("dpo_desktop.noise")


def quiet_known_noise() -> None:
    """Install the filters (idempotent); called once by the app and the CLI at start."""
    warnings.filterwarnings("ignore", message=r"`is_gradient_checkpointing` is deprecated",
                            category=FutureWarning)
    logger = logging.getLogger(BNB_CPU_LOGGER)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
