"""Short, typeable, collision-resistant ids: `ex-3kf9q2a`.

Random rather than sequential so that two stores (or two processes) never hand out the same
id, which is what lets a JSON backup be merged by id.
"""

from __future__ import annotations

import secrets

_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: read aloud on a call


def new_id(prefix: str, length: int = 7) -> str:
    return prefix + "-" + "".join(secrets.choice(_ALPHABET) for _ in range(length))
