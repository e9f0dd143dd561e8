"""Looks: the normal theme and a high-contrast one, each in normal or large text.

A disabled button keeps its text readable (WCAG AA, 4.5:1) in every theme: it is drawn in the
``disabled`` colour on the plain ground, with a dashed border, whatever it was (a primary
button's accent, a switch turned on) — never grey on green, nor white on yellow.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Colours:
    ground: str
    text: str
    accent: str
    disabled: str  # a disabled button's text, on ``ground``
    warn: str
    border: str  # width, style and colour of a control's border


STANDARD = Colours(
    ground="#f4f1ea",
    text="#1d1d1b",
    accent="#0a5c36",
    disabled="#5f5f5f",
    warn="#b3261e",
    border="1px solid #b9b3a6",
)
HIGH_CONTRAST = Colours(
    ground="#000000",
    text="#ffffff",
    accent="#ffff00",
    disabled="#c0c0c0",
    warn="#ff6060",
    border="2px solid #ffffff",
)


@dataclass(frozen=True)
class Theme:
    high_contrast: bool = False
    large_text: bool = False

    @property
    def name(self) -> str:
        return ("contrast" if self.high_contrast else "standard") + (
            "-large" if self.large_text else ""
        )

    @property
    def colours(self) -> Colours:
        return HIGH_CONTRAST if self.high_contrast else STANDARD

    def stylesheet(self, base_points: int = 13) -> str:
        size = base_points + (6 if self.large_text else 0)
        c = self.colours
        ground, text, accent, warn, border = c.ground, c.text, c.accent, c.warn, c.border
        dashed = border.replace("solid", "dashed")
        return f"""
            QWidget {{ background: {ground}; color: {text}; font-size: {size}pt; }}
            QPushButton {{ border: {border}; border-radius: 6px; padding: 8px 14px;
                           background: {ground}; }}
            QPushButton:focus {{ border: 3px solid {accent}; }}
            QPushButton:checked {{ background: {accent}; color: {ground}; font-weight: bold; }}
            QPushButton[primary="true"] {{ background: {accent}; color: {ground};
                                          font-weight: bold; }}
            QPushButton:disabled, QPushButton:checked:disabled,
            QPushButton[primary="true"]:disabled {{ background: {ground}; color: {c.disabled};
                                                   border: {dashed}; }}
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
