"""The domain's identifiers and the words people read for them (DOMAIN.md's table).

The texts are English source messages marked for extraction (``N_``); ``Words`` translates
them when it shows them.
"""

from __future__ import annotations

from pari import BetType


def N_(message: str) -> str:  # noqa: N802  (gettext's name for "mark, do not translate yet")
    return message


BET_TYPES: dict[BetType, str] = {
    BetType.SIMPLE_GAGNANT: N_("Win"),
    BetType.SIMPLE_PLACE: N_("Place"),
    BetType.COUPLE_GAGNANT: N_("Quinella"),
    BetType.COUPLE_PLACE: N_("Place quinella"),
    BetType.COUPLE_ORDRE: N_("Exacta"),
    BetType.TRIO: N_("Trio"),
    BetType.TRIO_ORDRE: N_("Trifecta"),
    BetType.DEUX_SUR_QUATRE: N_("2 in 4"),
    BetType.TIERCE: N_("Tiercé"),
    BetType.QUARTE_PLUS: N_("Quarté+"),
    BetType.QUINTE_PLUS: N_("Quinté+"),
    BetType.MULTI: N_("Multi"),
}

# the PMU's pools Guichet does not sell, by the feed's code (``backend.pmu_programme``): the
# console lists them, "not sold here"; an international pool of a bet type Guichet sells
# (``SIMPLE_GAGNANT_INTERNATIONAL``) is named after it (``Words.pool_name``)
PMU_POOLS: dict[str, str] = {
    "REPORT_PLUS": N_("Report+"),
    "SUPER_QUATRE": N_("Super 4"),
    "MINI_MULTI": N_("Mini Multi"),
    "PICK5": N_("Pick 5"),
    "TIC_TROIS": N_("Tic Trois"),
}
INTERNATIONAL = "_INTERNATIONAL"

# a pool's rules set (``pari.RulesSet``): the PMU's règlement, or DOMAIN.md's simpler rules
RULES_SETS: dict[str, str] = {
    "pmu": N_("PMU règlement"),
    "simple": N_("simplified rules"),
}

FORMULAS: dict[str, str] = {
    "unitaire": N_("single"),
    "combinee": N_("combination"),
    "champ_reduit": N_("partial field"),
    "champ_total": N_("full field"),
}

# a bet at this terminal (PENDING … VOID) or a ticket as the server knows it (… WINNING)
STATUSES: dict[str, str] = {
    "PENDING": N_("waiting for the server"),
    "ACCEPTED": N_("accepted"),
    "REFUSED": N_("refused"),
    "VOID": N_("void"),
    "CANCELLED": N_("cancelled"),
    "PAID": N_("paid"),
    "WINNING": N_("winning"),
    "LOSING": N_("losing"),
    "REFUNDABLE": N_("refunded"),
    # an accepted bet as the counter's last tickets show it, while its ticket is owed
    "UNPRINTED": N_("accepted, ticket to print"),
    "PRINT_FAILED": N_("accepted, ticket not printed: reprint"),
}


# a race's phase (``CachedRace.phase``), as a race list shows it
# a dividend's rank after its bet type's name ("Tiercé ordre"); a one-rank type has none
RANKS: dict[str, str] = {
    "UNIQUE": "",
    "ORDRE": N_("in order"),
    "DESORDRE": N_("any order"),
    "BONUS4": N_("bonus 4"),
    "BONUS4SUR5": N_("bonus 4 of 5"),
    "BONUS3": N_("bonus 3"),
    "EN_4": N_("in 4"),
    "EN_5": N_("in 5"),
    "EN_6": N_("in 6"),
    "EN_7": N_("in 7"),
    "REFUND": N_("refund"),
}

PHASES: dict[str, str] = {
    "planned": N_("not open yet"),
    "open": N_("open until {time}"),
    "closing": N_("closes in {left}"),
    "closed": N_("betting closed"),
    "provisional": N_("provisional result"),
    "official": N_("official result"),
    "abandoned": N_("abandoned"),
}


def race_code(race_id: str) -> str:
    """``2026-12-01/R1C4`` → ``R1C4``: the day is implied on a point of sale's screens."""
    return race_id.rsplit("/", 1)[-1]


DEVICES: dict[str, str] = {
    "printer": N_("Printer"),
    "scanner": N_("Scanner"),
    "bill_acceptor": N_("Bill acceptor"),
    "card_reader": N_("Card reader"),
}

# a device's state as its driver reports it (``PrinterStatus`` values and lifecycle events)
DEVICE_STATES: dict[str, str] = {
    "ok": N_("ready"),
    "paper_near_end": N_("paper running low"),
    "paper_out": N_("out of paper"),
    "cover_open": N_("cover open"),
    "offline": N_("not responding"),
    "printer_offline": N_("not responding"),
    "unknown": N_("state unknown"),
    "none": N_("not connected"),
    "reconnected": N_("connected again"),
    "reset": N_("restarted"),
    "device_not_found": N_("not connected"),
    "device_timeout": N_("not responding"),
    "device_offline": N_("unplugged"),
}


# the console's words: a race's status as the race office reads it, a terminal's mode, why a
# terminal needs a person, an operator's role
RACE_STATUSES: dict[str, str] = {
    "PLANNED": N_("planned"),
    "OPEN": N_("open for bets"),
    "CLOSED": N_("closed"),
    "RESULT_PROVISIONAL": N_("provisional result"),
    "RESULT_OFFICIAL": N_("official result"),
    "CANCELLED": N_("abandoned"),
}

MODES: dict[str, str] = {
    "counter": N_("counter"),
    "kiosk": N_("kiosk"),
    "": N_("not known yet"),
}

ATTENTION: dict[str, str] = {
    "offline": N_("offline"),
    "stopped": N_("stopped"),
    "printer": N_("printer"),
    "bill_acceptor": N_("bill acceptor"),
    "queue": N_("transactions waiting"),
    "clock": N_("clock off"),
}

ROLES: dict[str, str] = {
    "race-office": N_("race office"),
    "supervisor": N_("supervision"),
    "admin": N_("administrator"),
}

# a time elapsed, largest unit first: (seconds in the unit, its abbreviation with the count)
DURATION_UNITS: tuple[tuple[int, str], ...] = (
    (86_400, N_("{n} d")),
    (3_600, N_("{n} h")),
    (60, N_("{n} min")),
    (1, N_("{n} s")),
)
