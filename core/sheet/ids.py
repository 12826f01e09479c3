"""Record IDs that several writers can make at once without talking to each other.

An ID is `<PREFIX>-<AAAAMMDD>-<random suffix>` (e.g. `MSG-20261128-7K3Q`): readable, sortable by day. The
suffix has 4 characters (about a million per day and tab) unless the day is crowded: its length grows
with the IDs of that day, so that at most one suffix in `SPARSE` is taken and suffixes never run out. The
write path still checks for a clash inside its transaction and draws again, so uniqueness never rests on
luck alone.
"""

from __future__ import annotations

import random
import secrets
from datetime import date

# Crockford's base32 without I, L, O, U: nothing to misread when someone types an ID by hand.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SUFFIX_LENGTH = 4
SPARSE = 1_000  # suffixes of a length per ID of the day: a draw meets a taken one less than once in a thousand


def suffix_length(count: int) -> int:
    """The suffix length for a day of `count` IDs of one prefix: 4 characters up to about a thousand,
    one more each time the day grows 32-fold (6 characters hold a million, 7 thirty million)."""
    length = SUFFIX_LENGTH
    while count * SPARSE > len(ALPHABET) ** length:
        length += 1
    return length


def new_id(prefix: str, day: date, rng: random.Random | None = None, length: int = SUFFIX_LENGTH) -> str:
    """A new ID for a record of `day`; `rng` makes it reproducible (demo data), else it is random."""
    if rng is None:  # a random byte per character: 256 is 8 × 32, so each character is equally likely
        suffix = "".join(ALPHABET[byte % len(ALPHABET)] for byte in secrets.token_bytes(length))
    else:
        suffix = "".join(rng.choice(ALPHABET) for _ in range(length))
    return f"{prefix}-{day:%Y%m%d}-{suffix}"
