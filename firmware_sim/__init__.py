"""The hardware simulator: each device emulated behind a real pseudo-terminal (and the printer
also on TCP, like network printers), speaking the real protocols, with fault knobs.

Emulators (what a device does with bytes) are separate from lines (how bytes travel: a pty
paced at a real serial speed, or a TCP socket), so every emulator runs on every line.
"""
