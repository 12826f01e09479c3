"""The `Cuentas` inventory and its password rotation (docs/domain.md, «Account security»): when each account's
password must change next, the notices for the "Hoy" page, and the two writes people make here (a password
changed today; someone with access left). Divulga never stores a password, only the date of the last
change (`Última rotación`).

The rules, as the office's default reading:
- **Next change** = the last change plus three months, on the same day of the month, or on the month's last
  day when it has no such day (30/11 -> 28/02 or 29/02). Without `Última rotación`, the account's `Creada`
  date stands in for it (a password is set when an account is created); with neither, the change is due
  today: nobody knows how old the password is.
- **Someone with access left**: the action writes a line in the account's `Observaciones`,
  «Nombre» dejó de tener acceso el dd/mm/aaaa: cambiar la contraseña.
  with the name as `Responsable` writes it (the register keeps its history; no date is invented or erased;
  what people wrote in the cell stays above the new line). A mark is *open* while no change is
  recorded on or after its day (`Última rotación` ≥ the mark's day clears it: the change came after the
  person left). An open mark makes the change due on the mark's day, so it is due now; with several open
  marks, the earliest counts (the password has been exposed since then). The line can also be typed by
  hand, with or without the «name».
- **Who handled an account**: the names in `Responsable` (one, or several separated by commas, semicolons
  or new lines). A name given for the action matches a responsible person when every word of it is one of
  that person's words, ignoring case, accents and extra spaces («andres castaño» matches «Andrés Felipe
  Castaño Ríos»; an e-mail's parts count as words). Marking one account too many only asks for an early
  change, so the match is generous; the page lists the accounts before anything is written.
- **Notices** (for "Hoy"): active accounts only (`Estado` Activa or empty) whose change is due within 7
  days or overdue.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from core.fmt import fmt_date
from core.register import UpdateResult, Writer
from core.sheet.cells import is_empty, normalize
from core.sheet.contract import ACCOUNTS_TAB, ACTIVE
from core.sheet.rows import frame_records

TAB = ACCOUNTS_TAB.name
ROTATION_MONTHS = 3
NOTICE_DAYS = 7
ROTATION_ACTION = "rotación de contraseña"
LEAVER_ACTION = "salida de acceso"

# «Ana Pérez» dejó de tener acceso el 20/11/2026 (the name and the guillemets are optional; typed by hand too)
LEAVER_MARK = re.compile(r"(?:«(?P<name>[^»\n]*)»\s*)?dej[oó]\s+de\s+tener\s+acceso\s+(?:el\s+)?"
                         r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})", re.IGNORECASE)
NAME_SEPARATORS = re.compile(r"[,;\n]+")
WORD = re.compile(r"\w+")

# What `rotation_due` says the due date comes from.
FROM_ROTATION = "rotación"
FROM_CREATION = "creación"
NO_DATE = "sin fecha"
LEAVER = "salida"


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter (31/11 does not exist)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _day(value: Any) -> date | None:
    """A cell of a date column as a date (the snapshot gives Timestamps, `row_values` datetimes)."""
    if is_empty(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def leaver_note(name: str, day: date) -> str:
    """The line the "someone with access left" action adds to `Observaciones`."""
    return f"«{' '.join(str(name).split())}» dejó de tener acceso el {fmt_date(day)}: cambiar la contraseña."


def leaver_marks(notes: Any) -> list[tuple[str, date]]:
    """Every (name, day) mark in an `Observaciones` text, in order; "" when the mark names nobody. Marks
    whose date does not exist (31/02/2026) are ignored."""
    if is_empty(notes):
        return []
    marks = []
    for match in LEAVER_MARK.finditer(str(notes)):
        try:
            day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            continue
        marks.append(((match["name"] or "").strip(), day))
    return marks


@dataclass(frozen=True)
class RotationDue:
    """When an account's password must change next, and why."""

    due: date
    source: str  # FROM_ROTATION, FROM_CREATION, NO_DATE or LEAVER
    last_change: date | None  # `Última rotación`, or `Creada` when it stands in for it
    left: tuple[str, ...] = ()  # the names of the open leaver marks ("" for a mark without a name)
    left_on: date | None = None  # the earliest open mark's day

    def days_left(self, today: date) -> int:
        """Days until the change is due: 0 today, negative when overdue."""
        return (self.due - today).days


def rotation_due(account: Mapping[str, Any], today: date) -> RotationDue:
    """The next change of one `Cuentas` row (a snapshot row or `row_values`), by the module's rules."""
    rotated = _day(account.get("Última rotación"))
    base = rotated or _day(account.get("Creada"))
    if base is None:
        regular = RotationDue(today, NO_DATE, None)
    else:
        regular = RotationDue(add_months(base, ROTATION_MONTHS), FROM_ROTATION if rotated else FROM_CREATION, base)
    open_marks = [(name, day) for name, day in leaver_marks(account.get("Observaciones"))
                  if base is None or day > base]
    if not open_marks:
        return regular
    left_on = min(day for _, day in open_marks)
    names = tuple(dict.fromkeys(name for name, _ in open_marks))
    if regular.due < left_on:  # already overdue before anyone left: the older date is the honest one
        return RotationDue(regular.due, regular.source, regular.last_change, names, left_on)
    return RotationDue(left_on, LEAVER, regular.last_change, names, left_on)


def is_active(account: Mapping[str, Any]) -> bool:
    """`Estado` Activa, or empty (the column's default)."""
    state = account.get("Estado")
    return is_empty(state) or str(state).strip() == ACTIVE


def label(account: Mapping[str, Any]) -> str:
    """«Facebook · DADEP Bogotá»: how texts name an account (its natural key)."""
    return f"{account.get('Red')} · {account.get('Cuenta')}"


def _days(count: int) -> str:
    return f"{count} día" if count == 1 else f"{count} días"


def _who_left(due: RotationDue) -> str:
    named = [f"«{name}»" for name in due.left if name]
    if not named:
        return "alguien con acceso"
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " y " + named[-1]


def situation(due: RotationDue, today: date) -> str:
    """A short state for the accounts table: «Vencida hace 3 días», «Vence hoy», «Vence en 5 días», «Al día»."""
    left = due.days_left(today)
    if left < 0:
        text = f"Vencida hace {_days(-left)}"
    elif left == 0:
        text = "Vence hoy"
    elif left <= NOTICE_DAYS:
        text = f"Vence en {_days(left)}"
    else:
        text = "Al día"
    if due.left:
        verb = "dejó" if len(due.left) == 1 else "dejaron"
        text += f" ({_who_left(due)} {verb} de tener acceso)"
    elif due.source == NO_DATE:
        text += " (sin fecha de último cambio)"
    return text


def state(account: Mapping[str, Any], today: date) -> str:
    """`situation` for an active account; accounts not active get no notice, and say so."""
    if not is_active(account):
        return "Sin aviso (cuenta no activa)"
    return situation(rotation_due(account, today), today)


def rotation_notice(account: Mapping[str, Any], today: date) -> str | None:
    """The Spanish notice for one account when its change is due within `NOTICE_DAYS` or overdue (None
    otherwise, and for accounts that are not active)."""
    if not is_active(account):
        return None
    due = rotation_due(account, today)
    left = due.days_left(today)
    if left > NOTICE_DAYS:
        return None
    name = label(account)
    if due.left:
        verb = "dejó" if len(due.left) == 1 else "dejaron"
        return (f"Cambie ya la contraseña de {name}: {_who_left(due)} {verb} de tener acceso el "
                f"{fmt_date(due.left_on)}.")
    if due.source == NO_DATE:
        return (f"{name} no tiene fecha de último cambio de contraseña: cámbiela y regístrelo en Cuentas.")
    since = f"último cambio: {fmt_date(due.last_change)}" if due.source == FROM_ROTATION else \
        f"creada el {fmt_date(due.last_change)}, sin cambios registrados"
    if left < 0:
        return f"La contraseña de {name} debía cambiarse el {fmt_date(due.due)} (hace {_days(-left)}; {since})."
    if left == 0:
        return f"La contraseña de {name} debe cambiarse hoy ({since})."
    return f"La contraseña de {name} debe cambiarse el {fmt_date(due.due)} (en {_days(left)}; {since})."


def rotation_notices(tables: Mapping[str, pd.DataFrame], today: date) -> list[str]:
    """The notices of every active account whose change is due within 7 days or overdue, the most urgent
    first: what the "Hoy" page shows."""
    found = []
    for _, account in frame_records(tables[TAB]):
        notice = rotation_notice(account, today)
        if notice is not None:
            found.append((rotation_due(account, today).due, notice))
    return [notice for _, notice in sorted(found, key=lambda pair: pair[0])]


def accounts_table(tables: Mapping[str, pd.DataFrame], today: date) -> pd.DataFrame:
    """The inventory for the page: the sheet's columns, dates as dd/mm/aaaa, the next change and its state;
    the index is the sheet's row number."""
    rows, index = [], []
    for row, account in frame_records(tables[TAB]):
        due = rotation_due(account, today)
        rows.append({
            "Red": account.get("Red"),
            "Cuenta": account.get("Cuenta"),
            "Enlace": account.get("Enlace"),
            "Estado": account.get("Estado") or ACTIVE,
            "Responsable": account.get("Responsable"),
            "Creada": fmt_date(_day(account.get("Creada"))),
            "Última rotación": fmt_date(_day(account.get("Última rotación"))),
            "Próximo cambio": fmt_date(due.due),
            "Situación": state(account, today),
        })
        index.append(row)
    columns = ["Red", "Cuenta", "Enlace", "Estado", "Responsable", "Creada", "Última rotación", "Próximo cambio",
               "Situación"]
    return pd.DataFrame(rows, index=pd.Index(index, name="fila"), columns=columns)


# --- who handled an account -----------------------------------------------------------------------------


def names_in(text: Any) -> list[str]:
    """The names of a `Responsable` cell (or of the action's field): split on commas, semicolons, new lines."""
    if is_empty(text):
        return []
    return [name.strip() for name in NAME_SEPARATORS.split(str(text)) if name.strip()]


def _words(name: str) -> frozenset[str]:
    return frozenset(WORD.findall(normalize(name)))


def same_person(given: str, responsible: str) -> bool:
    """Whether the name `given` designates `responsible`: every word of it is one of theirs (module rules)."""
    wanted = _words(given)
    return bool(wanted) and wanted <= _words(responsible)


def handled_by(account: Mapping[str, Any], names: str) -> bool:
    """Whether any of `names` (one or several, comma-separated) is among the account's `Responsable`."""
    responsible = names_in(account.get("Responsable"))
    return any(same_person(given, person) for given in names_in(names) for person in responsible)


def accounts_handled_by(tables: Mapping[str, pd.DataFrame], names: str) -> list[dict[str, Any]]:
    """Every `Cuentas` row (as read, whatever its state) whose Responsable matches one of `names`."""
    return [account for _, account in frame_records(tables[TAB]) if handled_by(account, names)]


# --- writes ---------------------------------------------------------------------------------------------


def record_rotation(writer: Writer, seen: Mapping[str, Any], day: date) -> list[str]:
    """The password of this account was changed on `day`: `Última rotación` = day (nothing else)."""
    return writer.update(TAB, seen, {"Última rotación": day}, action=ROTATION_ACTION)


def _with_lines(notes: Any, lines: list[str]) -> str:
    """The notes with `lines` added at the end, each on its own line (what people wrote stays as it was)."""
    return "\n".join(([] if is_empty(notes) else [str(notes).rstrip()]) + lines)


def mark_leaver(writer: Writer, accounts: Iterable[Mapping[str, Any]], names: str, day: date) -> list[UpdateResult]:
    """Add a leaver line dated `day` to each account's `Observaciones`, in one store call: one line per
    person of its Responsable that one of `names` designates, with the name as the cell writes it (the
    names as given when none matches: the caller chose the account). A line the account already carries is
    not added twice. Returns one result per account written (see `Writer.update_many`)."""
    given = names_in(names)
    edits = []
    for seen in accounts:
        responsible = names_in(seen.get("Responsable"))
        matching = [person for person in responsible if any(same_person(name, person) for name in given)] or given
        notes = seen.get("Observaciones")
        lines = [line for line in dict.fromkeys(leaver_note(name, day) for name in matching)
                 if line not in str(notes or "")]
        if lines:
            edits.append((seen, {"Observaciones": _with_lines(notes, lines)}))
    if not edits:
        return []
    return writer.update_many(TAB, edits, action=LEAVER_ACTION)
