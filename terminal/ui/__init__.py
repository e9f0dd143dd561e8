"""The PySide6 screens: a thin layer over the Qt-free terminal core (``terminal.operations``).

Nothing here touches the network or a device on the Qt thread: operations run in the one
background worker of ``tasks.Tasks`` and call back on the Qt thread; device events arrive
through ``bridge.DeviceBridge`` as signals. Every word comes from the
catalogue (``catalogue``); errors are shown with ``Words.problem``.
"""
