"""The counter operator terminal: keyboard first."""
