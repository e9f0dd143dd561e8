"""The one message catalogue of everything a terminal shows or prints, in French and English.

Messages are gettext catalogues (``locale/<lang>/LC_MESSAGES/guichet.po``, compiled to ``.mo``
by ``make``), their source texts in English in the code, extracted with Babel
(``python -m scripts.catalogue``). Amounts, odds, dates and times are formatted by Babel from
the locale's data (CLDR). A terminal may speak both languages at once (a kiosk switches for
each bettor), so nothing is installed globally: each screen holds the ``Words`` of its
language, from ``words_for(lang)``.
"""

from catalogue.words import LANGUAGES, Words, words_for

__all__ = ["LANGUAGES", "Words", "words_for"]
