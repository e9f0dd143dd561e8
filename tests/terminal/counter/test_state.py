"""The counter's state without Qt and without a server: the line read at every key, the
example and the countdown that follow the races, the till's line and its Z, the last tickets
and the state each is shown in as its bet's answers come."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from catalogue import words_for
from terminal.counter.sayings import Said
from terminal.counter.state import CounterState, EntryLine, LastTickets, Till, shown_state
from terminal.entry import EXAMPLE
from terminal.errors import SaleProblem
from terminal.operations.desk import Desk
from terminal.operations.sell import Draft, enqueue
from terminal.operations.shifts import close_shift, current, open_shift
from terminal.store import bets
from terminal.store.programme import CachedRace
from tests.terminal.counter.conftest import DAY, NOW

NBSP = "\N{NO-BREAK SPACE}"
FR = words_for("fr")


def line_of(races: list[CachedRace], lang: str = "fr") -> EntryLine:
    line = CounterState(words_for(lang)).line
    line.load(races)
    return line


def test_a_line_is_read_to_its_draft_and_its_cost(races: list[CachedRace]) -> None:
    line = line_of(races)
    said = line.read("1 1 SG 4 X3", NOW)
    assert said == Said(f"R1C1 · Simple gagnant · unitaire : 1 combinaison — 4,50{NBSP}€")
    assert line.draft == Draft(f"{DAY}/R1C1", "SIMPLE_GAGNANT", (4,), "unitaire", (), 3, False)
    assert line.race is not None
    assert line.race.race_id == f"{DAY}/R1C1"
    assert line.bet is not None
    assert line.bet.cost == 450
    assert line.problem is None
    assert line.read("1 1 MU 4 7 2 9 5 1", NOW) == Said(
        f"R1C1 · Multi · en 6 : 15 combinaisons de 4 — 3,00{NBSP}€"
    )


def test_an_emptied_line_says_nothing_and_keeps_nothing_of_the_last(
    races: list[CachedRace],
) -> None:
    line = line_of(races)
    line.read("1 1 SG 42", NOW)
    assert line.read("   ", NOW) == Said("")
    assert (line.draft, line.race, line.bet, line.problem) == (None, None, None, None)


@pytest.mark.parametrize(
    ("text", "said", "race"),
    [
        ("1 3", "Tapez la réunion, la course, le pari et les chevaux : 1 4 QP 1 2 3 4 5", ""),
        ("1 3 ZZ 1", "« ZZ » n’est pas un code de pari (F1 les liste)", ""),
        ("1 9 SG 4", "R1C9 n’est pas au programme du jour", ""),
        # the race is known: the odds board and the countdown follow it even so
        ("1 1 SG 42", "Le 42 ne court pas dans cette course (partants 1 à 13)", "R1C1"),
        ("1 1 SG 13", "Le 13 est non-partant (NP)", "R1C1"),
        ("1 1 TI 1 2", "Ce pari se joue avec 3 chevaux : 2 choisis", "R1C1"),
        ("1 1 QP 1 2 3 4 5", "Pas de Quinté+ sur R1C1", "R1C1"),
        ("1 3 SG 4", "Aucun pari sur R1C3 n’est en vente ici", "R1C3"),
    ],
)
def test_what_is_wrong_with_a_line_is_said_in_the_catalogues_words(
    races: list[CachedRace], text: str, said: str, race: str
) -> None:
    line = line_of(races)
    line.example = "1 4 QP 1 2 3 4 5"
    assert line.read(text, NOW) == Said(said, problem=True)
    assert line.bet is None
    assert line.problem is not None
    assert (line.race.race_id.rsplit("/", 1)[-1] if line.race else "") == race


def test_a_line_is_said_in_the_counters_language(races: list[CachedRace]) -> None:
    line = line_of(races, "en")
    assert line.read("1 1 SG 4", NOW) == Said("R1C1 · Win · single: 1 combination — €1.50")
    assert line.read("1 9 SG 4", NOW) == Said("R1C9 is not in today's programme", problem=True)


def test_a_race_past_its_post_is_said_closed(races: list[CachedRace]) -> None:
    line = line_of(races)
    assert line.read("1 1 SG 4", NOW + timedelta(minutes=31)) == Said(
        FR.problem(SaleProblem("", code="betting_closed", race_id=f"{DAY}/R1C1")), problem=True
    )
    assert line.race is not None
    assert line.bet is None


def test_enter_sells_the_line_as_typed_or_says_what_is_wrong(races: list[CachedRace]) -> None:
    line = line_of(races)
    line.read("1 2 sg 4 - 7 9", NOW)
    assert line.to_sell(NOW) == Draft(f"{DAY}/R1C2", "SIMPLE_GAGNANT", (7, 9), "champ_reduit", (4,))
    line.read("1 2", NOW)
    with pytest.raises(SaleProblem, match="meeting race type runners"):
        line.to_sell(NOW)


def test_the_example_follows_the_races_open_now(races: list[CachedRace]) -> None:
    line = CounterState(FR).line
    assert line.example == EXAMPLE
    assert not line.follow(NOW)  # no races yet: the fixed example stays
    line.load(races)
    assert line.follow(NOW)
    assert line.example == "1 2 QP 1 2 3 4 5"  # a Quinté+ where there is one, open
    assert line.placeholder() == "ex. 1 2 QP 1 2 3 4 5"
    assert not line.follow(NOW + timedelta(minutes=31))  # R1C1 closed: the same example
    line.load(races[:1])  # R1C1 alone: its richest bet
    assert line.follow(NOW)
    assert line.example == "1 1 TI 1 2 3"
    assert line.follow(NOW + timedelta(minutes=31))  # nothing open: the fixed example
    assert line.example == EXAMPLE


def test_the_countdown_is_the_typed_races_else_the_boards(races: list[CachedRace]) -> None:
    line = line_of(races)
    board = races[1]  # R1C2 on the odds board
    post = FR.time(board.post_time)
    assert line.countdown(None, NOW) == Said("")
    assert line.countdown(board, NOW) == Said(f"R1C2 : ouverte jusqu’à {post}")
    line.read("1 1 SG 4", NOW)
    closing = NOW + timedelta(minutes=29, seconds=30)
    assert line.countdown(board, closing) == Said("R1C1 : clôture dans 0:30", problem=True)
    assert line.countdown(board, NOW + timedelta(minutes=31)) == Said(
        "R1C1 : paris clos", problem=True
    )


def test_the_first_key_of_a_line_starts_a_new_one() -> None:
    assert EntryLine.starts("1")
    assert not EntryLine.starts("")
    assert not EntryLine.starts("1 ")


def test_the_tills_line_follows_the_shift_and_the_drawer(offline_desk: Desk) -> None:
    """Opened with a float, a sale, its refusal refunded, the Z: the line says each."""
    till = Till(FR)
    assert till.read(current(offline_desk)) == Said("Caisse fermée", problem=True)
    open_shift(offline_desk, 5000)
    opened = FR.time(NOW)
    said = f"Caisse ouverte depuis {opened} · attendu en caisse "
    assert till.read(current(offline_desk)) == Said(f"{said}50,00{NBSP}€")
    assert till.shift is not None
    assert till.shift.drawer == 5000
    sale = enqueue(offline_desk, Draft(f"{DAY}/R1C1", "SIMPLE_GAGNANT", (4,)), hold=False)
    assert till.read(current(offline_desk)) == Said(f"{said}51,50{NBSP}€")
    refuse(offline_desk, sale.transaction_id)
    assert till.read(current(offline_desk)) == Said(f"{said}50,00{NBSP}€")
    close_shift(offline_desk, 5000)
    assert till.read(current(offline_desk)) == Said("Caisse fermée", problem=True)
    assert till.shift is None


def test_the_z_asks_with_the_difference_and_reads_the_counted_cash(offline_desk: Desk) -> None:
    till = Till(FR)
    assert till.not_open() == Said("La caisse est fermée : ouvrez-la d’abord", problem=True)
    open_shift(offline_desk, 5150)
    shift = current(offline_desk)
    assert shift is not None
    assert till.z_question(shift, 5000) == (
        f"Clôturer la caisse ? Attendu 51,50{NBSP}€, compté 50,00{NBSP}€, écart -1,50{NBSP}€."
    )
    assert till.closed() == Said("Caisse fermée", problem=True)


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("51,50", 5150),
        ("51,50 €", 5150),
        (f"51,50{NBSP}€", 5150),
        ("1 051,50", 105150),
        ("51.5", 5150),
        ("0", 0),
        ("cinquante", None),
        ("", None),
        ("51,505", None),
    ],
)
def test_the_counted_cash_is_read_as_the_clerk_types_it(typed: str, cents: int | None) -> None:
    assert Till.counted(typed) == cents


def test_cash_that_is_not_an_amount_is_said_so() -> None:
    assert Till(FR).not_cash(" cinquante € ") == Said(
        "« cinquante » n’est pas un montant, par ex. 51,50", problem=True
    )


def row(
    status: str, print_state: str = "NONE", paid: int = 0, ticket: str | None = None
) -> dict[str, Any]:
    """A row as ``bets.latest`` gives it."""
    return {
        "transaction_id": "tid-1",
        "ticket_number": ticket,
        "race_id": f"{DAY}/R1C1",
        "bet_type": "SIMPLE_GAGNANT",
        "cost": 150,
        "status": status,
        "print_state": print_state,
        "paid": paid,
    }


@pytest.mark.parametrize(
    ("status", "print_state", "paid", "shown"),
    [
        ("PENDING", "NONE", 0, "PENDING"),
        ("ACCEPTED", "NONE", 0, "UNPRINTED"),
        ("ACCEPTED", "PRINTING", 0, "UNPRINTED"),
        ("ACCEPTED", "PRINTED", 0, "ACCEPTED"),
        ("ACCEPTED", "FAILED", 0, "PRINT_FAILED"),
        ("ACCEPTED", "PRINTED", 1, "PAID"),
        ("REFUSED", "NONE", 0, "REFUSED"),
        ("VOID", "NONE", 0, "VOID"),
        ("CANCELLED", "PRINTED", 0, "CANCELLED"),
    ],
)
def test_each_bet_is_shown_in_the_state_the_clerk_needs(
    status: str, print_state: str, paid: int, shown: str
) -> None:
    assert shown_state(row(status, print_state, paid)) == shown


def test_the_last_tickets_follow_each_bets_answers(offline_desk: Desk) -> None:
    """Pending (keyed by its transaction), accepted without its ticket yet (keyed by its
    ticket), refused; the newest first; the reprint's last accepted bet."""
    last = LastTickets(FR)
    assert last.newest() is None
    assert bets.last_accepted(offline_desk.store) is None
    open_shift(offline_desk, 5000)
    first = enqueue(offline_desk, Draft(f"{DAY}/R1C1", "SIMPLE_GAGNANT", (4,)), hold=False)
    last.read(bets.latest(offline_desk.store))
    assert last.lines() == [
        (f"— · R1C1 · Simple gagnant · 1,50{NBSP}€ · en attente du serveur", first.transaction_id)
    ]
    assert bets.last_accepted(offline_desk.store) is None  # nothing to reprint yet
    accept(offline_desk, first.transaction_id, "2611210000001")
    second = enqueue(
        offline_desk, Draft(f"{DAY}/R1C1", "SIMPLE_GAGNANT", (7,), multiplier=2), hold=False
    )
    refuse(offline_desk, second.transaction_id)
    last.read(bets.latest(offline_desk.store))
    assert [ticket.state for ticket in last.tickets] == ["REFUSED", "UNPRINTED"]
    assert last.newest() == second.transaction_id  # F10 takes the newest
    assert last.lines()[1] == (
        f"2611210000001 · R1C1 · Simple gagnant · 1,50{NBSP}€ · {FR.status('UNPRINTED')}",
        "2611210000001",
    )
    assert bets.last_accepted(offline_desk.store) == first.transaction_id


def accept(desk: Desk, tid: str, ticket: str) -> None:
    """The server's receipt, recorded as the drain records it."""
    receipt = {"ticket_number": ticket, "barcode": f"B{ticket}", "cost": 150}
    with desk.store.write() as conn:
        bets.record_answer(
            conn, {"transaction_id": tid, "accepted": True, "receipt": receipt}, desk.now()
        )


def refuse(desk: Desk, tid: str) -> None:
    """The server's refusal, recorded as the drain records it: the money goes back."""
    problem = {
        "code": "scratched_runner",
        "detail": "runner 4 is scratched",
        "params": {"runner": 4},
    }
    with desk.store.write() as conn:
        bets.record_answer(
            conn, {"transaction_id": tid, "accepted": False, "problem": problem}, desk.now()
        )
