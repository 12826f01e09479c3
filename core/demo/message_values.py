"""What one citizen's message carries: where it arrived (a permalink or the inbox conversation, shaped like
the real ones) and what the citizen wrote, as people type it."""

from __future__ import annotations

import random
from datetime import datetime

from core.demo.data import NOT_PQRS
from core.demo.texts import CITIZEN_TEXTS, CLOSINGS, GREETINGS
from core.demo.values import fill, snowflake, token


def message_link(rng: random.Random, network: str, kind: str, received: datetime, handle: str) -> str:
    """The message's permalink (comments, mentions, reviews) or its conversation in the inbox."""
    item = rng.randrange(10**15, 10**16)
    if kind == "Mensaje directo":
        if network in ("Facebook", "Instagram"):
            return f"https://business.facebook.com/latest/inbox/{network.lower()}?selected_item_id={item}"
        if network == "X":
            return f"https://x.com/messages/{item}"
        return f"https://www.tiktok.com/messages?u={item}"
    if network == "X":
        return f"https://x.com/{handle[1:]}/status/{snowflake(received, rng)}"
    if network == "YouTube":
        return f"https://www.youtube.com/watch?v={token(rng, 11)}&lc={token(rng, 26)}"
    if network == "TikTok":
        video = (int(received.timestamp()) << 32) | rng.getrandbits(32)
        return f"https://www.tiktok.com/@dadepbogota/video/{video}?comment_id={item}"
    if network == "Instagram":
        return f"https://www.instagram.com/p/{token(rng, 11)}/c/{item}/"
    if kind == "Reseña":
        return f"https://www.facebook.com/DADEPBogota/reviews?review_id={item}"
    if kind == "Mención":
        return f"https://www.facebook.com/permalink.php?story_fbid={item}&id={rng.randrange(10**14, 10**15)}"
    return f"https://www.facebook.com/DADEPBogota/posts/{rng.randrange(10**15, 10**16)}?comment_id={item}"


def message_text(rng: random.Random, classification: str, kind: str) -> tuple[str, str]:
    """(Tema, Mensaje): what a citizen wrote; mentions start with the entity's handle, and some texts start
    with "=", "+" or "@" as people type them."""
    topic, template = rng.choice(CITIZEN_TEXTS[classification])
    text = fill(template, rng)
    if classification != NOT_PQRS:
        text = f"{rng.choice(GREETINGS)}{text}{rng.choice(CLOSINGS)}"
    if kind == "Mención" and not text.startswith("@"):
        text = f"@DADEPBogota {text}"
    return topic, text
