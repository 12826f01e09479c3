"""The bulk write path's shortcuts give exactly what the careful path gives.

`register.validated` (a plain loop that keeps values already canonical) must return what the Pydantic model
returns, and refuse what it refuses with the same words; `store.base.text_of` must write each value as
`Column.to_text` does. Big imports rely on both to stay within their time budget.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.sheet.cells import BOGOTA
from core.sheet.contract import MESSAGES_TAB, POSTS_TAB, Kind
from core.sheet.models import InvalidRecord, validate_record, validated
from core.sheet.validation import Context
from core.store.base import text_of

TEXTS = st.one_of(st.text(max_size=12), st.sampled_from(["", "  ", " x ", "x", "a" * 201, "a" * 200, "\u00a0y"]))
MOMENTS = st.one_of(
    st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2110, 1, 1)).map(
        lambda moment: moment.replace(tzinfo=BOGOTA)),
    st.datetimes(min_value=datetime(1989, 12, 31), max_value=datetime(2101, 1, 2), timezones=st.just(UTC)),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1)),  # naive
    st.sampled_from(["3/10/2026 2:30 p. m.", "2026-10-03T14:30:00-05:00", "ayer"]),
)
VALUES = {
    Kind.TEXT: TEXTS, Kind.ID: TEXTS,
    Kind.INT: st.one_of(st.integers(-5, 10**16), st.sampled_from([1.0, 2.5, "1.234", True, "x"])),
    Kind.ENUM: st.one_of(st.sampled_from(["X", "Twitter", "Publicada", "Programada", "Cubrimiento", "Reel",
                                          " X", "nada", ""]), TEXTS),
    Kind.DATETIME: MOMENTS,
    Kind.DATE: st.one_of(st.dates(min_value=date(1985, 1, 1), max_value=date(2105, 1, 1)), MOMENTS),
    Kind.URL: st.sampled_from(["https://x.com/a/status/1", " https://x.com/b ", "x.com/c", ""]),
    Kind.BOOL: st.sampled_from([True, False, "Sí", "no", "quizá", ""]),
}


def records(tab):
    """Records with any of the tab's columns, each empty, canonical, typed as people type, or wrong."""
    columns = [column for column in tab.columns if column.kind in VALUES]
    return st.fixed_dictionaries({}, optional={column.name: st.one_of(st.none(), VALUES[column.kind])
                                               for column in columns})


IN_RANGE = st.one_of(
    st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2100, 12, 30)).map(
        lambda moment: moment.replace(tzinfo=BOGOTA)),
    st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2100, 12, 30), timezones=st.just(UTC)),
    st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2100, 12, 30)),
    st.sampled_from(["3/10/2026 2:30 p. m.", "2026-10-03T14:30:00-05:00"]),
)


def good(column):
    """Values the column accepts: canonical ones, and others it reads into canonical ones."""
    kind = column.kind
    if kind is Kind.ENUM:
        return st.sampled_from([*column.choices.values, *column.choices.aliases, *(f" {value}" for value in
                                                                                 column.choices.values)])
    if kind in (Kind.TEXT, Kind.ID):
        return st.one_of(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
                         .filter(str.strip), st.sampled_from([" x ", "a" * 200, "x\n"]))
    if kind is Kind.INT:
        return st.one_of(st.integers(0, 10**12), st.sampled_from([1.0, "1.234", "0"]))
    if kind is Kind.DATETIME:
        return IN_RANGE
    if kind is Kind.DATE:
        return st.one_of(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), IN_RANGE)
    if kind is Kind.URL:
        return st.sampled_from(["https://x.com/a/status/1", " https://x.com/b "])
    return st.sampled_from([True, False, "Sí", "no"])


def good_records(tab):
    """Records the register accepts (every required field filled): both roads must give the same values."""
    columns = [column for column in tab.columns if column.kind in VALUES]
    return st.fixed_dictionaries({column.name: good(column) for column in columns if column.required},
                                 optional={column.name: st.one_of(st.none(), good(column))
                                           for column in columns if not column.required})


def bad(column):
    """Values the column refuses."""
    kind = column.kind
    if kind is Kind.ENUM:
        return st.sampled_from(["Myspace", "Publicadísima"])
    if kind in (Kind.TEXT, Kind.ID):
        return st.just("a" * (column.cap + 1))
    if kind is Kind.INT:
        return st.sampled_from([-1, 10**15 + 1, 2.5, "x", True])
    if kind in (Kind.DATETIME, Kind.DATE):
        return st.sampled_from([date(1989, 12, 31), date(2101, 1, 1), datetime(1989, 12, 31, 23, tzinfo=BOGOTA),
                                datetime(2101, 1, 1, tzinfo=BOGOTA), "ayer"])
    if kind is Kind.URL:
        return st.just("x.com/c")
    return st.just("quizá")


def one_bad_field(tab):
    """An accepted record with one field made wrong: the refusal must be word for word the form's."""
    columns = [column for column in tab.columns if column.kind in VALUES]
    return st.tuples(good_records(tab), st.sampled_from(columns)).flatmap(
        lambda pair: bad(pair[1]).map(lambda value: {**pair[0], pair[1].name: value}))


def outcome(tab, values):
    try:
        return "ok", validate_record(tab, values, Context())
    except InvalidRecord as error:
        return "refused", str(error)


def fast(tab, values):
    try:
        return "ok", validated(tab, values, Context())
    except InvalidRecord as error:
        return "refused", str(error)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(POSTS_TAB))
def test_validated_is_validate_record_for_posts(values):
    assert fast(POSTS_TAB, values) == outcome(POSTS_TAB, values)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([POSTS_TAB, MESSAGES_TAB]).flatmap(lambda tab: st.tuples(st.just(tab), good_records(tab))))
def test_validated_gives_the_same_values_for_records_the_register_accepts(tab_and_values):
    tab, values = tab_and_values
    assert fast(tab, values) == outcome(tab, values)
    assert fast(tab, values)[0] == "ok"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([POSTS_TAB, MESSAGES_TAB]).flatmap(lambda tab: st.tuples(st.just(tab), one_bad_field(tab))))
def test_validated_refuses_like_the_form(tab_and_values):
    tab, values = tab_and_values
    assert fast(tab, values) == outcome(tab, values)
    assert fast(tab, values)[0] == "refused"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(MESSAGES_TAB))
def test_validated_is_validate_record_for_messages(values):
    assert fast(MESSAGES_TAB, values) == outcome(MESSAGES_TAB, values)


def test_validated_keeps_what_an_import_builds_and_refuses_like_the_form():
    moment = datetime(2021, 10, 29, 12, 0, tzinfo=BOGOTA)
    record = {"Origen": "Cubrimiento", "Red": "X", "Programada": moment, "Publicada": moment, "Estado": "Publicada",
              "Copy": "Hola & chao", "Enlace": "https://twitter.com/a/status/1", "ID en la red": "1",
              "Impresiones": 1209, "Interacciones": 13, "Métricas al": date(2021, 11, 1)}
    assert validated(POSTS_TAB, record, Context()) == validate_record(POSTS_TAB, record, Context())
    utc = {**record, "Programada": moment.astimezone(UTC), "Interacciones": -1, "Nada": 1}
    assert fast(POSTS_TAB, utc) == outcome(POSTS_TAB, utc) and fast(POSTS_TAB, utc)[0] == "refused"


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([column for column in (*POSTS_TAB.columns, *MESSAGES_TAB.columns)]), st.data())
def test_text_of_writes_what_to_text_writes(column, data):
    value = data.draw(VALUES.get(column.kind, TEXTS))
    try:
        expected = column.to_text(value)
    except (AttributeError, TypeError, ValueError):
        return  # not a value any writer hands a store
    memo: dict = {}
    assert text_of(column)(value) == expected
    assert text_of(column, memo)(value) == expected and text_of(column, memo)(value) == expected


def test_a_batch_memo_never_mixes_a_date_with_a_moment():
    memo: dict = {}
    moment = datetime(2026, 3, 26, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    day, at = POSTS_TAB.column("Métricas al"), POSTS_TAB.column("Publicada")
    assert text_of(at, memo)(moment) == "2026-03-26T23:30:00-05:00"
    assert text_of(day, memo)(moment) == "2026-03-26"
