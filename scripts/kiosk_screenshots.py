"""``make screenshots``' kiosk: every screen of a bettor's way through it, driven as a person
would, from the attract screen to the ticket, the champ, a runner scratched under the summary,
the faults, the voucher and the administrator's keypad (see ``scripts.screenshots``)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from PySide6.QtWidgets import QApplication, QPushButton

from scripts.shots import KIOSK_SIZES, PIN_PAD, Shots, open_app, settle, shoot, tap, wait
from scripts.stage import ADMIN, Stage
from scripts.stalled_screenshots import kiosk_stalled
from terminal.operations.shifts import keep_open
from terminal.store.programme import CachedRace
from terminal.ui.kiosk.pin_pad import PinPad
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.main import App


def kiosk(app: QApplication, where: Stage, shots: Shots, lang: str, theme: str) -> None:
    shown = open_app(app, where, "kiosk", lang, theme)
    window = shown.window
    assert isinstance(window, KioskWindow)
    keep_open(shown.terminal.desk)
    shown.terminal.desk.drain.until_empty()
    window.reload_programme()
    wait(app, lambda: bool(window.journey.races))
    wait(app, lambda: not window.journey.blocked_because)
    settle(app, shown)
    name = f"{lang}-{theme}"
    demo_size = window.sizeHint().toTuple()  # shown without a size, as the demo shows it

    def at(number: int, screen: str, also: tuple[tuple[int, int], ...] = ()) -> None:
        settle(app, shown)
        shoot(
            app,
            window,
            window.words,
            shots,
            f"kiosk-{number}-{screen}-{name}",
            (*KIOSK_SIZES, *also),
        )

    at(1, "attract")
    tap(app, window, "start")
    at(2, "age", (demo_size,))
    tap(app, window, "adult")
    at(3, "races")
    tap(app, window, "races-next")  # every race of the day is open: more than a page
    at(17, "races-page-2")
    tap(app, window, "races-previous")
    now = shown.terminal.desk.clock()
    races = window.journey.races.values()
    race = max(
        (r for r in races if r.takes_bets(now)), key=lambda r: len(r.runners)
    )  # the biggest field: every runner must show
    tap_race(app, window, race.race_id)
    at(4, "bet-types")
    tap(app, window, "type-SIMPLE_GAGNANT")
    tap(app, window, f"runner-{race.runners[3]['number']}")
    at(5, "runners")
    tap(app, window, "next")
    tap(app, window, "raise-stake")
    at(6, "stake")
    tap(app, window, "next")
    where.rig.command({"cmd": "insert", "amount": 1000})
    wait(app, lambda: window.journey.balance >= 1000)
    at(7, "summary")
    tap(app, window, "pay")
    wait(app, lambda: window.current == "done")
    at(8, "take-ticket")
    scanned_ticket(window, shown)
    at(9, "scanned-ticket")
    champ(app, window, race, at)
    scratched(app, where, window, race, at)
    kiosk_faults_and_leaving(app, where, window, at)
    pin_pad(app, window, shots, name)
    if theme == "standard":  # the same in every theme, and each stall costs a timeout
        kiosk_stalled(app, where, shown, shots, name)
    shown.close()


def scanned_ticket(window: KioskWindow, shown: App) -> None:
    """The ticket just sold, scanned back at the kiosk."""
    window.go("ticket")
    barcode = shown.terminal.desk.store.one("SELECT barcode FROM bet WHERE barcode IS NOT NULL")
    if barcode is not None:
        window.scanned(str(barcode[0]))


def tap_race(app: QApplication, window: KioskWindow, race_id: str) -> None:
    """The race's button, on whichever page of the list it is (a page's buttons show at the
    next turn of the event loop)."""
    key = f"race-{race_id.rsplit('/', 1)[-1]}"

    def on_screen() -> list[str]:
        return [b.objectName() for b in window.findChildren(QPushButton) if b.isVisible()]

    def races_shown(than: list[str] | None = None) -> bool:
        names = on_screen()
        return names != than and any(n.startswith("race-R") for n in names)

    wait(app, races_shown)
    while key not in on_screen():
        before = on_screen()
        tap(app, window, "races-next")
        wait(app, lambda: races_shown(before))  # noqa: B023  (waited for at once)
    tap(app, window, key)


def scratched(
    app: QApplication,
    where: Stage,
    window: KioskWindow,
    race: CachedRace,
    at: Callable[[int, str], None],
) -> None:
    """The champ's summary, then one of its associates scratched at the racecourse: the
    summary without it, saying so, and why the bet cannot be paid yet."""
    tap(app, window, "next")
    assert window.current == "summary"
    selection = window.journey.selection
    runner = selection.draft.runners[0]
    with httpx.Client(
        base_url=where.url, headers={"Authorization": f"Bearer {ADMIN}"}, timeout=10
    ) as admin:
        admin.post(
            f"/v1/admin/races/{race.race_id}/scratch", json={"runner": runner}
        ).raise_for_status()
    wait(app, lambda: runner not in selection.draft.runners and bool(window.message.text()))
    at(18, "summary-scratched")


def kiosk_faults_and_leaving(
    app: QApplication, where: Stage, window: KioskWindow, at: Callable[[int, str], None]
) -> None:
    """No paper; then a bettor who walks away with credit, and one who cashes out."""
    where.rig.command({"cmd": "fault", "device": "printer", "knob": "paper_out", "value": True})
    wait(app, lambda: bool(window.journey.blocked_because))
    window.go("attract")
    at(10, "no-paper")
    where.rig.command({"cmd": "fault", "device": "printer", "knob": "paper_out", "value": False})
    wait(app, lambda: not window.journey.blocked_because)
    window.session_idle()  # left alone with credit: the warning, then the voucher
    at(11, "still-there")
    window.warning.stop()
    tap(app, window, "carry-on")
    tap(app, window, "cash-out")
    wait(app, lambda: window.current == "voucher")
    at(12, "voucher")
    window.journey.voucher_waiting = True  # as after a cash-out with the server away
    window.go("voucher")
    at(16, "voucher-waiting")
    window.journey.voucher_waiting = False


def champ(
    app: QApplication, window: KioskWindow, race: CachedRace, at: Callable[[int, str], None]
) -> None:
    """A Tiercé champ réduit in every order: the base runner marked, the switches on, the
    cost so far; then the stake's presets."""
    window.go("races")
    tap_race(app, window, race.race_id)
    tap(app, window, "type-TIERCE")
    numbers = [r["number"] for r in race.runners]
    tap(app, window, "champ")
    tap(app, window, f"runner-{numbers[0]}")
    at(19, "champ-step-1")
    tap(app, window, "champ")
    for number in numbers[1:4]:
        tap(app, window, f"runner-{number}")
    tap(app, window, "complete")
    at(14, "champ")
    tap(app, window, "next")
    tap(app, window, "stake-2")
    at(15, "stake-presets")


def pin_pad(app: QApplication, window: KioskWindow, shots: Shots, name: str) -> None:
    """The administrator's keypad, a PIN being typed; then a wrong one refused."""
    window.go("attract")
    tap(app, window, "admin")
    wait(app, lambda: any(p.isVisible() for p in window.findChildren(PinPad)))
    pad = next(p for p in window.findChildren(PinPad) if p.isVisible())
    for digit in "135":
        tap(app, pad, f"pin-{digit}")
    shoot(app, pad, window.words, shots, f"kiosk-13-pin-{name}", (PIN_PAD,))
    tap(app, pad, "pin-ok")
    shoot(app, pad, window.words, shots, f"kiosk-20-pin-wrong-{name}", (PIN_PAD,))
    tap(app, pad, "pin-cancel")
