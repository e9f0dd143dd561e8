"""A language's words and formats: the catalogue's messages, and amounts, odds, dates and times
as its locale writes them ("1,50 €", "4,80", "01/12/2026 12:30"; "€1.50", "4.80").

Catalogue look-ups that miss are counted (``Words.misses``): a text shown that the catalogue
does not hold is a defect, and the tests fail on it. A screen test may also ask which texts
the catalogue produced (``Words.produced``) to prove that every text on a screen came from it.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent

from catalogue.names import (
    ATTENTION,
    BET_TYPES,
    DEVICE_STATES,
    DEVICES,
    DURATION_UNITS,
    FORMULAS,
    INTERNATIONAL,
    MODES,
    PHASES,
    PMU_POOLS,
    RACE_STATUSES,
    RANKS,
    ROLES,
    RULES_SETS,
    STATUSES,
    race_code,
)
from catalogue.problems import FAMILIES, sentence
from pari import BetType, spec_of
from pari.money import euros

LANGUAGES = ("fr", "en")
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
DOMAIN = "guichet"
FOLDER = Path(__file__).parent / "locale"


class _Misses(gettext.NullTranslations):
    """The catalogue's fallback: it answers with the source text, and remembers the miss."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def gettext(self, message: str) -> str:
        self.seen.add(message)
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self.seen.add(msgid1)
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context: str, message: str) -> str:
        self.seen.add(f"{context}\x04{message}")
        return message


def catalogue_bytes(lang: str) -> bytes:
    """The compiled catalogue: the ``.mo`` that ``make`` built, or the ``.po`` compiled here
    when the ``.mo`` is missing or older (a developer's edit not yet built)."""
    po = FOLDER / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        return mo.read_bytes()
    with po.open("rb") as source:
        catalog = read_po(source, locale=lang, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


class Words:
    def __init__(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
        self.lang = lang
        self.locale = Locale.parse(LOCALES[lang])
        self._misses = _Misses()
        self._catalogue = gettext.GNUTranslations(io.BytesIO(catalogue_bytes(lang)))
        self._catalogue.add_fallback(self._misses)
        self.produced: set[str] | None = None  # a test sets a set here to collect every text

    @property
    def misses(self) -> set[str]:
        return self._misses.seen

    # -- messages ----------------------------------------------------------------------------

    def gettext(self, message: str, **values: object) -> str:
        return self._done(self._catalogue.gettext(message), values)

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        return self._done(self._catalogue.ngettext(singular, plural, n), {"n": n, **values})

    def pgettext(self, context: str, message: str, **values: object) -> str:
        return self._done(self._catalogue.pgettext(context, message), values)

    def _done(self, text: str, values: Mapping[str, object]) -> str:
        text = text.format(**values)  # a placeholder without its value fails, here
        if self.produced is not None:
            self.produced.add(text)
        return text

    def data(self, text: str) -> str:
        """A text that is the programme's own (a horse's or a race's name), shown as it is."""
        if self.produced is not None:
            self.produced.add(text)
        return text

    # -- formats -------------------------------------------------------------------------------

    def amount(self, cents: int) -> str:
        """``1,50 €`` / ``€1.50``: money as the locale writes it, from exact cents."""
        return self.data(format_currency(euros(cents), "EUR", locale=self.locale))

    def number(self, value: int) -> str:
        return self.data(format_decimal(value, locale=self.locale))

    def odds(self, value: object) -> str:
        """An approximate odd as the server sends it (a decimal in a string): ``4,80``."""
        try:
            exact = Decimal(str(value))
        except InvalidOperation:
            return self.data("—")
        if not exact.is_finite():
            return self.data("—")
        return self.data(format_decimal(exact, format="#,##0.00", locale=self.locale))

    def date(self, moment: date | datetime | str) -> str:
        return self.data(format_date(_local(moment), "dd/MM/yyyy", locale=self.locale))

    def time(self, moment: datetime | str) -> str:
        when = _local(moment)
        assert isinstance(when, datetime)
        return self.data(format_time(when, "HH:mm", locale=self.locale))

    def moment(self, moment: datetime | str) -> str:
        """Date and time to the minute: ``01/12/2026 12:30``."""
        when = _local(moment)
        assert isinstance(when, datetime)
        return self.data(format_datetime(when, "dd/MM/yyyy HH:mm", locale=self.locale))

    def duration(self, seconds: int) -> str:
        """``4 min 26 s``, ``2 h 5 min``, ``12 s``, ``3 d 4 h``: a time elapsed as people say
        it, in its two largest units (the smaller one left out when it is zero), never a raw
        count of seconds that the reader has to divide. Units from the catalogue ("3 j 4 h"),
        joined as the locale joins measures (Babel's narrow unit lists)."""
        left = max(0, int(seconds))
        counts = []
        for size, unit in DURATION_UNITS:
            counts.append((left // size, unit))
            left %= size
        first = next((i for i, (n, _) in enumerate(counts) if n), len(counts) - 1)
        shown = [counts[first]] + [c for c in counts[first + 1 : first + 2] if c[0]]
        parts = [self.gettext(unit, n=self.number(n)) for n, unit in shown]
        return self.data(format_list(parts, style="unit-narrow", locale=self.locale))

    def ago(self, seconds: int) -> str:
        """``il y a 4 min 26 s`` / ``4 min 26 s ago``: how long since something happened (a
        terminal's last heartbeat), for every page that shows one."""
        return self.gettext("{duration} ago", duration=self.duration(seconds))

    # -- the domain's names ----------------------------------------------------------------------

    def bet_type(self, bet_type: BetType | str) -> str:
        """PMU names: Simple gagnant, Quinté+ … (Win, Quinté+ … in English)."""
        key = BetType(bet_type)
        return self.gettext(BET_TYPES[key])

    def pool_name(self, code: str, bet_type: BetType | str | None = None) -> str:
        """A pool of the PMU's feed, by its code: one on sale here by its bet type's name, an
        international one of a type Guichet sells as such (``Simple gagnant international``),
        another by the PMU's name (``Report+``); a code nobody foresaw, as the feed writes it."""
        if bet_type is not None:
            return self.bet_type(bet_type)
        if code in PMU_POOLS:
            return self.gettext(PMU_POOLS[code])
        base = code.removesuffix(INTERNATIONAL)
        if base != code and base in BetType.__members__:
            return self.gettext("{bet_type} (international)", bet_type=self.bet_type(base))
        return self.gettext("PMU pool {code}", code=code)

    def rules_set(self, rules: str) -> str:
        """``règlement PMU`` / ``règles simplifiées``: which rules a pool is settled by."""
        return self.gettext(RULES_SETS.get(rules, "unknown state"))

    def percent(self, value: int) -> str:
        """``50 %`` / ``50%``: a whole percentage as the locale writes it."""
        return self.data(format_percent(value / 100, locale=self.locale))

    def formula(self, formula: str, *, complete: bool = False) -> str:
        name = self.gettext(FORMULAS.get(formula, FORMULAS["unitaire"]))
        if complete:
            return self.gettext("{formula}, all orders", formula=name)
        return name

    def bet_formula(
        self, bet_type: BetType | str, formula: str, runners: int, *, complete: bool = False
    ) -> str:
        """How a bet is played, as its bettor says it: its formula (``combination, all
        orders``), or, for a type sold by lines, the line's size: a Multi ``in 6`` (``en 6``),
        DOMAIN.md's name, rather than a "single" that says nothing of its 15 combinations."""
        if spec_of(BetType(bet_type)).lines:
            return self.gettext("in {n}", n=runners)
        return self.formula(formula, complete=complete)

    def combinations(self, bet_type: BetType | str, count: int) -> str:
        """``6 combinations``; a line's say their size, since one stake buys them all: a
        Multi en 6 is ``15 combinations of 4``."""
        spec = spec_of(BetType(bet_type))
        if spec.lines:
            return self.ngettext(
                "{n} combination of {size}", "{n} combinations of {size}", count, size=spec.picks
            )
        return self.ngettext("{n} combination", "{n} combinations", count)

    def dividend_name(self, bet_type: BetType | str, rank: str) -> str:
        """``Tiercé ordre``, ``Quinté+ bonus 4``, ``Simple placé``: a dividend's line name."""
        name = self.bet_type(bet_type)
        said = RANKS.get(rank, "")
        if not said:
            return name
        return self.gettext("{bet_type} {rank}", bet_type=name, rank=self.gettext(said))

    def finish(self, places: list[list[int]]) -> str:
        """``4 - 7 - 2``; a dead heat shares its place: ``4 - 7 = 9 - 2``."""
        return self.data(" - ".join(" = ".join(str(n) for n in place) for place in places))

    def status(self, status: str) -> str:
        """A bet's or ticket's state in words (accepted, cancelled, paid, …)."""
        known = STATUSES.get(status)
        return self.gettext("unknown state") if known is None else self.gettext(known)

    def race_status(self, status: str) -> str:
        """A race's status as the race office reads it (open for bets, official result …)."""
        known = RACE_STATUSES.get(status)
        return self.gettext("unknown state") if known is None else self.gettext(known)

    def mode(self, mode: str) -> str:
        return self.gettext(MODES.get(mode, MODES[""]))

    def attention(self, reason: str) -> str:
        """Why a terminal needs a person (offline, printer, …), for the supervision page."""
        return self.gettext(ATTENTION.get(reason, "unknown state"))

    def role(self, role: str) -> str:
        return self.gettext(ROLES.get(role, "unknown state"))

    def race(self, race_id: str, name: str = "") -> str:
        """``R1C4 — Prix d'Amérique``: a race as people know it (its code alone without name)."""
        code = race_code(race_id)
        return (
            self.data(code) if not name else self.gettext("{code} — {name}", code=code, name=name)
        )

    def race_phase(self, phase: str, post_time: datetime, now: datetime) -> str:
        """``ouverte jusqu'à 14:22``, ``clôture dans 1:45``, ``arrivée officielle`` …"""
        seconds = max(0, int((post_time - now).total_seconds()))
        left = f"{seconds // 60}:{seconds % 60:02d}"
        message = PHASES.get(phase, PHASES["closed"])
        return self.gettext(message, time=self.time(post_time), left=left)

    def device(self, device: str, state: str) -> str:
        """``Imprimante : plus de papier``: a device and its state, for the status line."""
        name = self.gettext(DEVICES.get(device, DEVICES["printer"]))
        return self.gettext("{device}: {state}", device=name, state=self.device_state(state))

    def device_state(self, state: str) -> str:
        """A device's state as its driver reports it (``paper_out``), in words."""
        return self.gettext(DEVICE_STATES.get(state, DEVICE_STATES["unknown"]))

    def problem(self, err: BaseException) -> str:
        """The one sentence a person reads for an error: by its code, with its facts."""
        code = str(getattr(err, "code", "") or "")
        params = getattr(err, "params", None) or {}
        families = [kind.__name__ for kind in type(err).__mro__]
        family = next((f for f in families if f in FAMILIES or f == "Refused"), "")
        return sentence(self, code, params, family)


def _local(moment: date | datetime | str) -> date | datetime:
    """The terminal shows its own local time (the machine's time zone, set by the operator)."""
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if isinstance(when, datetime) and when.tzinfo is not None:
        return when.astimezone()
    return when


@cache
def words_for(lang: str) -> Words:
    """One ``Words`` per language for the process: the catalogue is read once."""
    return Words(lang)
