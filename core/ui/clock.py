"""The day and the moment the pages work on: Bogotá's clock, or the day a session was asked to show
(`st.session_state[DAY_KEY]`: the tests show any page on any day with it). Pages never read the wall clock
themselves; they ask here."""

from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from core.sheet import contract
from core.sheet.cells import BOGOTA

DAY_KEY = "divulga_day"


def today() -> date:
    """The day the page works on: the session's day when one was set, else today in Bogotá."""
    chosen = st.session_state.get(DAY_KEY)
    return chosen if isinstance(chosen, date) else contract.today_in_bogota()


def now() -> datetime:
    """This moment in Bogotá, on the session's day when one was set (the time of day stays the clock's)."""
    moment = datetime.now(BOGOTA)
    day = today()
    return moment if day == moment.date() else datetime.combine(day, moment.timetz())
