"""What the page tests share: the app opened on a page through AppTest (as a person typed in «Quién
trabaja»), the texts of a list of elements, and a tab's rows read straight from the SQLite file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"


def open_page(page: str, person: str | None = "Camila Rojas") -> AppTest:
    """The page as local mode serves it. The first run goes through app.py, whose `identify` stores the
    session's identity (every role); AppTest then runs the page file alone (it resets Streamlit's router
    flag on every run), and the page acts as that identity, with the name typed in «Quién trabaja». A page
    run with no identity at all has no roles (tests/test_access.py)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page(page).run()
    if person:
        at.sidebar.text_input(key="divulga_person").input(person).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """A page's tab opened, as a click on it does (`st.tabs` with a key and `on_change="rerun"`: the page may run
    only the open tab)."""
    at.session_state[key] = label
    return at.run()


def texts(elements) -> str:
    return "\n".join(str(element.value) for element in elements)


def rows(store_url: str, tab: str) -> list[dict]:
    """A tab's rows as stored (SQLite's own values), in the order they were written."""
    with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
        cursor = db.execute(f'SELECT * FROM "{tab}" ORDER BY rowid')
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
