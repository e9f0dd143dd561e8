"""The PMU's final dividends file ("rapports définitifs"), read as a bounded model.

The feed publishes, after a race, one file per race: a list of pools, each ``{typePari,
miseBase, rembourse, rapports: [{libelle, combinaison, dividende, dividendePourUnEuro,
dividendePourUneMiseDeBase, dividendeUnite, nombreGagnants}]}`` (``../shared/pmu/README.md``).
Money is whole cents, as in the programme (``backend.pmu_feed``): ``dividendePourUnEuro: 310``
is 3.10 per euro, and a dividend given as ``3.1`` is refused, never rounded. ``dividende`` is
per euro or per base stake as ``dividendeUnite`` says (the 2sur4's, the Multi's and the
Quarté+'s are per base stake). ``nombreGagnants`` is the stake on the combination in base
stakes, fractional (Flexi stakes and pools taken in other currencies make it so): read as an
exact ``Decimal``, never a binary float. A combination is ``"7-3"`` (a list of numbers is
accepted too); ``NP`` stands for a non-runner in the special dividends some pools pay
(``"3-NP"``).

A rank is read from the ``libelle`` the PMU prints (``Ordre``, ``Désordre``, ``Bonus 4sur5``,
``Multi en 5``): ``rank_of`` names it as Guichet's ``Rank`` does where Guichet has the rank,
and by the PMU's own words otherwise, so a rank Guichet lacks shows up as a difference.
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError
from pydantic.alias_generators import to_camel

from backend.errors import InvalidRequest
from backend.pmu_feed import Code, Text, place

Cents = Annotated[int, Field(ge=0, le=10_000_000_000)]  # a dividend up to 100 million
Winners = Annotated[int, Field(ge=0)] | Annotated[Decimal, Field(ge=0, le=10**12)]
Token = Annotated[int, Field(ge=1, le=99)] | Literal["NP"]
COMBINATION = re.compile(r"^(\d{1,2}|NP)(-(\d{1,2}|NP)){0,7}$")
NP = "NP"


class _Feed(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True, alias_generator=to_camel)


class Rapport(_Feed):
    """One published dividend: a combination (or the runners a bonus needs) and its rank."""

    libelle: Text = ""
    combinaison: (
        Annotated[str, Field(pattern=COMBINATION.pattern)]
        | Annotated[list[Token], Field(min_length=1, max_length=8)]
    )
    dividende: Cents | None = None
    dividende_pour_un_euro: Cents | None = None
    dividende_pour_une_mise_de_base: Cents | None = None
    dividende_unite: Literal["PourUnEuro", "PourUneMiseDeBase"] | None = None
    nombre_gagnants: Winners | None = None

    @property
    def tokens(self) -> tuple[str, ...]:
        """``("7", "3")`` for ``"7-3"``; ``"NP"`` kept as it is."""
        given = self.combinaison
        parts = given.split("-") if isinstance(given, str) else [str(t) for t in given]
        return tuple(p if p == NP else str(int(p)) for p in parts)

    @property
    def text(self) -> str:
        return "-".join(self.tokens)

    def per_euro(self, base_stake: int) -> Decimal | None:
        """The dividend per 1 € (Decimal euros), from whichever field the file gives."""
        if self.dividende_pour_un_euro is not None:
            return Decimal(self.dividende_pour_un_euro).scaleb(-2)
        per_base = self.per_base_stake()
        if per_base is not None:
            return per_base * 100 / base_stake
        if self.dividende is not None:  # no unit given: per euro, as the older files are
            return Decimal(self.dividende).scaleb(-2)
        return None

    def per_base_stake(self) -> Decimal | None:
        if self.dividende_pour_une_mise_de_base is not None:
            return Decimal(self.dividende_pour_une_mise_de_base).scaleb(-2)
        if self.dividende is not None and self.dividende_unite == "PourUneMiseDeBase":
            return Decimal(self.dividende).scaleb(-2)
        return None


class PublishedPool(_Feed):
    """One pool's final dividends."""

    type_pari: Code
    mise_base: Annotated[int, Field(ge=1, le=100_000_000)]
    rembourse: bool = False
    rapports: Annotated[list[Rapport], Field(max_length=400)] = []
    dividende_unite: Literal["PourUnEuro", "PourUneMiseDeBase"] | None = None


class RapportsFile(RootModel[Annotated[list[PublishedPool], Field(max_length=80)]]):
    model_config = ConfigDict(strict=True)


def read_rapports(name: str, data: bytes) -> list[PublishedPool]:
    """A final dividends file, checked; ``InvalidRequest`` in one line naming the place."""
    if not data.strip():
        raise InvalidRequest(f"{name}: the file is empty")
    try:
        raw = json.loads(data, parse_float=Decimal)
    except json.JSONDecodeError as err:
        raise InvalidRequest(
            f"{name}: not JSON ({err.msg} at line {err.lineno} column {err.colno}): a file "
            "cut short, or not the PMU's"
        ) from None
    except (RecursionError, UnicodeDecodeError) as err:
        raise InvalidRequest(f"{name}: not JSON the feed could hold ({err})") from None
    if not isinstance(raw, list):
        raise InvalidRequest(
            f"{name}: not the PMU's final dividends (a list of pools, "
            '[{"typePari": …, "rapports": […]}])'
        )
    try:
        pools = RapportsFile.model_validate(raw).root
    except ValidationError as err:
        raise InvalidRequest(f"{name}: {_place(err, raw)}") from None
    seen: set[str] = set()
    for i, pool in enumerate(pools, 1):
        if pool.type_pari in seen:
            raise InvalidRequest(f"{name}: [{i}] ({pool.type_pari}): the pool is given twice")
        seen.add(pool.type_pari)
    return pools


def _place(err: ValidationError, raw: Any) -> str:
    """``[4].rapports[2].dividende (COUPLE_PLACE): …``, counting from 1 as the feed's errors;
    the names pydantic gives a union's members (``constrained-str``) are left out."""
    problem = err.errors(include_url=False)[0]
    loc = tuple(p for p in problem["loc"] if not (isinstance(p, str) and _MEMBER.match(p)))
    kind, given = problem["type"], problem.get("input")
    if kind == "missing":
        message = "missing"
    elif kind == "string_pattern_mismatch":
        message = "must be runner numbers joined by - (7-3, or 3-NP for a non-runner)"
    else:
        message = str(problem["msg"])
        message = message[0].lower() + message[1:]
        if isinstance(given, str | int | Decimal | bool) and kind.endswith("_type"):
            shown = json.dumps(given) if isinstance(given, str) else str(given)
            message += f", not {shown[:40]}"
            if isinstance(given, Decimal):
                message += ": amounts are whole cents"
    where = place(loc) or "the file"
    if loc and isinstance(loc[0], int) and isinstance(raw[loc[0]], dict):
        code = raw[loc[0]].get("typePari")
        if isinstance(code, str) and len(code) < 40:
            where += f" ({code})"
    return f"{where}: {message}"


_MEMBER = re.compile(r"^(constrained-|decimal$|int$|str$|list\[|literal\[|function-)")


def _plain(text: str) -> str:
    """``Désordre`` as ``desordre``: accents and case do not change a rank's name."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if c.isalnum())


def rank_of(rapport: Rapport, ranked: bool, lines: bool) -> str:
    """The rank a published dividend is paid at: ``UNIQUE`` for a type with one rank, else
    Guichet's rank name (``ORDRE``, ``BONUS3``, ``EN_5``, ``BONUS4SUR5``: the pmu rules'
    Quinté+, ``pari.reglement.quinte``) or the PMU's own when Guichet has no such rank."""
    words = _plain(rapport.libelle)
    if lines:
        found = re.search(r"en(\d)$", words)
        return f"EN_{found.group(1)}" if found else words.upper() or "UNNAMED"
    if not ranked:
        return "UNIQUE"
    if "desordre" in words:
        return "DESORDRE"
    if "bonus" in words:
        if "sur5" in words:
            return "BONUS4SUR5"
        return "BONUS4" if len(rapport.tokens) == 4 else "BONUS3"
    if "ordre" in words:
        return "ORDRE"
    return words.upper() or "UNNAMED"
