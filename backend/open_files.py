"""The server's open files: every connection held is one, and the soft limit a process starts
with is often 1,024 (a login shell's, a container's) however high the hard limit. At 1,024,
half of the sales failed while a crowd of connections was held (issue 26): accept() failed
for want of a file descriptor. So ``serve`` raises its soft limit to the hard one before it
listens — any process may, up to the hard limit — and says so, or says why it could not and
what the limit then holds to. Worker processes inherit the limit raised.
"""

from __future__ import annotations

import resource

RESERVE = 64  # files besides connections: the database and its journal, logs, pipes


def raise_open_files(connections: int) -> str:
    """Raise the soft limit on open files to the hard one; what the operator should read
    (one line), or "" when the limit was already as high as it goes and enough."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    said = []
    if hard == resource.RLIM_INFINITY or soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError) as err:
            said.append(f"cannot raise the open files limit from {soft} to {_shown(hard)} ({err})")
        else:
            said.append(f"open files limit raised from {soft} to {_shown(hard)} (the hard limit)")
            soft = hard
    if soft != resource.RLIM_INFINITY and soft < connections + RESERVE:
        said.append(
            f"at most {soft} open files: fewer than --max-connections {connections} needs;"
            " raise the hard limit (LimitNOFILE= in the unit) or lower --max-connections"
        )
    return "; ".join(said)


def _shown(limit: int) -> str:
    return "unlimited" if limit == resource.RLIM_INFINITY else str(limit)
