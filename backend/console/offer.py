"""What a race offers, as the race office reads it: each pool on sale with its base stake, its
maximum and the rules it is settled by — and, for a race imported from the PMU's feed
(``backend.pmu_import``), the feed's options on each pool and the pools the feed lists that
Guichet does not sell, so that an operator sees why a race sells what it sells (or nothing:
28 races of a real day offer only pools sold online or abroad).

The stakes and rules shown are the race's own (``races.load_race``: what the server and the
terminals check a sale against); the feed's options and the pools not sold are read from what
the import kept (``pmu_pool``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from backend.races import Race
from backend.store import Store
from catalogue import Words


@dataclass(frozen=True, slots=True)
class OfferedPool:
    code: str  # the feed's pool code, or the bet type's own outside the feed
    bet_type: str | None  # what it is sold as; None: not sold here
    base_stake: int | None  # cents
    max_stake: int | None  # cents; None: no maximum
    rules: str = ""  # the rules set of a pool on sale (``pari.RulesSet``)
    flags: dict[str, Any] = field(default_factory=dict)  # the feed's options (pmu_programme)


@dataclass(frozen=True, slots=True)
class Offer:
    imported_at: str | None  # when it came from the PMU's feed; None: from a programme
    pools: list[OfferedPool]  # on sale, in the feed's (or the race's) order
    not_sold: list[OfferedPool]  # listed by the feed, not sold by Guichet

    @property
    def imported(self) -> bool:
        return self.imported_at is not None


def offer_of(store: Store, race: Race) -> Offer:
    """The race's offer; its pools' feed options and the pools not sold, if it was imported."""
    imported = store.execute(
        "SELECT imported_at FROM pmu_race WHERE race_id = ?", (race.race_id,)
    ).fetchone()
    if imported is None:
        return Offer(None, [_on_sale(race, t.value, t.value, {}) for t in race.bet_types], [])
    pools: list[OfferedPool] = []
    not_sold: list[OfferedPool] = []
    for code, bet_type, base_stake, max_stake, flags in store.execute(
        "SELECT code, bet_type, base_stake, max_stake, flags FROM pmu_pool WHERE race_id = ?"
        " ORDER BY position",
        (race.race_id,),
    ):
        if bet_type is None:
            not_sold.append(OfferedPool(code, None, base_stake, max_stake))
        else:
            pools.append(_on_sale(race, code, bet_type, json.loads(flags)))
    return Offer(imported[0], pools, not_sold)


def _on_sale(race: Race, code: str, bet_type: str, flags: dict[str, Any]) -> OfferedPool:
    rules = next(r for t, r in race.rules.items() if t.value == bet_type)
    return OfferedPool(code, bet_type, rules.min_stake, rules.max_stake, rules.rules.value, flags)


@dataclass(frozen=True, slots=True)
class DayOffer:
    """A race of the day's programme page: how many of its pools are on sale, and whether
    they came from the PMU's feed (``listed``: the feed's point-of-sale pools)."""

    on_sale: int
    listed: int
    imported: bool


def day_offers(store: Store, programme: dict[str, Any]) -> dict[str, DayOffer]:
    """Every race of a day's programme (``races.programme_view``), by its id: a race imported
    from the PMU's feed counts the feed's pools, any other its bet types."""
    rows = store.execute(
        "SELECT r.race_id, COUNT(p.bet_type), COUNT(p.code) FROM pmu_race r"
        " LEFT JOIN pmu_pool p ON p.race_id = r.race_id WHERE r.race_id LIKE ?"
        " GROUP BY r.race_id",
        (f"{programme['day']}/%",),
    )
    imported = {row[0]: DayOffer(int(row[1]), int(row[2]), True) for row in rows}
    races = [r for m in programme["meetings"] for r in m["races"]]
    return {
        r["race_id"]: imported.get(r["race_id"])
        or DayOffer(len(r["bet_types"]), len(r["bet_types"]), False)
        for r in races
    }


def on_sale_said(words: Words, offer: DayOffer) -> str:
    """``7 pools on sale out of 9``; ``nothing on sale here`` for a race that sells nothing."""
    if not offer.on_sale:
        return words.gettext("nothing on sale here")
    if not offer.imported:
        return words.ngettext("{n} pool on sale", "{n} pools on sale", offer.on_sale)
    return words.ngettext(
        "{n} pool on sale out of {total}",
        "{n} pools on sale out of {total}",
        offer.on_sale,
        total=offer.listed,
    )


def flags_said(words: Words, flags: dict[str, Any]) -> list[str]:
    """The feed's options on a pool, in words, those set only: Spot (a quick pick), Flexi
    (the stake shares allowed), the replacement horse, the Jackpot, Option Max."""
    said = []
    if flags.get("spot"):
        said.append(words.gettext("Spot"))
    if flags.get("flexi"):
        shares = ", ".join(words.percent(int(share)) for share in flags["flexi"])
        said.append(words.gettext("Flexi {shares}", shares=shares))
    if flags.get("replacement_horse"):
        said.append(words.gettext("replacement horse"))
    if flags.get("jackpot"):
        said.append(words.gettext("Jackpot"))
    if flags.get("option_max"):
        said.append(words.gettext("Option Max"))
    return said
