"""Bet acceptance: validated by ``pari.check_sale`` (the terminals price with the same
check), idempotent by the client's transaction UUID.

A bet is accepted only inside a committed transaction (WAL, ``synchronous=FULL``) that also
journals it; its pool is updated only after the commit. ``accept_many`` takes many bets (one
terminal's batch, or bets from many terminals gathered by the group commit) in one
transaction: each gets its own outcome, and a refused bet changes nothing.

The bet's terminal is checked in the same transaction (``backend.terminals.refuse_disabled``):
one disabled since its request's signature was verified has nothing more committed.

Idempotency: the request is hashed in canonical form (``backend.bet_request``). The same
UUID with the same body returns the original outcome — the receipt, or the refusal, which is
recorded too, so a bet refused before the race opened is not accepted by a retry after it;
with another body it is refused as a conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple, TypeVar

from backend import journal
from backend.bet_request import BetRequest, Receipt
from backend.errors import (
    BettingClosed,
    IdempotencyConflict,
    InvalidBet,
    NumbersExhausted,
    ServerError,
    Unauthorized,
    rebuild,
)
from backend.races import Race, load_race
from backend.sale_memo import Sale, SaleMemo, journal_entry
from backend.selling import Selling
from backend.sold_bets import restore
from backend.store import Row, Store
from backend.terminals import refuse_disabled
from backend.tickets import barcode_payload, ticket_key
from pari import Bet, BetType, PariError, Pool

T = TypeVar("T")


class NewBet(NamedTuple):
    """A bet seen for the first time in a batch, and valid: written with the batch."""

    place: int  # its index in the batch, where its outcome goes
    terminal_id: str
    request: BetRequest
    digest: str
    race: Race
    sale: Sale


class Claim(NamedTuple):
    """A transaction id first met in this batch: a repeat of it must be the same bet."""

    place: int  # the first one's index in the batch
    digest: str
    terminal_id: str


class Refusal(NamedTuple):
    """A refusal as the ``refusal`` table keeps it (its columns, in order)."""

    transaction_id: str
    body_hash: str
    terminal_id: str
    code: str
    status: int
    detail: str
    refused_at: str


@dataclass(slots=True)
class BetDesk:
    store: Store
    clock: Callable[[], datetime]
    selling: Selling  # one writer or many: how tickets are numbered, pools kept (backend.app)
    key: bytes = field(default=b"", repr=False)
    odds_changed: set[str] = field(default_factory=set)  # races whose win pool moved
    races_changed: set[str] = field(default_factory=set)  # races whose state or field changed
    # races as last read, kept between commits: a race changes only through ``changed`` (its
    # open, close, scratchings, result, abandon), which drops it; reading it again for every
    # commit was 15 % of the server's time under load (issue 15)
    _races: dict[str, Race] = field(default_factory=dict)
    # the selections checked on each kept race (``backend.sale_memo``), dropped with it
    _memos: dict[str, SaleMemo] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.key = ticket_key(self.store)

    def accept(self, terminal_id: str, request: BetRequest) -> Receipt:
        (outcome,) = self.accept_many([(terminal_id, request)])
        if isinstance(outcome, ServerError):
            raise outcome
        return outcome

    def accept_many(self, items: Sequence[tuple[str, BetRequest]]) -> list[Receipt | ServerError]:
        """Validate every bet, then write the new ones with one statement, one block of
        ticket numbers and one journal record: the cost of a commit is shared by all."""
        now = self.clock().astimezone(UTC)
        at = now.isoformat()
        outcomes: list[Receipt | ServerError | None] = [None] * len(items)
        races = self._races
        fresh: list[NewBet] = []
        self.selling.numbering.prepare(self.store, now, len(items))
        with self.store.transaction():
            disabled = self._under_lock(items, races)
            known, refused = self.selling.ids.found(
                self.store, [r.transaction_id for _, r in items]
            )
            first_of: dict[str, Claim] = {}  # transaction ids new in this batch
            refusals: list[Refusal] = []
            repeats: list[tuple[int, int]] = []
            for index, (terminal_id, request) in enumerate(items):
                try:
                    if terminal_id in disabled:  # as its signature would be: not recorded
                        raise disabled[terminal_id]
                    digest = request.digest()
                    earlier = known.get(request.transaction_id)
                    claimed = first_of.get(request.transaction_id)
                    before = refused.get(request.transaction_id)
                    if before is not None:
                        _same(
                            request, digest, terminal_id, before["body_hash"], before["terminal_id"]
                        )
                        raise rebuild(before["code"], before["status"], before["detail"])
                    if earlier is not None:
                        _same(
                            request,
                            digest,
                            terminal_id,
                            earlier["body_hash"],
                            earlier["terminal_id"],
                        )
                        race = self._race(earlier["race_id"], races)
                        outcomes[index] = self.receipt(earlier, restore(earlier, race))
                    elif claimed is not None:
                        _same(request, digest, terminal_id, claimed.digest, claimed.terminal_id)
                        repeats.append((index, claimed.place))
                    else:
                        first_of[request.transaction_id] = Claim(index, digest, terminal_id)
                        try:
                            race, sale = self._validate(request, now, races)
                        except ServerError as err:
                            refusal = Refusal(
                                request.transaction_id,
                                digest,
                                terminal_id,
                                err.code,
                                err.status,
                                err.detail,
                                at,
                            )
                            refusals.append(refusal)
                            raise
                        fresh.append(NewBet(index, terminal_id, request, digest, race, sale))
                except ServerError as err:
                    outcomes[index] = err
            if fresh:
                try:
                    self._write(fresh, outcomes, now, at)
                except NumbersExhausted as err:  # refused before anything is charged
                    fresh = _refuse_all(fresh, err, outcomes, refusals, at)
            self._record(refusals)
            for index, original in repeats:
                outcomes[index] = outcomes[original]
        self.selling.ids.committed(
            [n.request.transaction_id for n in fresh] + [r[0] for r in refusals]
        )
        self._to_pools([(new.race, new.sale.bet) for new in fresh])
        return [o for o in outcomes if o is not None]

    def _under_lock(
        self, items: Sequence[tuple[str, BetRequest]], races: dict[str, Race]
    ) -> dict[str, Unauthorized]:
        """What may have changed since the requests were verified, read under the share lock:
        the kept races (PostgreSQL: another worker's close), and the terminals (one disabled
        at another worker, or at this one while its request waited): the refusals of those."""
        if self.selling.pools.others_sell:  # else every change came through ``changed``
            self._still_current({request.race_id for _, request in items}, races)
        return refuse_disabled(self.store, {terminal_id for terminal_id, _ in items})

    def _record(self, refusals: list[Refusal]) -> None:
        """The refusals, kept: a retry of a refused bet is answered the same refusal."""
        if refusals:
            self.store.executemany(
                "INSERT INTO refusal (id, body_hash, terminal_id, code, status, detail,"
                " refused_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                refusals,
            )

    def _still_current(self, race_ids: set[str], races: dict[str, Race]) -> None:
        """Drop the kept races another writer changed (another worker's close, scratching or
        result), reading their revisions with the store's share lock: a change waits for this
        batch to commit, or this batch sees it (the betting stop across workers)."""
        ids = sorted(race_ids)
        marks = ",".join("?" * len(ids))
        for row in self.store.execute(
            f"SELECT id, revision FROM race WHERE id IN ({marks})" + self.store.share_lock, ids
        ):
            kept = races.get(row[0])
            if kept is not None and kept.revision != row[1]:
                self.changed(row[0], None)

    def _race(self, race_id: str, races: dict[str, Race]) -> Race:
        """The race, read once and kept until it changes (``changed``)."""
        race = races.get(race_id)
        if race is None:
            race = races[race_id] = load_race(self.store, race_id)
        return race

    def _validate(
        self, request: BetRequest, now: datetime, races: dict[str, Race]
    ) -> tuple[Race, Sale]:
        race = self._race(request.race_id, races)
        if not race.takes_bets(now):
            raise BettingClosed(
                f"race {race.race_id} is not open for bets ({race.status})",
                race_id=race.race_id,
                status=str(race.status),
            )
        memo = self._memos.get(race.race_id)
        if memo is None or memo.race is not race:  # the race was read again: checked again
            memo = self._memos[race.race_id] = SaleMemo(race)
        try:
            return race, memo.sale(request)
        except PariError as err:
            raise InvalidBet(str(err), code=err.code, **err.params) from None

    def _write(
        self,
        fresh: list[NewBet],
        outcomes: list[Receipt | ServerError | None],
        now: datetime,
        at: str,
    ) -> None:
        """The rows, the journal record and the receipts, from what each selection's ``Sale``
        already holds: only the transaction, terminal, ticket and time are the bet's own."""
        numbers = self.selling.numbering.take(self.store, now, len(fresh))
        key = self.key
        rows = []
        entries = []
        for (index, terminal_id, request, digest, _, sale), number in zip(
            fresh, numbers, strict=True
        ):
            transaction_id = request.transaction_id
            rows.append((transaction_id, digest, number, terminal_id, at, *sale.columns))
            entries.append(journal_entry(transaction_id, sale, terminal_id, number))
            outcomes[index] = Receipt(
                transaction_id,
                number,
                sale.race_id,
                sale.bet_type,
                sale.description,
                sale.combinations,
                sale.unit_stake,
                sale.cost,
                "ACCEPTED",
                at,
                barcode_payload(key, number),
            )
        self.store.executemany(
            "INSERT INTO bet (id, body_hash, ticket_number, terminal_id, accepted_at, race_id,"
            " bet_type, formula, base, runners, complete, multiplier, unit_stake, cost, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        # the entries' canonical JSON, as ``journal.append`` would write their list
        journal.append_canonical(self.store, at, "bets.accepted", "[" + ",".join(entries) + "]")

    def _to_pools(self, fresh: list[tuple[Race, Bet]]) -> None:
        """Only what is durable reaches the pools."""
        self.odds_changed |= self.selling.pools.add(self.store, fresh)

    def race(self, race_id: str) -> Race:
        return self._race(race_id, self._races)

    def pool(self, race_id: str, bet_type: BetType) -> Pool:
        return self._pool(self.race(race_id), bet_type)

    def _pool(self, race: Race, bet_type: BetType) -> Pool:
        return self.selling.pools.pool(self.store, race, bet_type)

    def changed(self, race_id: str, value: T) -> T:
        """Note that a race changed (opened, closed, a scratching, a result, abandoned): its
        state goes out on the live stream, and its odds board is republished."""
        self.odds_changed.add(race_id)
        self.races_changed.add(race_id)
        self._races.pop(race_id, None)
        self._memos.pop(race_id, None)
        return value

    def forget(self, race: Race, bet: Bet) -> None:
        """Take a cancelled bet out of its pool (after the cancellation committed)."""
        self.selling.pools.remove(race, bet)
        if bet.bet_type is BetType.SIMPLE_GAGNANT:
            self.odds_changed.add(race.race_id)

    def receipt(self, row: Row, bet: Bet) -> Receipt:
        return Receipt(
            row["id"],
            row["ticket_number"],
            row["race_id"],
            row["bet_type"],
            bet.describe(),
            bet.combinations,
            bet.unit_stake,
            bet.cost,
            row["status"],
            row["accepted_at"],
            barcode_payload(self.key, row["ticket_number"]),
        )


def _refuse_all(
    fresh: list[NewBet],
    err: ServerError,
    outcomes: list[Receipt | ServerError | None],
    refusals: list[Refusal],
    at: str,
) -> list[NewBet]:
    """Every new bet of the batch refused with ``err``, recorded as such; none left to write."""
    for new in fresh:
        outcomes[new.place] = err
        refusals.append(
            Refusal(
                new.request.transaction_id,
                new.digest,
                new.terminal_id,
                err.code,
                err.status,
                err.detail,
                at,
            )
        )
    return []


def _same(
    request: BetRequest, digest: str, terminal_id: str, known_digest: str, known_terminal: str
) -> None:
    if digest != known_digest or terminal_id != known_terminal:
        raise IdempotencyConflict(
            f"transaction {request.transaction_id} was already used for another bet"
        )
