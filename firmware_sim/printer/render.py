"""A cut ticket as text (for logs, notes and tests) and as a PNG (for people and scanners).

The PNG is drawn at the printer's resolution (203 dpi, 576 dots across an 80 mm roll); bars
and QR modules are whole dots wide, as the print head makes them, so a barcode decoder reads
them back.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

import qrcode
from barcode import Code128
from PIL import Image, ImageDraw, ImageFont

from firmware_sim.printer.document import Barcode, Feed, QrCode, TextLine, Ticket

COLUMNS = 42
DOTS = 576
LINE_DOTS = 30
CELL = DOTS // COLUMNS  # 13 dots a character, 42 to a line
QUIET = 10  # modules of white either side of a barcode


def to_text(ticket: Ticket) -> str:
    out: list[str] = []
    for block in ticket.blocks:
        if isinstance(block, TextLine):
            width = sum(len(span.text) * span.style.width for span in block.spans)
            text = "".join(
                span.text if span.style.width == 1 else " ".join(span.text) for span in block.spans
            )
            room = max(0, COLUMNS - min(width, COLUMNS))
            pad = {"left": 0, "center": room // 2, "right": room}[block.align]
            out.append((" " * pad + text).rstrip())
        elif isinstance(block, Barcode):
            out.append(_centered(f"||| {block.symbology} {block.data} |||"))
        elif isinstance(block, QrCode):
            out.append(_centered(f"[QR {block.data}]"))
        elif isinstance(block, Feed):
            out.extend([""] * min(block.lines, 2))
    while out and not out[-1]:
        out.pop()
    cut = {"full": "✂ full cut", "partial": "✂ partial cut"}.get(ticket.cut, "(not cut)")
    out.append(f"{'-' * ((COLUMNS - len(cut) - 2) // 2)} {cut} {'-' * 8}")
    return "\n".join(out) + "\n"


def _centered(text: str) -> str:
    return text.center(COLUMNS).rstrip()


@cache
def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # python-barcode ships DejaVu Sans Mono: a fixed pitch like the printer's own font A
    path = files("barcode") / "fonts" / "DejaVuSansMono.ttf"
    try:
        return ImageFont.truetype(str(path), 22)
    except OSError:
        return ImageFont.load_default(size=22)


def to_image(ticket: Ticket) -> Image.Image:
    parts: list[Image.Image] = [_block_image(block) for block in ticket.blocks]
    height = sum(part.height for part in parts) + 40
    page = Image.new("L", (DOTS, height), 255)
    y = 20
    for part, block in zip(parts, ticket.blocks, strict=True):
        align = getattr(block, "align", "left")
        x = {"left": 0, "center": (DOTS - part.width) // 2, "right": DOTS - part.width}[align]
        page.paste(part, (max(0, x), y))
        y += part.height
    return page


def save(ticket: Ticket, folder: Path, stem: str) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    text_path, png_path = folder / f"{stem}.txt", folder / f"{stem}.png"
    text_path.write_text(to_text(ticket), encoding="utf-8")
    to_image(ticket).save(png_path)
    return text_path, png_path


def _block_image(block: TextLine | Barcode | QrCode | Feed) -> Image.Image:
    if isinstance(block, TextLine):
        return _text_image(block)
    if isinstance(block, Barcode):
        return _barcode_image(block)
    if isinstance(block, QrCode):
        return _qr_image(block)
    return Image.new("L", (DOTS, LINE_DOTS * min(block.lines, 6)), 255)


def _text_image(line: TextLine) -> Image.Image:
    """Characters in fixed cells, scaled by the span's width and height multipliers."""
    height = LINE_DOTS * max((span.style.height for span in line.spans), default=1)
    image = Image.new("L", (DOTS, height), 255)
    x = 0
    for span in line.spans:
        style = span.style
        cells = Image.new(
            "L", (max(1, len(span.text)) * CELL, LINE_DOTS), 0 if style.invert else 255
        )
        draw = ImageDraw.Draw(cells)
        ink = 255 if style.invert else 0
        for index, char in enumerate(span.text):
            draw.text(
                (index * CELL, 3),
                char,
                font=_font(),
                fill=ink,
                stroke_width=1 if style.bold else 0,
                stroke_fill=ink,
            )
        if style.underline:
            draw.line(
                (0, LINE_DOTS - 3, cells.width, LINE_DOTS - 3), fill=ink, width=style.underline
            )
        scaled = cells.resize((cells.width * style.width, LINE_DOTS * style.height))
        image.paste(scaled, (x, height - scaled.height))
        x += scaled.width
    return image.crop((0, 0, min(DOTS, max(x, 1)), height))


def _barcode_image(block: Barcode) -> Image.Image:
    if block.symbology not in {"CODE128", "GS1-128"}:
        return _text_image(TextLine((), block.align))
    modules = Code128(block.data, writer=None).build()[0]
    unit = block.module
    width = (len(modules) + 2 * QUIET) * unit
    image = Image.new("L", (width, block.height), 255)
    draw = ImageDraw.Draw(image)
    for index, bit in enumerate(modules):
        if bit == "1":
            left = (QUIET + index) * unit
            draw.rectangle((left, 0, left + unit - 1, block.height - 1), fill=0)
    return image


def _qr_image(block: QrCode) -> Image.Image:
    levels = {
        "L": qrcode.constants.ERROR_CORRECT_L,
        "M": qrcode.constants.ERROR_CORRECT_M,
        "Q": qrcode.constants.ERROR_CORRECT_Q,
        "H": qrcode.constants.ERROR_CORRECT_H,
    }
    code = qrcode.QRCode(error_correction=levels[block.ec], border=4, box_size=1)
    code.add_data(block.data)
    code.make(fit=True)
    matrix = code.get_matrix()
    unit = block.module
    size = len(matrix) * unit
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                draw.rectangle(
                    (column * unit, row * unit, column * unit + unit - 1, row * unit + unit - 1),
                    fill=0,
                )
    return image
