"""Where python-escpos keeps its parsed printer database: a cache that survives restarts.

Quirk (python-escpos 3.1, ``escpos/capabilities.py``): on import it parses the 1 MB
``capabilities.json`` with PyYAML (about 0.3 s here) unless it finds a pickle of it in
``ESCPOS_CAPABILITIES_PICKLE_DIR``; without that variable the pickle goes to a fresh
``mkdtemp()`` and is never found again, so every launch of a kiosk paid the parse. Import this
module before anything from ``escpos``: it points the variable at the user's cache folder
unless the operator set it. (The module still creates an empty temporary folder each import;
that is upstream's and harmless.)
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def _use_a_lasting_cache() -> None:
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return
    folder = Path(platformdirs.user_cache_dir("guichet")) / "escpos"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # a read-only home: python-escpos falls back to its temporary folder
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(folder)


_use_a_lasting_cache()
