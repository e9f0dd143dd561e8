"""What the terminal prints, in the words of its catalogue: tickets, vouchers, shift reports.

The printer driver lays the rows out for its roll (42 or 48 columns, long selections wrapped);
here is what they say: PMU bet names, the formula, the multiplier, French amounts and dates,
and who sold the ticket — the clerk at a counter, the kiosk's name at a kiosk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from catalogue import Words
from catalogue.names import N_, race_code
from drivers.printer import layout
from drivers.printer.layout import Row, Slip

BRAND = "GUICHET"

# a shift report's movements, in the ledger's words (``kind``) and the clerk's, in the order
# a cashier reconciles a drawer: the float it started with, what came in by bets and went
# back out of them, the winnings paid, vouchers taken in and given out, notes the acceptor
# took; then (below, in ``report``) what the drawer should hold, what was counted, the gap
MOVEMENTS: dict[str, str] = {
    "float": N_("Float"),
    "sale": N_("Sales"),
    "cancel": N_("Cancellations"),
    "refund": N_("Refunds (refused, void)"),
    "payout": N_("Payouts"),
    "voucher.redeemed": N_("Vouchers redeemed"),
    "voucher.issued": N_("Vouchers issued"),
    "note": N_("Notes taken"),
}


@dataclass(frozen=True)
class Seller:
    """Who sold: the terminal, and its clerk (counter) or nobody (kiosk: its own name)."""

    terminal: str
    operator: str
    kiosk: bool
    columns: int = layout.COLUMNS

    def rows(self, words: Words, at: datetime) -> list[Row]:
        who = (
            words.gettext("Kiosk: {name}", name=self.terminal)
            if self.kiosk
            else words.gettext("Clerk: {name}", name=self.operator or self.terminal)
        )
        return [
            layout.pair(words.moment(at), words.gettext("Terminal {id}", id=self.terminal)),
            layout.text(who),
        ]


def selection(words: Words, asked: Mapping[str, Any]) -> str:
    """The runners as a bettor reads them: ``4 - 7 - 12``, ``4 7 with 1 9 12``, ``4 with all``."""
    runners = " - ".join(str(r) for r in asked.get("runners", ()))
    base = " - ".join(str(r) for r in asked.get("base", ()))
    formula = asked.get("formula", "unitaire")
    if formula == "champ_total":
        return words.gettext("{base} with all the others", base=base)
    if formula == "champ_reduit":
        return words.gettext("{base} with {others}", base=base, others=runners)
    return runners


def ticket(
    words: Words,
    seller: Seller,
    receipt: Mapping[str, Any],
    asked: Mapping[str, Any],
    race: Mapping[str, Any],
    *,
    duplicate: bool = False,
) -> Slip:
    """A bet's ticket. ``race`` gives ``racecourse``, ``name`` and ``post_time`` if known."""
    multiplier = int(asked.get("multiplier", 1) or 1)
    unit = int(receipt["unit_stake"])
    code = race_code(str(receipt["race_id"]))
    place = race.get("racecourse", "")
    where = words.gettext("{code} — {racecourse}", code=code, racecourse=place) if place else code
    post = words.time(race["post_time"]) if race.get("post_time") else ""
    rows: list[Row] = [layout.heading(BRAND), layout.centre(words.gettext("Pari mutuel ticket"))]
    if duplicate:
        rows.append(layout.banner(words.gettext("DUPLICATE")))
    rows += [layout.rule(), layout.pair(where, post, bold=True)]
    if race.get("name"):
        rows.append(layout.text(str(race["name"])))
    rows += [
        layout.total(words.bet_type(str(receipt["bet_type"])), ""),
        layout.text(
            words.gettext(
                "Formula: {formula}",
                formula=words.bet_formula(
                    str(receipt["bet_type"]),
                    str(asked.get("formula", "unitaire")),
                    len(asked.get("runners", ())),
                    complete=bool(asked.get("complete")),
                ),
            )
        ),
        layout.text(words.gettext("Selection: {runners}", runners=selection(words, asked))),
        layout.pair(words.gettext("Combinations"), words.number(int(receipt["combinations"]))),
        layout.pair(words.gettext("Base stake"), words.amount(unit // multiplier)),
    ]
    if multiplier > 1:
        rows.append(layout.pair(words.gettext("Multiplier"), f"× {multiplier}"))
    rows += [
        layout.total(words.gettext("TOTAL"), words.amount(int(receipt["cost"]))),
        layout.rule(),
    ]
    rows += seller.rows(words, datetime.fromisoformat(str(receipt["accepted_at"])))
    rows += [
        layout.centre(words.gettext("Ticket {number}", number=receipt["ticket_number"]), bold=True),
        layout.codes(str(receipt["barcode"])),
    ]
    if duplicate:
        rows.append(layout.banner(words.gettext("DUPLICATE")))
    return Slip(tuple(rows), seller.columns)


def voucher(
    words: Words,
    seller: Seller,
    *,
    number: str,
    barcode: str,
    amount: int,
    issued_at: datetime,
    valid_until: str,
    duplicate: bool = False,
) -> Slip:
    rows: list[Row] = [layout.heading(BRAND), layout.centre(words.gettext("CREDIT VOUCHER"))]
    if duplicate:
        rows.append(layout.banner(words.gettext("DUPLICATE")))
    rows += [layout.rule(), layout.heading(words.amount(amount))]
    rows += seller.rows(words, issued_at)
    rows += [
        layout.text(
            words.gettext(
                "Valid until {date} at every Guichet point of sale", date=words.date(valid_until)
            )
        ),
        layout.centre(words.gettext("Voucher {number}", number=number), bold=True),
        layout.codes(barcode),
    ]
    return Slip(tuple(rows), seller.columns)


def receipt(
    words: Words,
    seller: Seller,
    *,
    title: str,
    ticket_number: str,
    amount: int,
    at: datetime,
    what: str,
    label: str = "",
) -> Slip:
    """A cancellation's, a payout's or a voucher's receipt: which one, how much, when, where."""
    rows: list[Row] = [layout.heading(BRAND), layout.centre(title, bold=True), layout.rule()]
    rows += [
        layout.pair(label or words.gettext("Ticket"), ticket_number),
        layout.total(what, words.amount(amount)),
        layout.rule(),
    ]
    rows += seller.rows(words, at)
    return Slip(tuple(rows), seller.columns)


def report(
    words: Words,
    seller: Seller,
    *,
    closing: bool,
    printed_at: datetime,
    opened_at: str,
    closed_at: str | None,
    figures: Mapping[str, tuple[int, int]],
    drawer: int,
    pending: int,
    counted: int | None = None,
) -> Slip:
    title = words.gettext("Z REPORT (shift closed)") if closing else words.gettext("X REPORT")
    rows: list[Row] = [layout.heading(BRAND), layout.centre(title, bold=True)]
    rows += seller.rows(words, printed_at)
    rows += [layout.rule(), layout.pair(words.gettext("Opened"), words.moment(opened_at))]
    if closed_at:
        rows.append(layout.pair(words.gettext("Closed"), words.moment(closed_at)))
    for kind, (count, cents) in reading_order(figures):
        label = words.gettext(MOVEMENTS[kind]) if kind in MOVEMENTS else words.data(kind)
        rows.append(
            layout.pair(
                words.gettext("{what} ({count})", what=label, count=count), words.amount(cents)
            )
        )
    rows += [
        layout.total(words.gettext("Expected in the drawer"), words.amount(drawer)),
    ]
    if counted is not None:
        rows += [
            layout.pair(words.gettext("Counted in the drawer"), words.amount(counted)),
            layout.total(words.gettext("Difference"), words.amount(counted - drawer)),
        ]
    rows += [
        layout.pair(
            words.ngettext(
                "{n} bet waiting for the server", "{n} bets waiting for the server", pending
            ),
            "",
        ),
        layout.rule(),
    ]
    return Slip(tuple(rows), seller.columns)


def reading_order(figures: Mapping[str, tuple[int, int]]) -> list[tuple[str, tuple[int, int]]]:
    """A shift's movements in ``MOVEMENTS``'s order (the ledger sums them by kind, which
    sorts them alphabetically: cancellations before the float); a kind this version does not
    name comes last, not first."""
    rank = {kind: place for place, kind in enumerate(MOVEMENTS)}
    return sorted(figures.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))
