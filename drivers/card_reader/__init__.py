"""The magnetic-stripe player-card reader: ISO 7811 tracks over a serial line."""
