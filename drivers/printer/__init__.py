"""The thermal ticket printer: ESC/POS layout (python-escpos), status (DLE EOT), the driver."""
