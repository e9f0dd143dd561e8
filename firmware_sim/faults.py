"""The knobs every simulated line has; each device adds its own (paper, cover...)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class LineFaults:
    #: bits per second to pace bytes at (ptys transfer instantly); 0 = unpaced
    baud: int = 0
    #: chance that a byte the device sends has one bit flipped (line noise)
    garble_rate: float = 0.0
    rng: random.Random = field(default_factory=lambda: random.Random(7811))

    def seconds_for(self, size: int) -> float:
        """8N1 puts 10 bits on the wire per byte."""
        return size * 10 / self.baud if self.baud else 0.0

    def garble(self, data: bytes) -> bytes:
        if not self.garble_rate:
            return data
        out = bytearray(data)
        for index in range(len(out)):
            if self.rng.random() < self.garble_rate:
                out[index] ^= 1 << self.rng.randrange(8)
        return bytes(out)
