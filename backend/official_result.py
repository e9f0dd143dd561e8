"""The official result, entered by one operator and confirmed by another, as a race office
works: the second pair of eyes catches the runner typed 13 for 31 before every bet on the race
is settled on it, which no one can undo.

The first operator's entry waits in ``official_proposal`` (one per race; entering it again
replaces it); a different operator confirms it, which settles the race exactly as the admin
API's official result does, or rejects it. Each step is journaled with who took it. The
admin API (automation, one token) keeps its one-step official result.

A confirmation (or a rejection) names the entry it was given to read, by its ``revision``:
the entry may have been replaced between the page and the click (3-2-1 typed over the 1-2-3
the second operator read), and a race settled on a finish nobody confirmed cannot be undone.
A revision that is not the waiting entry's is refused (``result_changed``), changing nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend import journal
from backend.errors import Conflict, InvalidRequest, NotFound, WrongRaceState
from backend.races import RaceStatus, load_race, lock
from backend.results import record_within
from backend.store import Store
from pari import Finish, PariError


@dataclass(frozen=True, slots=True)
class Proposal:
    race_id: str
    places: list[list[int]]
    proposed_by: str
    proposed_at: str

    @property
    def revision(self) -> str:
        """What names this entry and no other: a digest of what it says, who and when."""
        said = json.dumps([self.race_id, self.places, self.proposed_by, self.proposed_at])
        return hashlib.sha256(said.encode()).hexdigest()[:32]


def proposal_of(store: Store, race_id: str) -> Proposal | None:
    row = store.execute(
        "SELECT places, proposed_by, proposed_at FROM official_proposal WHERE race_id = ?",
        (race_id,),
    ).fetchone()
    if row is None:
        return None
    return Proposal(race_id, json.loads(row["places"]), row["proposed_by"], row["proposed_at"])


def propose_official(store: Store, race_id: str, places: Any, by: str, now: datetime) -> Proposal:
    """Enter the official result, to be confirmed by someone else."""
    with store.transaction():
        lock(store, race_id)
        race = load_race(store, race_id)
        if race.status is not RaceStatus.RESULT_PROVISIONAL:
            raise WrongRaceState(
                f"race {race_id} is {race.status}: an official result follows a provisional one",
                status=race.status.value,
            )
        try:
            finish = Finish.of(places, race.field)
        except PariError as err:
            raise InvalidRequest(str(err), code=err.code, **err.params) from None
        text = json.dumps(finish.places)
        store.execute("DELETE FROM official_proposal WHERE race_id = ?", (race_id,))
        store.execute(
            "INSERT INTO official_proposal (race_id, places, proposed_by, proposed_at)"
            " VALUES (?, ?, ?, ?)",
            (race_id, text, by, now.isoformat()),
        )
        journal.append(
            store,
            now.isoformat(),
            "race.official_proposed",
            {"race": race_id, "places": json.loads(text), "by": by},
        )
    return Proposal(race_id, json.loads(text), by, now.isoformat())


def confirm_official(
    store: Store, race_id: str, by: str, now: datetime, *, revision: str
) -> dict[str, Any]:
    """Make the waiting entry official and settle every bet, if it is still the one read
    (``revision``); refused to its own author."""
    with store.transaction():
        lock(store, race_id)
        proposal = _waiting(store, race_id)
        if proposal.proposed_by == by:
            raise Conflict(
                f"{by} entered this result; another operator must confirm it",
                code="same_operator",
                operator=by,
            )
        _unchanged(proposal, revision)
        store.execute("DELETE FROM official_proposal WHERE race_id = ?", (race_id,))
        return record_within(
            store,
            race_id,
            proposal.places,
            True,
            now,
            {"by": proposal.proposed_by, "confirmed_by": by},
        )


def reject_official(store: Store, race_id: str, by: str, now: datetime, *, revision: str) -> None:
    """The second operator does not agree (or its author withdraws it): the entry read
    (``revision``) goes, the result stays provisional."""
    with store.transaction():
        lock(store, race_id)
        proposal = _unchanged(_waiting(store, race_id), revision)
        store.execute("DELETE FROM official_proposal WHERE race_id = ?", (race_id,))
        journal.append(
            store,
            now.isoformat(),
            "race.official_rejected",
            {
                "race": race_id,
                "places": proposal.places,
                "proposed_by": proposal.proposed_by,
                "by": by,
            },
        )


def _waiting(store: Store, race_id: str) -> Proposal:
    proposal = proposal_of(store, race_id)
    if proposal is None:
        raise NotFound(f"race {race_id} has no official result waiting", code="no_proposal")
    return proposal


def _unchanged(proposal: Proposal, revision: str) -> Proposal:
    """The entry waiting, if it is the one read."""
    if proposal.revision != revision:
        raise Conflict(
            f"the official result waiting for {proposal.race_id} is revision {proposal.revision}"
            f" ({proposal.places}, entered by {proposal.proposed_by}), not {revision[:40]!r}",
            code="result_changed",
            operator=proposal.proposed_by,
        )
    return proposal
