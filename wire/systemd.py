"""Telling the service manager how the app is doing: the ``sd_notify`` datagram protocol.

A kiosk and the central server run as systemd units of ``Type=notify``: a unit counts as
started only once the first screen is usable, or the server answers (``READY=1``), and with
``WatchdogSec=`` a frozen event loop — one that stops sending ``WATCHDOG=1`` — gets it
restarted instead of a dead screen in a bar or a server that accepts connections and never
answers.
Outside systemd (no ``NOTIFY_SOCKET``) every call does nothing. The benchmark of the launch
time listens on such a socket too.

The protocol is one datagram of ``KEY=value`` lines to the Unix socket named by
``NOTIFY_SOCKET`` (a leading ``@`` names an abstract socket); see sd_notify(3).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping


def notify(state: str, env: Mapping[str, str] = os.environ) -> bool:
    """Send ``state``; False when there is no service manager or it could not be told.

    A lost notification must never take the kiosk down, so errors are swallowed: the worst
    outcome is systemd restarting a unit it believes hung, which is the watchdog's job anyway.
    """
    address = env.get("NOTIFY_SOCKET", "")
    if not address or address[0] not in "/@":
        return False
    if address[0] == "@":
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.settimeout(1.0)
            sock.sendto(state.encode("utf-8"), address)
    except OSError:
        return False
    return True


def watchdog_period(env: Mapping[str, str] = os.environ) -> float | None:
    """How often to send ``WATCHDOG=1`` (half the unit's timeout), or None without one.

    The watchdog is ours if ``WATCHDOG_PID`` names us, or our parent: a kiosk runs inside
    cage, the unit's main process, which starts us directly (the unit has NotifyAccess=all).
    """
    usec = env.get("WATCHDOG_USEC", "")
    pid = env.get("WATCHDOG_PID", "")
    ours = not pid.isdigit() or int(pid) in {os.getpid(), os.getppid()}
    if not usec.isdigit() or int(usec) == 0 or not ours:
        return None
    return int(usec) / 2_000_000
