"""A yes/no question to the clerk, in the counter's language: a cancellation's refund, the Z's
difference. Its buttons carry the catalogue's words, not Qt's, and their accessible names."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from catalogue import Words


def question_box(parent: QWidget, words: Words, question: str) -> QMessageBox:
    w = words
    box = QMessageBox(QMessageBox.Icon.Question, w.gettext("Confirm"), question, parent=parent)
    box.setAccessibleName(w.gettext("Confirm"))
    for text, role in (
        (w.gettext("Yes"), QMessageBox.ButtonRole.YesRole),
        (w.gettext("No"), QMessageBox.ButtonRole.NoRole),
    ):
        box.addButton(text, role).setAccessibleName(text)
    return box


def answered_yes(box: QMessageBox) -> bool:
    """Ask (modal) and say whether the clerk chose Yes."""
    box.exec()
    clicked = box.clickedButton()
    return clicked is not None and box.buttonRole(clicked) == QMessageBox.ButtonRole.YesRole
