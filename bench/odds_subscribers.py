"""The SSE subscribers of the odds benchmark in a process of their own (``bench/odds_delay.py``).

While the load runs every open race's odds change every round, and each of the subscribers is
sent them all: tens of thousands of events a second, more than the load generator's one
process can read beside the load it drives (its own lateness would be counted as the
server's). Here each subscriber is a bare keep-alive socket with a signed ``GET``; a chunk is
searched for the probe race's id before anything is parsed.

Given on stdin (JSON): the server's port, the probe race, the subscribers' signers (terminal id
and secret in hex, one a subscriber). Says ``ready`` on stdout when every subscriber has its
stream's headers, then, for each pool total of the probe race seen by every subscriber,
``TOTAL SECONDS``: when the last of them saw it, on the monotonic clock (``time.monotonic``:
one clock for every process of the machine).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from backend.app import utc_now
from wire.signing import Signer

PATH = "/v1/odds-stream"


class Arrivals:
    """Which subscribers saw which totals; a total is reported once all of them did."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.seen: dict[int, set[int]] = {}
        self.reported: set[int] = set()

    def saw(self, subscriber: int, total: int) -> None:
        who = self.seen.setdefault(total, set())
        who.add(subscriber)
        if len(who) == self.count and total not in self.reported:
            self.reported.add(total)
            print(f"{total} {time.monotonic():.6f}", flush=True)


class Streams:
    """The subscribers' sockets: ``ready`` said once every one of them has its headers."""

    def __init__(self, port: int, race: str, count: int) -> None:
        self.port = port
        self.race = json.dumps(race).encode()  # as an event writes it: quoted
        self.arrivals = Arrivals(count)
        self.connected = 0

    async def follow(self, index: int, signer: Signer) -> None:
        try:
            await self._follow(index, signer)
        except Exception as err:  # the benchmark cannot go on without every subscriber
            print(f"subscriber {index} failed: {err!r}", file=sys.stderr, flush=True)
            raise SystemExit(1) from None

    async def _follow(self, index: int, signer: Signer) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        headers = signer.headers("GET", PATH, b"", utc_now())
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        writer.write(f"GET {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}\r\n".encode())
        status = await reader.readline()
        if b" 200 " not in status:
            raise RuntimeError(f"refused: {status!r}")
        while await reader.readline() not in (b"\r\n", b""):
            pass
        self.connected += 1
        if self.connected == self.arrivals.count:
            print("ready", flush=True)
        rest = b""
        while chunk := await reader.read(1 << 16):
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            for line in lines:
                if line.startswith(b"data: ") and self.race in line:
                    event = json.loads(line[6:])
                    if "pool_total" in event:  # odds; a race's own event has none
                        self.arrivals.saw(index, int(event["pool_total"]))
        raise RuntimeError("the server ended the stream")


async def main() -> None:
    given = json.loads(sys.stdin.readline())
    signers = [Signer(terminal, bytes.fromhex(secret)) for terminal, secret in given["signers"]]
    streams = Streams(int(given["port"]), str(given["race_id"]), len(signers))
    await asyncio.gather(*(streams.follow(i, s) for i, s in enumerate(signers)))


if __name__ == "__main__":
    asyncio.run(main())
