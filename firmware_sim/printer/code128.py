"""Epson's CODE128 data convention (GS k 73), turned back into the text the symbol encodes."""

from __future__ import annotations


def code128_text(data: bytes) -> str:
    """Epson's CODE128 data: ``{A``/``{B``/``{C`` pick a code set (set C bytes are digit
    pairs 0-99), ``{S`` shifts, ``{1``-``{4`` are FNC1-4, ``{{`` is a brace. '' if invalid."""
    out: list[str] = []
    code_set = ""
    index = 0
    while index < len(data):
        byte = data[index]
        if byte == ord("{") and index + 1 < len(data):
            marker = chr(data[index + 1])
            index += 2
            if marker in "ABC":
                code_set = marker
            elif marker == "{":
                out.append("{")
            continue
        if not code_set:
            return ""
        if code_set == "C":
            if byte > 99:
                return ""
            out.append(f"{byte:02d}")
        else:
            out.append(chr(byte))
        index += 1
    return "".join(out)
