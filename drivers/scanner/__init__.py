"""The barcode scanner: on a serial line, or as a keyboard (wedge) at counters."""
