"""Every error a person can meet, said in their words: by its stable ``code`` (ours, the
server's or ``pari``'s), with the facts it carries in ``params`` (which runner, which race,
since when), never with the exception's developer text.

A code may be refined by a ``case`` or ``reason`` param (``wrong_runner_count.combinee``);
a message whose facts did not come (an older server, a replayed refusal) falls back to the
code's plain message, then to the error family's.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from catalogue.names import N_, RACE_STATUSES

if TYPE_CHECKING:
    from catalogue.words import Words

log = logging.getLogger(__name__)

MESSAGES: dict[str, str] = {
    # the counter's quick entry
    "entry_incomplete": N_("Type the meeting, the race, the bet type and the runners: {example}"),
    "entry_race": N_("“{text}”: the meeting and the race are numbers, e.g. 1 3"),
    "entry_type": N_("“{text}” is not a bet type code (F1 lists them)"),
    "entry_base": N_("Type one - or * after the base runners"),
    "entry_word": N_("“{text}” is neither a runner number nor an option (X2, FC)"),
    "entry_multiplier": N_("The multiplier is a whole number from 1 to 100, e.g. X2"),
    # selling
    "betting_closed": N_("{race_id} is not open for bets"),
    "unknown_race": N_("{race_id} is not in today's programme"),
    "type_not_offered": N_("{bet_type} is not offered on {race_id}"),
    "type_not_offered.nothing_on_sale": N_("No bet on {race_id} is on sale here"),
    "not_a_bet": N_("This bet cannot be sold"),
    "not_enough_credit": N_("This bet costs {cost}; the credit is {credit}"),
    "unknown_runner": N_("Runner {runner} is not in this race (runners {first} to {last})"),
    "scratched_runner": N_("Runner {runner} is a non-runner (NP)"),
    "duplicate_runner": N_("Runner {runner} is named twice"),
    "wrong_runner_count": N_("Wrong number of runners for this bet"),
    "wrong_runner_count.unitaire": N_("This bet takes {low} runners: {got} chosen"),
    "wrong_runner_count.unitaire_range": N_("This bet takes {low} to {high} runners: {got} chosen"),
    "wrong_runner_count.combinee": N_("A combination takes at least {low} runners: {got} chosen"),
    "wrong_runner_count.champ_base": N_("A field bet takes 1 to {high} base runners: {got} chosen"),
    "wrong_runner_count.champ_starters": N_("Too few starters left for a full field"),
    "wrong_runner_count.champ_associates": N_(
        "A partial field needs at least {low} associated runners: {got} chosen"
    ),
    "formula_not_allowed": N_("This formula is not offered for this bet"),
    "formula_not_allowed.unitaire_base": N_("A single bet has no base runners"),
    "formula_not_allowed.combinee_base": N_("A combination has no base runners"),
    "formula_not_allowed.champ_total": N_("A full field takes base runners only"),
    "formula_not_allowed.unitaire_only": N_(
        "A {bet_type} names {low} to {high} runners, with no formula"
    ),
    "formula_not_allowed.not_offered": N_("{bet_type} is not played as a {formula}"),
    "formula_not_allowed.complete": N_(
        "“All orders” is offered on Tiercé, Quarté+ and Quinté+ combinations and fields only"
    ),
    "stake_below_minimum": N_("The unit stake is below the minimum of {minimum}"),
    "stake_below_minimum.multiplier": N_("The multiplier is a whole number from 1 to 100, e.g. X2"),
    "stake_above_maximum": N_("The maximum stake of this bet is {maximum}"),
    "bad_selection": N_("This selection cannot be sold"),
    # the shift and the drawer
    "no_shift": N_("The till is closed: open it first"),
    "shift_open": N_("The till is already open"),
    "bad_float": N_("The float is an amount of cash: it cannot be negative"),
    "bad_count": N_("The counted cash cannot be negative"),
    "unknown_shift": N_("There is no such shift"),
    # tickets
    "unreadable_ticket": N_("This is not a Guichet ticket (barcode unreadable or forged)"),
    "forged_ticket": N_("This is not a Guichet ticket (barcode unreadable or forged)"),
    "unknown_ticket": N_("The server knows no such ticket"),
    "not_sold_here": N_("This ticket was not sold at this terminal"),
    "already_paid": N_("Ticket {ticket_number} was already paid on {paid_at}"),
    "not_payable": N_("This ticket pays nothing"),
    "not_payable.ACCEPTED": N_("This ticket's race has no official result yet"),
    "not_payable.LOSING": N_("This is a losing ticket"),
    "not_payable.CANCELLED": N_("This ticket was cancelled"),
    "identity_required": N_(
        "Above 2 000 € a ticket is paid by transfer or cheque, with the payee's identity"
    ),
    "not_cancellable": N_("This bet is {status}: only an accepted bet can be cancelled"),
    "too_late": N_("A bet can be cancelled within 15 minutes of its sale only"),
    "already_cancelled": N_("Ticket {ticket} was already cancelled: nothing more to refund"),
    "cannot_cancel": N_("The server refused the cancellation"),
    "cannot_cancel.not_seller": N_("Only the terminal that sold a bet can cancel it"),
    "cannot_cancel.status": N_("This bet is {status}: it cannot be cancelled"),
    "cannot_cancel.race_closed": N_("{race_id} is closed: too late to cancel"),
    "cannot_cancel.too_late": N_("A bet can be cancelled within 15 minutes of its sale only"),
    # printing
    "not_accepted": N_("A ticket prints only once the server has accepted the bet"),
    "already_printed": N_("This ticket was printed already: print a duplicate"),
    "printing_now": N_("This ticket is printing now"),
    "print_failed": N_(
        "The ticket did not print ({device_state}): the bet is paid; reprint it or cancel it"
    ),
    "no_printer": N_("No ticket printer is connected"),
    "printer_not_ready": N_(
        "The printer cannot print ({device_state}): nothing was sold, no money taken"
    ),
    # vouchers and credit
    "no_credit": N_("There is no credit to pay out"),
    "unreadable_voucher": N_("This is not a Guichet voucher (barcode unreadable or forged)"),
    "forged_voucher": N_("This is not a Guichet voucher (barcode unreadable or forged)"),
    "unknown_voucher": N_("The server does not know this voucher"),
    "voucher_registered": N_("This voucher is already registered"),
    "voucher_not_printed": N_(
        "The voucher did not print (printer {device_state}): it is kept and prints as soon as "
        "the printer is ready"
    ),
    "not_issued": N_("The server refused the voucher: the credit is given back"),
    "not_redeemed": N_("The server did not take the voucher"),
    "voucher_redeemed": N_("Voucher {number} was already used on {redeemed_at}"),
    "voucher_expired": N_("Voucher {number} expired on {expires_at}"),
    # the link
    "offline": N_("The server cannot be reached: nothing was refused, try again shortly"),
    "kept_offline": N_(
        "The server cannot be reached: the request is kept and sent again; nothing is paid or "
        "refunded until it answers"
    ),
    "unauthorized": N_("The server refused this terminal's credentials: call support"),
    # the operator's console
    "bad_login": N_("Wrong name or password"),
    "too_many_logins": N_("Too many login attempts from here: try again in {seconds} s"),
    "logins_busy": N_("Many logins are being checked at once: try again in a moment"),
    "wrong_password": N_("This is not your current password"),
    "same_password": N_("The new password must differ from the current one"),
    "own_password": N_("Change your own password on your password page"),
    "csrf": N_("This form has expired or did not come from this console: reload the page"),
    "cross_site": N_("Refused: this request came from another site"),
    "role": N_("Your role ({role}) does not allow this"),
    "wrong_race_state": N_("Not possible now: the race is {status} (the page shows it as it is)"),
    "same_operator": N_("You entered this result: another operator must confirm it"),
    "no_proposal": N_("No official result is waiting for confirmation"),
    "result_changed": N_(
        "The official result was changed since you read it: nothing was done; check it below"
    ),
    "bad_result": N_("This result cannot be recorded"),
    "bad_result.empty_place": N_("Place {place} names no runner"),
    "bad_result.not_a_number": N_("Place {place}: runners are numbers"),
    "bad_result.unknown_runner": N_("Place {place}: runner {runner} is not in this race"),
    "bad_result.scratched": N_("Place {place}: runner {runner} is a non-runner (NP)"),
    "bad_result.twice": N_("Runner {runner} is placed twice"),
    "bad_result.tied": N_("Place {place}: {tied} runners in a dead heat is not credible"),
    "bad_result.no_winner": N_("Type the finish: at least the winner"),
    "bad_places": N_("Type the finish as runner numbers, one place per box; a dead heat as 4=7"),
    "unknown_terminal": N_("There is no such terminal"),
    "already_disabled": N_("This terminal is already disabled"),
    "bad_terminal_name": N_("A terminal's name is 1 to 60 characters"),
    "not_found": N_("There is no such page, race or terminal"),
    "invalid_request": N_("The form is not filled in correctly"),
    "bad_operator_name": N_("An operator's name is 1 to 40 characters, without a slash"),
    "bad_role": N_("Choose one of the roles"),
    "short_password": N_("A password has at least {least} characters"),
    "passwords_differ": N_("The two passwords differ"),
    "operator_exists": N_("There is already an operator of that name"),
    "own_account": N_("You cannot disable your own account"),
    "unknown_operator": N_("There is no such operator"),
    "operator_already_disabled": N_("This operator is already disabled"),
    # the server stopped
    "store_damaged": N_("The database is damaged: sales stopped"),
    "store_damaged.replaced": N_("The database file was deleted or replaced: sales stopped"),
    "terminal_disabled": N_("This terminal is disabled: call support"),
}

# what a family of errors says when its code is not one of the above
FAMILIES: dict[str, str] = {
    "Offline": "offline",
    "SaleProblem": "bad_selection",
}
UNFORESEEN = N_("The operation was not completed. Call support if it persists.")
REFUSED = N_("The server refused the operation. Call support if it persists.")

RACE_STATES = frozenset(RACE_STATUSES) - {"CANCELLED"}  # a bet's CANCELLED is not a race's

# params that hold an amount in cents, a moment, a race id, a bet type, a state
AMOUNTS = frozenset({"cost", "credit", "minimum", "maximum", "amount"})
MOMENTS = frozenset({"paid_at", "redeemed_at", "expires_at", "until"})


def sentence(words: Words, code: str, params: Mapping[str, object], family: str = "") -> str:
    refinement = params.get("case") or params.get("reason") or params.get("status")
    keys = [f"{code}.{refinement}"] if refinement else []
    keys.append(code)
    shown = {name: _present(words, name, value) for name, value in params.items()}
    for key in keys:
        if key in MESSAGES:
            try:
                return words.gettext(MESSAGES[key], **shown)
            except (KeyError, IndexError):
                log.info("the message for %s lacks its facts (%s)", key, sorted(params))
    fallback = FAMILIES.get(family)
    if fallback is not None and fallback != code:
        return words.gettext(MESSAGES[fallback])
    plain = REFUSED if family == "Refused" else UNFORESEEN
    return words.gettext(plain)


def _present(words: Words, name: str, value: object) -> object:
    """A param as the person reads it: amounts, moments, races, bet types, formulas, states
    in words."""
    if name in AMOUNTS and isinstance(value, int):
        return words.amount(value)
    if name in MOMENTS and isinstance(value, str):
        try:
            return words.moment(value)
        except ValueError:
            return words.data(value)
    if name == "race_id" and isinstance(value, str):
        return words.race(value)
    if name == "bet_type" and isinstance(value, str):
        return words.bet_type(value)
    if name == "formula" and isinstance(value, str):
        return words.formula(value)
    if name == "status" and isinstance(value, str):
        return words.race_status(value) if value in RACE_STATES else words.status(value)
    if name == "role" and isinstance(value, str):
        return words.role(value)
    if name == "device_state" and isinstance(value, str):
        return words.device_state(value)
    return value
