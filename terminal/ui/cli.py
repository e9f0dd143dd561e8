"""``guichet-terminal``: the kiosk or counter app.

guichet-terminal --config /etc/guichet/terminal.toml [--mode kiosk|counter]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from terminal.config import load_config
from terminal.errors import TerminalError
from terminal.ui.main import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="guichet-terminal", description=__doc__)
    default = Path(os.environ.get("GUICHET_TERMINAL_CONFIG", "terminal.toml"))
    parser.add_argument("--config", type=Path, default=default)
    parser.add_argument("--mode", choices=["kiosk", "counter"])
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config, args.mode)
    except TerminalError as err:
        print(f"guichet-terminal: {err.detail}", file=sys.stderr)
        return 2
    return run(config)


if __name__ == "__main__":
    sys.exit(main())
