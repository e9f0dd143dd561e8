"""What the terminal and the server share: the protocol they must agree on byte for byte
(``signing``), and the one they both speak to the service manager (``systemd``).

Kept apart from ``backend`` and ``terminal`` so that neither imports the other: the server
verifies what the terminal signs with the very same function.
"""
