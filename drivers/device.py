"""One device model for every driver, after UnifiedPOS (open → claim → enable → disable →
release → close), with one I/O thread per device, as Electrum runs its hardware plugins.

The I/O thread owns the port: it runs the commands callers submit (:meth:`Device.call`, which
waits with a timeout), and between them the driver's ``idle`` step (read a frame, poll a bill
acceptor, watch a printer's paper). When the link fails it closes the port, reports an
:class:`ErrorEvent` and reopens the same URL every ``reconnect_interval`` until the device is
back, then reports ``StatusEvent(status="reconnected")``: an unplugged device comes back alone.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Generic, TypeVar

from drivers.errors import (
    DeviceError,
    DeviceNotFound,
    DeviceOffline,
    DeviceStateError,
    DeviceTimeout,
)
from drivers.events import (
    DeviceEvent,
    DeviceState,
    ErrorEvent,
    Health,
    Listener,
    StatusEvent,
)
from drivers.port import LineSettings, Port, open_port

T = TypeVar("T")
PortOpener = Callable[[str, LineSettings], Port]
log = logging.getLogger(__name__)


class _Command(Generic[T]):
    def __init__(self, work: Callable[[Port], T]) -> None:
        self.work = work
        self.future: Future[T] = Future()


class Device:
    """Base of every driver. Subclasses set ``settings`` and override the hooks."""

    settings = LineSettings()
    #: how long the I/O thread waits for a command before running ``idle`` again
    idle_interval = 0.05

    def __init__(
        self,
        name: str,
        url: str,
        *,
        opener: PortOpener = open_port,
        reconnect_interval: float = 0.5,
    ) -> None:
        self.name = name
        self.url = url
        self._opener = opener
        self._reconnect_interval = reconnect_interval
        self._state = DeviceState.CLOSED
        self._opened = False
        self._port: Port | None = None
        self._listeners: list[Listener] = []
        self._commands: queue.Queue[_Command[object]] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    # -- the UnifiedPOS lifecycle ---------------------------------------------------------

    @property
    def state(self) -> DeviceState:
        return self._state

    @property
    def enabled(self) -> bool:
        return self._thread is not None

    def open(self) -> None:
        """Take the device into use; touches no hardware yet (claim does)."""
        with self._lock:
            self._opened = True
            self._state = DeviceState.IDLE

    def claim(self) -> None:
        """Open the port for this process alone; raises DeviceNotFound if nothing is there."""
        with self._lock:
            self._require(self._opened, "claim before open")
            if self._port is None:
                self._port = self._opener(self.url, self.settings)
                self._state = DeviceState.IDLE

    def enable(self) -> None:
        """Start the I/O thread: commands run and events flow."""
        with self._lock:
            waiting = self._state is DeviceState.ERROR  # claimed while absent: the thread waits
            self._require(self._port is not None or waiting, "enable before claim")
            if self._thread is not None:
                return
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._run, name=f"device-{self.name}", daemon=True
            )
            self._thread.start()

    def disable(self, timeout: float = 5.0) -> None:
        thread = self._thread
        if thread is None:
            return
        self._stop.set()
        thread.join(timeout)
        self._thread = None

    def release(self) -> None:
        self.disable()
        with self._lock:
            if self._port is not None:
                self._port.close()
                self._port = None

    def close(self) -> None:
        self.release()
        with self._lock:
            self._opened = False
            self._state = DeviceState.CLOSED

    def start(self, *, absent_ok: bool = False) -> None:
        """open + claim + enable, the usual way to bring a device up.

        With ``absent_ok`` a device that is not there (a kiosk booting with its printer
        unplugged) does not stop the app: it is reported offline and waited for, exactly as
        after an unplug, and comes up on its own when it appears.
        """
        self.open()
        try:
            self.claim()
        except DeviceNotFound as exc:
            if not absent_ok:
                raise
            with self._lock:
                self._state = DeviceState.ERROR
            self.emit(ErrorEvent(self.name, DeviceOffline(str(exc), device=self.name)))
        self.enable()

    # -- events ---------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def emit(self, event: DeviceEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a listener's bug must not kill the device thread
                log.exception("listener of %s failed on %r", self.name, event)

    # -- work on the I/O thread -----------------------------------------------------------

    def call(self, work: Callable[[Port], T], timeout: float) -> T:
        """Run ``work(port)`` on the device's I/O thread; wait at most ``timeout`` seconds."""
        if self._state is DeviceState.ERROR:
            raise DeviceOffline("the device is not connected", device=self.name)
        future = self.post(work)
        try:
            return future.result(timeout)
        except FutureTimeout:
            future.cancel()
            raise DeviceTimeout(f"no answer within {timeout} s", device=self.name) from None

    def post(self, work: Callable[[Port], T]) -> Future[T]:
        """Queue ``work(port)`` for the I/O thread and return at once, for commands nobody
        waits on: a screen switching its bill acceptor on or off must not sit behind a slow
        line. Queued while the device is away, it runs once the port is back."""
        self._require(self._thread is not None, "the device is not enabled")
        command: _Command[T] = _Command(work)
        self._commands.put(command)  # type: ignore[arg-type]
        return command.future

    def check_health(self, timeout: float = 2.0) -> Health:
        """Ask the device itself (the driver's ``probe``), not just our idea of its state."""
        if self._thread is None or self._state in {DeviceState.CLOSED, DeviceState.ERROR}:
            return Health(self.name, self._state, ok=False, detail=f"{self._state.value}")
        try:
            detail = self.call(self.probe, timeout)
        except DeviceError as exc:
            return Health(self.name, self._state, ok=False, detail=str(exc))
        return Health(self.name, self._state, ok=True, detail=detail)

    # -- hooks for drivers ----------------------------------------------------------------

    def probe(self, port: Port) -> str:
        """One exchange that proves the device answers; returns what it said."""
        return "port open"

    def on_connected(self, port: Port) -> None:
        """Runs on the I/O thread when the port is (re)opened: put the device in a known state."""

    def idle(self, port: Port) -> None:
        """Runs on the I/O thread between commands: read frames, poll, watch status."""

    # -- the I/O thread -------------------------------------------------------------------

    def _run(self) -> None:
        port = self._port
        if port is not None:
            self._guarded(self.on_connected, port)
        while not self._stop.is_set():
            port = self._port
            if port is None:
                self._reconnect()
                continue
            try:
                command = self._commands.get(timeout=self.idle_interval)
            except queue.Empty:
                self._guarded(self.idle, port)
                continue
            if command.future.set_running_or_notify_cancel():
                self._state = DeviceState.BUSY
                try:
                    command.future.set_result(command.work(port))
                except BaseException as exc:  # handed to the caller, who knows what to do
                    command.future.set_exception(exc)
                    if isinstance(exc, DeviceOffline):
                        self._lose(port, exc)
                finally:
                    if self._state is DeviceState.BUSY:
                        self._state = DeviceState.IDLE
        self._fail_pending()

    def _guarded(self, step: Callable[[Port], None], port: Port) -> None:
        try:
            step(port)
        except DeviceOffline as exc:
            self._lose(port, exc)
        except DeviceError as exc:
            self.emit(ErrorEvent(self.name, exc))
        except Exception as exc:  # a driver bug: report it, start again from a fresh port
            log.exception("%s failed", self.name)
            self._lose(port, DeviceError(f"driver failure: {exc!r}", device=self.name))

    def _lose(self, port: Port, error: DeviceError) -> None:
        with self._lock:
            port.close()
            if self._port is port:
                self._port = None
            self._state = DeviceState.ERROR
        self._fail_pending()
        self.emit(ErrorEvent(self.name, error))

    def _reconnect(self) -> None:
        if self._stop.wait(self._reconnect_interval):
            return
        try:
            port = self._opener(self.url, self.settings)
        except DeviceError:
            return
        with self._lock:
            self._port = port
            self._state = DeviceState.IDLE
        self._guarded(self.on_connected, port)
        if self._port is port:
            self.emit(StatusEvent(self.name, "reconnected", self.url))

    def _fail_pending(self) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            if command.future.set_running_or_notify_cancel():
                command.future.set_exception(
                    DeviceOffline("the device is not connected", device=self.name)
                )

    def _require(self, condition: bool, why: str) -> None:
        if not condition:
            raise DeviceStateError(why, device=self.name)
