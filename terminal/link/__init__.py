"""The terminal's link to the central server: the signed client, the outbox drain, the odds
and programme stream, heartbeats. Qt-free; each worker is one thread with a bounded wait."""
