"""How a post of an export is found in Publicaciones: by its ID on the network or its link, on the same network
only. The keys are shared by the reading (a file that repeats a post) and the plan (a post already stored).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from core.register import Register
from core.sheet.cells import CellError, is_empty
from core.sheet.contract import NETWORK_CHOICES, POSTS_TAB
from core.store.base import by_contract

_ID_IN_LINK = {network: tuple(map(re.compile, patterns)) for network, patterns in {
    "X": (r"/status(?:es)?/(\d+)",),
    "YouTube": (r"[?&]v=([\w-]{6,})", r"youtu\.be/([\w-]{6,})", r"/(?:shorts|live|embed)/([\w-]{6,})"),
    "Facebook": (r"/posts/([\w.-]+)", r"/videos/(?:[\w.-]+/)?(\d+)", r"/reel/(\d+)", r"story_fbid=([\w-]+)",
                 r"[?&]fbid=(\d+)", r"/permalink/(\d+)", r"[?&]v=(\d+)"),
    "Instagram": (r"/(?:p|reel|reels|tv)/([\w-]+)",),
    "TikTok": (r"/video/(\d+)",),
}.items()}
_HOSTS = {"twitter.com": "x.com", "mobile.twitter.com": "x.com", "youtu.be": "youtube.com", "m.facebook.com":
          "facebook.com", "web.facebook.com": "facebook.com"}


def link_key(link: str) -> str:
    """A permalink as comparable text: no scheme, `www.`, trailing slash nor tracking query (twitter.com is
    x.com); the query a network needs to name the post (`v=`, `story_fbid=`…) is kept."""
    parts = urlsplit(link.strip())
    host = parts.netloc.lower().removeprefix("www.")
    host = _HOSTS.get(host, host)
    kept = {name: values for name, values in parse_qs(parts.query).items()
            if name in ("v", "story_fbid", "id", "fbid")}
    query = "&".join(f"{name}={values[0]}" for name, values in sorted(kept.items()))
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def post_keys(network: str, post_id: Any, link: Any) -> set[tuple[str, str]]:
    """What identifies a post on its network: its ID (a Facebook `page_post` ID also by its post part), its
    link, and the ID its link carries."""
    keys: set[tuple[str, str]] = set()
    if not is_empty(post_id):
        text = str(post_id).strip()
        keys.add(("id", text))
        if network == "Facebook" and "_" in text:
            keys.add(("id", text.rsplit("_", 1)[1]))
    if not is_empty(link):
        text = str(link).strip()
        for pattern in _ID_IN_LINK.get(network, ()):
            match = pattern.search(text)
            if match:
                keys.add(("id", match[1]))
                break
        else:  # a link that names no post ID is compared whole
            keys.add(("link", link_key(text)))
    return keys


class PostIndex:
    """Where each key of a network's posts lies in Publicaciones: good rows, and rows with errors."""

    def __init__(self, register: Register, network: str):
        tab = POSTS_TAB.name
        result = register.read_tab(tab)
        frame = result.frame
        same = frame[frame["Red"] == network]
        self.frame = frame
        self.rows: dict[tuple[str, str], set[int]] = {}
        for number, post_id, link in zip(same.index, same["ID en la red"].to_numpy(dtype=object),
                                         same["Enlace"].to_numpy(dtype=object)):
            for key in post_keys(network, post_id, link):
                self.rows.setdefault(key, set()).add(int(number))
        self.bad: dict[tuple[str, str], set[int]] = {}
        bad_rows = result.bad_row_numbers
        if bad_rows:  # a post whose register row has errors must not be created again beside it
            extra = register.context().extra_networks
            raw = register.store.read([POSTS_TAB]).get(tab)
            for index, cells in enumerate(raw.rows if raw else []):
                if index + 2 not in bad_rows:
                    continue
                values = by_contract(POSTS_TAB, raw.headers, cells)
                try:
                    red = NETWORK_CHOICES.read(str(values.get("Red") or "").strip(), extra)
                except CellError:
                    continue
                if red == network:
                    for key in post_keys(network, values.get("ID en la red"), values.get("Enlace")):
                        self.bad.setdefault(key, set()).add(index + 2)

    def find(self, keys: set[tuple[str, str]]) -> tuple[set[int], set[int]]:
        good = set().union(*(self.rows.get(key, set()) for key in keys))
        bad = set().union(*(self.bad.get(key, set()) for key in keys))
        return good, bad


__all__ = ["PostIndex", "link_key", "post_keys"]
