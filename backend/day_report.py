"""The day's figures for the console: per terminal and in total, and over time.

Three grouped queries whatever the size of the fleet (``reports.terminals_report`` asks five
per terminal, which is right for one terminal's shift and wrong for 13,800). The same rules
as a shift's report: sales count at their acceptance, cancellations at their cancellation,
payouts at their payment; ``net`` is sales less cancellations less payouts. Amounts are cents.

Times are stored in UTC as ISO text (``2026-12-01T13:05:42.1+00:00``), so a minute or an hour
is a prefix of the text, grouped the same way on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from backend.store import Store


@dataclass(slots=True)
class Figures:
    terminal_id: str
    name: str
    sales: int = 0  # count
    sales_cents: int = 0
    cancellations: int = 0
    cancellations_cents: int = 0
    payouts: int = 0
    payouts_cents: int = 0

    @property
    def net_cents(self) -> int:
        return self.sales_cents - self.cancellations_cents - self.payouts_cents


@dataclass(slots=True)
class DayReport:
    start: datetime
    end: datetime
    terminals: list[Figures] = field(default_factory=list)

    @property
    def total(self) -> Figures:
        total = Figures("", "")
        for f in self.terminals:
            total.sales += f.sales
            total.sales_cents += f.sales_cents
            total.cancellations += f.cancellations
            total.cancellations_cents += f.cancellations_cents
            total.payouts += f.payouts
            total.payouts_cents += f.payouts_cents
        return total


def day_report(conn: Store, start: datetime, end: datetime) -> DayReport:
    """Every terminal's figures over [start, end), terminals with none included (at zero)."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    window = (start.isoformat(), end.isoformat())
    report = DayReport(start, end)
    by_id: dict[str, Figures] = {}
    for row in conn.execute("SELECT id, name FROM terminal ORDER BY name, id"):
        by_id[row["id"]] = Figures(row["id"], row["name"])
        report.terminals.append(by_id[row["id"]])
    for column, count, cents, sql in (
        ("accepted_at", "sales", "sales_cents", "SELECT terminal_id, COUNT(*), SUM(cost) FROM bet"),
        ("cancelled_at", "cancellations", "cancellations_cents",
         "SELECT terminal_id, COUNT(*), SUM(cost) FROM bet"),
        ("paid_at", "payouts", "payouts_cents",
         "SELECT terminal_id, COUNT(*), SUM(amount_cents) FROM payout"),
    ):  # fmt: skip
        for row in conn.execute(
            f"{sql} WHERE {column} >= ? AND {column} < ? GROUP BY terminal_id", window
        ):
            figures = by_id.get(row[0])
            if figures is not None:
                setattr(figures, count, int(row[1]))
                setattr(figures, cents, int(row[2] or 0))
    return report


def stakes_per_minute(
    conn: Store, race_id: str, post_time: datetime, minutes: int = 30
) -> list[tuple[datetime, int]]:
    """The stakes sold on a race in each of the ``minutes`` before its post time: the rush
    before the stop, and whether the fleet kept up with it."""
    post = post_time.astimezone(UTC)
    first = post.replace(second=0, microsecond=0) - timedelta(minutes=minutes - 1)
    sold = {
        row[0]: int(row[1])
        for row in conn.execute(
            "SELECT substr(accepted_at, 1, 16), SUM(cost) FROM bet"
            " WHERE race_id = ? AND accepted_at >= ? GROUP BY substr(accepted_at, 1, 16)",
            (race_id, first.isoformat()),
        )
    }
    moments = [first + timedelta(minutes=i) for i in range(minutes)]
    return [(m, sold.get(m.isoformat()[:16], 0)) for m in moments]


def sales_per_hour(conn: Store, start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """The stakes sold in each hour of [start, end)."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    sold = {
        row[0]: int(row[1])
        for row in conn.execute(
            "SELECT substr(accepted_at, 1, 13), SUM(cost) FROM bet"
            " WHERE accepted_at >= ? AND accepted_at < ? GROUP BY substr(accepted_at, 1, 13)",
            (start.isoformat(), end.isoformat()),
        )
    }
    hours = int((end - start).total_seconds() // 3600)
    moments = [start + timedelta(hours=i) for i in range(hours)]
    return [(m, sold.get(m.isoformat()[:13], 0)) for m in moments]
