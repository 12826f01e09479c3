"""Whose account a platform export is, and whether `Cuentas` has it.

An export says whose it is in its own way: X in its permalinks (`https://twitter.com/<handle>/status/…`, or
x.com) and in the name it gives the file (`tweet_activity_metrics_<handle>_<start>_<end>_<lang>.csv`); Meta's
Instagram export in «Account username» / «Nombre de usuario de la cuenta» (else «Account name» / «Nombre de la
cuenta»); Facebook's in «Page name» / «Nombre de la página». YouTube Studio's content export does not say.

A name is compared with the `Cuentas` rows of the same network ignoring case, accents, spaces and a leading
@: with `Cuenta` as typed («@DADEPBogota», «DADEP Bogotá») and with the handle its `Enlace` ends in
(`https://x.com/DADEPBogota`, `https://www.youtube.com/@DADEPBogota`). An account the file does not name
cannot be checked: the check says so and asks for nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from core.sheet.cells import is_empty, normalize

# Where an export names its account: the columns (by the import's column roles) and how each is read.
ACCOUNT_COLUMNS = {
    "Facebook": ("Page name", "Nombre de la página"),
    "Instagram": ("Account username", "Nombre de usuario de la cuenta", "Account name", "Nombre de la cuenta"),
}
HANDLE_NETWORKS = ("X", "Instagram")  # names shown as @handle
FROM_LINKS = "los enlaces de las publicaciones"
FROM_FILE_NAME = "el nombre del archivo"
SHOWN_NAMES = 5

_X_LINK = re.compile(r"(?:twitter|x)\.com/@?([A-Za-z0-9_]{1,15})/status", re.IGNORECASE)
_X_NOT_HANDLES = {"i", "intent", "home", "search", "hashtag"}  # x.com/i/web/status/… names no account
_X_FILE = re.compile(r"tweet_activity_metrics_([A-Za-z0-9_]{1,15}?)_\d{8}_\d{8}", re.IGNORECASE)
_LINK_PREFIXES = {"channel", "c", "user", "pages", "people", "in"}  # …/channel/<id>, …/c/<name>


def x_handle(link: str) -> str | None:
    """The account an X permalink names (`https://twitter.com/rOpenSci/status/1` → `rOpenSci`)."""
    match = _X_LINK.search(link)
    if match and match[1].lower() not in _X_NOT_HANDLES:
        return match[1]
    return None


def x_handle_in_name(filename: str) -> str | None:
    """The account X's own file name carries (`tweet_activity_metrics_rOpenSci_20211001_20211101_en.csv`)."""
    match = _X_FILE.search(Path(filename or "").name)
    return match[1] if match else None


def account_key(name: object) -> str:
    """A name as compared: no case, accents, spaces nor leading @ («@DADEP Bogotá» → «dadepbogota»)."""
    return normalize(name).lstrip("@").replace(" ", "")


def link_handle(link: object) -> str | None:
    """The account an account's address names: its path's first part (`x.com/DADEPBogota`,
    `youtube.com/@DADEPBogota`), the next one after `channel`, `c`, `user`…; `profile.php?id=` its id."""
    if is_empty(link):
        return None
    text = str(link).strip()
    parts = urlsplit(text if "//" in text else f"https://{text}")
    segments = [segment for segment in parts.path.split("/") if segment]
    if segments and segments[0].lower() == "profile.php":
        found = re.search(r"(?:^|&)id=(\d+)", parts.query)
        return found[1] if found else None
    while segments and segments[0].lower() in _LINK_PREFIXES:
        segments = segments[1:]
    return segments[0] if segments else None


@dataclass(frozen=True)
class ExportAccount:
    """The account names an export gives (as shown: X and Instagram as @handle), most rows first, and where
    it gives them; no names when it does not say."""

    names: tuple[str, ...] = ()
    source: str = ""


def account_of(network: str, names: Counter[str], source: str) -> ExportAccount:
    """The export's account from the names counted in its rows (`names`), shown as the network shows them."""
    ordered = [name for name, _ in names.most_common()]
    seen: dict[str, str] = {}
    for name in ordered:
        shown = f"@{name.lstrip('@')}" if network in HANDLE_NETWORKS else name
        seen.setdefault(account_key(name), shown)
    return ExportAccount(tuple(seen.values()), source if seen else "")


@dataclass(frozen=True)
class AccountCheck:
    """The export's account against `Cuentas`: `unknown` are the names no account of the network has."""

    network: str
    names: tuple[str, ...]
    source: str
    unknown: tuple[str, ...]
    registered: tuple[str, ...]  # the network's accounts in Cuentas, as typed there

    @property
    def said(self) -> bool:
        return bool(self.names)

    @property
    def needs_choice(self) -> bool:
        """Whether importing needs someone to say the account is right after all."""
        return bool(self.unknown)

    def shown(self, names: Iterable[str] | None = None) -> str:
        listed = list(self.names if names is None else names)
        text = ", ".join(listed[:SHOWN_NAMES])
        return text + (f" y {len(listed) - SHOWN_NAMES} más" if len(listed) > SHOWN_NAMES else "")

    @property
    def line(self) -> str:
        """One sentence for the preview and the command line."""
        if not self.said:
            return ("El archivo no dice de qué cuenta es: revise que sea la exportación de una cuenta de la "
                    "entidad.")
        several = len(self.names) > 1
        said = f"{'Cuentas' if several else 'Cuenta'} del archivo: {self.shown()} (según {self.source})"
        if not self.unknown:
            return f"{said}; {'están' if several else 'está'} en Cuentas."
        there = (f"las de {self.network} en Cuentas: {self.shown(self.registered)}" if self.registered
                 else f"Cuentas no tiene ninguna cuenta de {self.network}")
        if not several:
            return f"{said}; no está en Cuentas ({there})."
        verb = "están" if len(self.unknown) > 1 else "está"
        return f"{said}; no {verb} en Cuentas: {self.shown(self.unknown)} ({there})."


def check_account(account: ExportAccount, network: str, cuentas: pd.DataFrame) -> AccountCheck:
    """`account` against the rows of `Cuentas` (its frame as the register reads it) for `network`."""
    same = cuentas[cuentas["Red"] == network] if len(cuentas) else cuentas
    keys: set[str] = set()
    registered: list[str] = []
    for name, link in zip(same.get("Cuenta", []), same.get("Enlace", [])):
        if not is_empty(name):
            registered.append(str(name).strip())
            keys.add(account_key(name))
        handle = link_handle(link)
        if handle:
            keys.add(account_key(handle))
    unknown = tuple(name for name in account.names if account_key(name) not in keys)
    return AccountCheck(network, account.names, account.source, unknown, tuple(registered))


__all__ = ["ACCOUNT_COLUMNS", "AccountCheck", "ExportAccount", "account_key", "account_of", "check_account",
           "link_handle", "x_handle", "x_handle_in_name"]
