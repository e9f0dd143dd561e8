"""Cancelling a bet: by the terminal that sold it, within 15 minutes, before the close.

Idempotent: cancelling a cancelled bet returns it as it is. The bet leaves its pool only after
the cancellation is committed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from backend import journal
from backend.bet_request import Receipt
from backend.betting import BetDesk
from backend.errors import CannotCancel, NotFound
from backend.races import load_race
from backend.sold_bets import restore

WINDOW = timedelta(minutes=15)


def cancel(desk: BetDesk, terminal_id: str, transaction_id: str, now: datetime) -> Receipt:
    store = desk.store
    with store.transaction():
        found = store.execute("SELECT race_id FROM bet WHERE id = ?", (transaction_id,)).fetchone()
        if found is None:
            raise NotFound(f"there is no bet {transaction_id}")
        # the race, then the bet, in the order a settlement takes them (no deadlock): none
        # under a close or a result, and one cancellation of a bet at a time
        store.execute("SELECT id FROM race WHERE id = ?" + store.share_lock, (found[0],))
        row = store.execute(
            "SELECT * FROM bet WHERE id = ?" + store.update_lock, (transaction_id,)
        ).fetchone()
        race = load_race(store, row["race_id"])
        bet = restore(row, race)
        if row["terminal_id"] != terminal_id:
            raise CannotCancel(
                "only the terminal that sold a bet can cancel it", reason="not_seller"
            )
        if row["status"] == "CANCELLED":
            return desk.receipt(row, bet)
        if row["status"] != "ACCEPTED":
            raise CannotCancel(
                f"this bet is {row['status']}; it cannot be cancelled",
                reason="status",
                status=row["status"],
            )
        if not race.takes_bets(now):
            raise CannotCancel(
                f"race {race.race_id} is closed: too late to cancel",
                reason="race_closed",
                race_id=race.race_id,
            )
        if now - datetime.fromisoformat(row["accepted_at"]) > WINDOW:
            raise CannotCancel(
                "a bet can be cancelled within 15 minutes of its sale only", reason="too_late"
            )
        store.execute(
            "UPDATE bet SET status = 'CANCELLED', cancelled_at = ? WHERE id = ?",
            (now.isoformat(), transaction_id),
        )
        journal.append(
            store,
            now.isoformat(),
            "bet.cancelled",
            {
                "bet": transaction_id,
                "ticket": row["ticket_number"],
                "terminal": terminal_id,
                "cost": row["cost"],
            },
        )
        cancelled = store.execute("SELECT * FROM bet WHERE id = ?", (transaction_id,)).fetchone()
    desk.forget(race, bet)
    return desk.receipt(cancelled, bet)
