"""The day's figures as CSV, written for the operator's spreadsheet in the operator's language.

A spreadsheet reads a CSV file by its locale's conventions: in French the decimal separator is
a comma ("12,50"), so the fields are separated by semicolons; in English "12.50" and commas.
The headers are the catalogue's words, the amounts plain numbers of euros with two decimals
(no currency sign, no thousands separator: a spreadsheet would read either as text), the
counts whole numbers. The file begins with a UTF-8 byte order mark, by which Excel knows the
encoding (without it, "Montant annulé" arrives mangled); other spreadsheets skip it.

A text cell is never read as a formula: a terminal named ``=HYPERLINK(…)`` would otherwise
become a link (or a command) in the operator's spreadsheet. As OWASP's CSV injection advice
says, a text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading single quote, which spreadsheets read as "this is text". Only text cells: an amount
is a number, and a negative one (a terminal that paid out more than it took) stays one.
"""

from __future__ import annotations

import csv
import io

from babel.numbers import get_decimal_symbol

from backend.day_report import DayReport, Figures
from catalogue import Words
from pari.money import euros

BOM = "\ufeff"
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula


def text(cell: str) -> str:
    """A text cell, read as text by a spreadsheet whatever it begins with."""
    return "'" + cell if cell.startswith(FORMULA) else cell


def conventions(words: Words) -> tuple[str, str]:
    """The locale's decimal separator, and the field separator that does not clash with it."""
    decimal = get_decimal_symbol(words.locale)
    return decimal, (";" if decimal == "," else ",")


def day_csv(report: DayReport, words: Words) -> str:
    decimal, delimiter = conventions(words)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    _ = words.gettext

    def money(column: str) -> str:
        return _("{column} (€)", column=column)

    writer.writerow(
        text(header)
        for header in [
            _("Terminal id"),
            _("Terminal"),
            _("Kind"),
            _("Sales"),
            money(_("Amount sold")),
            _("Cancellations"),
            money(_("Amount cancelled")),
            _("Payouts"),
            money(_("Amount paid")),
            money(_("Paid by transfer or cheque")),
            _("Vouchers issued"),
            money(_("Vouchers issued")),
            _("Vouchers redeemed"),
            money(_("Vouchers redeemed")),
            money(_("Net")),
            money(_("Balance")),
        ]
    )

    def amount(cents: int) -> str:
        return str(euros(cents)).replace(".", decimal)

    def row(f: Figures, ident: str, name: str, kind: str) -> list[str]:
        return [
            text(ident),
            text(name),
            text(kind),
            str(f.sales),
            amount(f.sales_cents),
            str(f.cancellations),
            amount(f.cancellations_cents),
            str(f.payouts),
            amount(f.payouts_cents),
            amount(f.payouts_elsewhere_cents),
            str(f.vouchers_issued),
            amount(f.vouchers_issued_cents),
            str(f.vouchers_redeemed),
            amount(f.vouchers_redeemed_cents),
            amount(f.net_cents),
            amount(f.balance_cents),
        ]

    for f in report.terminals:
        writer.writerow(row(f, f.terminal_id, f.name, words.mode(f.mode)))
    writer.writerow(row(report.total, "", _("Total"), ""))
    return BOM + out.getvalue()
