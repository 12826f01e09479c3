"""Demo data: a credible two-year register of DADEP's communications office, from one seed.

Why it exists: the office judges Divulga first by what it shows with data in it, and the tests, the
benchmarks and the screenshots need a register that is large, valid and reproducible. `generate` builds
every tab but Historial (which only the app writes) with the links a real register has: posts belong to
requests and campaigns, closed requests carry their posts' links as evidence, a campaign's analysis sums
its posts, the daily monitoring counts the day's messages and posts, and the accounts' monthly figures
count the month's messages.

Every value is valid per the sheet contract (`core.sheet.contract`): types, lists, caps, required fields, unique
IDs and natural keys. What the app reports only as notices (late material, overdue stages, PQRS sent late,
unanswered recent messages) is present on purpose, in small numbers, so the warnings have something to
show. Dates that follow a limit (closure, the hand-off to ATC, filing, the reports sent) are counted with
the app's own calendar (`core.domain.business_days`, with the closed days of the demo's Listas) and stage rules
(`core.domain.workflow.due_of`). People are invented; there are no ID numbers or addresses (Ley 1581 de 2012).

The package: the declarations in `data.py` (sizes, people, places, shares, figures) and `texts.py` (what
people read and write); the random draws in `randomness.py`, shared values in `values.py` and `dates.py`; a
module per tab or group of tabs (`strategies`, `request_plans` and `request_rows`, `posts` and
`post_values`, `messages` and `message_values`, `monitoring`, `accounts`, `small_tabs`); `build.generate`
puts them together and `write.write_demo` stores them.
"""

from core.demo.build import generate
from core.demo.data import AREAS, DEFAULT_ROWS, MIN_ROWS, RECENT_DAYS, WEEKDAY_FACTOR
from core.demo.write import write_demo

__all__ = [
    "AREAS",
    "DEFAULT_ROWS",
    "MIN_ROWS",
    "RECENT_DAYS",
    "WEEKDAY_FACTOR",
    "generate",
    "write_demo",
]
