"""A kiosk that dies while its bet's answer is owed, for ``test_late_answers.py``.

It opens the terminal from its configuration and takes a 5 € note, says ``ready`` and waits
for a line (the test stalls the server meanwhile); then it sells a bet in English (the
bettor's language), lets its drain send the bet to the stalled server, prints the bet's
transaction id and kills itself with SIGKILL, as a power cut would.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from catalogue import words_for
from terminal.app import open_terminal
from terminal.config import load_config
from terminal.operations import credit
from terminal.operations.sell import Draft, enqueue


def main() -> None:
    config_path, store = Path(sys.argv[1]), Path(sys.argv[2])
    settings = load_config(config_path).settings
    terminal = open_terminal(type(settings)(**{**settings.__dict__, "store": store}))
    terminal.feed.resync()
    terminal.start()  # the kiosk's shift opens; the drain worker runs
    desk = terminal.desk
    credit.deposit(desk, 500, "note-1")
    row = desk.store.one("SELECT race_id FROM race WHERE status = 'OPEN' ORDER BY post_time")
    assert row is not None
    desk.drain.until_empty()  # the shift's opening: only the bet will wait
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.readline()
    sale = enqueue(
        desk, Draft(str(row[0]), "SIMPLE_GAGNANT", (3,)), words=words_for("en"), hold=False
    )
    time.sleep(1.0)  # the drain has sent it; the server holds it unanswered
    sys.stdout.write(sale.transaction_id + "\n")
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
