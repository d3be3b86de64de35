"""`python -m dpo_desktop` behaves exactly like the `dpo-desktop` command."""

import sys

from dpo_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
