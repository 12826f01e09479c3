"""Cell parsers (`core.sheet.cells`): every format docs/contract.md («Types») says people and stores hand us."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.sheet import cells
from core.sheet.cells import (
    BOGOTA,
    MAX_DATE,
    MIN_DATE,
    CellError,
    format_datetime_text,
    is_empty,
    normalize,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_int,
    parse_list,
    parse_month,
    parse_text,
    parse_url,
    to_serial,
)

EPOCH = date(1899, 12, 30)


def serial_of(day: date) -> int:
    return (day - EPOCH).days


def bogota(*args: int) -> datetime:
    return datetime(*args, tzinfo=BOGOTA)


def reason(parser, value, *args) -> str:
    with pytest.raises(CellError) as caught:
        parser(value, *args)
    assert caught.value.reason == str(caught.value)
    return caught.value.reason


# --- empty ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "   ", "\t\n", float("nan")])
@pytest.mark.parametrize(
    "parser", [parse_date, parse_datetime, parse_month, parse_int, parse_bool, parse_list, parse_url, parse_text]
)
def test_empty_cells_read_as_none(parser, value):
    assert parser(value) is None


def test_is_empty():
    assert is_empty(None) and is_empty("  ") and is_empty(float("nan"))
    assert not is_empty(0) and not is_empty("0") and not is_empty(False) and not is_empty("x")


# --- dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-10-03", date(2026, 10, 3)),
        ("3/10/2026", date(2026, 10, 3)),  # day first: 3 October
        ("03/10/2026", date(2026, 10, 3)),
        ("03/10/26", date(2026, 10, 3)),
        ("13/1/2026", date(2026, 1, 13)),
        ("  3/10/2026  ", date(2026, 10, 3)),
        ("3-10-2026", date(2026, 10, 3)),
        ("3.10.2026", date(2026, 10, 3)),
        ("2026-10-03 14:30", date(2026, 10, 3)),  # a date-time typed where a date goes keeps its day
        ("2026-10-03T23:30:00-05:00", date(2026, 10, 3)),
        ("2026-10-04T02:30:00+00:00", date(2026, 10, 3)),  # that moment is still 3 October in Bogotá
        (46298, EPOCH + timedelta(days=46298)),
        (46298.0, EPOCH + timedelta(days=46298)),
        (46298.75, EPOCH + timedelta(days=46298)),  # serial with a time: its day
        (date(2026, 10, 3), date(2026, 10, 3)),
        (datetime(2026, 10, 3, 14, 30), date(2026, 10, 3)),
        (datetime(2026, 10, 4, 2, 0, tzinfo=UTC), date(2026, 10, 3)),
        (MIN_DATE.isoformat(), MIN_DATE),
        (MAX_DATE.isoformat(), MAX_DATE),
    ],
)
def test_parse_date_formats(value, expected):
    assert parse_date(value) == expected


def test_serial_46298_is_the_expected_day():
    assert EPOCH + timedelta(days=46298) == date(2026, 10, 3)
    assert parse_date(46298) == date(2026, 10, 3)
    assert to_serial(date(2026, 10, 3)) == 46298.0


@pytest.mark.parametrize("value", ["1/1/1989", "1989-12-31", "2101-01-01", "1/1/2101", date(1900, 1, 1),
                                   datetime(2200, 5, 5), serial_of(date(1989, 12, 31)), serial_of(date(2101, 1, 1))])
def test_dates_out_of_range_are_refused(value):
    assert "fuera del rango aceptado (1990 a 2100)" in reason(parse_date, value)


def test_out_of_range_reason_names_the_date():
    assert reason(parse_date, "1/1/1989") == "la fecha 01/01/1989 está fuera del rango aceptado (1990 a 2100)"


@pytest.mark.parametrize("value", ["31/02/2026", "30/02/2026", "29/02/2027", "2026-02-31", "2026-13-01", "0/10/2026",
                                   "32/01/2026", "3/13/2026"])
def test_impossible_dates_are_refused_in_spanish(value):
    assert reason(parse_date, value) == f"«{value}» no es una fecha que exista; escríbala como dd/mm/aaaa"


def test_leap_day_exists():
    assert parse_date("29/02/2028") == date(2028, 2, 29)


@pytest.mark.parametrize("value", ["mañana", "3 de octubre", "2026/10", "10/2026", "1234567", "3//10/2026"])
def test_text_that_is_not_a_date(value):
    text = reason(parse_date, value)
    assert "no es una fecha" in text and "dd/mm/aaaa" in text


def test_unreadable_date_reason_gives_an_example():
    assert reason(parse_date, "mañana") == (
        "«mañana» no es una fecha; escríbala como dd/mm/aaaa (por ejemplo 03/10/2026)"
    )


def test_bool_is_not_a_date():
    assert reason(parse_date, True) == "no es una fecha; escríbala como dd/mm/aaaa"
    assert reason(parse_datetime, False) == "no es una fecha y hora; escríbala como dd/mm/aaaa hh:mm"


# --- date-times (Bogotá) ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-10-03 14:30", bogota(2026, 10, 3, 14, 30)),
        ("2026-10-03T14:30", bogota(2026, 10, 3, 14, 30)),
        ("2026-10-03T14:30:15", bogota(2026, 10, 3, 14, 30, 15)),
        ("2026-10-03T14:30:00-05:00", bogota(2026, 10, 3, 14, 30)),
        ("2026-10-03T19:30:00+00:00", bogota(2026, 10, 3, 14, 30)),
        ("2026-10-03T19:30:00Z", bogota(2026, 10, 3, 14, 30)),
        ("2026-10-04T01:00:00+02:00", bogota(2026, 10, 3, 18, 0)),
        ("3/10/2026 14:30", bogota(2026, 10, 3, 14, 30)),
        ("3/10/2026 2:30 p. m.", bogota(2026, 10, 3, 14, 30)),
        ("3/10/2026 2:30 pm", bogota(2026, 10, 3, 14, 30)),
        ("3/10/2026 2:30 PM", bogota(2026, 10, 3, 14, 30)),
        ("3/10/2026 2:30 p.m.", bogota(2026, 10, 3, 14, 30)),
        ("3/10/2026 9:05 a. m.", bogota(2026, 10, 3, 9, 5)),
        ("3/10/2026 12:00 a. m.", bogota(2026, 10, 3, 0, 0)),  # midnight
        ("3/10/2026 12:00 p. m.", bogota(2026, 10, 3, 12, 0)),  # noon
        ("3/10/2026 12:30 am", bogota(2026, 10, 3, 0, 30)),
        ("03/10/26 08:15:30", bogota(2026, 10, 3, 8, 15, 30)),
        ("3/10/2026", bogota(2026, 10, 3)),
        (46298.5, bogota(2026, 10, 3, 12, 0)),
        (46298 + (14 * 60 + 30) / 1440, bogota(2026, 10, 3, 14, 30)),
        (46298.6041666667, bogota(2026, 10, 3, 14, 30)),  # float noise around 14:30
        (46298, bogota(2026, 10, 3)),
        (date(2026, 10, 3), bogota(2026, 10, 3)),
        (datetime(2026, 10, 3, 14, 30), bogota(2026, 10, 3, 14, 30)),  # naive means Bogotá
        (datetime(2026, 10, 3, 19, 30, tzinfo=UTC), bogota(2026, 10, 3, 14, 30)),
    ],
)
def test_parse_datetime_formats(value, expected):
    moment = parse_datetime(value)
    assert moment == expected
    assert moment.utcoffset() == timedelta(hours=-5)  # always handed back in Bogotá time
    assert moment.replace(tzinfo=None) == expected.replace(tzinfo=None)


@pytest.mark.parametrize("value", ["3/10/2026 13:00 p. m.", "3/10/2026 0:30 a. m."])
def test_meridiem_hours_go_from_1_to_12(value):
    time_part = value.split(" ", 1)[1]
    assert reason(parse_datetime, value) == f"«{time_part}» no es una hora; con a. m. o p. m. la hora va de 1 a 12"


@pytest.mark.parametrize("value", ["3/10/2026 25:00", "3/10/2026 14:60"])
def test_impossible_times_are_refused(value):
    assert reason(parse_datetime, value) == f"«{value.split(' ', 1)[1]}» no es una hora que exista"


@pytest.mark.parametrize("value", ["3/10/2026 por la tarde", "3/10/2026 14h30"])
def test_unreadable_time(value):
    assert "no es una hora; escríbala como 14:30 o 2:30 p. m." in reason(parse_datetime, value)


def test_day_first_datetime_with_offset_is_refused():
    assert "hora de Bogotá" in reason(parse_datetime, "3/10/2026 14:30+02:00")


@pytest.mark.parametrize("value", ["2026-10-03T25:00", "2026-02-30T10:00", "1989-12-31T10:00", "2101-01-01 00:00"])
def test_bad_iso_datetimes(value):
    assert reason(parse_datetime, value)


def test_datetime_out_of_range_uses_the_bogota_day():
    # 1 January 1990 05:00 UTC is still 31 December 1989 in Bogotá
    assert "fuera del rango" in reason(parse_datetime, "1990-01-01T04:00:00+00:00")
    assert parse_datetime("1990-01-01T05:00:00+00:00") == bogota(1990, 1, 1)


# --- months -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03", "2026-03"),
        ("2026-3", "2026-03"),
        ("2026/03", "2026-03"),
        ("03/2026", "2026-03"),
        ("3/2026", "2026-03"),
        ("3-2026", "2026-03"),
        ("2026-03-15", "2026-03"),
        ("15/03/2026", "2026-03"),
        (date(2026, 3, 15), "2026-03"),
        (datetime(2026, 3, 31, 23, 0), "2026-03"),
        (serial_of(date(2026, 3, 15)), "2026-03"),
    ],
)
def test_parse_month(value, expected):
    assert parse_month(value) == expected


@pytest.mark.parametrize("value", ["2026-13", "13/2026", "2026-00"])
def test_month_out_of_1_to_12(value):
    assert reason(parse_month, value) == f"«{value}» no es un mes; el mes va de 01 a 12 (AAAA-MM)"


def test_month_unreadable_and_out_of_range():
    assert reason(parse_month, "marzo") == "«marzo» no es un mes; escríbalo como AAAA-MM (por ejemplo 2026-03)"
    assert "fuera del rango" in reason(parse_month, "1989-12")


def test_month_of_year_zero_is_a_cell_error():
    reason(parse_month, "0000-05")


# --- whole numbers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234", 1234),
        ("1.234", 1234),
        ("1 234", 1234),
        ("1\u00a0234", 1234),  # non-breaking space, as es-CO formatting produces
        ("1\u202f234", 1234),  # narrow non-breaking space
        ("1.234.567", 1234567),
        ("12 345 678", 12345678),
        (" 42 ", 42),
        ("0", 0),
        (0, 0),
        (1234, 1234),
        (12.0, 12),
        (1_000_000.0, 1_000_000),
    ],
)
def test_parse_int(value, expected):
    number = parse_int(value)
    assert number == expected and type(number) is int


@pytest.mark.parametrize("value", [12.5, 0.1])
def test_float_with_decimals_is_refused(value):
    assert reason(parse_int, value) == f"«{value}» no es un número entero; escríbalo sin decimales"


@pytest.mark.parametrize("value", [-1, -3.0, "-3", "-1.234"])
def test_negative_numbers_are_refused(value):
    assert reason(parse_int, value) == f"«{value}» es negativo; escriba un número entero de 0 en adelante"


@pytest.mark.parametrize("value", ["doce", "12,5", "12.5", "1.23", "1.2345", "1 23", "12a", "1e3"])
def test_text_that_is_not_a_whole_number(value):
    assert reason(parse_int, value) == f"«{value}» no es un número entero; escríbalo como 1234 o 1.234, sin decimales"


def test_bool_is_not_a_number():
    assert reason(parse_int, True) == "no es un número; escriba un número entero, por ejemplo 1234"


def test_superscript_digits_are_a_cell_error():
    reason(parse_int, "²")


# --- yes / no -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Sí", "Si", "sí", "SI", "x", "X", "TRUE", "true", "Verdadero", " sí ", True, 1])
def test_yes(value):
    assert parse_bool(value) is True


@pytest.mark.parametrize("value", ["No", "no", "NO", "FALSE", "false", "Falso", False, 0])
def test_no(value):
    assert parse_bool(value) is False


@pytest.mark.parametrize("value", ["quizá", "tal vez", "2", 2])
def test_neither_yes_nor_no(value):
    assert reason(parse_bool, value) == f"«{value}» no es sí o no; escriba Sí o No"


# --- lists and links ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Facebook, X", ["Facebook", "X"]),
        ("Facebook;X", ["Facebook", "X"]),
        ("Facebook\nX\nInstagram", ["Facebook", "X", "Instagram"]),
        ("Facebook, ;X;\n\n, Instagram,", ["Facebook", "X", "Instagram"]),
        ("  solo uno ", ["solo uno"]),
        ("a, b; c\nd", ["a", "b", "c", "d"]),
        (["a", " b ", ""], ["a", "b"]),
        (("a",), ["a"]),
    ],
)
def test_parse_list(value, expected):
    assert parse_list(value) == expected


@pytest.mark.parametrize("value", [",", " ; \n ,", []])
def test_list_of_nothing_is_none(value):
    assert parse_list(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://a.co/x?a=1,2, https://b.co/y", ["https://a.co/x?a=1,2", "https://b.co/y"]),
        ("https://a.co/x,y,https://b.co", ["https://a.co/x,y", "https://b.co"]),
        ("https://a.co/p;https://b.co/q", ["https://a.co/p", "https://b.co/q"]),
        ("https://a.co/p\nhttp://b.co/q", ["https://a.co/p", "http://b.co/q"]),
        ("https://a.co/p https://b.co/q", ["https://a.co/p", "https://b.co/q"]),
        ("https://www.facebook.com/photo?fbid=1,2,3", ["https://www.facebook.com/photo?fbid=1,2,3"]),
    ],
)
def test_url_lists_keep_commas_inside_a_link(value, expected):
    assert parse_list(value, urls=True) == expected


@pytest.mark.parametrize("value", ["https://x.com/dadep/status/1", "http://dadep.gov.co", "HTTPS://DADEP.GOV.CO/a,b",
                                   "  https://a.co  "])
def test_urls(value):
    assert parse_url(value) == value.strip()


@pytest.mark.parametrize("value", ["www.dadep.gov.co", "ftp://dadep.gov.co", "dadep.gov.co", "https://",
                                   "https:// a.co", "mailto:a@b.co", "https://a.co/x y"])
def test_urls_must_start_with_http(value):
    assert reason(parse_url, value) == (
        f"«{value.strip()}» no es un enlace; pegue la dirección completa, que empieza por https://"
    )


def test_long_bad_url_is_shortened_in_the_reason():
    text = reason(parse_url, "www." + "a" * 100)
    assert text.startswith("«www." + "a" * 35 + "…»")


# --- text -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  hola ", "hola"),
        (12.0, "12"),
        (12, "12"),
        (12.5, "12.5"),
        ("=IMPORTXML(\"x\")", "=IMPORTXML(\"x\")"),
        ("+57 300", "+57 300"),
        ("-1", "-1"),
        ("@dadep", "@dadep"),
        (date(2026, 10, 3), "2026-10-03"),
        (bogota(2026, 10, 3, 14, 30), "2026-10-03T14:30:00-05:00"),
    ],
)
def test_parse_text(value, expected):
    assert parse_text(value) == expected


# --- writing back ---------------------------------------------------------------------------------------------


def test_format_datetime_text():
    assert format_datetime_text(bogota(2026, 10, 3, 14, 30, 0)) == "2026-10-03T14:30:00-05:00"
    assert format_datetime_text(datetime(2026, 10, 3, 14, 30)) == "2026-10-03T14:30:00-05:00"
    assert format_datetime_text(datetime(2026, 10, 3, 19, 30, 5, 999, tzinfo=UTC)) == "2026-10-03T14:30:05-05:00"


def test_to_serial():
    assert to_serial(date(2026, 10, 3)) == 46298.0
    assert to_serial(bogota(2026, 10, 3, 12)) == 46298.5
    assert to_serial(datetime(2026, 10, 3, 17, tzinfo=UTC)) == 46298.5  # Bogotá's 12:00
    assert to_serial(datetime(2026, 10, 3, 18)) == 46298.75


# --- normalize --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [("Área solicitante", "area SOLICITANTE"), ("  Métricas   de\tcuenta ", "metricas de cuenta"),
     ("Sí", "si"), ("Ñandú", "nandu"), ("Clasificación", "CLASIFICACION")],
)
def test_normalize_ignores_case_accents_and_spaces(a, b):
    assert normalize(a) == normalize(b) == b.lower()


def test_normalize_keeps_different_words_apart():
    assert normalize("Red") != normalize("Redes")
    assert normalize("año") != normalize("ano ano")


# --- properties (hypothesis) -------------------------------------------------------------------------------------

dates = st.dates(min_value=MIN_DATE, max_value=MAX_DATE)
# Whole seconds, real Bogotá wall times (Colombia had summer time in 1992-93: no imaginary times).
moments = st.datetimes(
    min_value=datetime(1990, 1, 1, 0, 0, 0), max_value=datetime(2100, 12, 31, 23, 59, 59),
    timezones=st.just(BOGOTA), allow_imaginary=False,
).map(lambda moment: moment.replace(microsecond=0))


@settings(deadline=None)
@given(dates)
def test_any_date_round_trips_through_every_written_form(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_date(f"{day:%d/%m/%Y}") == day
    assert parse_date(to_serial(day)) == day
    assert parse_date(int(to_serial(day))) == day
    assert parse_date(serial_of(day)) == day
    assert parse_datetime(day.isoformat()) == datetime.combine(day, time(), BOGOTA)
    assert parse_month(day) == f"{day:%Y-%m}"


@settings(deadline=None)
@given(moments)
def test_any_datetime_round_trips_through_iso_text(moment):
    text = format_datetime_text(moment)
    back = parse_datetime(text)
    assert back == moment
    assert format_datetime_text(back) == text


@settings(deadline=None)
@given(moments)
@example(bogota(2026, 10, 3, 14, 29, 59))
@example(bogota(2080, 1, 1, 0, 13, 8))
def test_any_datetime_round_trips_through_a_serial(moment):
    assert parse_datetime(to_serial(moment)) == moment


def test_datetimes_at_whole_minutes_round_trip_through_a_serial():
    start = bogota(2026, 10, 3)
    for minute in range(0, 24 * 60, 7):
        moment = start + timedelta(minutes=minute)
        assert parse_datetime(to_serial(moment)) == moment


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_any_whole_number_round_trips(number):
    assert parse_int(str(number)) == number
    assert parse_int(f"{number:,}".replace(",", ".")) == number
    assert parse_int(f"{number:,}".replace(",", " ")) == number
    assert parse_int(f"{number:,}".replace(",", "\u00a0")) == number
    assert parse_int(number) == number


separator_free = st.text(min_size=1).filter(lambda text: text == text.strip() and text and not set(text) & set(",;\n"))


@settings(deadline=None)
@given(st.lists(separator_free, min_size=1, max_size=8))
def test_any_list_round_trips_through_its_separators(items):
    for separator in (", ", "; ", "\n", ",", ";"):
        assert parse_list(separator.join(items)) == items


@settings(deadline=None)
@given(st.text())
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzáéíóúñü "), min_size=1))
def test_normalize_ignores_case_accents_and_extra_spaces(text):
    shouted = "  " + text.upper().replace(" ", "   ") + "\t"
    plain = text.replace("á", "a").replace("é", "e").replace("í", "i").replace("ó", "o").replace("ú", "u")
    plain = plain.replace("ñ", "n").replace("ü", "u")
    assert normalize(shouted) == normalize(text) == " ".join(plain.split())


PARSERS = [parse_date, parse_datetime, parse_month, parse_int, parse_bool, parse_list, parse_url, parse_text,
           lambda value: parse_list(value, urls=True)]


def only_cell_errors(value):
    for parser in PARSERS:
        try:
            parser(value)
        except CellError as error:
            assert error.reason and isinstance(error.reason, str)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_parsers_raise_only_cell_errors_on_any_text(text):
    only_cell_errors(text)


# Text shaped like the formats above, so that the search reaches deep into each parser.
shaped = st.builds(
    lambda parts, seps: "".join(p + s for p, s in zip(parts, seps, strict=False)),
    st.lists(
        st.one_of(st.integers(0, 99999).map(str), st.integers(0, 99).map("{:02d}".format),
                  st.sampled_from(["T", " ", "p. m.", "a. m.", "am", "Z", "+05:00", "-"])),
        min_size=1, max_size=6,
    ),
    st.lists(st.sampled_from(["/", "-", ":", " ", "T", ".", ""]), min_size=6, max_size=6),
)


@settings(max_examples=200, deadline=None)
@given(shaped)
@example("3/10/2026 25:61")
@example("9/9/99 12:00 p. m.")
def test_parsers_raise_only_cell_errors_on_date_like_text(text):
    only_cell_errors(text)


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-03:00"])
def test_extreme_iso_datetimes_are_cell_errors(text):
    for parser in (parse_date, parse_datetime, parse_month):
        with pytest.raises(CellError):
            parser(text)


@pytest.mark.parametrize("serial", [-1_000_000, 9_000_000.5])
def test_far_serials_are_cell_errors(serial):
    for parser in (parse_date, parse_datetime, parse_month):
        with pytest.raises(CellError):
            parser(serial)


@settings(deadline=None)
@given(st.one_of(st.integers(min_value=-693_000, max_value=2_900_000),
                 st.floats(min_value=-693_000, max_value=2_900_000)))
def test_parsers_raise_only_cell_errors_on_numbers_that_are_valid_datetimes(number):
    only_cell_errors(number)


def test_cell_error_is_a_value_error_with_reason():
    error = CellError("motivo")
    assert isinstance(error, ValueError) and error.reason == "motivo" and str(error) == "motivo"
    assert cells.SHEETS_EPOCH == EPOCH


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_normalize_of_ascii_text_is_the_same_key_as_the_unicode_path(text):
    """The shortcut for ASCII text gives what decomposing and dropping accents gives."""
    decomposed = unicodedata.normalize("NFKD", text)
    slow = " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())
    assert normalize(text) == slow
