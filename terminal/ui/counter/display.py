"""The clerk's display choices (large text, high contrast), kept across restarts in a small
file beside the terminal's store: a clerk who needs them does not set them again each day."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from terminal.ui.theme import Theme


class KeptDisplay:
    def __init__(self, store: Path) -> None:
        self.settings = QSettings(
            str(store.with_name(f"{store.stem}-screen.ini")), QSettings.Format.IniFormat
        )

    def read(self, name: str, default: bool) -> bool:
        """A choice as kept (``large_text``, ``high_contrast``), else ``default``."""
        value = self.settings.value(f"display/{name}", "")
        return default if value not in {"true", "false"} else value == "true"

    def keep(self, theme: Theme) -> None:
        for name, chosen in (
            ("large_text", theme.large_text),
            ("high_contrast", theme.high_contrast),
        ):
            self.settings.setValue(f"display/{name}", "true" if chosen else "false")
        self.settings.sync()
