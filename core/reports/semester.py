"""Informe semestral de redes sociales: how many networks and accounts there are, which have most impact,
how each changed against the previous semester, and which accounts look obsolete, by a rule the report
states with the thresholds in force (Ajustes). No citizen's handle or text: it never reads `Mensajes`.

Readings made here (each printed in the report):

- **Posts of the semester**: `Publicaciones` with Estado «Publicada» whose `Publicada` (else `Programada`)
  falls in the semester, Bogotá days. A network's figures are all its posts.
- **Impact**: total interactions in the semester (`core.domain.engagement.interactions`); ties broken by reach
  (sum of the posts' Alcance); rank 1 is the highest; a network equal on both shares the rank.
- **Engagement** of a network or account: its posts' interactions over their bases, summed over the posts
  that have a base (reach; without it, impressions on X and views elsewhere: `core.domain.engagement`), with the
  base(s) named next to it.
- **Followers** (`Métricas de cuenta`): at the close, the last month of the semester with a figure; at the
  start, the last month before the semester with one (else the semester's first); growth = close − start.
- **Posts per account**: `Publicaciones` has no account column, so a post belongs to the account whose
  `Enlace` (in `Cuentas`) starts its link; otherwise to its network's main account (the first «Activa» in
  `Cuentas`, else the first listed).
- **Obsolete**: an account is only ever compared with itself, never with another account: rates on
  different bases (reach, impressions, views) cannot be compared across networks (DOMAIN.md, Metrics). It
  looks obsolete when (1) it had no post in the last `OBSOLETE_DAYS` days up to the semester's end (or
  today, in a semester not over), or (2) it lost followers in the semester, or (3) its interactions fell by
  `OBSOLETE_DROP` or more against its previous semester and its engagement fell too, on a base both
  semesters share (reach first, then impressions, then views); without a shared base the fall in
  interactions decides alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from core import charts
from core.domain.engagement import BASE_LABEL, IMPRESSIONS, REACH, VIEWS, engagement_frame
from core.fmt import fmt_count, fmt_date, fmt_int, fmt_pct
from core.reports.common import (
    Col,
    Figure,
    Report,
    Table,
    change,
    frame,
    header_of,
    previous_semester,
    semester_bounds,
    semester_text,
)
from core.settings import OBSOLETE_DAYS, OBSOLETE_DROP, Settings, settings_of
from core.sheet.cells import BOGOTA, normalize
from core.sheet.contract import RED

KIND = "semestral"
TITLE = "Informe semestral de redes sociales"
ACTIVE = "Activa"

NETWORK_COLUMNS = (
    Col("Puesto", "int", 14), Col("Red", width=24), Col("Cuentas", "int", 17), Col("Cuentas activas", "int", 17),
    Col("Publicaciones", "int", 22), Col("Alcance", "int", 24), Col("Interacciones", "int", 24),
    Col("Engagement", "pct", 22), Col("Base del engagement", width=30), Col("Seguidores al cierre", "int", 24),
    Col("Crecimiento de seguidores", "int", 25), Col("Crecimiento de seguidores (%)", "pct", 25),
)
COMPARISON_COLUMNS = (
    Col("Red", width=21),
    Col("Publicaciones (anterior)", "int", 17), Col("Publicaciones", "int", 17),
    Col("Cambio de publicaciones", "pct", 17),
    Col("Alcance (anterior)", "int", 19), Col("Alcance", "int", 19), Col("Cambio de alcance", "pct", 16),
    Col("Interacciones (anterior)", "int", 19), Col("Interacciones", "int", 19),
    Col("Cambio de interacciones", "pct", 17),
    Col("Engagement (anterior)", "pct", 17), Col("Engagement", "pct", 17),
    Col("Seguidores al cierre (anterior)", "int", 19), Col("Seguidores al cierre", "int", 19),
    Col("Cambio de seguidores", "pct", 16),
)
ACCOUNT_COLUMNS = (  # PDF widths in mm: 273 in all, so nothing is squeezed
    Col("Red", width=18), Col("Cuenta", width=30), Col("Estado", width=15), Col("Publicaciones", "int", 16),
    Col("Interacciones", "int", 17), Col("Engagement", "pct", 16), Col("Base del engagement", pdf=False),
    Col("Interacciones (anterior)", "int", 17), Col("Cambio de interacciones", "pct", 16),
    Col("Seguidores al inicio", "int", 16), Col("Seguidores al cierre", "int", 16),
    Col("Crecimiento de seguidores", "int", 17), Col("Última publicación", "date", 18),
    Col("Parece obsoleta", "bool", 14), Col("Motivos", width=47),
)


@dataclass(frozen=True)
class _Account:
    network: str
    name: str
    state: str
    link: str  # normalised: no scheme, no www., no trailing slash, lower case
    listed: bool  # in Cuentas (else only in Métricas de cuenta)

    @property
    def key(self) -> tuple[str, str]:
        return self.network, _account_key(self.name)


def _account_key(name: object) -> str:
    return normalize(name).lstrip("@").strip()


def _link_key(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    text = re.sub(r"^https?://", "", str(value).strip().lower())
    return text.removeprefix("www.").rstrip("/")


def _texts(table: pd.DataFrame | None, name: str) -> list[str]:
    if table is None or name not in table.columns:
        return [""] * (0 if table is None else len(table))
    return ["" if value is None or value is pd.NA or value != value else str(value).strip()
            for value in table[name].astype(object)]


def _accounts(tables: Mapping[str, pd.DataFrame]) -> list[_Account]:
    """The accounts of `Cuentas`, then those only named in `Métricas de cuenta` (so no followers are lost)."""
    cuentas = tables.get("Cuentas")
    found: dict[tuple[str, str], _Account] = {}
    if cuentas is not None and len(cuentas):
        for network, name, state, link in zip(_texts(cuentas, "Red"), _texts(cuentas, "Cuenta"),
                                              _texts(cuentas, "Estado"), _texts(cuentas, "Enlace")):
            account = _Account(network, name, state or ACTIVE, _link_key(link), True)
            found.setdefault(account.key, account)
    metrics = tables.get("Métricas de cuenta")
    if metrics is not None and len(metrics):
        for network, name in zip(_texts(metrics, "Red"), _texts(metrics, "Cuenta")):
            account = _Account(network, name, "", "", False)
            found.setdefault(account.key, account)
    return list(found.values())


def _networks_order(names: set[str]) -> list[str]:
    return [name for name in RED.values if name in names] + sorted(names - set(RED.values))


def _published(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Published posts with their day in Bogotá, interactions, base name and base value."""
    posts = tables["Publicaciones"]
    posts = posts[posts["Estado"] == "Publicada"]
    moment = posts["Publicada"].fillna(posts["Programada"])
    rated = engagement_frame(posts)
    numbers = {name: pd.to_numeric(posts[name], errors="coerce").astype(float) if name in posts else
               pd.Series(np.nan, index=posts.index) for name in (REACH, IMPRESSIONS, VIEWS)}
    base_value = pd.Series(np.nan, index=posts.index)
    for name, values in numbers.items():
        base_value = base_value.where(rated["base"] != name, values)
    return pd.DataFrame({
        "Red": posts["Red"].astype(str),
        "Enlace": [_link_key(link) for link in posts["Enlace"].astype(object)] if "Enlace" in posts else "",
        "day": moment.dt.tz_convert(BOGOTA).dt.tz_localize(None).dt.normalize(),
        "reach": numbers[REACH].fillna(0),
        "interactions": rated["interacciones"],
        "base": rated["base"],
        "base_value": base_value,
    }, index=posts.index)


def _attribute(posts: pd.DataFrame, accounts: list[_Account]) -> pd.Series:
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


def _figures(posts: pd.DataFrame) -> dict:
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


def _fell_reason(fall: float | None, drop: float, now: Mapping[str, float], then: Mapping[str, float]) -> str | None:
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


def _followers(tables: Mapping[str, pd.DataFrame], first_month: str, last_month: str
               ) -> dict[tuple[str, str], tuple[int | None, int | None]]:
    """(start, close) followers per account key, by the rule of the module docstring."""
    metrics = tables.get("Métricas de cuenta")
    if metrics is None or not len(metrics) or "Seguidores" not in metrics.columns:
        return {}
    keys = [_account_key(name) for name in _texts(metrics, "Cuenta")]
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


def _months(first: date, last: date) -> tuple[str, str]:
    return f"{first:%Y-%m}", f"{last:%Y-%m}"


def _ranks(rows: list[dict]) -> None:
    """Puesto by interactions, then reach (standard competition ranking: equal on both, equal rank)."""
    ordered = sorted(rows, key=lambda row: (-row["Interacciones"], -row["Alcance"], RED.values.index(row["Red"])
                                            if row["Red"] in RED.values else len(RED.values), row["Red"]))
    previous, place = None, 0
    for number, row in enumerate(ordered, start=1):
        key = (row["Interacciones"], row["Alcance"])
        if key != previous:
            place, previous = number, key
        row["Puesto"] = place
    rows[:] = ordered


def build(tables: Mapping[str, pd.DataFrame], semester: str, *, made_at: datetime | None = None,
          today: date | None = None, settings: Settings | None = None, analysis: str | None = None,
          recommendations: str | None = None) -> Report:
    """The semester report of `semester` (`AAAA-1` or `AAAA-2`) from a snapshot's tables. `today` bounds the
    «no post in the last days» window of a semester not yet over (by default the day of `made_at`)."""
    start, end = semester_bounds(semester)
    previous = previous_semester(semester)
    previous_start, previous_end = semester_bounds(previous)
    made_at = (made_at or datetime.now(BOGOTA)).astimezone(BOGOTA)
    today = today or made_at.date()
    cut = min(end, today) if today >= start else end
    settings = settings or settings_of(tables)
    days, drop = settings[OBSOLETE_DAYS], settings[OBSOLETE_DROP]

    accounts = _accounts(tables)
    posts = _published(tables)
    posts["account"] = _attribute(posts, accounts)
    current = posts[(posts["day"] >= pd.Timestamp(start)) & (posts["day"] <= pd.Timestamp(end))]
    before = posts[(posts["day"] >= pd.Timestamp(previous_start)) & (posts["day"] <= pd.Timestamp(previous_end))]
    followers = _followers(tables, *_months(start, end))
    previous_followers = _followers(tables, *_months(previous_start, previous_end))

    # Per account.
    account_rows, fell = [], []
    last_posts = posts[posts["day"] <= pd.Timestamp(cut)].groupby("account")["day"].max()
    for account in accounts:
        now = _figures(current[current["account"] == account.key])
        then = _figures(before[before["account"] == account.key])
        first_count, close_count = followers.get(account.key, (None, None))
        last = last_posts.get(account.key)
        interactions_change = change(now["interactions"], then["interactions"])
        fell.append(_fell_reason(interactions_change, drop, now["by_base"], then["by_base"]))
        account_rows.append({
            "Red": account.network, "Cuenta": account.name,
            "Estado": account.state or "(solo en Métricas de cuenta)",
            "Publicaciones": now["posts"], "Interacciones": now["interactions"], "Engagement": now["engagement"],
            "Base del engagement": now["base"], "Interacciones (anterior)": then["interactions"],
            "Cambio de interacciones": interactions_change,
            "Seguidores al inicio": first_count, "Seguidores al cierre": close_count,
            "Crecimiento de seguidores": (None if first_count is None or close_count is None
                                          else close_count - first_count),
            "Última publicación": None if last is None or pd.isna(last) else last.date(),
        })
    for row, fell_reason in zip(account_rows, fell):
        reasons = []
        last = row["Última publicación"]
        if last is None:
            reasons.append(f"sin publicaciones hasta el {fmt_date(cut)}")
        elif (cut - last).days >= days:
            reasons.append(f"sin publicaciones en los últimos {fmt_int(days)} días (la última, el {fmt_date(last)})")
        growth = row["Crecimiento de seguidores"]
        if growth is not None and growth < 0:
            reasons.append(f"perdió {fmt_count(-growth, 'seguidor', 'seguidores')}")
        if fell_reason:
            reasons.append(fell_reason)
        row["Parece obsoleta"] = bool(reasons)
        row["Motivos"] = "; ".join(reasons) or None

    # Per network.
    names = _networks_order({account.network for account in accounts} | set(current["Red"]) | set(before["Red"]))
    network_rows, comparison_rows = [], []
    for network in names:
        mine = [row for row in account_rows if row["Red"] == network]
        now = _figures(current[current["Red"] == network])
        then = _figures(before[before["Red"] == network])
        closes = [row["Seguidores al cierre"] for row in mine if row["Seguidores al cierre"] is not None]
        pairs = [(row["Seguidores al inicio"], row["Seguidores al cierre"]) for row in mine
                 if row["Seguidores al inicio"] is not None and row["Seguidores al cierre"] is not None]
        growth = sum(close - first for first, close in pairs) if pairs else None
        first_total = sum(first for first, _ in pairs)
        previous_closes = [previous_followers[key][1] for key in previous_followers
                           if key[0] == network and previous_followers[key][1] is not None]
        close_total = sum(closes) if closes else None
        previous_close = sum(previous_closes) if previous_closes else None
        network_rows.append({
            "Red": network, "Cuentas": sum(1 for account in accounts if account.network == network and account.listed),
            "Cuentas activas": sum(1 for account in accounts if account.network == network and account.listed
                                   and account.state == ACTIVE),
            "Publicaciones": now["posts"], "Alcance": now["reach"], "Interacciones": now["interactions"],
            "Engagement": now["engagement"], "Base del engagement": now["base"],
            "Seguidores al cierre": close_total, "Crecimiento de seguidores": growth,
            "Crecimiento de seguidores (%)": change(first_total + growth, first_total) if growth is not None else None,
        })
        comparison_rows.append({
            "Red": network,
            "Publicaciones (anterior)": then["posts"], "Publicaciones": now["posts"],
            "Cambio de publicaciones": change(now["posts"], then["posts"]),
            "Alcance (anterior)": then["reach"], "Alcance": now["reach"], "Cambio de alcance": change(now["reach"],
                                                                                                  then["reach"]),
            "Interacciones (anterior)": then["interactions"], "Interacciones": now["interactions"],
            "Cambio de interacciones": change(now["interactions"], then["interactions"]),
            "Engagement (anterior)": then["engagement"], "Engagement": now["engagement"],
            "Seguidores al cierre (anterior)": previous_close, "Seguidores al cierre": close_total,
            "Cambio de seguidores": change(close_total, previous_close),
        })
    _ranks(network_rows)
    rank_of = {row["Red"]: row["Puesto"] for row in network_rows}
    comparison_rows.sort(key=lambda row: rank_of[row["Red"]])

    period = semester_text(semester)
    obsolete = [row for row in account_rows if row["Parece obsoleta"]]
    listed = [account for account in accounts if account.listed]
    total_now = _figures(current)
    rule = (f"Una cuenta parece obsoleta si cumple al menos una de estas condiciones: (1) no tiene publicaciones en "
            f"los últimos {fmt_int(days)} días hasta el {fmt_date(cut)}; (2) perdió seguidores en el semestre; (3) sus "
            f"interacciones cayeron {fmt_pct(drop, 0)} o más frente a su semestre anterior ({previous}) y su "
            "engagement también bajó, sobre una base que los dos semestres comparten (alcance; si no, impresiones; si "
            "no, reproducciones); si no comparten ninguna, basta la caída de interacciones. Cada cuenta se compara "
            "solo consigo misma, nunca con las de otras redes: un engagement sobre alcance no se compara con uno "
            "sobre impresiones o reproducciones. "
            f"Umbrales en Ajustes: «{OBSOLETE_DAYS.name}» = {fmt_int(days)}; «{OBSOLETE_DROP.name}» = "
            f"{fmt_pct(drop, 0)}.")
    notes = (
        "Impacto: interacciones totales de las publicaciones publicadas en el semestre; en empate decide el alcance "
        "(suma del Alcance de las publicaciones). Puesto 1 = mayor impacto.",
        rule,
        "Engagement: interacciones sobre la base, sumadas en las publicaciones que tienen base (alcance; sin "
        "alcance, impresiones en X y reproducciones en las demás redes); la base usada se indica al lado. Las redes "
        "se ordenan y comparan por cifras que no dependen de la base (interacciones, alcance, seguidores, "
        "publicaciones), nunca por el engagement de una red frente al de otra.",
        "Seguidores (Métricas de cuenta): al cierre, la cifra del último mes del semestre con dato; al inicio, la del "
        "último mes anterior al semestre (si no hay, la del primer mes del semestre); crecimiento = cierre − inicio.",
        "Publicaciones por cuenta: Publicaciones no tiene columna de cuenta; una publicación es de la cuenta cuyo "
        "Enlace (en Cuentas) es el comienzo del suyo y, si no, de la cuenta principal de su red (la primera Activa "
        "en Cuentas). Las cifras por red suman todas las publicaciones de la red.",
        f"Comparación: semestre anterior {semester_text(previous)}. Cambio = (actual − anterior) / anterior; vacío "
        "cuando el anterior es cero o no tiene dato.",
    )
    top = network_rows[0] if network_rows and network_rows[0]["Interacciones"] else None
    figures = (
        Figure("Redes con cuentas", len({account.network for account in listed}), source="Cuentas"),
        Figure("Cuentas", len(listed), source="Cuentas"),
        Figure("Cuentas activas", sum(1 for account in listed if account.state == ACTIVE), source="Cuentas: Estado"),
        Figure("Publicaciones del semestre", total_now["posts"], source="Publicaciones publicadas en el semestre"),
        Figure("Alcance de las publicaciones", total_now["reach"], source="Publicaciones: Alcance"),
        Figure("Interacciones", total_now["interactions"], source="Publicaciones: Interacciones o sus partes"),
        Figure("Red de mayor impacto", top["Red"] if top else None, "text", "Interacciones, luego alcance"),
        Figure("Cuentas que parecen obsoletas", len(obsolete), source="Regla de cuenta obsoleta (abajo)"),
    )
    tables_out = (
        Table("Redes por impacto", NETWORK_COLUMNS, frame(network_rows, NETWORK_COLUMNS), sheet="Redes"),
        Table("Cambio frente al semestre anterior", COMPARISON_COLUMNS, frame(comparison_rows, COMPARISON_COLUMNS),
              sheet="Comparación"),
        Table("Cuentas", ACCOUNT_COLUMNS, frame(account_rows, ACCOUNT_COLUMNS), sheet="Cuentas",
              note="«Parece obsoleta» sigue la regla de las notas del informe."),
    )
    empty = not len(current) and not any(close is not None for _, close in followers.values())
    report_charts = () if empty else (
        charts.counts_bar_chart(frame(network_rows, NETWORK_COLUMNS), "Red", "Interacciones",
                                "Interacciones por red (impacto)", f"Publicaciones publicadas en {period}."),
        charts.counts_bar_chart(frame([row for row in network_rows if row["Seguidores al cierre"] is not None],
                                      NETWORK_COLUMNS), "Red", "Seguidores al cierre", "Seguidores al cierre por red",
                                "Métricas de cuenta, último mes del semestre con dato."),
    )
    report = Report(
        kind=KIND, title=TITLE, period_key=semester, period_text=f"Semestre {period}", header=header_of(settings),
        made_at=made_at, figures=figures, tables=tables_out, charts=report_charts, notes=notes,
        recommendations=recommendations or "",
        empty_note=(f"No hay publicaciones ni métricas de cuenta en el semestre {period}; el informe se escribió "
                    "sin datos del periodo.") if empty else None,
    )
    return report.with_texts(analysis=draft_analysis(report) if analysis is None else analysis)


def draft_analysis(report: Report) -> str:
    """A first draft of the «Análisis» from the figures; people edit it before sending the report."""
    networks = report.table("Redes por impacto").rows
    accounts = report.table("Cuentas").rows
    figures = {figure.label: figure.value for figure in report.figures}
    lines = [f"En el {report.period_text[0].lower()}{report.period_text[1:]} la entidad tuvo "
             f"{fmt_int(figures['Cuentas'])} cuentas en {fmt_int(figures['Redes con cuentas'])} redes "
             f"({fmt_int(figures['Cuentas activas'])} activas), con {fmt_int(figures['Publicaciones del semestre'])} "
             f"publicaciones y {fmt_int(figures['Interacciones'])} interacciones."]
    if figures["Red de mayor impacto"]:
        ranked = [f"{row['Puesto']}. {row['Red']} ({fmt_int(row['Interacciones'])})"
                  for row in networks.to_dict("records")]
        lines.append("Redes por impacto (interacciones): " + "; ".join(ranked) + ".")
    obsolete = accounts[accounts["Parece obsoleta"] == True]  # noqa: E712 (object column)
    if len(obsolete):
        lines.append("Parecen obsoletas: " + "; ".join(f"{row['Cuenta']} en {row['Red']} ({row['Motivos']})"
                                                      for row in obsolete.to_dict("records")) + ".")
    else:
        lines.append("Ninguna cuenta parece obsoleta según la regla del informe.")
    return "\n".join(lines)
