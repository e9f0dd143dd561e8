"""The clerk at the counter without Qt and without a server: the name on a clerk's card (ISO
7813 track 1, ``SURNAME/GIVEN NAMES.TITLE``) as people write it, a typed name, a swipe that
opens the clerk's shift or says whose is open, and the clerk's name on what the shift prints."""

from __future__ import annotations

import pytest

from catalogue import words_for
from terminal.counter.clerk import MAX_NAME, Clerk, clerk_name, typed_name
from terminal.counter.sayings import Said
from terminal.operations.desk import Desk
from terminal.operations.shifts import (
    ClerkShift,
    close_shift,
    current,
    open_for,
    open_shift,
    print_report,
    report,
)

FR, EN = words_for("fr"), words_for("en")


@pytest.mark.parametrize(
    ("holder", "name"),
    [
        ("DUPONT/JEAN", "Jean Dupont"),
        ("MARTIN/MARIE CLAIRE.MME", "Marie Claire Martin"),
        ("LEFEVRE-DURAND/JEAN-PIERRE", "Jean-Pierre Lefevre-Durand"),
        ("D'ARC/JEANNE", "Jeanne D'Arc"),
        ("  DUPONT /  JEAN  ", "Jean Dupont"),
        ("DUPONT/", "Dupont"),
        ("NADIA", "Nadia"),  # no slash: the name as it is written
        ("", ""),
        ("   ", ""),
    ],
)
def test_a_cards_name_is_written_as_people_write_it(holder: str, name: str) -> None:
    assert clerk_name(holder) == name


def test_a_typed_name_is_tidied_and_kept_to_one_ticket_line() -> None:
    assert typed_name("  Marie   Curie ") == "Marie Curie"
    assert len(typed_name("x" * 100)) == MAX_NAME


def test_a_swipe_is_said_in_both_languages() -> None:
    fr, en = Clerk(FR), Clerk(EN)
    assert fr.swiped("Jean Dupont", ClerkShift(True, "Jean Dupont")) == Said(
        "Caisse ouverte pour Jean Dupont"
    )
    assert en.swiped("Jean Dupont", ClerkShift(True, "Jean Dupont")) == Said(
        "Till open for Jean Dupont"
    )
    assert fr.swiped("Jean Dupont", ClerkShift(False, "JEAN DUPONT")) == Said(
        "La caisse de JEAN DUPONT est déjà ouverte"
    )
    assert fr.swiped("Jean Dupont", ClerkShift(False, "Marie")) == Said(
        "La caisse est ouverte pour Marie : clôturez-la (Z) avant d’ouvrir celle de Jean Dupont",
        problem=True,
    )
    assert en.swiped("Jean Dupont", ClerkShift(False, "Marie")) == Said(
        "The till is open for Marie: close it (Z) before opening Jean Dupont's", problem=True
    )
    assert fr.swiped("Jean Dupont", ClerkShift(False, "")) == Said(
        "La caisse est déjà ouverte : clôturez-la (Z) avant d’ouvrir celle de Jean Dupont",
        problem=True,
    )
    assert fr.unread() == Said("La carte n’a pas pu être lue : repassez-la", problem=True)
    assert en.unread() == Said("The card could not be read: swipe it again", problem=True)
    assert fr.nameless().text.startswith("Cette carte ne porte pas de nom")
    assert en.nameless().problem


def test_a_clerks_card_opens_their_shift_once_and_says_whose_is_open(
    offline_desk: Desk,
) -> None:
    assert open_for(offline_desk, "Jean Dupont", 5000) == ClerkShift(True, "Jean Dupont")
    shift = current(offline_desk)
    assert shift is not None
    assert (shift.clerk, shift.drawer) == ("Jean Dupont", 5000)
    # the same card again, then another clerk's: nothing opens, nothing moves
    assert open_for(offline_desk, "Jean Dupont", 5000) == ClerkShift(False, "Jean Dupont")
    assert open_for(offline_desk, "Nadia Roux", 2000) == ClerkShift(False, "Jean Dupont")
    count = offline_desk.store.one("SELECT COUNT(*) FROM shift")
    assert count is not None
    assert count[0] == 1
    assert report(offline_desk).drawer == 5000
    assert Clerk(FR).on_duty(current(offline_desk)) == "Guichetier : Jean Dupont"
    assert Clerk(EN).on_duty(current(offline_desk)) == "Clerk: Jean Dupont"
    close_shift(offline_desk, 5000)
    assert Clerk(FR).on_duty(current(offline_desk)) == ""
    assert open_for(offline_desk, "Nadia Roux", 2000) == ClerkShift(True, "Nadia Roux")


def test_a_typed_name_or_else_the_configured_one_holds_the_shift(offline_desk: Desk) -> None:
    open_shift(offline_desk, 0, "  Marie Curie ")
    assert report(offline_desk).clerk == "Marie Curie"
    close_shift(offline_desk, 0)
    open_shift(offline_desk, 0, "")
    assert report(offline_desk).clerk == "Marie"  # the configuration's operator


def test_the_shifts_clerk_signs_what_it_prints_and_the_shift_before_keeps_its_own(
    offline_desk: Desk, printed: list[str]
) -> None:
    open_for(offline_desk, "Jean Dupont", 0)
    first = report(offline_desk)
    print_report(offline_desk, first)
    assert "Guichetier : Jean Dupont" in printed[-1]
    closed = close_shift(offline_desk, 0)
    open_for(offline_desk, "Nadia Roux", 0)
    assert offline_desk.seller.operator == "Nadia Roux"
    print_report(offline_desk, closed)  # the Z of Jean's shift, printed during Nadia's
    assert "Guichetier : Jean Dupont" in printed[-1]
