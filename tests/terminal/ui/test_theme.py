"""Disabled buttons stay readable: their text against their ground, as drawn by Qt with the
theme's stylesheet, reaches WCAG AA (4.5:1) in the standard and the high-contrast theme, for
a plain button, a primary one (the accent's ground when enabled) and a switch turned on."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from terminal.ui.theme import Theme

AA = 4.5


def luminance(colour: QColor) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.red())
        + 0.7152 * linear(colour.green())
        + 0.0722 * linear(colour.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def drawn_colours(button: QPushButton) -> tuple[QColor, QColor]:
    """The button's ground (its commonest colour inside the border) and its text (the colour
    farthest from the ground: the inside of a bold glyph, not its anti-aliased edge)."""
    image = button.grab().toImage()
    inside = [
        image.pixelColor(x, y)
        for x in range(6, image.width() - 6)
        for y in range(6, image.height() - 6)
    ]
    ground = QColor(Counter(c.rgb() for c in inside).most_common(1)[0][0])
    text = max(inside, key=lambda c: contrast(c, ground))
    return ground, text


@pytest.mark.parametrize("high_contrast", [False, True], ids=["standard", "contrast"])
@pytest.mark.parametrize("kind", ["plain", "primary", "checked"])
def test_a_disabled_button_keeps_aa_contrast(qtbot: QtBot, high_contrast: bool, kind: str) -> None:
    theme = Theme(high_contrast, large_text=True)
    holder = QWidget()
    qtbot.addWidget(holder)
    holder.setStyleSheet(theme.stylesheet())
    button = QPushButton("Suivant WMH", holder)
    button.setProperty("primary", "true" if kind == "primary" else "false")
    button.setCheckable(kind == "checked")
    button.setChecked(kind == "checked")
    button.resize(360, 90)
    holder.show()
    enabled_ground, _ = drawn_colours(button)
    button.setEnabled(False)
    ground, text = drawn_colours(button)
    colours = theme.colours
    assert ground.name() == colours.ground  # no longer the accent of a primary or checked one
    assert text.name() == colours.disabled
    assert contrast(text, ground) >= AA, (kind, text.name(), ground.name())
    if kind != "plain":  # enabled, it was drawn on the accent: the rule above is what changed
        assert enabled_ground.name() == colours.accent


@pytest.mark.parametrize(
    "theme", [Theme(), Theme(high_contrast=True)], ids=["standard", "contrast"]
)
def test_the_themes_colours_reach_aa(theme: Theme) -> None:
    c = theme.colours
    assert contrast(QColor(c.disabled), QColor(c.ground)) >= AA
    assert contrast(QColor(c.text), QColor(c.ground)) >= AA
    assert contrast(QColor(c.ground), QColor(c.accent)) >= AA  # a primary button's text
