"""The HTTP API, versioned under ``/v1``: thin routes over the tote and the domain."""
