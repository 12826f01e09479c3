"""The publication grid as an iCalendar file, to import into Google Calendar or Outlook."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from core.reports.grid_posts import Post, calendar_name, first_words, posts_of, signature
from core.reports.model import Header
from core.sheet.cells import BOGOTA
from core.sheet.contract import CANCELLED, PUBLISHED, SCHEDULED

EVENT_MINUTES = 30
_STATUS = {PUBLISHED: "CONFIRMED", SCHEDULED: "TENTATIVE"}
_UTC = ZoneInfo("UTC")
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=_UTC)


def grid_ics(posts: pd.DataFrame, title: str, header: Header, now: datetime | None = None) -> bytes:
    """The grid as an iCalendar file named `calendar_name` and described by the title and `signature`: one
    event per post that is not cancelled, starting at `Programada` in America/Bogota (with its VTIMEZONE)
    and lasting `EVENT_MINUTES`. The UID is the post's ID, so
    importing the file again into Google Calendar or Outlook updates the events; SEQUENCE and
    LAST-MODIFIED come from `Actualizado`, so a newer file wins."""
    from icalendar import Calendar

    stamp = (now or datetime.now(_UTC)).astimezone(_UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Divulga//Parrilla de publicacion//ES")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name, about = calendar_name(header, title), f"{title} — {signature(header)}"
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-caldesc", about)
    calendar.add("description", about)
    calendar.add("x-wr-timezone", "America/Bogota")
    last = None
    for post in posts_of(posts):
        if post.state == CANCELLED:
            continue
        start = post.at.astimezone(BOGOTA)
        last = start if last is None else max(last, start)
        calendar.add_component(_event(post, start, stamp))
    # The VTIMEZONE for every TZID used, from zoneinfo; it covers 1970 up to the year after the last post.
    calendar.add_missing_timezones(last_date=date(max(2038, last.year + 1 if last else 0), 1, 1))
    return calendar.to_ical()


def _event(post: Post, start: datetime, stamp: datetime):
    from icalendar import Event

    event = Event()
    event.add("uid", post.uid())
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=EVENT_MINUTES))
    event.add("summary", " · ".join(part for part in (post.network, post.post_format, first_words(post.copy)) if part)
              or "Publicación")
    event.add("description", _description(post))
    event.add("status", _STATUS.get(post.state, "TENTATIVE"))
    event.add("transp", "TRANSPARENT")  # a post on the grid does not make anyone busy
    if post.network:
        event.add("categories", [post.network])
    if post.link:
        event.add("url", post.link)
    if post.updated is not None:
        updated = post.updated if post.updated.tzinfo else post.updated.replace(tzinfo=BOGOTA)
        event.add("last-modified", updated.astimezone(_UTC))
        event.add("sequence", max(0, int((updated - _SEQUENCE_EPOCH).total_seconds() // 60)))
    return event


def _description(post: Post) -> str:
    lines = [post.copy.strip()] if post.copy else []
    lines.append("")
    if post.link:
        lines.append(f"Pieza: {post.link}")
    lines.append(f"Estado: {post.state}" if post.state else "")
    if post.request:
        lines.append(f"Solicitud: {post.request}" + (f" — {post.request_title}" if post.request_title else ""))
    if post.campaign:
        lines.append(f"Estrategia: {post.campaign}" + (f" — {post.campaign_name}" if post.campaign_name else ""))
    if post.area:
        lines.append(f"Área: {post.area}")
    if post.id:
        lines.append(f"ID: {post.id}")
    return "\n".join(line for line in lines if line is not None).strip()

