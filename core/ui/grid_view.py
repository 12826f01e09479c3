"""Drawing the publication grid: a post as one line (network badge with its name, time, state in words,
the start of its copy), a week as seven columns and a month as counts per day, Colombia's holidays named
(«festivo: Navidad»). Colour always comes with the network's name and the state's word, never alone."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from core.domain import best_hour, grid
from core.domain.business_days import holiday_name
from core.fmt import fmt_date, fmt_pct, fmt_time
from core.sheet.contract import CANCELLED, PUBLISHED, SCHEDULED

WEEKDAYS = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")
COLORS = {"Facebook": "blue", "X": "gray", "Instagram": "violet", "YouTube": "red", "TikTok": "orange"}
STATE_MARK = {SCHEDULED: f"🕒 {SCHEDULED}", PUBLISHED: f"✅ {PUBLISHED}", CANCELLED: f"✖ {CANCELLED}"}


def badge(network: str) -> str:
    """The network as a coloured badge that carries its name."""
    return f":{COLORS.get(network, 'green')}-badge[{network}]"


def _escape(text: str) -> str:
    return text.replace("[", "(").replace("]", ")").replace("*", "∗").replace("_", " ").replace("\n", " ")


def post_line(post: Mapping[str, Any], copy_chars: int = 70) -> str:
    """One post as Markdown: badge, time, state, format and the start of the copy."""
    copy = _escape(str(post.get("Copy") or ""))
    if len(copy) > copy_chars:
        copy = copy[: copy_chars - 1].rstrip() + "…"
    state = STATE_MARK.get(post.get("Estado"), post.get("Estado") or "")
    text = f"{badge(post['Red'])} **{fmt_time(post['Programada'])}** · {state}"
    if post.get("Formato"):
        text += f" · {post['Formato']}"
    if post.get("Estado") == CANCELLED:
        copy = f"~~{copy}~~" if copy else ""
    return text + (f"  \n{copy}" if copy else "") + f"  \n`{post.get('ID') or 'sin ID'}`"


def holiday_text(day: date) -> str:
    """«festivo: <name>» for a Colombian holiday (core.domain.business_days), else empty."""
    holiday = holiday_name(day)
    return f"festivo: {_escape(holiday)}" if holiday else ""


def day_title(day: date) -> str:
    holiday = holiday_text(day)
    return f"**{WEEKDAYS[day.weekday()]} {day:%d/%m}**" + (f"  \n:gray[{holiday}]" if holiday else "")


def week_view(days: list[date], posts: pd.DataFrame, crowded: set[date]) -> None:
    """Seven columns, one per day, each with its posts in time order."""
    by_day = {day: group for day, group in posts.groupby("Día")} if not posts.empty else {}
    for column, day in zip(st.columns(7, border=True), days):
        with column:
            st.markdown(day_title(day) + ("  \n:orange[⚠ más de lo usual]" if day in crowded else ""))
            group = by_day.get(day)
            if group is None:
                st.caption("Sin publicaciones")
                continue
            st.markdown("\n\n".join(post_line(post) for post in group.to_dict("records")))  # one element a day


def month_view(weeks: list[list[date | None]], counts: pd.DataFrame, crowded: set[date]) -> None:
    """A month as weeks of seven days, each day with its posts per network (cancelled not counted). A holiday
    says «festivo: <name>» under its number; weekends and holidays have their number in grey (their column
    header and the holiday's name say it in words too)."""
    header = st.columns(7)
    for column, name in zip(header, WEEKDAYS):
        column.markdown(f"**{name}**")
    for week in weeks:
        for column, day in zip(st.columns(7, border=True), week):
            if day is None:
                column.markdown(" ")
                continue
            holiday = holiday_text(day)
            number = f":gray[**{day.day}**]" if holiday or day.weekday() >= 5 else f"**{day.day}**"
            lines = [number + (" :orange[⚠ más de lo usual]" if day in crowded else "")]
            if holiday:
                lines.append(f":gray[{holiday}]")
            if day in counts.index:
                row = counts.loc[day]
                lines += [f"{badge(network)} {int(n)}" for network, n in row.items() if n]
            column.markdown("  \n".join(lines))


def best_slots(posts: pd.DataFrame, networks: list[str], day: date, now: datetime,
               on_pick: Callable[[str, datetime], None] | None = None, key: str = "slot", *,
               latest: date | None = None) -> None:
    """Per network: the three best free hours of `day`'s week (Mejor hora histórico) with the window they come
    from («según las últimas 26 semanas», `best_hour.widened`), and what that network already has scheduled
    that week, so the free slots of the grid are in view. With `latest` (a request's publication day), no
    hour after that day is offered, and when that leaves none it says so. With `on_pick`, each recommended
    hour is a button that hands its network and moment over, `on_pick(network, moment)`."""
    week = grid.week_of(day)
    taken = grid.in_days(posts, week[0], week[-1])
    taken = taken[taken["Estado"] != CANCELLED]
    for network in networks:
        history = best_hour.widened(posts, network, now.date())
        slots = best_hour.recommend(posts, network, day, now, history=history, latest=latest)
        busy = taken[taken["Red"] == network]
        busy_text = ", ".join(f"{WEEKDAYS[m.weekday()]} {fmt_time(m)}" for m in busy["Programada"]) or "nada"
        with st.container(horizontal=True, vertical_alignment="center"):
            if not history.posts:
                st.markdown(f"{badge(network)} sin recomendación: {network} no tiene publicaciones publicadas con "
                            f"métricas en las últimas {history.weeks} semanas.")
            elif not slots and latest is not None and best_hour.recommend(posts, network, day, now,
                                                                          history=history, count=1):
                st.markdown(f"{badge(network)} sin recomendación hasta el {fmt_date(latest)}, la fecha de "
                            f"publicación: las horas libres con historial ({best_hour.window_text(history)}) de "
                            "esa semana caen después. Elija el día y la hora a mano, o una semana anterior.")
            elif not slots:
                st.markdown(f"{badge(network)} sin recomendación esa semana: ninguna hora con historial "
                            f"({best_hour.window_text(history)}) queda libre y por delante.")
            else:
                st.markdown(f"{badge(network)} mejores horas libres, {best_hour.window_text(history)}"
                            + (f", hasta el {fmt_date(latest)}:" if latest is not None else ":"))
                for slot in slots:
                    label = f"{WEEKDAYS[slot.moment.weekday()]} {slot.moment:%d/%m} {fmt_time(slot.moment)} " \
                            f"({fmt_pct(slot.engagement)}{'' if slot.puesto else ', pocos datos'})"
                    tip = (f"Mediana del engagement {best_hour.base_text(history)} de {slot.publicaciones} "
                           f"publicaciones de {network} en esa hora, del {fmt_date(history.start)} al "
                           f"{fmt_date(history.end)}; libre: nada de {network} a menos de una hora."
                           + ("" if slot.puesto else f" Pocos datos: menos de {best_hour.MIN_POSTS} publicaciones "
                              "en esa hora."))
                    if on_pick is None:
                        st.markdown(f"`{label}`", help=tip)
                    else:
                        st.button(label, key=f"{key}_{network}_{slot.moment:%Y%m%d%H}", on_click=on_pick,
                                  args=(network, slot.moment), help=tip)
        st.caption(f"Ya programado en {network} esa semana: {busy_text}.")
