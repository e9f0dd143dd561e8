"""What can go wrong with a device, as one tree.

::

    DeviceError                  (code)
    ├── DeviceNotFound           device_not_found   the URL names no device (nothing plugged)
    ├── DeviceTimeout            device_timeout     the device did not answer in time
    ├── DeviceOffline            device_offline     the device was there and went away
    ├── DeviceStateError         device_state       not allowed in the device's state (UnifiedPOS)
    ├── FrameError               frame_error        a garbled frame: sentinels, LRC, checksum
    ├── DeviceRefused            device_refused     the device answered, and said no (ccTalk NAK)
    └── PrinterFault             printer_fault      the printer reports it cannot print
        ├── PaperOut             paper_out
        ├── CoverOpen            cover_open
        └── PrinterOffline       printer_offline    offline for another reason (error, feed)

pyserial's ``SerialException``, ``SerialTimeoutException`` and ``OSError`` are translated into
this tree at the port (:mod:`drivers.port`); nothing above it sees a foreign error.
"""

from __future__ import annotations


class DeviceError(Exception):
    """Base of every device error; ``code`` is stable, the message is for people."""

    code = "device_error"

    def __init__(self, message: str, *, device: str = "") -> None:
        super().__init__(f"{device}: {message}" if device else message)
        self.device = device


class DeviceNotFound(DeviceError):
    code = "device_not_found"


class DeviceTimeout(DeviceError):
    code = "device_timeout"


class DeviceOffline(DeviceError):
    code = "device_offline"


class DeviceStateError(DeviceError):
    code = "device_state"


class FrameError(DeviceError):
    code = "frame_error"


class DeviceRefused(DeviceError):
    code = "device_refused"


class PrinterFault(DeviceError):
    code = "printer_fault"


class PaperOut(PrinterFault):
    code = "paper_out"


class CoverOpen(PrinterFault):
    code = "cover_open"


class PrinterOffline(PrinterFault):
    code = "printer_offline"
