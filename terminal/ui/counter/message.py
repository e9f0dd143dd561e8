"""The counter's message line and the task worker its operations run in.

Every flow of the counter (a sale, a ticket, the till) runs its reads and operations in the
task worker and tells their outcome on the one line under the entry; a failure is told there
too, in the counter's words. The flows are given this, never the window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel

from catalogue import Words
from terminal.counter.sayings import Said
from terminal.ui.fit import set_role
from terminal.ui.tasks import Tasks


class MessageLine:
    def __init__(self, label: QLabel, tasks: Tasks, words: Words) -> None:
        self.label, self.tasks, self.words = label, tasks, words

    def say(self, text: str, *, problem: bool = False) -> None:
        self.label.setText(text)
        self.label.setToolTip(text)
        set_role(self.label, "problem" if problem else "")

    def tell(self, said: Said) -> None:
        self.say(said.text, problem=said.problem)

    def failed(self, err: BaseException) -> None:
        self.say(self.words.problem(err), problem=True)

    def run(self, work: Callable[[], Any], done: Callable[[Any], None], latest: str = "") -> None:
        """``latest``: a read only whose newest answer matters (``Tasks.run_latest``)."""
        if latest:
            self.tasks.run_latest(latest, work, done, self.failed)
        else:
            self.tasks.run(work, done, self.failed)

    def answer(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """``run``, on the thread that waits for the server's answers (``Tasks.answer``)."""
        self.tasks.answer(work, done, self.failed)
