"""Account security: the next password change (month ends, the creation date standing in, the leaver mark
and what clears it), the notices for "Hoy" (within 7 days or overdue, active accounts only), who handled an
account, the two writes on a real SQLite register, and the password checker part by part."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, datetime

import pandas as pd
import pytest

from core.domain import accounts, passwords
from core.domain.accounts import (
    FROM_CREATION,
    FROM_ROTATION,
    LEAVER,
    NO_DATE,
    accounts_handled_by,
    accounts_table,
    add_months,
    handled_by,
    leaver_marks,
    leaver_note,
    mark_leaver,
    record_rotation,
    rotation_due,
    rotation_notice,
    rotation_notices,
)
from core.domain.passwords import check_password
from core.sheet.rows import frame_records

TODAY = date(2026, 11, 28)


def account(**values) -> dict:
    return {"Red": "Facebook", "Cuenta": "DADEP Bogotá", "Estado": "Activa", **values}


def tables_of(*rows: dict) -> dict[str, pd.DataFrame]:
    """A Cuentas table shaped as the snapshot's (dates as datetime64, index = sheet row)."""
    frame = pd.DataFrame(list(rows), columns=["Red", "Cuenta", "Enlace", "Estado", "Responsable", "Creada",
                                              "Última rotación", "Observaciones"])
    for name in ("Creada", "Última rotación"):
        frame[name] = pd.to_datetime(frame[name])
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="fila")
    return {"Cuentas": frame}


# --- the next change ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 8, 18), date(2026, 11, 18)),
    (date(2026, 11, 30), date(2027, 2, 28)),  # February has no 30th: its last day
    (date(2027, 11, 30), date(2028, 2, 29)),  # ... 29th in a leap year
    (date(2026, 5, 31), date(2026, 8, 31)),
    (date(2026, 3, 31), date(2026, 6, 30)),  # June has 30 days
    (date(2026, 10, 15), date(2027, 1, 15)),  # across the year
    (date(2026, 12, 31), date(2027, 3, 31)),
])
def test_the_next_change_is_three_months_later_or_the_months_last_day(day, expected):
    assert add_months(day, 3) == expected
    due = rotation_due(account(**{"Última rotación": day}), TODAY)
    assert (due.due, due.source, due.last_change) == (expected, FROM_ROTATION, day)


def test_without_a_rotation_the_creation_date_stands_in_and_without_either_it_is_due_today():
    created = rotation_due(account(Creada=date(2026, 10, 31)), TODAY)
    assert (created.due, created.source) == (date(2027, 1, 31), FROM_CREATION)
    nothing = rotation_due(account(), TODAY)
    assert (nothing.due, nothing.source, nothing.days_left(TODAY)) == (TODAY, NO_DATE, 0)
    # the snapshot's own types (Timestamps, NaT) read the same as dates and None
    assert rotation_due(account(**{"Última rotación": pd.Timestamp("2026-11-30"), "Creada": pd.NaT}), TODAY).due \
        == date(2027, 2, 28)


def test_a_leaver_mark_makes_the_change_due_on_its_day_until_a_later_rotation_clears_it():
    note = leaver_note("  Ana   Pérez ", date(2026, 11, 20))
    assert note == "«Ana Pérez» dejó de tener acceso el 20/11/2026: cambiar la contraseña."
    marked = account(**{"Última rotación": date(2026, 11, 1), "Observaciones": "Cuenta principal.\n" + note})
    due = rotation_due(marked, TODAY)
    assert (due.due, due.source, due.left, due.left_on) == (date(2026, 11, 20), LEAVER, ("Ana Pérez",),
                                                            date(2026, 11, 20))
    assert due.days_left(TODAY) == -8
    # a change on the day of the mark, or after it, clears it: back to the regular three months
    for rotated in (date(2026, 11, 20), date(2026, 11, 25)):
        cleared = rotation_due({**marked, "Última rotación": rotated}, TODAY)
        assert (cleared.due, cleared.source, cleared.left) == (add_months(rotated, 3), FROM_ROTATION, ())
    # the day before does not
    assert rotation_due({**marked, "Última rotación": date(2026, 11, 19)}, TODAY).source == LEAVER


def test_marks_typed_by_hand_and_several_marks():
    notes = ("«Luis» dejó de tener acceso el 2/11/2026\nDejo de tener acceso el 31/02/2026 (fecha imposible)\n"
             "pedro dejo de tener acceso 10/11/2026")
    assert leaver_marks(notes) == [("Luis", date(2026, 11, 2)), ("", date(2026, 11, 10))]
    due = rotation_due(account(**{"Última rotación": date(2026, 11, 5), "Observaciones": notes}), TODAY)
    assert (due.due, due.left) == (date(2026, 11, 10), ("",))  # Luis's mark is older than the rotation
    both = rotation_due(account(**{"Última rotación": date(2026, 10, 1), "Observaciones": notes}), TODAY)
    assert (both.due, both.left) == (date(2026, 11, 2), ("Luis", ""))  # the earliest open mark counts
    # already overdue before anyone left: the older date stays
    old = rotation_due(account(**{"Última rotación": date(2026, 6, 1), "Observaciones": notes}), TODAY)
    assert (old.due, old.source, old.left_on) == (date(2026, 9, 1), FROM_ROTATION, date(2026, 11, 2))
    assert leaver_marks(None) == [] and leaver_marks("Sin novedad") == []


# --- notices ---------------------------------------------------------------------------------------------


def test_notices_within_seven_days_or_overdue_for_active_accounts_only_most_urgent_first():
    rows = [
        account(Cuenta="vence en 7", **{"Última rotación": date(2026, 9, 5)}),  # due 05/12
        account(Cuenta="vence en 8", **{"Última rotación": date(2026, 9, 6)}),  # due 06/12: no notice yet
        account(Cuenta="vence hoy", **{"Última rotación": date(2026, 8, 28)}),
        account(Cuenta="vencida", **{"Última rotación": date(2026, 8, 18)}),  # due 18/11
        account(Cuenta="vacía", Estado=None, **{"Última rotación": date(2026, 8, 27)}),  # empty state = Activa
        account(Cuenta="inactiva", Estado="Inactiva", **{"Última rotación": date(2025, 1, 1)}),
        account(Cuenta="en cierre", Estado="En cierre", **{"Última rotación": date(2025, 1, 1)}),
        account(Cuenta="sin fecha"),
        account(Cuenta="salida", Responsable="Ana", **{"Última rotación": date(2026, 11, 1),
                                                      "Observaciones": leaver_note("Ana", date(2026, 11, 27))}),
    ]
    notices = rotation_notices(tables_of(*rows), TODAY)
    assert notices == [
        "La contraseña de Facebook · vencida debía cambiarse el 18/11/2026 (hace 10 días; último cambio: "
        "18/08/2026).",
        "La contraseña de Facebook · vacía debía cambiarse el 27/11/2026 (hace 1 día; último cambio: 27/08/2026).",
        "Cambie ya la contraseña de Facebook · salida: «Ana» dejó de tener acceso el 27/11/2026.",
        "La contraseña de Facebook · vence hoy debe cambiarse hoy (último cambio: 28/08/2026).",
        "Facebook · sin fecha no tiene fecha de último cambio de contraseña: cámbiela y regístrelo en Cuentas.",
        "La contraseña de Facebook · vence en 7 debe cambiarse el 05/12/2026 (en 7 días; último cambio: 05/09/2026).",
    ]
    assert rotation_notice(rows[5], TODAY) is None and rotation_notice(rows[1], TODAY) is None
    assert rotation_notices(tables_of(), TODAY) == []


def test_the_table_shows_every_account_with_its_next_change_and_state():
    table = accounts_table(tables_of(
        account(Cuenta="a", **{"Última rotación": date(2026, 11, 30), "Creada": date(2020, 1, 2)}),
        account(Cuenta="b", Estado="Inactiva"),
        account(Cuenta="c", Responsable="Luis", **{"Última rotación": date(2026, 10, 1),
                                                  "Observaciones": leaver_note("Luis", date(2026, 11, 26))}),
    ), TODAY)
    assert list(table.index) == [2, 3, 4]
    assert table.loc[2, ["Creada", "Última rotación", "Próximo cambio", "Situación"]].tolist() == [
        "02/01/2020", "30/11/2026", "28/02/2027", "Al día"]
    assert table.loc[3, "Situación"] == "Sin aviso (cuenta no activa)"
    assert table.loc[4, "Situación"] == "Vencida hace 2 días («Luis» dejó de tener acceso)"


# --- who handled an account -------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "responsible", "expected"), [
    ("andres castaño", "Andrés Felipe Castaño Ríos", True),
    ("ANDRÉS   FELIPE", "Andrés Felipe Castaño Ríos", True),
    ("Castaño, Laura", "Laura Valentina Ospina Duarte", True),  # several names: any of them
    ("Laura Ospina", "Andrés Castaño, Laura Valentina Ospina Duarte", True),  # several responsible
    ("Laura Ospina", "Andrés Castaño; Laura Ospina\nLuis", True),
    ("ana.perez", "ana.perez@dadep.gov.co", True),
    ("Ana Pérez", "Ana María Gómez", False),  # every word must be one of theirs
    ("Lau", "Laura Ospina", False),  # whole words only
    ("", "Laura Ospina", False),
    ("Laura", None, False),
])
def test_who_handled_an_account_matches_loosely(given, responsible, expected):
    assert handled_by(account(Responsable=responsible), given) is expected


def test_the_accounts_a_person_handled_whatever_their_state():
    tables = tables_of(account(Cuenta="a", Responsable="Laura Ospina"),
                       account(Cuenta="b", Responsable="Andrés", Estado="Inactiva"),
                       account(Cuenta="c", Responsable="laura ospina, Andrés", Estado="En cierre"))
    assert [found["Cuenta"] for found in accounts_handled_by(tables, "Laura Ospina")] == ["a", "c"]
    assert [found["Cuenta"] for found in accounts_handled_by(tables, "Andrés")] == ["b", "c"]


# --- writes, on a real register ---------------------------------------------------------------------------


def stored_accounts(store_url: str) -> list[dict]:
    with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
        cursor = db.execute('SELECT * FROM "Cuentas" ORDER BY rowid')
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def test_recording_a_rotation_writes_the_date_only_and_clears_a_mark(register, writer, store_url):
    writer.create_many("Cuentas", [
        {"Red": "X", "Cuenta": "@DADEPBogota", "Responsable": "Ana Pérez", "Última rotación": date(2026, 8, 1)},
        {"Red": "Instagram", "Cuenta": "@dadepbogota", "Responsable": "Luis, Ana Pérez",
         "Observaciones": "Cuenta principal."},
        {"Red": "TikTok", "Cuenta": "@dadepbogota", "Responsable": "Luis"},
    ])
    handled = accounts_handled_by(register.snapshot().tables, "ana perez")
    assert [found["Red"] for found in handled] == ["X", "Instagram"]

    results = mark_leaver(writer, handled, "ana perez", date(2026, 11, 27))
    assert [(result.key, result.fields, result.error) for result in results] == [
        ("X · @DADEPBogota", ["Observaciones"], None), ("Instagram · @dadepbogota", ["Observaciones"], None)]
    stored = stored_accounts(store_url)
    # the name as Responsable writes it, under what people wrote before
    assert stored[0]["Observaciones"] == "«Ana Pérez» dejó de tener acceso el 27/11/2026: cambiar la contraseña."
    assert stored[1]["Observaciones"] == ("Cuenta principal.\n«Ana Pérez» dejó de tener acceso el 27/11/2026: "
                                          "cambiar la contraseña.")
    assert stored[2]["Observaciones"] in (None, "")
    # the notices say so, and marking again writes nothing
    tables = register.snapshot().tables
    assert sum("«Ana Pérez» dejó de tener acceso" in notice for notice in rotation_notices(tables, TODAY)) == 2
    assert mark_leaver(writer, accounts_handled_by(tables, "ANA"), "ANA", date(2026, 11, 27)) == []

    seen = next(row for _, row in frame_records(tables["Cuentas"]) if row["Red"] == "X")
    assert record_rotation(writer, seen, date(2026, 11, 28)) == ["Última rotación"]
    after = register.snapshot().tables
    x_account = next(row for _, row in frame_records(after["Cuentas"]) if row["Red"] == "X")
    assert rotation_due(x_account, TODAY).due == date(2027, 2, 28)
    assert [notice for notice in rotation_notices(after, TODAY) if "X ·" in notice] == []
    history = register.history()
    assert list(history["Acción"].iloc[-3:]) == [accounts.LEAVER_ACTION, accounts.LEAVER_ACTION,
                                                 accounts.ROTATION_ACTION]
    assert history["Cambios"].iloc[-1] == '{"Última rotación": ["2026-08-01", "2026-11-28"]}'


def test_marking_names_only_the_people_who_handled_each_account(register, writer, store_url):
    writer.create_many("Cuentas", [{"Red": "X", "Cuenta": "@a", "Responsable": "Ana Ruiz"},
                                   {"Red": "X", "Cuenta": "@b", "Responsable": "Luis Gil; Ana Ruiz; Pedro"},
                                   {"Red": "X", "Cuenta": "@c", "Responsable": "Pedro"}])
    tables = register.snapshot().tables
    handled = accounts_handled_by(tables, "ana, luis")
    assert [account["Cuenta"] for account in handled] == ["@a", "@b"]
    mark_leaver(writer, handled, "ana, luis", date(2026, 11, 2))
    notes = [row["Observaciones"] for row in stored_accounts(store_url)]
    assert notes[0] == "«Ana Ruiz» dejó de tener acceso el 02/11/2026: cambiar la contraseña."
    assert notes[1].splitlines() == ["«Luis Gil» dejó de tener acceso el 02/11/2026: cambiar la contraseña.",
                                     "«Ana Ruiz» dejó de tener acceso el 02/11/2026: cambiar la contraseña."]
    assert notes[2] in (None, "")
    # an account chosen by the caller whose Responsable matches none of the names gets the names as given
    pedro = next(account for _, account in frame_records(register.snapshot().tables["Cuentas"])
                 if account["Cuenta"] == "@c")
    mark_leaver(writer, [pedro], "Marta", date(2026, 11, 3))
    assert stored_accounts(store_url)[2]["Observaciones"] == ("«Marta» dejó de tener acceso el 03/11/2026: "
                                                              "cambiar la contraseña.")


def test_a_mark_refused_because_the_row_changed_by_hand_is_reported(register, writer, store_url):
    writer.create("Cuentas", {"Red": "X", "Cuenta": "@a", "Responsable": "Ana"})
    handled = accounts_handled_by(register.snapshot().tables, "Ana")
    with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
        db.execute('UPDATE "Cuentas" SET "Observaciones" = ?', ("escrito a mano",))
        db.commit()
    [result] = mark_leaver(writer, handled, "Ana", date(2026, 11, 2))
    assert result.error is not None and "cambió desde que la leyó" in str(result.error)
    assert stored_accounts(store_url)[0]["Observaciones"] == "escrito a mano"


# --- the password checker ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("candidate", "failing"), [
    ("Abcdef1!", []),
    ("Abcdefg1!x", []),  # 10 characters
    ("Abcde1!", [passwords.TOO_SHORT]),  # 7
    ("Abcdefgh1!x", [passwords.TOO_LONG]),  # 11
    ("ABCDEF1!", [passwords.NO_LOWER]),
    ("abcdef1!", [passwords.NO_UPPER]),
    ("Abcdefg!", [passwords.NO_DIGIT]),
    ("Abcdefg1", [passwords.NO_SPECIAL]),
    ("Abc defg1", [passwords.NO_SPECIAL]),  # a space is not the special character
    ("", [passwords.TOO_SHORT, passwords.NO_LOWER, passwords.NO_UPPER, passwords.NO_DIGIT, passwords.NO_SPECIAL]),
    ("ñandú123!", [passwords.NO_UPPER]),  # ñ and ú are lower-case letters, not special characters
    ("ÑANDÚ123!", [passwords.NO_LOWER]),
    ("Ñandú1234", [passwords.NO_SPECIAL]),
    ("Ñandú12¿x", []),  # ¿ is a special character
    ("Cañón#2026", []),
    ("Ab1!" + "\u00e1" * 4, []),  # á composed: 8 characters
    ("Ab1!" + "a\u0301" * 4, []),  # á typed as a + accent still counts as one character each
    ("Abcdefg²!", [passwords.NO_DIGIT]),  # a superscript two is not a digit 0-9
])
def test_the_checker_names_each_failing_part(candidate, failing):
    assert check_password(candidate) == failing


def test_no_message_of_the_checker_quotes_the_candidate():
    for candidate in ("Q", "7", "zzzzzzzzzzzzzzzz", "tooLongPassword123"):
        assert all(candidate not in part for part in check_password(candidate))
    assert check_password(None) == check_password("")  # an untouched field may come back as None


def test_a_rotation_given_as_a_datetime_reads_as_its_day():
    moment = datetime(2026, 11, 28, 23, 59)
    assert rotation_due(account(**{"Última rotación": moment}), TODAY).due == date(2027, 2, 28)
