"""What every route needs, built once by the composition root (``backend.app``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from backend.api.deadlines import Deadlines
from backend.auth import Verifier
from backend.login_limits import AttemptLimiter
from backend.nonces import NonceBook
from backend.odds_board import OddsBoard
from backend.passwords import PasswordChecks
from backend.tote import Tote


@dataclass(slots=True)
class ServerContext:
    tote: Tote
    verifier: Verifier
    nonces: NonceBook  # the verifier's memory on SQLite; the database's with several workers
    clock: Callable[[], datetime]
    admin_token: str = field(repr=False)
    secrets: dict[str, bytes] = field(default_factory=dict, repr=False)
    odds: OddsBoard = field(default_factory=OddsBoard)
    odds_min_pool: int = 0  # cents: below it a race's approximate odds are not shown
    # the console's logins: passwords checked off the tote's thread, attempts per address
    passwords: PasswordChecks = field(default_factory=PasswordChecks)
    logins: AttemptLimiter = field(default_factory=AttemptLimiter)
    # when each code of the server's own failures was last logged (``backend.api.problems``)
    problems_said: dict[str, float] = field(default_factory=dict)
    # the bets awaited from the tote, each failed past its deadline (the lifespan sweeps)
    deadlines: Deadlines = field(default_factory=Deadlines)
