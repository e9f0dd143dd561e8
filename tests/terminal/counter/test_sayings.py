"""What the counter tells the clerk of each outcome, in the catalogue's words: a sale
recorded, then printed, accepted without its ticket, still waiting or refused (at once or
late); a ticket or voucher scanned; a payout, a cancellation, a reprint."""

from __future__ import annotations

from typing import Any

import pytest

from catalogue import words_for
from terminal.counter import sayings
from terminal.counter.sayings import Said
from terminal.errors import PrintProblem, Refused
from terminal.operations.cancel import Cancellation
from terminal.operations.payout import Payout
from terminal.operations.sell import Sale
from terminal.operations.spool import PRINT_FAILED, PRINTED, LateOutcome

NBSP = "\N{NO-BREAK SPACE}"
FR = words_for("fr")
NO_PAPER = PrintProblem("no paper", code="print_failed", device_state="paper_out")
NOT_PRINTED = (
    "Le ticket ne s’est pas imprimé (plus de papier) : le pari est payé ; "
    "réimprimez-le ou annulez-le"
)
SCRATCHED = Refused("runner 4 is a non-runner", code="scratched_runner", runner=4)
TICKET = "26112100000013"


def test_a_sale_is_said_recorded_at_once() -> None:
    assert sayings.recorded(FR, Sale("t", "PENDING", 150)) == Said(
        f"Pari enregistré (1,50{NBSP}€) : en attente de la réponse du serveur…"
    )


@pytest.mark.parametrize(
    ("sale", "said"),
    [
        (
            Sale("t", "ACCEPTED", 450, TICKET, printed=True),
            Said(f"Ticket {TICKET} imprimé — 4,50{NBSP}€"),
        ),
        (
            Sale("t", "ACCEPTED", 150, TICKET, print_problem=NO_PAPER),
            Said(f"Pari {TICKET} accepté, 1,50{NBSP}€. {NOT_PRINTED}", problem=True),
        ),
        (
            Sale("t", "PENDING", 150),
            Said(
                f"Pari EN ATTENTE du serveur (1,50{NBSP}€) : le ticket s’imprimera à l’acceptation",
                problem=True,
            ),
        ),
        (
            Sale("t", "REFUSED", 150, problem=SCRATCHED),
            Said(f"Refusé : rendez 1,50{NBSP}€. Le 4 est non-partant (NP)", problem=True),
        ),
        (
            Sale("t", "VOID", 150),
            Said(f"Refusé : rendez 1,50{NBSP}€. annulé (course fermée)", problem=True),
        ),
    ],
)
def test_the_servers_answer_to_a_waiting_sale(sale: Sale, said: Said) -> None:
    assert sayings.answered(FR, sale) == said


@pytest.mark.parametrize(
    ("outcome", "said"),
    [
        (
            LateOutcome(PRINTED, "t", 130, TICKET),
            Said(f"Ticket {TICKET} imprimé — 1,30{NBSP}€ (accepté en retard par le serveur)"),
        ),
        (
            LateOutcome(PRINT_FAILED, "t", 130, TICKET, NO_PAPER),
            Said(f"Pari {TICKET} accepté, 1,30{NBSP}€. {NOT_PRINTED}", problem=True),
        ),
        (
            LateOutcome("REFUSED", "t", 150, problem=SCRATCHED),
            Said(f"Refusé : rendez 1,50{NBSP}€. Le 4 est non-partant (NP)", problem=True),
        ),
        (
            LateOutcome("VOID", "t", 150),
            Said(f"Refusé : rendez 1,50{NBSP}€. annulé (course fermée)", problem=True),
        ),
    ],
)
def test_an_answer_after_the_sale_stopped_waiting(outcome: LateOutcome, said: Said) -> None:
    assert sayings.late(FR, outcome) == said


def test_a_sale_is_said_in_the_counters_language() -> None:
    assert sayings.answered(words_for("en"), Sale("t", "ACCEPTED", 450, TICKET, printed=True)) == (
        Said(f"Ticket {TICKET} printed — €4.50")
    )


def ticket(status: str, payout: int | None = None, paid_at: str = "") -> dict[str, Any]:
    """A ticket as the server's check answers it."""
    view = {
        "ticket_number": "T1",
        "race_id": "2026-11-21/R1C1",
        "bet_type": "SIMPLE_GAGNANT",
        "status": status,
        "payout": payout,
    }
    return view | ({"paid_at": paid_at} if paid_at else {})


@pytest.mark.parametrize(
    ("view", "said"),
    [
        # before an official result a ticket is worth nothing yet, not "0,00 €"
        (ticket("ACCEPTED"), "pas encore de résultat officiel"),
        (ticket("CANCELLED"), "annulé"),
        (ticket("WINNING", 1650), f"gagnant — rapporte 16,50{NBSP}€"),
        (ticket("LOSING", 0), f"perdant — rapporte 0,00{NBSP}€"),
        (
            ticket("WINNING", 1650, "2026-11-21T13:05:00+00:00"),
            f"payé le {FR.moment('2026-11-21T13:05:00+00:00')} — rapporte 16,50{NBSP}€",
        ),
    ],
)
def test_a_scanned_ticket_says_what_it_is_worth(view: dict[str, Any], said: str) -> None:
    assert sayings.ticket(FR, view) == f"Ticket T1 : R1C1, Simple gagnant — {said}"


@pytest.mark.parametrize(
    ("more", "state"),
    [
        ({}, "valable jusqu’au 20/01/2027"),
        ({"expired": True}, "expiré le 20/01/2027"),
        (
            {"redeemed_at": "2026-11-21T13:05:00+00:00"},
            f"payé le {FR.moment('2026-11-21T13:05:00+00:00')}",
        ),
    ],
)
def test_a_scanned_voucher_says_whether_it_still_pays(more: dict[str, Any], state: str) -> None:
    view = {"number": "N1", "amount": 1500, "expires_at": "2027-01-20"} | more
    assert sayings.voucher(FR, view) == f"Bon N1 : 15,00{NBSP}€ — {state}"


def test_payouts_cancellations_and_reprints() -> None:
    assert sayings.paid(FR, Payout("t", "T1", 1650, "cash")) == Said(
        f"Payez 16,50{NBSP}€ (ticket T1)"
    )
    assert sayings.voucher_paid(FR, 1500) == Said(f"Payez 15,00{NBSP}€ (bon)")
    assert sayings.cancel_question(FR, "T1", 150) == (
        f"Annuler le ticket T1 et rembourser 1,50{NBSP}€ ?"
    )
    refunded = f"Pari annulé : remboursez 1,50{NBSP}€ (ticket T1)"
    done = Cancellation("t", "T1", 150, refunded=True, receipt_printed=True)
    assert sayings.cancelled(FR, done) == Said(refunded)
    done = Cancellation("t", "T1", 150, refunded=True, receipt_printed=False)
    assert sayings.cancelled(FR, done) == Said(f"{refunded} Le reçu ne s’est pas imprimé.")
    assert sayings.cancelled(FR, Cancellation("t", "T1", 150, refunded=False)) == Said(
        "Le ticket T1 est déjà annulé : rien de plus à rembourser", problem=True
    )
    assert sayings.reprinted(FR, duplicate=True) == Said("Duplicata imprimé")
    assert sayings.reprinted(FR, duplicate=False) == Said("Ticket imprimé")
