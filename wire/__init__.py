"""The terminal–server protocol that both sides must agree on, byte for byte.

Kept apart from ``backend`` and ``terminal`` so that neither imports the other: the server
verifies what the terminal signs with the very same function.
"""
