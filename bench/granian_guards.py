"""What keeping the service's guards would take under granian (issue 28, item 1), printed
under the side-by-side rows (``bench/side_by_side.py``) so that the choice of a server is read
with its price.

Under uvicorn the guards are ours: ``backend.connections.GuardedProtocol`` (uvicorn's httptools
protocol, subclassed) times and sizes headers, counts connections and answers 503 past the
limit, and wraps every answer in the security headers; ``backend.serve_cli`` and
``backend.liveness`` give readiness, the watchdog and the graceful stop. granian runs its HTTP
in Rust, where no Python subclass reaches, so each guard is either one of its options or has to
be rebuilt elsewhere. What it offers was read from granian 2.8.9's options and source, and
tried against it on loopback (a 2 s header timeout closed a silent connection after 2.0 s, an
idle keep-alive one after 1.8 s and a one-byte-at-a-time header after 2.4 s; with
``--http1-buffer-size 65536`` 100 KB of headers went through and 200 KB got 431; with
``--backpressure 4`` a request behind 6 silent connections waited 2.8 s, until the header
timeout freed one, where uvicorn's guard answers 503 at once; SIGTERM and SIGINT ran the
application's lifespan shutdown, the database closed, exit 0).
"""

from __future__ import annotations

# the guard; what granian offers for it; what would have to be rebuilt
GUARDS: list[tuple[str, str, str]] = [
    (
        "header timeout (10 s from connecting and from a request's first byte; idle keep-alive "
        "5 s)",
        "--http1-header-read-timeout MS (≤ 60 s) closes silent, idle keep-alive and trickling "
        "connections alike; --http1-keep-alive is on/off only",
        "nothing: set 10000",
    ),
    (
        "header size (64 KB)",
        "--http1-buffer-size caps it roughly (65536 let 100 KB through, refused 200 KB) with "
        "a 431; at most 100 headers",
        "nothing exact: accept the rougher cap",
    ),
    (
        "connection limits (8,000 a worker, optionally per address) answered 503",
        "--backpressure N stops accepting past N connections a worker: the rest wait in the "
        "kernel's --backlog, unanswered; no per-address limit",
        "the 503 and the per-address count: a proxy in front (maxconn) or a patch to granian's "
        "accept loop",
    ),
    (
        "security headers on every answer",
        "none of its own",
        "the application's: SecurityHeaders moves from the protocol into the app factory "
        "(bench/granian_app.py does); granian's own 400, 431 and 500 go without them",
    ),
    (
        "metrics (every answer timed by route, connections held and refused by reason)",
        "--metrics: its own Prometheus exporter on another port (connections active, handled "
        "and failed, requests a worker), none by route or by reason",
        "Timed moves from the protocol around the app factory's application; held and "
        "refused by reason are lost with the guards that count them",
    ),
    (
        "readiness (READY=1 once answering)",
        "the lifespan runs in each worker before it serves, the socket bound first by the main "
        "process; a failed startup stops granian with status 1",
        "even one worker is a child: the unit's NotifyAccess=main must become all, or serve "
        "runs granian.server.embed in its own process",
    ),
    (
        "watchdog (WATCHDOG=1 after the tote answers)",
        "the lifespan's task runs on the worker's loop; --respawn-failed-workers restarts a "
        "worker that died",
        "nothing beyond NotifyAccess=all (WATCHDOG_PID names the worker's parent, accepted)",
    ),
    (
        "graceful stop (SIGTERM/SIGINT; in-flight requests get 5 s; lifespan shutdown)",
        "SIGTERM and SIGINT stop the workers and run the lifespan shutdown; SIGHUP respawns "
        "them; --workers-kill-timeout kills a worker past it",
        "the 5 s bound: a kill skips the shutdown (the tote's stop), so it must stay unset or long",
    ),
    (
        "serve's own work (store checked, open files raised, token, limits by environment)",
        "--workers, --factory with app_from_environment, --backlog, --access-log",
        "serve must start granian from Python (granian.server.Server) after its checks, "
        "passing its options on",
    ),
]
