"""Record IDs that several writers can make at once without talking to each other.

An ID is `<PREFIX>-<AAAAMMDD>-<4 random characters>` (e.g. `MSG-20261128-7K3Q`): readable, sortable by
day, and with about a million suffixes per day and tab; the write path still checks for a clash inside
its transaction and draws again, so uniqueness never rests on luck alone.
"""

from __future__ import annotations

import random
import secrets
from datetime import date

# Crockford's base32 without I, L, O, U: nothing to misread when someone types an ID by hand.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SUFFIX_LENGTH = 4


def new_id(prefix: str, day: date, rng: random.Random | None = None) -> str:
    """A new ID for a record of `day`; `rng` makes it reproducible (demo data), else it is random."""
    if rng is None:
        suffix = "".join(secrets.choice(ALPHABET) for _ in range(SUFFIX_LENGTH))
    else:
        suffix = "".join(rng.choice(ALPHABET) for _ in range(SUFFIX_LENGTH))
    return f"{prefix}-{day:%Y%m%d}-{suffix}"
