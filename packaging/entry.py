"""The frozen app's entry point: `dpo-desktop --self-check`, else exactly `python -m dpo_desktop`.

Installers and support instructions say ``--self-check`` (a flag reads more naturally
after an executable's name than a subcommand); it maps onto the ``self-check``
subcommand. Everything else goes to the normal CLI, which opens the GUI when no
subcommand is given.
"""

from __future__ import annotations

import multiprocessing
import sys


def translate(argv: list[str]) -> list[str]:
    """``--self-check [options]`` → ``self-check [options]``; anything else unchanged."""
    if "--self-check" in argv:
        return ["self-check", *(a for a in argv if a != "--self-check")]
    return argv


def main() -> int:
    multiprocessing.freeze_support()  # datasets/torch may start worker processes
    from dpo_desktop.cli import main as cli_main

    return cli_main(translate(sys.argv[1:]))


if __name__ == "__main__":
    sys.exit(main())
