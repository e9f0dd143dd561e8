"""Benchmarks: scripts that print figures next to their targets. Tests never time anything."""
