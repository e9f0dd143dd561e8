"""The counter's state and its rules, without Qt: the line being typed and its draft, the till
as shown, the last tickets, and what the clerk is told of each outcome.

The counter's window (``terminal.ui.counter``) holds a ``CounterState`` and shows what it
says; the rules are unit-tested here without a screen or a server.
"""
