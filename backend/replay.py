"""``guichet-replay``: one race of the PMU's feed settled by Guichet, pool by pool, against the
dividends the PMU published for it ("rapports définitifs", ``backend.pmu_rapports``).

The race comes from the feed as ``import-pmu`` reads it (``backend.pmu_programme``): its
runners, its non-runners (``statut`` or incident ``NON_PARTANT``) and its arrival, from which
runners disqualified, fallen or stopped are already absent; each pool Guichet sells follows
the PMU's rules set at the feed's base stake, exactly as an imported race does. Three things
are compared, because they are what the rules fix whatever was staked:

- **the paying combinations**, rank by rank: those Guichet's rules make pay
  (``pari.paying.PayingTable``) must be exactly those published, special ones naming a
  non-runner (``3-NP``) included, and a pool refunded on one side must be on the other;
- **the relations the rules fix between published figures**: a dividend per base stake is
  the dividend per euro times the base stake (the 2sur4's, the Multi's and the Quarté+'s are
  published so), and a Multi en N pays the en 4 dividend ÷ C(N, 4), rounded as the pool rounds;
- **the dividends themselves**, where the file's ``nombreGagnants`` lets the pool be rebuilt
  (``backend.replay_pool``): printed beside the PMU's with the difference. They inform; they
  do not decide the exit status, since the pool is an estimate.

A published pool Guichet does not sell (Mini Multi, Super 4, the online ``E_`` pools when a
file has them) is listed as not compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import comb

from backend.pmu_programme import SOLD, FeedRace
from backend.pmu_rapports import NP, PublishedPool, Rapport, rank_of
from backend.replay_pool import Rebuilt, rebuild
from pari import Field, Finish, PoolRules, rules_from_mapping
from pari.bet_types import BetTypeSpec, Order, spec_of
from pari.money import round_fraction
from pari.paying import PayingTable

Key = tuple[str, tuple[str, ...]]  # (rank, combination as compared)


@dataclass
class Row:
    """One dividend: published (with the PMU's figures) or Guichet's (a paying combination)."""

    rank: str
    combination: tuple[str, ...]  # as the PMU prints it, or in Guichet's order
    dividend: Decimal | None = None  # per 1 €
    per_base_stake: Decimal | None = None
    winners: Decimal | None = None  # nombreGagnants: stakes on it, in base stakes
    guichet: Decimal | None = None  # Guichet's dividend on the rebuilt pool, per 1 €

    @property
    def text(self) -> str:
        return "-".join(self.combination)


@dataclass(frozen=True, slots=True)
class Relation:
    name: str
    holds: bool
    detail: str


@dataclass
class PoolReplay:
    code: str
    base_stake: int  # cents
    published: list[Row]
    computed: list[Row] = field(default_factory=list)
    sold: bool = True
    refunded: bool = False  # published
    guichet_refunds: str | None = None  # why Guichet refunds the whole pool
    missing: list[Row] = field(default_factory=list)  # published, not paid by Guichet
    extra: list[Row] = field(default_factory=list)  # paid by Guichet, not published
    relations: list[Relation] = field(default_factory=list)
    rebuilt: Rebuilt | None = None
    not_rebuilt: str | None = None

    @property
    def match(self) -> bool:
        return (
            not self.missing
            and not self.extra
            and self.refunded == (self.guichet_refunds is not None)
        )

    @property
    def relations_hold(self) -> bool:
        return all(r.holds for r in self.relations)


@dataclass
class RaceReplay:
    race: FeedRace
    pools: list[PoolReplay]
    not_published: list[str]  # pools Guichet sells on the race that the file does not list

    @property
    def compared(self) -> list[PoolReplay]:
        return [p for p in self.pools if p.sold]

    @property
    def match(self) -> bool:
        return all(p.match and p.relations_hold for p in self.compared)


def replay(race: FeedRace, published: list[PublishedPool]) -> RaceReplay:
    """Settle ``race`` as Guichet would and compare it with the PMU's ``published`` pools."""
    field_ = Field.of([r.number for r in race.runners], race.scratched)
    finish = Finish.of(race.arrival, field_) if race.arrival and not race.called_off else None
    overrides = race.rules()
    pools = []
    for pool in published:
        bet_type = SOLD.get(pool.type_pari)
        spec = spec_of(bet_type) if bet_type is not None else None
        rows = [_published_row(r, pool.mise_base, spec) for r in pool.rapports]
        replayed = PoolReplay(pool.type_pari, pool.mise_base, rows, refunded=pool.rembourse)
        pools.append(replayed)
        if bet_type is None or spec is None:
            replayed.sold = False
            continue
        wanted = overrides.get(bet_type.value, {"rules": "pmu"})
        rules = rules_from_mapping(bet_type, {**wanted, "min_stake": _euros(pool.mise_base)})
        _compare(replayed, spec, rules, field_, finish)
    listed = {p.type_pari for p in published}
    missing = [t.value for t in race.bet_types if t.value not in listed]
    return RaceReplay(race, pools, missing)


def _euros(cents: int) -> str:
    return str(Decimal(cents).scaleb(-2))


def _published_row(rapport: Rapport, base: int, spec: BetTypeSpec | None) -> Row:
    ranked = spec is not None and spec.order is Order.RANKED
    lines = spec is not None and bool(spec.lines)
    return Row(
        rank_of(rapport, ranked, lines),
        rapport.tokens,
        rapport.per_euro(base),
        rapport.per_base_stake(),
        _winners(rapport),
    )


def _winners(rapport: Rapport) -> Decimal | None:
    given = rapport.nombre_gagnants
    return None if given is None else Decimal(given)


def ordered(spec: BetTypeSpec, rank: str) -> bool:
    """Whether a rank's combination is an order (Couplé ordre, a Tiercé's ORDRE) or a set."""
    return spec.order is Order.EXACT or (spec.order is Order.RANKED and rank == "ORDRE")


def key(spec: BetTypeSpec, row: Row) -> Key:
    if ordered(spec, row.rank):
        return row.rank, row.combination
    numbers = sorted((t for t in row.combination if t != NP), key=int)
    return row.rank, tuple(numbers + [t for t in row.combination if t == NP])


def _compare(
    pool: PoolReplay, spec: BetTypeSpec, rules: PoolRules, field_: Field, finish: Finish | None
) -> None:
    if finish is None:
        pool.guichet_refunds = "the race was called off"
    elif len(field_.starters) < rules.min_starters:
        pool.guichet_refunds = f"fewer than {rules.min_starters} starters"
    table = None
    if pool.guichet_refunds is None:
        assert finish is not None
        table = PayingTable(spec, rules, field_, finish)
        pool.computed = _guichet_rows(spec, table, len(field_.starters))
    published = {key(spec, r): r for r in pool.published}
    computed = {key(spec, r): r for r in pool.computed}
    pool.missing = [r for k, r in published.items() if k not in computed]
    pool.extra = [r for k, r in computed.items() if k not in published]
    pool.relations = _relations(pool, spec, rules)
    if table is None or finish is None:
        pool.not_rebuilt = (
            f"Guichet refunds the pool ({pool.guichet_refunds})"
            if (pool.guichet_refunds)
            else "the race has no arrival"
        )
    elif pool.refunded:
        pool.not_rebuilt = "the PMU refunded the pool"
    elif not pool.match:
        pool.not_rebuilt = "the paying combinations differ"
    else:
        found = rebuild(spec, rules, field_, finish, pool.published)
        if isinstance(found, str):
            pool.not_rebuilt = found
            return
        pool.rebuilt = found
        for row, dividend in zip(pool.published, found.dividends, strict=True):
            row.guichet = dividend
        by_key = {key(spec, r): r.guichet for r in pool.published}
        for row in pool.computed:
            row.dividend = by_key.get(key(spec, row))


def _guichet_rows(spec: BetTypeSpec, table: PayingTable, starters: int) -> list[Row]:
    """Every paying combination of Guichet's rules, whatever was staked; a Multi's lines at
    each size the field allows."""
    rows = []
    for group in list(table.groups):
        runners = tuple(str(r) for r in group.runners)
        if spec.lines:
            rows += [Row(rank.value, runners) for size, rank in spec.lines if size <= starters]
        else:
            rows.append(Row(group.rank.value, runners))
    return rows


def _relations(pool: PoolReplay, spec: BetTypeSpec, rules: PoolRules) -> list[Relation]:
    found = []
    base = pool.base_stake
    pairs = [(r, r.per_base_stake) for r in pool.published if r.per_base_stake is not None]
    if pairs:
        wrong = [
            r for r, per_base in pairs if r.dividend is None or r.dividend * base / 100 != per_base
        ]
        found.append(
            Relation(
                f"per base stake = per euro × {_euros(base)}",
                not wrong,
                "; ".join(
                    f"{r.rank} {r.text}: {r.per_base_stake} per base stake, {r.dividend} per euro"
                    for r in wrong
                )
                or f"{len(pairs)} dividends, e.g. {pairs[0][1]} = {pairs[0][0].dividend} × "
                f"{_euros(base)}",
            )
        )
    if spec.lines:
        found += _line_relations(pool, spec, rules)
    return found


def _line_relations(pool: PoolReplay, spec: BetTypeSpec, rules: PoolRules) -> list[Relation]:
    """A Multi en N pays the en 4 dividend ÷ C(N, 4), rounded as the pool rounds."""
    first = spec.lines[0][1].value
    heads = {key(spec, r)[1]: r for r in pool.published if r.rank == first}
    found = []
    for size, rank in spec.lines[1:]:
        for row in (r for r in pool.published if r.rank == rank.value):
            head = heads.get(key(spec, row)[1])
            if head is None or head.dividend is None or row.dividend is None:
                found.append(
                    Relation(
                        f"{rank.value} = {first} ÷ {comb(size, spec.picks)}",
                        False,
                        f"{row.text}: no {first} dividend published",
                    )
                )
                continue
            divisor = comb(size, spec.picks)
            wanted = round_fraction(
                Fraction(head.dividend) / divisor, rules.rounding_step, rules.rounding_mode
            )
            found.append(
                Relation(
                    f"{rank.value} = {first} ÷ {divisor}",
                    wanted == row.dividend,
                    f"{row.text}: {head.dividend} ÷ {divisor} = {wanted}, published {row.dividend}",
                )
            )
    return found
