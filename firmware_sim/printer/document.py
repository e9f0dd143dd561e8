"""What a printed ticket is made of, as the interpreter hands it to the renderer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Style:
    bold: bool = False
    underline: int = 0
    width: int = 1  # character width multiplier (GS ! / ESC !)
    height: int = 1
    invert: bool = False
    font: int = 0


@dataclass(frozen=True)
class Span:
    text: str
    style: Style


@dataclass(frozen=True)
class TextLine:
    spans: tuple[Span, ...]
    align: str  # left, center, right

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Barcode:
    symbology: str
    data: str
    height: int
    module: int
    hri: int  # 0 none, 1 above, 2 below, 3 both
    align: str


@dataclass(frozen=True)
class QrCode:
    data: str
    module: int
    ec: str  # L, M, Q, H
    align: str


@dataclass(frozen=True)
class Feed:
    lines: int


Block = TextLine | Barcode | QrCode | Feed


@dataclass
class Ticket:
    blocks: list[Block] = field(default_factory=list)
    cut: str = ""  # "full", "partial", or "" while still on the roll
    drawer_pulses: int = 0
    complete: bool = True  # False if the paper ran out or the cover opened on it

    def text_lines(self) -> list[str]:
        return [block.text for block in self.blocks if isinstance(block, TextLine)]
