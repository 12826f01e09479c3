"""The accounts and posts a semester report reads (the rules are stated in core/reports/semester.py's
docstring): the accounts of `Cuentas` and `Métricas de cuenta`, the published posts with their base, which
account each post belongs to, a set of posts' figures, followers at the start and at the close, the fall
that makes an account look obsolete, and the networks' ranking by impact."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from core.domain.engagement import BASE_LABEL, IMPRESSIONS, REACH, VIEWS, engagement_frame
from core.fmt import fmt_pct
from core.sheet.cells import BOGOTA, normalize
from core.sheet.contract import ACTIVE, NETWORK_CHOICES, PUBLISHED


@dataclass(frozen=True)
class Account:
    """An account of a network; `key` matches it across Cuentas, Métricas de cuenta and the posts."""

    network: str
    name: str
    state: str
    link: str  # normalised: no scheme, no www., no trailing slash, lower case
    listed: bool  # in Cuentas (else only in Métricas de cuenta)

    @property
    def key(self) -> tuple[str, str]:
        return self.network, account_key(self.name)


def account_key(name: object) -> str:
    """An account's name as typed anywhere: case, accents and a leading @ do not matter."""
    return normalize(name).lstrip("@").strip()


def link_key(value: object) -> str:
    """A link without scheme, `www.`, trailing slash or case, so an account's link can start a post's."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    text = re.sub(r"^https?://", "", str(value).strip().lower())
    return text.removeprefix("www.").rstrip("/")


def _texts(table: pd.DataFrame | None, name: str) -> list[str]:
    if table is None or name not in table.columns:
        return [""] * (0 if table is None else len(table))
    return ["" if value is None or value is pd.NA or value != value else str(value).strip()
            for value in table[name].astype(object)]


def accounts_of(tables: Mapping[str, pd.DataFrame]) -> list[Account]:
    """The accounts of `Cuentas`, then those only named in `Métricas de cuenta` (so no followers are lost)."""
    cuentas = tables.get("Cuentas")
    found: dict[tuple[str, str], Account] = {}
    if cuentas is not None and len(cuentas):
        for network, name, state, link in zip(_texts(cuentas, "Red"), _texts(cuentas, "Cuenta"),
                                              _texts(cuentas, "Estado"), _texts(cuentas, "Enlace")):
            account = Account(network, name, state or ACTIVE, link_key(link), True)
            found.setdefault(account.key, account)
    metrics = tables.get("Métricas de cuenta")
    if metrics is not None and len(metrics):
        for network, name in zip(_texts(metrics, "Red"), _texts(metrics, "Cuenta")):
            account = Account(network, name, "", "", False)
            found.setdefault(account.key, account)
    return list(found.values())


def networks_order(names: set[str]) -> list[str]:
    return [name for name in NETWORK_CHOICES.values if name in names] + sorted(names - set(NETWORK_CHOICES.values))


def published_posts(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Published posts with their day in Bogotá, interactions, base name and base value."""
    posts = tables["Publicaciones"]
    posts = posts[posts["Estado"] == PUBLISHED]
    moment = posts["Publicada"].fillna(posts["Programada"])
    rated = engagement_frame(posts)
    numbers = {name: pd.to_numeric(posts[name], errors="coerce").astype(float) if name in posts else
               pd.Series(np.nan, index=posts.index) for name in (REACH, IMPRESSIONS, VIEWS)}
    base_value = pd.Series(np.nan, index=posts.index)
    for name, values in numbers.items():
        base_value = base_value.where(rated["base"] != name, values)
    return pd.DataFrame({
        "Red": posts["Red"].astype(str),
        "Enlace": [link_key(link) for link in posts["Enlace"].astype(object)] if "Enlace" in posts else "",
        "day": moment.dt.tz_convert(BOGOTA).dt.tz_localize(None).dt.normalize(),
        "reach": numbers[REACH].fillna(0),
        "interactions": rated["interacciones"],
        "base": rated["base"],
        "base_value": base_value,
    }, index=posts.index)


def attribute(posts: pd.DataFrame, accounts: list[Account]) -> pd.Series:
    """Each post's account key: the account whose link starts the post's link, else its network's main one."""
    main: dict[str, tuple[str, str]] = {}
    for account in accounts:
        if account.listed and account.state == ACTIVE:
            main.setdefault(account.network, account.key)
    for account in accounts:
        main.setdefault(account.network, account.key)
    linked = sorted((account for account in accounts if account.link), key=lambda account: -len(account.link))
    owners = []
    for network, link in zip(posts["Red"], posts["Enlace"]):
        owner = next((account.key for account in linked if account.network == network and link
                      and (link == account.link or link.startswith(account.link + "/"))), None)
        owners.append(owner or main.get(network))
    return pd.Series(owners, index=posts.index, dtype=object)


def post_figures(posts: pd.DataFrame) -> dict:
    """Posts, reach, interactions and pooled engagement (with the bases used) of a set of posts, and the
    engagement on each base alone (`by_base`, for comparing an account with itself)."""
    rated = posts[posts["base"].notna() & (posts["base_value"] > 0)]
    present = [name for name in (REACH, IMPRESSIONS, VIEWS) if (rated["base"] == name).any()]
    bases = [BASE_LABEL[name] for name in present]
    base_total = rated["base_value"].sum()
    by_base = {}
    for name in present:
        alone = rated[rated["base"] == name]
        by_base[name] = float(alone["interactions"].sum() / alone["base_value"].sum())
    return {
        "posts": len(posts),
        "reach": int(posts["reach"].sum()),
        "interactions": int(posts["interactions"].fillna(0).sum()),
        "engagement": float(rated["interactions"].sum() / base_total) if base_total else None,
        "base": " y ".join(bases) if len(bases) < 3 else f"{bases[0]}, {bases[1]} y {bases[2]}",
        "by_base": by_base,
    }


def fell_reason(fall: float | None, drop: float, now: Mapping[str, float], then: Mapping[str, float]) -> str | None:
    """Condition (3): the account's interactions fell `drop` or more against its previous semester and its
    engagement fell too, on the first base both semesters share (without one, the fall decides alone)."""
    if fall is None or -fall < drop - 1e-12:
        return None
    fell = f"sus interacciones cayeron {fmt_pct(-fall)} frente al semestre anterior"
    shared = next((name for name in (REACH, IMPRESSIONS, VIEWS) if name in now and name in then), None)
    if shared is None:
        return f"{fell} (sin engagement comparable: los dos semestres no comparten base)"
    if now[shared] >= then[shared]:
        return None
    return (f"{fell} y su engagement también bajó, de {fmt_pct(then[shared])} a {fmt_pct(now[shared])} sobre "
            f"{BASE_LABEL[shared]}")


def followers_of(tables: Mapping[str, pd.DataFrame], first_month: str, last_month: str
               ) -> dict[tuple[str, str], tuple[int | None, int | None]]:
    """(start, close) followers per account key, by the rule of the module docstring."""
    metrics = tables.get("Métricas de cuenta")
    if metrics is None or not len(metrics) or "Seguidores" not in metrics.columns:
        return {}
    keys = [account_key(name) for name in _texts(metrics, "Cuenta")]
    rows = pd.DataFrame({"Red": _texts(metrics, "Red"), "key": keys, "Mes": _texts(metrics, "Mes"),
                         "n": pd.to_numeric(metrics["Seguidores"], errors="coerce")})
    rows = rows.dropna(subset=["n"]).sort_values("Mes", kind="stable")
    found = {}
    for (network, key), group in rows.groupby(["Red", "key"], sort=False):
        inside = group[(group["Mes"] >= first_month) & (group["Mes"] <= last_month)]
        before = group[group["Mes"] < first_month]
        close = int(inside["n"].iloc[-1]) if len(inside) else None
        start = int(before["n"].iloc[-1]) if len(before) else (int(inside["n"].iloc[0]) if len(inside) else None)
        found[network, key] = (start, close)
    return found


def months(first: date, last: date) -> tuple[str, str]:
    """The first and last months (`AAAA-MM`) of first..last, as Métricas de cuenta names them."""
    return f"{first:%Y-%m}", f"{last:%Y-%m}"


def rank(rows: list[dict]) -> None:
    """Puesto by interactions, then reach (standard competition ranking: equal on both, equal rank)."""
    networks = NETWORK_CHOICES.values
    ordered = sorted(rows, key=lambda row: (-row["Interacciones"], -row["Alcance"], networks.index(row["Red"])
                                            if row["Red"] in networks else len(networks), row["Red"]))
    previous, place = None, 0
    for number, row in enumerate(ordered, start=1):
        key = (row["Interacciones"], row["Alcance"])
        if key != previous:
            place, previous = number, key
        row["Puesto"] = place
    rows[:] = ordered
