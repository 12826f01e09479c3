"""The values every tab draws alike: record IDs, links shaped like the real ones, people's names and
e-mails, citizens' handles, texts with their placeholders filled, and networks."""

from __future__ import annotations

import base64
import functools
import random
import unicodedata
from datetime import date, datetime

from core.demo.data import (
    FIRST_NAMES,
    HANDLE_WORDS,
    JOURNALISTS,
    LOCALITIES,
    NETWORK_SHARE,
    NETWORKS,
    ROADS,
    SURNAMES,
    X_EPOCH_MS,
    Person,
)
from core.demo.randomness import Weighted
from core.demo.texts import DISTRICT_CAMPAIGNS
from core.sheet.ids import new_id


def record_id(prefix: str, day: date, rng: random.Random, taken: set[str]) -> str:
    """A new record ID (`core.sheet.ids.new_id`) not yet used in the tab."""
    value = new_id(prefix, day, rng)
    while value in taken:
        value = new_id(prefix, day, rng)
    taken.add(value)
    return value


def token(rng: random.Random, length: int) -> str:
    """Random letters, digits, "-" and "_", like the IDs in Drive, YouTube and Instagram links."""
    return base64.urlsafe_b64encode(rng.randbytes(length)).decode()[:length]


def drive_file(rng: random.Random) -> str:
    return f"https://drive.google.com/file/d/1{token(rng, 32)}/view"


def drive_folder(rng: random.Random) -> str:
    return f"https://drive.google.com/drive/folders/1{token(rng, 32)}"


def mail_link(rng: random.Random) -> str:
    return f"https://mail.google.com/mail/u/0/#all/{rng.getrandbits(64):016x}"


def snowflake(moment: datetime, rng: random.Random) -> int:
    """An X status ID: milliseconds since X's epoch, shifted, plus random low bits."""
    return ((int(moment.timestamp() * 1000) - X_EPOCH_MS) << 22) | rng.getrandbits(22)


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def person_name(rng: random.Random) -> str:
    first = rng.choice(FIRST_NAMES)
    return f"{first} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"


@functools.cache
def email_of(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().split()
    return f"{ascii_name[0]}.{ascii_name[-2]}@dadep.gov.co"


def journalist_of(area_index: int) -> Person:
    """The journalist assigned to an area (the same pairing as `Listas`)."""
    return JOURNALISTS[area_index % len(JOURNALISTS)]


def handle(rng: random.Random) -> str:
    return f"@{rng.choice(HANDLE_WORDS)}{rng.choice(('', '_', ''))}{rng.randint(1, 9999)}"


def fill(text: str, rng: random.Random) -> str:
    """A template with its placeholders drawn: {loc}, {via}, {m2} and {campaign}."""
    if "{" not in text:
        return text
    values = {}
    if "{loc}" in text:
        values["loc"] = rng.choice(LOCALITIES)
    if "{via}" in text:
        values["via"] = rng.choice(ROADS)
    if "{m2}" in text:
        values["m2"] = thousands(rng.randint(200, 30_000))
    if "{campaign}" in text:
        values["campaign"] = rng.choice(DISTRICT_CAMPAIGNS)
    return text.format_map(values)


NETWORK_PICK = Weighted(NETWORK_SHARE)


def pick_networks(rng: random.Random, count: int) -> list[str]:
    """`count` distinct networks, the busy ones more often, in the canonical order."""
    chosen: set[str] = set()
    while len(chosen) < count:
        chosen.add(NETWORK_PICK.pick(rng))
    return [network for network in NETWORKS if network in chosen]
