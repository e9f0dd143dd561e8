"""ESC t n: the character tables of an Epson-compatible printer.

The numbering is python-escpos's "default" capability profile (escpos-printer-db), which is
Epson's for n = 0-19 and which python-escpos's own encoder picks tables from, so what the
terminal encodes the simulator decodes with the same table.
"""

from __future__ import annotations

import codecs
from functools import cache

import drivers.printer.escpos_cache  # noqa: F401  (before escpos: see there)

# isort: split
from escpos.capabilities import CAPABILITIES


@cache
def _tables() -> dict[int, str]:
    profile = CAPABILITIES["profiles"]["default"]["codePages"]
    encodings = CAPABILITIES["encodings"]
    tables: dict[int, str] = {}
    for number, name in profile.items():
        codec = encodings.get(name, {}).get("python_encode")
        if codec is None:
            continue
        try:
            codecs.lookup(codec)
        except LookupError:
            continue
        tables[int(number)] = codec
    return tables


def decode(data: bytes, table: int) -> str:
    """Bytes 0x20-0xFF in table ``table``; unknown tables and bytes show as '?'."""
    codec = _tables().get(table, "cp437")
    return data.decode(codec, errors="replace").replace("\ufffd", "?")
