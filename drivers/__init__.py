"""Terminal hardware: one device model (after UnifiedPOS) for the ticket printer, the card reader,
the barcode scanner and the bill acceptor; every device opened by URL through pyserial.

Protocols (ESC/POS status, ISO 7811 tracks, ccTalk frames) are frozen data beside pure parse
functions, so the simulator and the fuzz tests use the very code the drivers run.
"""
