"""The simulator's panel: the printed tickets as they come out, and the commands of the
control interface as buttons. The only module of the simulator that imports Qt.

Tickets arrive on the printer's line thread; a signal carries them to the Qt thread.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from firmware_sim.printer import render
from firmware_sim.printer.document import Ticket
from firmware_sim.rig import CommandError, Rig

NOTES = (500, 1000, 2000, 5000, 10000)
PRINTER_KNOBS = ("paper_near_end", "paper_out", "cover_open", "offline", "unplugged")


class _TicketBridge(QObject):
    printed = Signal(object)


class Panel(QWidget):
    def __init__(self, rig: Rig, title: str = "") -> None:
        super().__init__()
        self.rig = rig
        self.setWindowTitle(f"Guichet — simulated devices{f' — {title}' if title else ''}")
        self.setAccessibleName("Simulated devices panel")
        self._bridge = _TicketBridge()
        self._bridge.printed.connect(self._show_ticket)
        rig.on_ticket(self._bridge.printed.emit)

        self.tickets = QListWidget()
        self.tickets.setAccessibleName("Printed tickets")
        self.tickets.currentRowChanged.connect(self._select)
        self.image = QLabel("No ticket printed yet")
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setAccessibleName("Selected ticket")
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        self.result = QLabel("")
        self.result.setAccessibleName("Last command result")
        self._images: list[QPixmap] = []

        layout = QHBoxLayout(self)
        controls = QWidget()
        left = QVBoxLayout(controls)
        # what a demo does most first (feed a note, scan a ticket): a short panel shows them
        left.addWidget(self._notes_box())
        left.addWidget(self._scanner_box())
        left.addWidget(self._card_box())
        left.addWidget(self._printer_box())
        left.addWidget(self.result)
        left.addStretch()
        # the commands scroll: the demo lays the panel out short, under its terminal's window
        commands = QScrollArea()
        commands.setAccessibleName("Device commands")
        commands.setWidget(controls)
        commands.setWidgetResizable(True)
        commands.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        commands.setMinimumWidth(controls.sizeHint().width() + 24)
        layout.addWidget(commands)
        layout.addWidget(self.tickets, 1)
        layout.addWidget(scroll, 2)

    # -- command boxes --------------------------------------------------------------------

    def _card_box(self) -> QGroupBox:
        box = QGroupBox("Card reader")
        grid = QGridLayout(box)
        self.card_number = QLineEdit("4970101234567893")
        self.card_number.setAccessibleName("Card number")
        self.card_holder = QLineEdit("DUPONT/JEAN")
        self.card_holder.setAccessibleName("Card holder")
        swipe = QPushButton("Swipe card")
        swipe.setAccessibleName("Swipe card")
        swipe.clicked.connect(
            lambda: self.run(
                {
                    "cmd": "swipe",
                    "number": self.card_number.text(),
                    "holder": self.card_holder.text(),
                }
            )
        )
        grid.addWidget(self.card_number, 0, 0)
        grid.addWidget(self.card_holder, 1, 0)
        grid.addWidget(swipe, 2, 0)
        return box

    def _scanner_box(self) -> QGroupBox:
        box = QGroupBox("Barcode scanner")
        row = QHBoxLayout(box)
        self.code = QLineEdit()
        self.code.setAccessibleName("Code to scan")
        scan = QPushButton("Scan")
        scan.setAccessibleName("Scan code")
        scan.clicked.connect(lambda: self.run({"cmd": "scan", "code": self.code.text()}))
        row.addWidget(self.code)
        row.addWidget(scan)
        return box

    def _notes_box(self) -> QGroupBox:
        box = QGroupBox("Bill acceptor")
        row = QHBoxLayout(box)
        self.note = QComboBox()
        self.note.setAccessibleName("Note value")
        self.note.view().setAccessibleName("Note values")
        for cents in NOTES:
            self.note.addItem(f"{cents // 100} €", cents)
        insert = QPushButton("Insert note")
        insert.setAccessibleName("Insert note")
        insert.clicked.connect(
            lambda: self.run({"cmd": "insert", "amount": int(self.note.currentData())})
        )
        row.addWidget(self.note)
        row.addWidget(insert)
        return box

    def _printer_box(self) -> QGroupBox:
        box = QGroupBox("Printer faults")
        column = QVBoxLayout(box)
        self.knobs: dict[str, QCheckBox] = {}
        for knob in PRINTER_KNOBS:
            check = QCheckBox(knob.replace("_", " "))
            check.setAccessibleName(f"Printer {knob.replace('_', ' ')}")
            check.toggled.connect(
                lambda on, knob=knob: self.run(
                    {"cmd": "fault", "device": "printer", "knob": knob, "value": on}
                )
            )
            column.addWidget(check)
            self.knobs[knob] = check
        return box

    def run(self, request: dict[str, Any]) -> None:
        """Commands only touch in-memory device state and queue bytes: quick, no I/O wait."""
        try:
            reply = self.rig.command(request)
        except CommandError as exc:
            self.result.setText(f"✗ {exc}")
            return
        detail = reply.get("result", "done")
        self.result.setText(f"✓ {request['cmd']}: {detail}")

    # -- tickets --------------------------------------------------------------------------

    def _show_ticket(self, ticket: Ticket) -> None:
        image = render.to_image(ticket).convert("RGB")
        data = image.tobytes()
        qimage = QImage(
            data, image.width, image.height, 3 * image.width, QImage.Format.Format_RGB888
        )
        self._images.append(QPixmap.fromImage(qimage.copy()))
        first = next((b for b in ticket.text_lines() if b.strip()), "ticket")
        self.tickets.addItem(f"{len(self._images)}. {first.strip()}")
        self.tickets.setCurrentRow(len(self._images) - 1)

    def _select(self, row: int) -> None:
        if 0 <= row < len(self._images):
            self.image.setPixmap(self._images[row])


def run_panel(
    rig: Rig,
    stop: threading.Event,
    title: str = "",
    geometry: tuple[int, int, int, int] | None = None,
) -> None:
    """The panel until ``stop``: at ``geometry`` (left, top, width, height) when given."""
    app = QApplication.instance() or QApplication([])
    panel = Panel(rig, title)
    if geometry is None:
        panel.resize(1200, 800)
    else:
        panel.setGeometry(*geometry)
    panel.show()
    timer = QTimer()
    timer.timeout.connect(lambda: stop.is_set() and app.quit())
    timer.start(200)
    app.exec()
