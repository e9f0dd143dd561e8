"""Whether the demo's windows can open here: a display, and the system libraries Qt's X11
plugin loads (installed with apt as root, else the exact command is printed).

Apart from the demo's parts because it is about this machine, not about the system shown.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

# What Qt's xcb platform plugin loads beyond the X client libraries (Debian 12 names)
XCB_PACKAGES = (
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-xinerama0",
    "libxcb-xfixes0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
)


def missing_xcb_libraries() -> list[str]:
    """The libraries ``ldd`` cannot find for Qt's xcb plugin ("" list: it can load)."""
    import PySide6  # noqa: PLC0415  (only the windowed demo needs to look)

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists() or shutil.which("ldd") is None:
        return []
    found = subprocess.run(
        ["ldd", str(plugin)], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    return sorted({line.split()[0] for line in found.splitlines() if "not found" in line})


def desktop_ready() -> str:
    """ "" when the windows can open; else why not and the command that fixes it."""
    missing = missing_xcb_libraries()
    if not missing:
        return ""
    command = ["apt-get", "install", "-y", "--no-install-recommends", *XCB_PACKAGES]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(
            f"demo: Qt's X11 plugin lacks {', '.join(missing)}: installing them with apt",
            flush=True,
        )
        subprocess.run(["apt-get", "update", "-qq"], check=False, timeout=600)
        subprocess.run(command, check=False, timeout=600)
        missing = missing_xcb_libraries()
        if not missing:
            return ""
    return (
        f"demo: Qt's X11 plugin cannot load: {', '.join(missing)} missing. Install them:\n"
        f"    sudo {' '.join(command)}"
    )


def has_display(env: dict[str, str]) -> bool:
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and platform.split(":")[0] not in {"xcb", "wayland", "wayland-egl"}:
        return True  # offscreen, vnc, eglfs, linuxfb...: the operator chose where it goes
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
