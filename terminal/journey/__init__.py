"""The kiosk's state without its window: the bettor's selection (``Selection``) and their way
through the kiosk (``Journey``: credit, the bet paid whose ticket is owed, the voucher, the
idle warning, the race list's page), with the rules that change them and the hints the screens
say (``hints``).

No Qt here: the window holds a ``Journey``, shows it, and turns taps into its methods; the
rules are tested without a window or a server. The rules of a bet themselves are ``pari``'s
(the bet type's specification, ``formula_for``, ``check_sale``), asked through the sale's
pricing, so the kiosk, the counter and the server read a selection alike.
"""

from terminal.journey.journey import Journey
from terminal.journey.selection import Selection

__all__ = ["Journey", "Selection"]
