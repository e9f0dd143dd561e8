"""The ticket printer: jobs written through the port, each confirmed by a status read after
its cut, and the paper watched between jobs so a kiosk can say "out of paper" before it takes
anyone's money.
"""

from __future__ import annotations

import time

from drivers.device import Device
from drivers.errors import (
    CoverOpen,
    DeviceError,
    DeviceTimeout,
    PaperOut,
    PrinterOffline,
)
from drivers.events import StatusEvent
from drivers.port import LineSettings, Port
from drivers.printer import layout
from drivers.printer.status import (
    QUERY_OFFLINE_CAUSE,
    QUERY_PAPER,
    QUERY_PRINTER,
    PrinterStatus,
    StatusBytes,
    decode,
    is_status_byte,
)


class TicketPrinter(Device):
    # 38,400 baud 8N1 is the serial default of Epson TM-T88 series printers
    settings = LineSettings(baudrate=38400, read_timeout=0.05, write_timeout=10.0)
    idle_interval = 0.25
    #: how long one DLE EOT answer may take once the printer has the query
    answer_timeout = 0.5
    #: how often the paper is looked at between jobs
    watch_interval = 2.0

    def __init__(self, name: str, url: str, **kwargs: object) -> None:
        super().__init__(name, url, **kwargs)  # type: ignore[arg-type]
        self.last_status = PrinterStatus.UNKNOWN
        self._watched_at = 0.0

    # -- what the application calls -------------------------------------------------------

    def status(self, timeout: float = 5.0) -> PrinterStatus:
        return self.call(self._status, timeout)

    def print_slip(self, slip: layout.Slip, timeout: float = 30.0) -> PrinterStatus:
        """A ticket, voucher, receipt or report, confirmed by a status read after the cut."""
        return self.print_job(layout.slip(slip), timeout)

    def open_drawer(self, timeout: float = 3.0) -> None:
        self.call(lambda port: port.write(layout.drawer_kick()), timeout)

    def print_job(self, job: bytes, timeout: float = 30.0) -> PrinterStatus:
        """Print and return the status read after the cut; raise if the job is not confirmed.

        Raises PaperOut, CoverOpen or PrinterOffline when the printer cannot print (before:
        nothing was sent; after: the ticket may be incomplete and the caller must reprint or
        undo), DeviceTimeout when it did not answer, DeviceOffline when it is gone.
        """
        return self.call(lambda port: self._print(port, job), timeout)

    # -- on the I/O thread ----------------------------------------------------------------

    def _print(self, port: Port, job: bytes) -> PrinterStatus:
        _raise_unless_printable(self.name, self._status(port), before=True)
        port.write(job)
        # the answer queues behind the job on the line: allow for its transfer time
        transfer = len(job) * 10 / self.settings.baudrate
        after = self._status(port, first_answer_within=transfer * 1.5 + self.answer_timeout)
        _raise_unless_printable(self.name, after, before=False)
        return after

    def _status(self, port: Port, first_answer_within: float | None = None) -> PrinterStatus:
        port.discard_input()
        answers = StatusBytes(
            printer=self._ask(port, QUERY_PRINTER, first_answer_within or self.answer_timeout),
            offline_cause=self._ask(port, QUERY_OFFLINE_CAUSE, self.answer_timeout),
            paper=self._ask(port, QUERY_PAPER, self.answer_timeout),
        )
        status = decode(answers)
        self._note(status)
        return status

    def _ask(self, port: Port, query: bytes, within: float) -> int | None:
        port.write(query)
        deadline = time.monotonic() + within
        while (left := deadline - time.monotonic()) > 0:
            answer = port.read(1, timeout=min(left, 0.1))
            if answer and is_status_byte(answer[0]):
                return answer[0]
        return None

    def _note(self, status: PrinterStatus) -> None:
        if status is not self.last_status:
            self.last_status = status
            self.emit(StatusEvent(self.name, status.value))

    def probe(self, port: Port) -> str:
        return self._status(port).value

    def on_connected(self, port: Port) -> None:
        self._status(port)
        self._watched_at = time.monotonic()

    def idle(self, port: Port) -> None:
        if time.monotonic() - self._watched_at >= self.watch_interval:
            self._watched_at = time.monotonic()
            self._status(port)


def _raise_unless_printable(device: str, status: PrinterStatus, *, before: bool) -> None:
    if status.can_print:
        return
    when = "cannot print" if before else "stopped: the ticket may be incomplete"
    error: type[DeviceError] = {
        PrinterStatus.PAPER_OUT: PaperOut,
        PrinterStatus.COVER_OPEN: CoverOpen,
        PrinterStatus.OFFLINE: PrinterOffline,
    }.get(status, DeviceTimeout)
    what = "did not answer its status query" if status is PrinterStatus.UNKNOWN else status.value
    raise error(f"the printer {when} ({what})", device=device)
