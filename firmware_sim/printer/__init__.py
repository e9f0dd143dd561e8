"""The emulated thermal printer: ESC/POS interpreter, printer model, renderer."""
