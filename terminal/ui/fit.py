"""Text that holds in its widget at every supported size, theme and language.

A runner's name may be longer than its button at 1024×768 in large text: it is elided ("…")
and the whole name stays available (tooltip, accessible name), while the lines that must never
be cut — the runner's number, its odds — are kept whole. A message never resizes the panels
around it: it has room for a few lines and wraps within them.

``overflowing(widget)`` is the test's measure: font metrics against the widget's size.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

PADDING = 30  # px: a button's border and padding (the themes give 14 px a side, 1 px border)
COMBO_ARROW = 36  # px: a combo box's arrow, frame and padding
FRAME = 20  # px: the same, top and bottom (8 px a side, a 1 px border, and a little air)


class FitButton(QPushButton):
    """A button of several lines, the ``elide`` ones shortened to the width when they must."""

    def __init__(self, lines: list[str], elide: set[int] | None = None) -> None:
        super().__init__()
        self.lines = lines
        self.elide = elide or set()
        self.setToolTip("\n".join(lines))
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.toggled.connect(self._toggled)
        self._fit()

    def _toggled(self, _checked: bool) -> None:
        self._fit()  # checked, the theme sets it in bold: wider, so fitted again

    def set_lines(self, lines: list[str]) -> None:
        self.lines = lines
        self.setToolTip("\n".join(lines))
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802  (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        metrics = QFontMetrics(shown_font(self))
        room = max(10, self.width() - PADDING)
        shown = [
            metrics.elidedText(line, Qt.TextElideMode.ElideRight, room)
            if index in self.elide
            else line
            for index, line in enumerate(self.lines)
        ]
        text = "\n".join(shown)
        if text != self.text():
            self.setText(text)
        needed = len(self.lines) * metrics.lineSpacing() + FRAME  # every line whole, always
        if self.minimumHeight() < needed:
            self.setMinimumHeight(needed)


def message_label(name: str, lines: int = 2) -> QLabel:
    """A label for outcomes and problems: wraps, never widens its panel, keeps its height."""
    label = QLabel()
    label.setAccessibleName(name)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    label.setProperty("lines", str(lines))
    return label


def hold_lines(label: QLabel) -> None:
    """Give a message label the height of its lines in its current font (after a restyle)."""
    lines = int(label.property("lines") or 2)
    label.ensurePolished()
    spacing = QFontMetrics(label.font()).lineSpacing()
    margins = label.contentsMargins()
    label.setFixedHeight(lines * spacing + margins.top() + margins.bottom() + 4)


def shown_font(widget: QWidget) -> QFont:
    """The font a person sees: the themes draw a checked or primary button in bold, which
    the widget's own font does not say."""
    font = QFont(widget.font())
    if isinstance(widget, QPushButton) and (
        widget.isChecked() or widget.property("primary") == "true"
    ):
        font.setBold(True)
    return font


SAMPLE = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~ àâäçéèêëîïôöùûüÿœÀÉÈ€—–·…×−’«»"
)


def warm_fonts(window: QWidget) -> None:
    """Lay out the theme's button fonts once, plain and bold, when the window is built: the
    first text measured in a font loads its glyphs (60 ms measured here), which would
    otherwise fall on a bettor's first touch of a list."""
    probe = QPushButton(window)
    probe.ensurePolished()
    # a button is measured once before it joins the window (in the application's font), then
    # in the theme's: both, plain and bold
    for base in (QApplication.font(), probe.font()):
        for bold in (False, True):
            font = QFont(base)
            font.setBold(bold)
            QFontMetrics(font).elidedText(SAMPLE, Qt.TextElideMode.ElideRight, 200)
    probe.deleteLater()


def set_role(widget: QWidget, role: str) -> None:
    """The theme's role of a widget (problem, cost, banner); restyled only when it changes:
    polishing costs a millisecond or more a widget, and labels are set at every key."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    widget.style().polish(widget)


def room_for_bold(button: QPushButton) -> None:
    """A switch is drawn in bold once on: it keeps the room for that from the start."""
    button.ensurePolished()  # the theme's font size, not the default's
    bold = QFont(button.font())
    bold.setBold(True)
    wide = max(QFontMetrics(bold).horizontalAdvance(line) for line in button.text().split("\n"))
    button.setMinimumWidth(wide + PADDING)


def overflowing(widget: QWidget) -> str:
    """What of the widget's text does not fit it ("" when all does): a person would see it
    cut. Elided lines of a ``FitButton`` count only if they are lines that must stay whole."""
    if not widget.isVisible():
        return ""
    metrics = QFontMetrics(shown_font(widget))
    if isinstance(widget, FitButton):
        room = widget.width() - PADDING
        for index, line in enumerate(widget.lines):
            if index not in widget.elide and metrics.horizontalAdvance(line) > room:
                return line
        return _too_tall(widget, metrics, len(widget.lines))
    if isinstance(widget, QPushButton | QCheckBox):
        return _button_overflow(widget, metrics)
    if isinstance(widget, QComboBox):  # its current text, beside the arrow
        text = widget.currentText()
        return text if metrics.horizontalAdvance(text) > widget.width() - COMBO_ARROW else ""
    if (
        isinstance(widget, QLabel)
        and widget.text()
        and widget.textFormat() != Qt.TextFormat.RichText
    ):
        rect = widget.contentsRect()
        if widget.wordWrap():
            needed = metrics.boundingRect(
                QRect(0, 0, rect.width(), 100_000), Qt.TextFlag.TextWordWrap, widget.text()
            )
            # a word longer than the line cannot wrap: it is cut
            longest = max((metrics.horizontalAdvance(w) for w in widget.text().split()), default=0)
            if needed.height() > rect.height() + 1 or longest > rect.width() + 1:
                return widget.text()
        else:
            lines = widget.text().split("\n")
            wide = max(metrics.horizontalAdvance(line) for line in lines)
            if wide > rect.width() + 1 or len(lines) * metrics.lineSpacing() > rect.height() + 2:
                return widget.text()
    return ""


def _button_overflow(button: QAbstractButton, metrics: QFontMetrics) -> str:
    lines = button.text().split("\n")
    option = QStyleOptionButton()
    option.initFrom(button)
    if isinstance(button, QCheckBox):
        option.rect = button.rect()
        contents = button.style().subElementRect(
            QStyle.SubElement.SE_CheckBoxContents, option, button
        )
        room = contents.width()
    else:
        room = button.width() - PADDING
    if max(metrics.horizontalAdvance(line) for line in lines) > room:
        return button.text()
    return _too_tall(button, metrics, len(lines), 0 if isinstance(button, QCheckBox) else 8)


def _too_tall(button: QAbstractButton, metrics: QFontMetrics, lines: int, frame: int = 8) -> str:
    """``frame``: what a push button's border and padding take of its height."""
    if lines * metrics.height() > button.height() - frame:
        return button.text()
    return ""
