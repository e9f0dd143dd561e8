"""What a clerk or a bettor does at a terminal, one use case a module, free of Qt.

Each is called from the UI's background-task helper (never the Qt thread: they may wait on
the server or the printer, always with a timeout) and raises only ``terminal.errors``.
"""
