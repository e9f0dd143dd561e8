"""Every worker's copy of the terminals' secrets kept as the database has them (PostgreSQL).

A worker verifies a terminal's signature with the secret it keeps in memory; a terminal
disabled at another worker's console went on selling here for up to 5 s, when the copies
were reread every 5 s (issue 26). Now:

- the disabling (or registering) transaction notifies ``CHANNEL`` with the terminal's id
  (``backend.fleet``, ``backend.terminals``), delivered at its commit;
- each worker runs one ``SecretsFeed`` thread, with its own connection, that listens on it
  and drops that terminal from its worker's copy at once (it is read again from the database
  when it next signs: ``backend.api.common.signed``, refused if disabled);
- after each (re)connection, and every ``every`` seconds should a notice ever be lost, the
  thread reads the whole copy again.

That keeps the copies fresh within a notice's delivery; what makes a bet exact is the check
in the transaction that commits it (``backend.betting``): a bet committed after the disable
is refused, whatever a copy says.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from backend.store import Store, StoreError, open_store
from backend.store.outage import Outage, Watch
from backend.terminals import CHANNEL, all_secrets

log = logging.getLogger("guichet.secrets")


class SecretsFeed:
    def __init__(
        self,
        locator: str,
        replace: Callable[[dict[str, bytes]], object],
        forget: Callable[[str], object],
        *,
        every: float = 60.0,
        poll: float = 0.5,
        watch: Watch | None = None,
    ) -> None:
        self._locator = locator
        self._watch = watch or Watch()  # the database's failures, told to the metrics
        self._replace = replace  # the whole copy, as read
        self._forget = forget  # one terminal's secret, dropped
        self._every = every
        self._poll = poll  # how soon ``stop`` is heard
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="secrets-feed", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        store: Store | None = None
        read_at = 0.0
        outage = Outage(log, "terminals' secrets updates", watch=self._watch)
        while not self._stop.is_set():
            try:
                if store is None:
                    store = open_store(self._locator)
                    store.listen(CHANNEL)  # listening first: a change after the read is told
                    read_at = 0.0
                if time.monotonic() - read_at >= self._every:
                    self._replace(all_secrets(store))
                    read_at = time.monotonic()
                for terminal_id in store.notices(self._poll):
                    self._forget(terminal_id)
                outage.recovered()
            except (StoreError, OSError) as err:
                outage.failed(str(err))
                if store is not None:
                    store.close()
                store = None
                self._stop.wait(self._poll)
        if store is not None:
            store.close()
