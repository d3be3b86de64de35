"""The PySide6 desktop app: thin views over :mod:`dpo_desktop.core`."""
