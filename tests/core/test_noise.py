"""Only the known, harmless library messages are filtered; real ones still show."""

from __future__ import annotations

import logging
import warnings

import pytest

from dpo_desktop.core.noise import BNB_CPU_LOGGER, quiet_known_noise


def test_known_future_warning_is_filtered_others_are_not() -> None:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        quiet_known_noise()
        warnings.warn("`is_gradient_checkpointing` is deprecated and will be removed in v6. "
                      "Use `is_activation_checkpointing` instead.", FutureWarning, stacklevel=1)
        warnings.warn("`something_else` is deprecated", FutureWarning, stacklevel=1)
        warnings.warn("`is_gradient_checkpointing` but a UserWarning", UserWarning, stacklevel=1)
    assert [str(w.message) for w in seen] == ["`something_else` is deprecated",
                                              "`is_gradient_checkpointing` but a UserWarning"]


def test_missing_kernels_message_is_filtered_other_failures_are_not(
        caplog: pytest.LogCaptureFixture) -> None:
    quiet_known_noise()
    quiet_known_noise()  # twice: still one filter
    logger = logging.getLogger(BNB_CPU_LOGGER)
    assert len(logger.filters) == 1
    template = ("Failed to load CPU gemm_4bit_forward from kernels-community: %s. Please make "
                "sure you already `pip install kernels` and the kernels >= 0.11.1")
    with caplog.at_level(logging.WARNING, logger=BNB_CPU_LOGGER):
        logger.warning(template, ModuleNotFoundError("No module named 'kernels'"))
        logger.warning(template, RuntimeError("kernel version 0.9 is too old"))
        logger.warning("some other bitsandbytes warning")
    assert [r.getMessage()[-30:] for r in caplog.records] == [
        template[-30:], "some other bitsandbytes warning"[-30:]]
    assert "too old" in caplog.records[0].getMessage()
