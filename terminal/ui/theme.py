"""Looks: the normal theme and a high-contrast one, each in normal or large text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    high_contrast: bool = False
    large_text: bool = False

    @property
    def name(self) -> str:
        return ("contrast" if self.high_contrast else "standard") + (
            "-large" if self.large_text else ""
        )

    def stylesheet(self, base_points: int = 13) -> str:
        size = base_points + (6 if self.large_text else 0)
        if self.high_contrast:
            ground, text, accent, muted, warn = (
                "#000000",
                "#ffffff",
                "#ffff00",
                "#ffffff",
                "#ff6060",
            )
            border = "2px solid #ffffff"
        else:
            ground, text, accent, muted, warn = (
                "#f4f1ea",
                "#1d1d1b",
                "#0a5c36",
                "#6b6b6b",
                "#b3261e",
            )
            border = "1px solid #b9b3a6"
        return f"""
            QWidget {{ background: {ground}; color: {text}; font-size: {size}pt; }}
            QPushButton {{ border: {border}; border-radius: 6px; padding: 8px 14px;
                           background: {ground}; }}
            QPushButton:focus {{ border: 3px solid {accent}; }}
            QPushButton:checked {{ background: {accent}; color: {ground}; font-weight: bold; }}
            QPushButton[primary="true"] {{ background: {accent}; color: {ground};
                                          font-weight: bold; }}
            QPushButton:disabled {{ color: {muted}; }}
            QLineEdit, QSpinBox, QTableWidget, QListWidget {{ border: {border};
                                                              padding: 4px; }}
            QCheckBox {{ spacing: 8px; }}
            QCheckBox::indicator {{ width: {size + 4}px; height: {size + 4}px; border: {border};
                                    background: {ground}; }}
            QCheckBox::indicator:checked {{ background: {accent}; }}
            QLabel[role="title"] {{ font-size: {size + 10}pt; font-weight: bold; }}
            QLabel[role="cost"] {{ font-size: {size + 6}pt; font-weight: bold; color: {accent}; }}
            QLabel[role="problem"] {{ color: {warn}; font-weight: bold; }}
            QLabel[role="banner"] {{ background: {warn}; color: #ffffff; padding: 8px;
                                     font-weight: bold; }}
        """
