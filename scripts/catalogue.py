"""The message catalogue (the terminal's screens and tickets, the console's pages), kept with
Babel's own machinery.

    python -m scripts.catalogue update    extract the source texts, merge them into each .po
    python -m scripts.catalogue compile   build each .mo from its .po (``make`` runs this)
    python -m scripts.catalogue check     fail if a source text lacks a translation

The source texts are English; the English catalogue holds them as their own translation (so
that a text missing from it is seen, as in any other language). French is translated by hand:
``update`` leaves new French entries empty, and ``check`` (run by the tests) names them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
# where the texts people read are written: Python, and the console's Jinja templates
SOURCES = ("catalogue", "terminal", "backend/console")
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")]
LOCALE = ROOT / "catalogue" / "locale"
DOMAIN = "guichet"
LANGUAGES = ("fr", "en")
KEYWORDS = {
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "_": None,
}


def extract() -> Catalog:
    template = Catalog(domain=DOMAIN, project="Guichet", charset="utf-8")
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT / folder),
            method_map=METHODS,
            keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",),
            options_map={"**/templates/**.html": {}},
        ):
            template.add(
                message,
                None,
                [(f"{folder}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return template


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="Guichet", charset="utf-8")
    with path.open("rb") as source:
        return read_po(source, locale=lang, domain=DOMAIN)


def update() -> None:
    template = extract()
    for lang in LANGUAGES:
        catalog = read(lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if lang == "en":
            for message in catalog:
                if message.id and not _translated(message):
                    message.string = message.id
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            write_po(out, catalog, width=100, sort_output=False, include_previous=False)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages")


def compile_all() -> None:
    for lang in LANGUAGES:
        catalog = read(lang)
        with po_path(lang).with_suffix(".mo").open("wb") as out:
            write_mo(out, catalog)


def problems() -> list[str]:
    """Every source text missing from a catalogue, untranslated or fuzzy, one line each."""
    found = []
    for lang in LANGUAGES:
        catalog = read(lang)
        for message in extract():
            if not message.id:
                continue
            held = catalog.get(message.id, context=message.context)
            first = message.id[0] if isinstance(message.id, tuple) else message.id
            if held is None:
                found.append(f"{lang}: missing {first!r}")
            elif not _translated(held) or held.fuzzy:
                found.append(f"{lang}: not translated {first!r}")
    return found


def _translated(message: Message) -> bool:
    if isinstance(message.string, tuple | list):
        return all(message.string)
    return bool(message.string)


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        if found:
            raise SystemExit(f"{len(found)} catalogue problems: python -m scripts.catalogue update")
    else:
        raise SystemExit("usage: python -m scripts.catalogue update|compile|check")


if __name__ == "__main__":
    main()
