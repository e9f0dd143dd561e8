"""The ESC/POS command set as Epson's reference declares it: the control bytes, how many
parameter bytes each fixed-length command takes, and what the numbered parameters name
(barcode symbologies, QR error correction levels, alignments).

Data only, apart from the interpreter that walks a byte stream with it, so that what a
printer accepts is read in one place and checked against the reference line by line.

Source: Epson "ESC/POS Command Reference for TM printers" (command lengths and parameters).
"""

from __future__ import annotations

ESC, GS, DLE, FS = 0x1B, 0x1D, 0x10, 0x1C
LF, CR, HT, FF = 0x0A, 0x0D, 0x09, 0x0C
MAX_COMMAND = 1 << 20  # larger declared data is garbage: skip the command's prefix only

# ESC x and GS x commands with a fixed number of parameter bytes
ESC_FIXED = {
    ord("@"): 0,
    ord("!"): 1,
    ord("E"): 1,
    ord("-"): 1,
    ord("a"): 1,
    ord("M"): 1,
    ord("t"): 1,
    ord("{"): 1,
    ord("G"): 1,
    ord("V"): 1,
    ord("d"): 1,
    ord("J"): 1,
    ord("2"): 0,
    ord("3"): 1,
    ord("A"): 1,
    ord("+"): 1,
    ord("p"): 3,
    ord("c"): 2,
    ord("r"): 1,
    ord("R"): 1,
    ord("B"): 2,
    ord("="): 1,
    ord(" "): 1,
    ord("$"): 2,
    ord("\\"): 2,
    ord("U"): 1,
    ord("i"): 0,
    ord("m"): 0,
    ord("L"): 0,
    ord("S"): 0,
    ord("T"): 1,
    ord("W"): 8,
    ord("<"): 0,
    ord("%"): 1,
    ord("?"): 1,
    ord("e"): 1,
    ord("K"): 1,
    ord("7"): 3,
    ord("8"): 2,
    ord("u"): 1,
    ord("v"): 0,
    ord("q"): 0,
}
GS_FIXED = {
    ord("!"): 1,
    ord("B"): 1,
    ord("b"): 1,
    ord("h"): 1,
    ord("w"): 1,
    ord("H"): 1,
    ord("f"): 1,
    ord("|"): 1,
    ord("L"): 2,
    ord("W"): 2,
    ord("r"): 1,
    ord("a"): 1,
    ord("I"): 1,
    ord("P"): 2,
    ord("/"): 1,
    ord("$"): 2,
    ord("\\"): 2,
    ord("^"): 3,
    ord(":"): 0,
    ord("T"): 1,
    ord("E"): 1,
    ord("g"): 2,
    ord("j"): 1,
    ord("z"): 2,
    ord("Q"): 0,
    ord("C"): 1,
}
FS_FIXED = {ord("p"): 2, ord("."): 0, ord("&"): 0, ord("C"): 1, ord("!"): 1, ord("-"): 1}
QR_EC = {48: "L", 49: "M", 50: "Q", 51: "H"}
BARCODE_B = {
    65: "UPC-A",
    66: "UPC-E",
    67: "EAN13",
    68: "EAN8",
    69: "CODE39",
    70: "ITF",
    71: "CODABAR",
    72: "CODE93",
    73: "CODE128",
    74: "GS1-128",
}
BARCODE_A = {0: "UPC-A", 1: "UPC-E", 2: "EAN13", 3: "EAN8", 4: "CODE39", 5: "ITF", 6: "CODABAR"}
ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
