"""Informe semestral de redes sociales: how many networks and accounts there are, which have most impact,
how each changed against the previous semester, and which accounts look obsolete, by a rule the report
states with the thresholds in force (Ajustes). No citizen's handle or text: it never reads `Mensajes`.

Readings (made here and in core/reports/semester_accounts.py; each printed in the report):

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
  different bases (reach, impressions, views) cannot be compared across networks (docs/domain.md, «Metrics»). It
  looks obsolete when (1) it had no post in the last `OBSOLETE_DAYS` days up to the semester's end (or
  today, in a semester not over), or (2) it lost followers in the semester, or (3) its interactions fell by
  `OBSOLETE_DROP` or more against its previous semester and its engagement fell too, on a base both
  semesters share (reach first, then impressions, then views); without a shared base the fall in
  interactions decides alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from core import charts
from core.fmt import fmt_count, fmt_date, fmt_int, fmt_pct
from core.reports.model import Col, Figure, Report, Table, change, frame, header_of
from core.reports.periods import previous_semester, semester_bounds, semester_text
from core.reports.semester_accounts import (
    ACTIVE,
    Account,
    accounts_of,
    attribute,
    fell_reason,
    followers_of,
    months,
    networks_order,
    post_figures,
    published_posts,
    rank,
)
from core.settings import OBSOLETE_DAYS, OBSOLETE_DROP, Settings, settings_of
from core.sheet.cells import BOGOTA

KIND = "semestral"
TITLE = "Informe semestral de redes sociales"

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


def build(tables: Mapping[str, pd.DataFrame], semester: str, *, made_at: datetime | None = None,
          today: date | None = None, settings: Settings | None = None, analysis: str | None = None,
          recommendations: str | None = None) -> Report:
    """The semester report of `semester` (`AAAA-1` or `AAAA-2`) from a snapshot's tables. `today` bounds the
    «no post in the last days» window of a semester not yet over (by default the day of `made_at`)."""
    period = semester_text(semester)  # refuses a bad semester first
    made_at = (made_at or datetime.now(BOGOTA)).astimezone(BOGOTA)
    settings = settings or settings_of(tables)
    found = _read(tables, semester, today or made_at.date(), settings)
    account_rows = _account_rows(found)
    network_rows, comparison_rows = _network_rows(found, account_rows)
    empty = not len(found.current) and not any(close is not None for _, close in found.followers.values())
    report = Report(
        kind=KIND, title=TITLE, period_key=semester, period_text=f"Semestre {period}", header=header_of(settings),
        made_at=made_at, figures=_figures(found, network_rows, account_rows),
        tables=_tables(network_rows, comparison_rows, account_rows),
        charts=() if empty else _charts(network_rows, period), notes=_notes(found),
        recommendations=recommendations or "",
        empty_note=(f"No hay publicaciones ni métricas de cuenta en el semestre {period}; el informe se escribió "
                    "sin datos del periodo.") if empty else None,
    )
    return report.with_texts(analysis=draft_analysis(report) if analysis is None else analysis)


@dataclass(frozen=True)
class _Semester:
    """A semester's and its previous semester's posts and followers, with the thresholds in force."""

    previous: str  # the previous semester, `AAAA-1` or `AAAA-2`
    cut: date  # the last day of the «no post in the last days» window
    days: int  # OBSOLETE_DAYS
    drop: float  # OBSOLETE_DROP
    accounts: list[Account]
    posts: pd.DataFrame  # every published post, with its `account`
    current: pd.DataFrame  # the semester's posts
    before: pd.DataFrame  # the previous semester's posts
    followers: dict[tuple[str, str], tuple[int | None, int | None]]
    previous_followers: dict[tuple[str, str], tuple[int | None, int | None]]


def _read(tables: Mapping[str, pd.DataFrame], semester: str, today: date, settings: Settings) -> _Semester:
    start, end = semester_bounds(semester)
    previous = previous_semester(semester)
    previous_start, previous_end = semester_bounds(previous)
    accounts = accounts_of(tables)
    posts = published_posts(tables)
    posts["account"] = attribute(posts, accounts)
    return _Semester(
        previous=previous, cut=min(end, today) if today >= start else end,
        days=settings[OBSOLETE_DAYS], drop=settings[OBSOLETE_DROP], accounts=accounts, posts=posts,
        current=posts[(posts["day"] >= pd.Timestamp(start)) & (posts["day"] <= pd.Timestamp(end))],
        before=posts[(posts["day"] >= pd.Timestamp(previous_start)) & (posts["day"] <= pd.Timestamp(previous_end))],
        followers=followers_of(tables, *months(start, end)),
        previous_followers=followers_of(tables, *months(previous_start, previous_end)),
    )


def _account_rows(found: _Semester) -> list[dict]:
    """A row per account: its posts, interactions and engagement against its previous semester, followers,
    last post, and whether it looks obsolete and why."""
    rows = []
    current, before = found.current, found.before
    last_posts = found.posts[found.posts["day"] <= pd.Timestamp(found.cut)].groupby("account")["day"].max()
    for account in found.accounts:
        now = post_figures(current[current["account"] == account.key])
        then = post_figures(before[before["account"] == account.key])
        first_count, close_count = found.followers.get(account.key, (None, None))
        last = last_posts.get(account.key)
        interactions_change = change(now["interactions"], then["interactions"])
        row = {
            "Red": account.network, "Cuenta": account.name,
            "Estado": account.state or "(solo en Métricas de cuenta)",
            "Publicaciones": now["posts"], "Interacciones": now["interactions"], "Engagement": now["engagement"],
            "Base del engagement": now["base"], "Interacciones (anterior)": then["interactions"],
            "Cambio de interacciones": interactions_change,
            "Seguidores al inicio": first_count, "Seguidores al cierre": close_count,
            "Crecimiento de seguidores": (None if first_count is None or close_count is None
                                          else close_count - first_count),
            "Última publicación": None if last is None or pd.isna(last) else last.date(),
        }
        reasons = _obsolete_reasons(row, found, fell_reason(interactions_change, found.drop, now["by_base"],
                                                            then["by_base"]))
        row["Parece obsoleta"] = bool(reasons)
        row["Motivos"] = "; ".join(reasons) or None
        rows.append(row)
    return rows


def _obsolete_reasons(row: dict, found: _Semester, fell: str | None) -> list[str]:
    """Why an account looks obsolete (the module docstring's three conditions); none when it does not."""
    reasons = []
    last = row["Última publicación"]
    if last is None:
        reasons.append(f"sin publicaciones hasta el {fmt_date(found.cut)}")
    elif (found.cut - last).days >= found.days:
        reasons.append(f"sin publicaciones en los últimos {fmt_int(found.days)} días (la última, el {fmt_date(last)})")
    growth = row["Crecimiento de seguidores"]
    if growth is not None and growth < 0:
        reasons.append(f"perdió {fmt_count(-growth, 'seguidor', 'seguidores')}")
    if fell:
        reasons.append(fell)
    return reasons


def _network_rows(found: _Semester, account_rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """A row per network, ranked by impact, and its comparison with the previous semester, in the same order."""
    names = networks_order({account.network for account in found.accounts} | set(found.current["Red"])
                           | set(found.before["Red"]))
    network_rows, comparison_rows = [], []
    for network in names:
        now = post_figures(found.current[found.current["Red"] == network])
        then = post_figures(found.before[found.before["Red"] == network])
        network_rows.append(_network_row(found, network, now, [row for row in account_rows if row["Red"] == network]))
        closes = [close for (red, _), (_, close) in found.previous_followers.items()
                  if red == network and close is not None]
        previous_close = sum(closes) if closes else None
        close_total = network_rows[-1]["Seguidores al cierre"]
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
    rank(network_rows)
    rank_of = {row["Red"]: row["Puesto"] for row in network_rows}
    comparison_rows.sort(key=lambda row: rank_of[row["Red"]])
    return network_rows, comparison_rows


def _network_row(found: _Semester, network: str, now: dict, mine: list[dict]) -> dict:
    """A network's accounts, posts, reach, interactions, engagement and followers (its accounts' sums)."""
    closes = [row["Seguidores al cierre"] for row in mine if row["Seguidores al cierre"] is not None]
    pairs = [(row["Seguidores al inicio"], row["Seguidores al cierre"]) for row in mine
             if row["Seguidores al inicio"] is not None and row["Seguidores al cierre"] is not None]
    growth = sum(close - first for first, close in pairs) if pairs else None
    first_total = sum(first for first, _ in pairs)
    listed = [account for account in found.accounts if account.network == network and account.listed]
    return {
        "Red": network, "Cuentas": len(listed),
        "Cuentas activas": sum(1 for account in listed if account.state == ACTIVE),
        "Publicaciones": now["posts"], "Alcance": now["reach"], "Interacciones": now["interactions"],
        "Engagement": now["engagement"], "Base del engagement": now["base"],
        "Seguidores al cierre": sum(closes) if closes else None, "Crecimiento de seguidores": growth,
        "Crecimiento de seguidores (%)": change(first_total + growth, first_total) if growth is not None else None,
    }


def _figures(found: _Semester, network_rows: list[dict], account_rows: list[dict]) -> tuple[Figure, ...]:
    listed = [account for account in found.accounts if account.listed]
    total_now = post_figures(found.current)
    top = network_rows[0] if network_rows and network_rows[0]["Interacciones"] else None
    return (
        Figure("Redes con cuentas", len({account.network for account in listed}), source="Cuentas"),
        Figure("Cuentas", len(listed), source="Cuentas"),
        Figure("Cuentas activas", sum(1 for account in listed if account.state == ACTIVE), source="Cuentas: Estado"),
        Figure("Publicaciones del semestre", total_now["posts"], source="Publicaciones publicadas en el semestre"),
        Figure("Alcance de las publicaciones", total_now["reach"], source="Publicaciones: Alcance"),
        Figure("Interacciones", total_now["interactions"], source="Publicaciones: Interacciones o sus partes"),
        Figure("Red de mayor impacto", top["Red"] if top else None, "text", "Interacciones, luego alcance"),
        Figure("Cuentas que parecen obsoletas", sum(1 for row in account_rows if row["Parece obsoleta"]),
               source="Regla de cuenta obsoleta (abajo)"),
    )


def _tables(network_rows: list[dict], comparison_rows: list[dict], account_rows: list[dict]) -> tuple[Table, ...]:
    return (
        Table("Redes por impacto", NETWORK_COLUMNS, frame(network_rows, NETWORK_COLUMNS), sheet="Redes"),
        Table("Cambio frente al semestre anterior", COMPARISON_COLUMNS, frame(comparison_rows, COMPARISON_COLUMNS),
              sheet="Comparación"),
        Table("Cuentas", ACCOUNT_COLUMNS, frame(account_rows, ACCOUNT_COLUMNS), sheet="Cuentas",
              note="«Parece obsoleta» sigue la regla de las notas del informe."),
    )


def _charts(network_rows: list[dict], period: str) -> tuple:
    """Interactions (impact) and followers at the close, per network."""
    return (
        charts.counts_bar_chart(frame(network_rows, NETWORK_COLUMNS), "Red", "Interacciones",
                                "Interacciones por red (impacto)", f"Publicaciones publicadas en {period}."),
        charts.counts_bar_chart(frame([row for row in network_rows if row["Seguidores al cierre"] is not None],
                                      NETWORK_COLUMNS), "Red", "Seguidores al cierre", "Seguidores al cierre por red",
                                "Métricas de cuenta, último mes del semestre con dato."),
    )


def _notes(found: _Semester) -> tuple[str, ...]:
    """The rules the figures follow, the obsolete rule with the thresholds in force among them."""
    days, drop = found.days, found.drop
    rule = (f"Una cuenta parece obsoleta si cumple al menos una de estas condiciones: (1) no tiene publicaciones en "
            f"los últimos {fmt_int(days)} días hasta el {fmt_date(found.cut)}; (2) perdió seguidores en el semestre; "
            f"(3) sus interacciones cayeron {fmt_pct(drop, 0)} o más frente a su semestre anterior ({found.previous}) "
            "y su engagement también bajó, sobre una base que los dos semestres comparten (alcance; si no, "
            "impresiones; si no, reproducciones); si no comparten ninguna, basta la caída de interacciones. Cada "
            "cuenta se compara solo consigo misma, nunca con las de otras redes: un engagement sobre alcance no se "
            "compara con uno sobre impresiones o reproducciones. "
            f"Umbrales en Ajustes: «{OBSOLETE_DAYS.name}» = {fmt_int(days)}; «{OBSOLETE_DROP.name}» = "
            f"{fmt_pct(drop, 0)}.")
    return (
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
        f"Comparación: semestre anterior {semester_text(found.previous)}. Cambio = (actual − anterior) / anterior; "
        "vacío cuando el anterior es cero o no tiene dato.",
    )


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
