"""A scanner in keyboard-wedge mode types its code, then Enter: tell it from a clerk typing.

A scanner "types" a whole code in a few milliseconds a key; a person needs 80 ms or more.
Keys are held while they come fast; a burst that ends with Enter and is long enough is a
scan, anything else is given back as typing, in order, so nothing the clerk typed is lost.
Pure: the counter screen feeds it key presses with their time (Qt's event timestamps).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drivers.scanner.codes import Scan


@dataclass(frozen=True)
class Typed:
    """Keys a person typed, to be handed to the focused field."""

    text: str


@dataclass
class WedgeDecoder:
    max_gap: float = 0.035  # seconds between keys of one scan
    min_length: int = 6
    _held: list[str] = field(default_factory=list)
    _last: float | None = None

    def key(self, text: str, now: float) -> list[Scan | Typed]:
        """Feed one key press (``"\\r"`` or ``"\\n"`` for Enter)."""
        out: list[Scan | Typed] = []
        if self._held and self._last is not None and now - self._last > self.max_gap:
            out.append(Typed("".join(self._held)))
            self._held.clear()
        self._last = now
        if text in {"\r", "\n"}:
            if len(self._held) >= self.min_length:
                out.append(Scan("".join(self._held)))
            else:
                out.append(Typed("".join(self._held) + "\n"))
            self._held.clear()
            return out
        self._held.append(text)
        return out

    def flush(self, now: float) -> list[Scan | Typed]:
        """Give back held keys once no scanner key can follow (call from a short timer)."""
        if self._held and self._last is not None and now - self._last > self.max_gap:
            text = "".join(self._held)
            self._held.clear()
            return [Typed(text)]
        return []
