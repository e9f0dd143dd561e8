"""The server's metrics for operators, in Prometheus's text format (``GET /metrics``).

Each metric answers a question an operator asks during a race day:

- ``guichet_bets_accepted_total``, ``guichet_bets_refused_total{code}``: are terminals selling,
  and why are bets refused (the refusal's problem code: ``betting_closed`` at every post time
  is normal, a rise of ``store_unavailable`` is not)? Counted as the tote decides them (the
  framework's routes and the lean path both go through it); a retry of a bet already decided
  is answered, and counted, again. A request refused before its bets are read (its signature,
  its body) is counted by its answer's status, below.
- ``guichet_http_request_duration_seconds{method,route,status}``: how long terminals wait,
  per route *template* (``/v1/bets/{transaction_id}/cancel``, never a raw path: an id in a
  label would make a series per ticket); until the answer's headers leave (a live stream's
  subscription, not its hours).
- ``guichet_tote_queue_depth``, ``guichet_tote_commit_bets``, ``guichet_tote_commit_seconds``:
  is the one writer keeping up (work waiting for it), and how well does the group commit share
  a commit (bets per commit, and the commit's time: the database's own latency)?
- ``guichet_odds_publication_delay_seconds``: how stale are the odds the bettors see — from the
  commit of a win bet to the odds of its race reaching this worker's live stream.
- ``guichet_live_subscribers``: how many terminals follow the live stream (SSE).
- ``guichet_connections_open``, ``guichet_connections_refused_total{reason}``: how close a
  worker is to ``--max-connections``, and whom it turned away (too many, headers too slow or
  too large: ``backend.connections``).
- ``guichet_database_errors_total{part}``, ``guichet_database_outages_total{part}``,
  ``guichet_database_down{part}``: the database failing or out of reach, by the part of the
  server that met it (bets, nonces, live events, secrets); ``guichet_sales_stopped``: the
  database found damaged, no bet taken until an operator restores it.
- ``guichet_terminal_heartbeat_age_seconds{terminal,name}``,
  ``guichet_terminal_outbox_depth{terminal,name}``, ``guichet_terminals{state}``: which
  terminal went quiet, and which holds bets it could not send (from heartbeats, read from the
  database at each scrape, so every worker gives the same fleet).

Nothing is registered when this module is imported: ``Metrics`` makes its own registry when
the composition root (``backend.app``) makes it, so several servers in one process (the
tests) each count their own. With several workers (``serve --workers N``) every worker writes
its values to files in ``PROMETHEUS_MULTIPROC_DIR`` (made by ``serve`` before the workers
start), and the worker that is scraped reads them all: counters and histograms add up across
workers; a worker's levels (queue, connections, subscribers) are given per ``pid``.
``Recorder`` is the same interface doing nothing: metrics switched off (``GUICHET_METRICS=off``).
"""

from __future__ import annotations

import glob
import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily, Metric

from backend.bet_request import Receipt
from backend.errors import ServerError
from backend.fleet import TerminalState
from backend.store.outage import Watch

METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"})
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 15.0)
BATCH_BUCKETS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
COMMIT_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
DELAY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0)
WIN = "SIMPLE_GAGNANT"  # the pool the published odds are computed from
FORGET_MOVE = 120.0  # seconds: a race whose odds were never republished (closed) is let go
LIVE_FILE = re.compile(r"gauge_live\w+?_(\d+)\.db$")
STATE_KEY = "guichet.metrics"  # the server's Metrics in the ASGI lifespan state (connections)


class Recorder:
    """The metrics' interface, doing nothing: metrics switched off. ``Metrics`` records."""

    enabled = False

    def committed(self, outcomes: Sequence[Receipt | ServerError], seconds: float) -> None:
        """A commit of the tote: its bets' outcomes, and how long it took."""

    def failed(self, code: str, bets: int) -> None:
        """A batch of bets the database failed to commit (each bet refused with ``code``)."""

    def odds_published(self, race_id: str) -> None:
        """A race's odds handed to this worker's live stream."""

    def connection_opened(self) -> None:
        pass

    def connection_closed(self) -> None:
        pass

    def connection_refused(self, reason: str) -> None:
        pass

    def outage(self, part: str) -> Watch:
        """What ``backend.store.outage.Outage`` tells the metrics, for ``part``."""
        return Watch()

    def levels(self, queue: int, subscribers: int, stopped: bool) -> None:
        """This worker's levels, sampled (every second, and at each scrape)."""

    def answered(self, method: str, route: str, status: int, seconds: float) -> None:
        """An HTTP answer's headers left (``backend.timing``)."""

    def exposition(self, terminals: Sequence[TerminalState]) -> bytes:
        return b""


OFF = Recorder()


class _Watch(Watch):
    def __init__(self, metrics: Metrics, part: str) -> None:
        self._errors = metrics.database_errors.labels(part)
        self._outages = metrics.database_outages.labels(part)
        self._down = metrics.database_down.labels(part)
        self._is_down = False

    def failed(self) -> None:
        self._errors.inc()

    def down(self, down: bool) -> None:
        if down and not self._is_down:
            self._outages.inc()
        self._is_down = down
        self._down.set(1 if down else 0)


class Metrics(Recorder):
    """Every metric of one server process, and its exposition. ``folder``: the workers'
    shared ``PROMETHEUS_MULTIPROC_DIR`` when there are several, else None (in memory)."""

    enabled = True

    def __init__(self, folder: str | None = None) -> None:
        if folder is not None and not getattr(values.ValueClass, "_multiprocess", False):
            raise RuntimeError(
                "PROMETHEUS_MULTIPROC_DIR was set after prometheus_client was imported:"
                " the workers' values would not reach its files"
            )
        self.folder = folder
        self.registry = CollectorRegistry()
        into = None if folder else self.registry  # several workers: read from the files
        self.bets_accepted = Counter(
            "guichet_bets_accepted", "Bets accepted by the tote", registry=into
        )
        self.bets_refused = Counter(
            "guichet_bets_refused", "Bets refused, by problem code", ["code"], registry=into
        )
        self.latency = Histogram(
            "guichet_http_request_duration_seconds",
            "Time to answer an HTTP request (until its headers leave), by route template",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=into,
        )
        self.queue_depth = Gauge(
            "guichet_tote_queue_depth",
            "Jobs waiting for the tote (the one writer) of a worker",
            multiprocess_mode="liveall",
            registry=into,
        )
        self.commit_bets = Histogram(
            "guichet_tote_commit_bets",
            "Bets per commit of the tote (the group commit)",
            buckets=BATCH_BUCKETS,
            registry=into,
        )
        self.commit_seconds = Histogram(
            "guichet_tote_commit_seconds",
            "Time of one commit of bets, checks and database included",
            buckets=COMMIT_BUCKETS,
            registry=into,
        )
        self.odds_delay = Histogram(
            "guichet_odds_publication_delay_seconds",
            "From a win bet's commit to its race's odds on this worker's live stream",
            buckets=DELAY_BUCKETS,
            registry=into,
        )
        self.subscribers = Gauge(
            "guichet_live_subscribers",
            "Clients following the live stream (SSE) of a worker",
            multiprocess_mode="liveall",
            registry=into,
        )
        self.connections = Gauge(
            "guichet_connections_open",
            "Connections a worker holds (its limit: --max-connections)",
            multiprocess_mode="liveall",
            registry=into,
        )
        self.connections_refused = Counter(
            "guichet_connections_refused",
            "Connections turned away or cut: too_many, slow_headers, large_headers",
            ["reason"],
            registry=into,
        )
        self.database_errors = Counter(
            "guichet_database_errors",
            "Database failures met, by the part of the server that met them",
            ["part"],
            registry=into,
        )
        self.database_outages = Counter(
            "guichet_database_outages",
            "Times the database went out of reach, by part",
            ["part"],
            registry=into,
        )
        self.database_down = Gauge(
            "guichet_database_down",
            "1 while a part of the server cannot reach the database",
            ["part"],
            multiprocess_mode="livemax",
            registry=into,
        )
        self.sales_stopped = Gauge(
            "guichet_sales_stopped",
            "1 while the database is found damaged: no bet is taken",
            multiprocess_mode="livemax",
            registry=into,
        )
        if folder is None:
            ProcessCollector(registry=self.registry)  # this process's CPU and memory
        self._answers: dict[tuple[str, str, int], Any] = {}
        self._refusals: dict[str, Any] = {}
        self._moved: dict[str, float] = {}  # race → when a win bet first moved it, unpublished

    # the tote's thread, once a commit
    def committed(self, outcomes: Sequence[Receipt | ServerError], seconds: float) -> None:
        accepted = 0
        now = time.monotonic()
        moved = self._moved
        for outcome in outcomes:
            if isinstance(outcome, ServerError):
                self._refused(outcome.code).inc()
            else:
                accepted += 1
                if outcome.bet_type == WIN:
                    moved.setdefault(outcome.race_id, now)
        if accepted:
            self.bets_accepted.inc(accepted)
        self.commit_bets.observe(len(outcomes))
        self.commit_seconds.observe(seconds)

    def failed(self, code: str, bets: int) -> None:
        self._refused(code).inc(bets)
        self.database_errors.labels("bets").inc()

    def _refused(self, code: str) -> Any:
        child = self._refusals.get(code)
        if child is None:
            child = self._refusals[code] = self.bets_refused.labels(code)
        return child

    # the event loop
    def odds_published(self, race_id: str) -> None:
        since = self._moved.pop(race_id, None)
        if since is not None:
            now = time.monotonic()
            self.odds_delay.observe(now - since)
            for race, when in list(self._moved.items()):
                if now - when > FORGET_MOVE:  # its odds will not come (closed meanwhile)
                    self._moved.pop(race, None)

    def connection_opened(self) -> None:
        self.connections.inc()

    def connection_closed(self) -> None:
        self.connections.dec()

    def connection_refused(self, reason: str) -> None:
        self.connections_refused.labels(reason).inc()

    def outage(self, part: str) -> Watch:
        return _Watch(self, part)

    def levels(self, queue: int, subscribers: int, stopped: bool) -> None:
        self.queue_depth.set(queue)
        self.subscribers.set(subscribers)
        self.sales_stopped.set(1 if stopped else 0)

    def answered(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, status)
        child = self._answers.get(key)
        if child is None:
            shown = method if method in METHODS else "other"
            child = self._answers[key] = self.latency.labels(shown, route, str(status))
        child.observe(seconds)

    def exposition(self, terminals: Sequence[TerminalState]) -> bytes:
        """Every metric in Prometheus's text format: this worker's (or, with several, every
        worker's, from their files) and the fleet's, from ``terminals``."""
        if self.folder is None:
            ours = generate_latest(self.registry)
        else:
            _forget_dead_workers(self.folder)
            merged = CollectorRegistry()
            # prometheus_client leaves these two untyped
            multiprocess.MultiProcessCollector(merged, self.folder)  # type: ignore[no-untyped-call]
            ours = generate_latest(merged)
        fleet = CollectorRegistry()
        fleet.register(_Fleet(terminals))
        return ours + generate_latest(fleet)


def _forget_dead_workers(folder: str) -> None:
    """A worker that died (and was replaced) leaves its levels in its files: drop them, so a
    dead worker's queue or connections are not shown as if it still had them."""
    for path in glob.glob(os.path.join(folder, "gauge_live*.db")):
        found = LIVE_FILE.search(path)
        if found and not _alive(int(found.group(1))):
            multiprocess.mark_process_dead(int(found.group(1)), folder)  # type: ignore[no-untyped-call]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Fleet:
    """The terminals as their heartbeats left them, for one scrape."""

    def __init__(self, terminals: Iterable[TerminalState]) -> None:
        self._terminals = list(terminals)

    def collect(self) -> Iterator[Metric]:
        age = GaugeMetricFamily(
            "guichet_terminal_heartbeat_age_seconds",
            "Seconds since a terminal's last heartbeat (enabled terminals that sent one)",
            labels=["terminal", "name"],
        )
        outbox = GaugeMetricFamily(
            "guichet_terminal_outbox_depth",
            "Transactions waiting in a terminal's outbox, as its last heartbeat said",
            labels=["terminal", "name"],
        )
        states = {"online": 0, "offline": 0, "stopped": 0, "disabled": 0, "attention": 0}
        for terminal in self._terminals:
            if terminal.disabled:
                states["disabled"] += 1
                continue
            states[
                "online" if terminal.online else "stopped" if terminal.stopped else "offline"
            ] += 1
            states["attention"] += terminal.needs_attention
            if terminal.seconds_since is not None:
                labels = [terminal.terminal_id, terminal.name]
                age.add_metric(labels, terminal.seconds_since)
                outbox.add_metric(labels, terminal.queue_depth)
        count = GaugeMetricFamily(
            "guichet_terminals",
            "Terminals by state (attention: enabled ones the supervision page flags)",
            labels=["state"],
        )
        for state, number in states.items():
            count.add_metric([state], number)
        yield from (age, outbox, count)
