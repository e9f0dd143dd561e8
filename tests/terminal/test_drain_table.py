"""The drain's dispatch is one table: every kind of outbox item is in it, or the drain fails
on it at the head of the queue and everything behind it waits."""

from __future__ import annotations

from terminal.link.drain import KINDS
from terminal.store import outbox


def test_every_outbox_kind_but_bets_is_in_the_drains_table() -> None:
    kinds = {
        value for name, value in vars(outbox).items() if name.isupper() and isinstance(value, str)
    }
    assert kinds - {outbox.BET} == set(KINDS)


def test_a_kind_whose_request_moves_money_records_both_answers() -> None:
    for kind in (outbox.PAYOUT, outbox.VOUCHER, outbox.REDEMPTION):
        assert KINDS[kind].done is not None, kind
        assert KINDS[kind].refused is not None, kind
    assert KINDS[outbox.CANCEL].done is not None  # the refund, from the server's yes only
