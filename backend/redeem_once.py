"""The one rule by which a ticket is paid, and a voucher redeemed, exactly once.

The redemption's row has the thing redeemed as its primary key, so a second redemption cannot
be written, whichever terminals race for it; the caller holds the thing's row locked for the
transaction (``update_lock``), one redemption at a time. A retry with the same transaction id
is answered the first redemption; the same id for another thing, or from another terminal, is
refused as a conflict; a thing redeemed already is refused with the caller's own words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from backend.errors import IdempotencyConflict, ServerError
from backend.store import Row, Store


@dataclass(frozen=True, slots=True)
class Redemptions:
    table: str  # the redemptions' table: ``payout``, ``voucher_redemption``
    key: str  # its primary key, the thing redeemed: ``bet_id``, ``voucher_number``
    what: str  # a redemption's name, for the conflict's words: "payment", "redemption"

    def of(self, store: Store, thing: str) -> Row | None:
        """The thing's redemption, if it has one."""
        sql = f"SELECT * FROM {self.table} WHERE {self.key} = ?"
        return store.execute(sql, (thing,)).fetchone()  # type: ignore[no-any-return]

    def earlier(
        self,
        store: Store,
        thing: str,
        transaction_id: str,
        terminal_id: str,
        already: Callable[[Row], ServerError],
    ) -> Row | None:
        """The redemption ``transaction_id`` made before (a retry), or None when ``thing`` is
        still to redeem. Inside the caller's transaction, with the thing's row locked."""
        sql = f"SELECT * FROM {self.table} WHERE transaction_id = ?"
        earlier: Row | None = store.execute(sql, (transaction_id,)).fetchone()
        if earlier is not None:
            if earlier[self.key] != thing or earlier["terminal_id"] != terminal_id:
                raise IdempotencyConflict(
                    f"transaction {transaction_id} was already used for another {self.what}"
                )
            return earlier
        done = self.of(store, thing)
        if done is not None:
            raise already(done)
        return None


PAYOUTS = Redemptions("payout", "bet_id", "payment")
VOUCHER_REDEMPTIONS = Redemptions("voucher_redemption", "voucher_number", "redemption")
