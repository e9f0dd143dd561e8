"""The day's figures for the console: per terminal and in total, and over time.

A handful of grouped queries whatever the size of the fleet (``reports.terminals_report``
asks several per terminal, which is right for one terminal's shift and wrong for 13,800).
The same rules as a shift's report: sales count at their acceptance, cancellations at their
cancellation, payouts at their payment, vouchers at their issue and at their redemption.

A terminal's **balance** is what it took in for the operator, and what its own Z report's
drawer gained: sales − cancellations − payouts from the till − vouchers redeemed + vouchers
issued. At a counter that is the cash in its drawer (its float aside); at a kiosk, whose bets,
winnings and redeemed vouchers move the bettor's credit and never its cash box, it is the notes
taken — every note becomes credit, and credit leaves only as bets or as a printed voucher — less
any credit a bettor has not cashed out yet. The server is not told of notes: it derives them
so. Payouts by transfer or cheque are the operator's, not the till's, and stay out of it;
``net`` (sales − cancellations − payouts) is the betting result, as before. Amounts are cents.

Times are stored in UTC as ISO text (``2026-12-01T13:05:42.1+00:00``), so a minute or an hour
is a prefix of the text, grouped the same way on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta

from backend.store import Store

# payouts the till pays: cash out of a counter's drawer, or credit on a kiosk's screen
TILL_METHODS = ("cash", "voucher")


def balance_of(
    sales: int, cancellations: int, payouts_at_till: int, redeemed: int, issued: int
) -> int:
    """What a terminal took in for the operator (cents): the one formula of the module's
    docstring, shared with a shift's report (``backend.reports``)."""
    return sales - cancellations - payouts_at_till - redeemed + issued


@dataclass(slots=True)
class Figures:
    terminal_id: str
    name: str
    mode: str = ""  # counter or kiosk, as its last heartbeat said ("" not known)
    sales: int = 0  # count
    sales_cents: int = 0
    cancellations: int = 0
    cancellations_cents: int = 0
    payouts: int = 0
    payouts_cents: int = 0
    payouts_elsewhere_cents: int = 0  # of which by transfer or cheque: not from the till
    vouchers_issued: int = 0
    vouchers_issued_cents: int = 0
    vouchers_redeemed: int = 0
    vouchers_redeemed_cents: int = 0

    @property
    def net_cents(self) -> int:
        return self.sales_cents - self.cancellations_cents - self.payouts_cents

    @property
    def balance_cents(self) -> int:
        return balance_of(
            self.sales_cents,
            self.cancellations_cents,
            self.payouts_cents - self.payouts_elsewhere_cents,
            self.vouchers_redeemed_cents,
            self.vouchers_issued_cents,
        )


_COUNTED = tuple(f.name for f in fields(Figures))[3:]  # every figure after name and mode


@dataclass(slots=True)
class DayReport:
    start: datetime
    end: datetime
    terminals: list[Figures] = field(default_factory=list)

    @property
    def total(self) -> Figures:
        total = Figures("", "")
        for f in self.terminals:
            for name in _COUNTED:
                setattr(total, name, getattr(total, name) + getattr(f, name))
        return total


# (count field, cents field, query): each query takes the window twice and groups by terminal
_QUERIES = (
    (
        "sales",
        "sales_cents",
        "SELECT terminal_id, COUNT(*), SUM(cost) FROM bet"
        " WHERE accepted_at >= ? AND accepted_at < ? GROUP BY terminal_id",
    ),
    (
        "cancellations",
        "cancellations_cents",
        "SELECT terminal_id, COUNT(*), SUM(cost) FROM bet"
        " WHERE cancelled_at >= ? AND cancelled_at < ? GROUP BY terminal_id",
    ),
    (
        "payouts",
        "payouts_cents",
        "SELECT terminal_id, COUNT(*), SUM(amount_cents) FROM payout"
        " WHERE paid_at >= ? AND paid_at < ? GROUP BY terminal_id",
    ),
    (
        "",
        "payouts_elsewhere_cents",
        "SELECT terminal_id, COUNT(*), SUM(amount_cents)"
        f" FROM payout WHERE method NOT IN {TILL_METHODS!r} AND paid_at >= ? AND paid_at < ?"
        " GROUP BY terminal_id",
    ),
    (
        "vouchers_issued",
        "vouchers_issued_cents",
        "SELECT terminal_id, COUNT(*),"
        " SUM(amount_cents) FROM voucher WHERE issued_at >= ? AND issued_at < ?"
        " GROUP BY terminal_id",
    ),
    (
        "vouchers_redeemed",
        "vouchers_redeemed_cents",
        "SELECT r.terminal_id, COUNT(*),"
        " SUM(v.amount_cents) FROM voucher_redemption r JOIN voucher v"
        " ON v.number = r.voucher_number WHERE r.redeemed_at >= ? AND r.redeemed_at < ?"
        " GROUP BY r.terminal_id",
    ),
)


def day_report(store: Store, start: datetime, end: datetime) -> DayReport:
    """Every terminal's figures over [start, end), terminals with none included (at zero)."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    window = (start.isoformat(), end.isoformat())
    report = DayReport(start, end)
    by_id: dict[str, Figures] = {}
    for row in store.execute("SELECT id, name, last_status FROM terminal ORDER BY name, id"):
        by_id[row["id"]] = Figures(row["id"], row["name"], _mode(row["last_status"]))
        report.terminals.append(by_id[row["id"]])
    for count, cents, sql in _QUERIES:
        for row in store.execute(sql, window):
            figures = by_id.get(row[0])
            if figures is not None:
                if count:
                    setattr(figures, count, int(row[1]))
                setattr(figures, cents, int(row[2] or 0))
    return report


def _mode(status: str | None) -> str:
    """The terminal's mode from its last heartbeat: only to name its balance (cash or notes)."""
    try:
        said = json.loads(status or "{}")
    except ValueError:
        return ""
    mode = said.get("mode") if isinstance(said, dict) else None
    return mode if mode in ("counter", "kiosk") else ""


def stakes_per_minute(
    store: Store, race_id: str, post_time: datetime, minutes: int = 30
) -> list[tuple[datetime, int]]:
    """The stakes sold on a race in each of the ``minutes`` before its post time: the rush
    before the stop, and whether the fleet kept up with it."""
    post = post_time.astimezone(UTC)
    first = post.replace(second=0, microsecond=0) - timedelta(minutes=minutes - 1)
    sold = {
        row[0]: int(row[1])
        for row in store.execute(
            "SELECT substr(accepted_at, 1, 16), SUM(cost) FROM bet"
            " WHERE race_id = ? AND accepted_at >= ? GROUP BY substr(accepted_at, 1, 16)",
            (race_id, first.isoformat()),
        )
    }
    moments = [first + timedelta(minutes=i) for i in range(minutes)]
    return [(m, sold.get(m.isoformat()[:16], 0)) for m in moments]


def sales_per_hour(store: Store, start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """The stakes sold in each hour of [start, end)."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    sold = {
        row[0]: int(row[1])
        for row in store.execute(
            "SELECT substr(accepted_at, 1, 13), SUM(cost) FROM bet"
            " WHERE accepted_at >= ? AND accepted_at < ? GROUP BY substr(accepted_at, 1, 13)",
            (start.isoformat(), end.isoformat()),
        )
    }
    hours = int((end - start).total_seconds() // 3600)
    moments = [start + timedelta(hours=i) for i in range(hours)]
    return [(m, sold.get(m.isoformat()[:13], 0)) for m in moments]
