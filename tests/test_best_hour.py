"""Mejor hora (histórico): the weekday × hour grid, its ranking, the free-slot recommendation, the chart and
`python -m core mejor-hora`, on synthetic grids with known answers, on real Facebook posts and on the demo."""

from __future__ import annotations

import csv
import io
import random
import re
import statistics
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from core import demo
from core.charts import best_hour_chart, best_hour_rows, best_hour_table
from core.cli.main import main
from core.demo.post_values import hour_factor
from core.domain.best_hour import DAYS, MIN_POSTS, grid, recommend, widened, window, window_text
from core.register import open_register
from tests.cli_kit import run_streams as run

BOGOTA = ZoneInfo("America/Bogota")
UCI = Path(__file__).parent / "fixtures" / "real" / "facebook_uci_post_metrics_2014.csv"
UNTIL = date(2026, 11, 28)  # a Saturday
MONDAY = date(2026, 11, 16)  # a Monday inside the default window ending on UNTIL
TEXT = ("ID", "Red", "Estado")
MOMENTS = ("Programada", "Publicada")
NUMBERS = ("Alcance", "Impresiones", "Reproducciones", "Interacciones", "Reacciones", "Comentarios",
           "Compartidos", "Guardados", "Clics")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), BOGOTA)


def post(moment: datetime, interactions: int | None = 10, reach: int | None = 1024, network: str = "Facebook",
         state: str = "Publicada", **extra) -> dict:
    row = {"Red": network, "Estado": state, "Programada": moment, "Alcance": reach, "Interacciones": interactions}
    if state == "Publicada":
        row["Publicada"] = moment
    row.update(extra)
    return row


def frame(rows: list[dict]) -> pd.DataFrame:
    """Posts with the register's dtypes (Bogotá moments, Int64 figures, str text), rows numbered from 2."""
    table = pd.DataFrame(rows, columns=[*TEXT, *MOMENTS, *NUMBERS])
    table["ID"] = [f"PUB-{index}" for index in range(len(table))]
    for name in TEXT:
        table[name] = table[name].astype("str")
    for name in MOMENTS:
        table[name] = pd.to_datetime(table[name].astype(object), utc=True).dt.tz_convert(BOGOTA).dt.as_unit("us")
    for name in NUMBERS:
        table[name] = table[name].astype("Int64")
    table.index = pd.RangeIndex(2, len(table) + 2)
    return table


def cell_posts(day_offset: int, hour: int, interactions: list[int], **kwargs) -> list[dict]:
    """Posts in one cell (weekday of MONDAY + day_offset, at `hour`), in successive weeks back from MONDAY."""
    return [post(at(MONDAY + timedelta(days=day_offset - 7 * week), hour, 5), count, **kwargs)
            for week, count in enumerate(interactions)]


def reference_ranking(cells: dict[tuple[int, int], list[float]]) -> tuple[list, list]:
    """The ranking by hand, in plain Python: (dia, hora, median, count) of ranked cells best first, and the
    thin cells in weekday/hour order."""
    ranked = [(d, h, statistics.median(v), len(v)) for (d, h), v in cells.items() if len(v) >= MIN_POSTS]
    ranked.sort(key=lambda c: (-c[2], -c[3], c[0], c[1]))
    thin = sorted((d, h, statistics.median(v), len(v)) for (d, h), v in cells.items() if len(v) < MIN_POSTS)
    return ranked, thin


def as_tuples(table: pd.DataFrame) -> list[tuple]:
    return [(int(r.dia), int(r.hora), float(r.engagement), int(r.publicaciones)) for r in table.itertuples()]


# --- the grid and its ranking --------------------------------------------------------------------------


def test_a_grid_with_a_known_answer():
    rows = [
        *cell_posts(1, 8, [48, 64, 160]),  # martes 8: median 64/1024, 3 posts
        *cell_posts(2, 19, [32, 48, 80, 96]),  # miércoles 19: median (48+80)/2 = 64/1024, 4 posts: wins the tie
        *cell_posts(3, 9, [64, 16, 200]),  # jueves 9: 64/1024 and 3 posts, like martes 8 but a later day
        *cell_posts(0, 7, [30, 31, 32]),  # lunes 7: 31/1024
        *cell_posts(4, 12, [500, 500]),  # viernes 12: far better, but only 2 posts: pocos datos
        *cell_posts(6, 10, [600]),  # domingo 10: one post
    ]
    history = grid(frame(rows), "Facebook", UNTIL)
    ranking = history.ranking()
    assert [(r.dia, r.hora, r.puesto) for r in ranking.itertuples()] == [
        (2, 19, 1), (1, 8, 2), (3, 9, 3), (0, 7, 4), (4, 12, pd.NA), (6, 10, pd.NA)]
    assert list(ranking["engagement"][:4]) == [64 / 1024, 64 / 1024, 64 / 1024, 31 / 1024]
    assert list(ranking["clasificada"]) == [True] * 4 + [False] * 2
    assert history.posts == 16 and history.bases == {"Alcance": 16}
    cells = history.cells
    assert len(cells) == 168 and cells["publicaciones"].sum() == 16
    assert cells.loc[cells["publicaciones"] == 0, "engagement"].isna().all()


def test_random_grids_rank_like_plain_python():
    """Thin cells are never ranked, nor ranked above full ones, and the order is the hand-made one."""
    rng = random.Random(5)
    for _ in range(20):
        rows, cells = [], defaultdict(list)
        for _ in range(rng.randint(0, 300)):
            day, hour = rng.randint(0, 6), rng.choice((7, 8, 9, 12, 18, 19, 23))
            reach, count = rng.randint(1, 5000), rng.choice((0, 1, 5, 7, 40, 99))  # ties happen
            rows.append(post(at(MONDAY + timedelta(days=day - 7 * rng.randint(0, 14)), hour, rng.randint(0, 59)),
                             count, reach))
            cells[day, hour].append(count / reach)
        history = grid(frame(rows), "Facebook", UNTIL)
        ranking = history.ranking()
        ranked, thin = reference_ranking(cells)
        got = as_tuples(ranking)
        assert [c[:2] + (c[3],) for c in got] == [c[:2] + (c[3],) for c in ranked + thin]
        assert [c[2] for c in got] == pytest.approx([c[2] for c in ranked + thin])
        flags = list(ranking["clasificada"])
        assert flags == sorted(flags, reverse=True)  # every ranked cell before every thin one
        assert list(ranking["puesto"][: len(ranked)]) == list(range(1, len(ranked) + 1))


def test_window_boundaries_include_both_ends():
    assert window(UNTIL, 2) == (date(2026, 11, 15), UNTIL)
    assert window(UNTIL, 16) == (date(2026, 8, 9), UNTIL)
    first, last = window(UNTIL, 2)
    rows = [
        post(at(first - timedelta(days=1), 23, 59), 10),  # out: the evening before the window
        post(at(first, 0, 0), 20),  # in: its first minute
        post(at(last, 23, 59), 30),  # in: its last minute
        post(at(last + timedelta(days=1), 0, 0), 40),  # out: the next day
    ]
    history = grid(frame(rows), "Facebook", UNTIL, weeks=2)
    counted = history.cells[history.cells["publicaciones"] > 0]
    assert history.posts == 2 and (history.start, history.end) == (first, last)
    assert sorted((r.dia, r.hora, r.engagement) for r in counted.itertuples()) == sorted([
        (first.weekday(), 0, 20 / 1024), (last.weekday(), 23, 30 / 1024)])
    with pytest.raises(ValueError):
        window(UNTIL, 0)


def test_cells_are_in_bogota_time():
    """A post at 23:30 in Bogotá (04:30 UTC of the next day) is hour 23 of its own weekday, whatever time zone
    the column carries."""
    monday_night = at(MONDAY, 23, 30)
    table = frame([post(monday_night, 10)])
    in_utc = table.assign(Publicada=table["Publicada"].dt.tz_convert("UTC"))
    naive = table.assign(Publicada=table["Publicada"].dt.tz_localize(None))  # naive moments are Bogotá's
    for posts in (table, in_utc, naive):
        counted = grid(posts, "Facebook", UNTIL).cells.query("publicaciones > 0")
        assert [(r.dia, r.hora) for r in counted.itertuples()] == [(0, 23)]


def test_cells_are_in_bogota_time_through_the_register(writer, register):
    writer.create_many("Publicaciones", [
        {"Red": "Instagram", "Programada": "2026-11-16 23:30", "Publicada": "16/11/2026 11:30 p. m.",
         "Estado": "Publicada", "Alcance": 200, "Interacciones": 10},
    ])
    posts = register.snapshot(refresh=True).tables["Publicaciones"]
    counted = grid(posts, "Instagram", UNTIL).cells.query("publicaciones > 0")
    assert [(r.dia, r.hora, r.engagement) for r in counted.itertuples()] == [(0, 23, 0.05)]


def test_only_published_posts_of_the_network_with_metrics_count():
    moment = at(MONDAY, 9)
    rows = [
        post(moment, 50),  # counts
        post(moment, 500, state="Cancelada", Publicada=moment),  # cancelled, even with a time and figures
        post(moment, 500, state="Programada"),  # not out yet
        post(moment, 500, network="X", Impresiones=1024),  # another network
        post(moment, None, Reacciones=None),  # no interactions: no rate, not a zero
        post(moment, 10, reach=None),  # no base: no rate
        post(moment, 0, reach=0),  # a zero base is no base
    ]
    history = grid(frame(rows), "Facebook", UNTIL)
    counted = history.cells.query("publicaciones > 0")
    assert [(r.dia, r.hora, r.publicaciones, r.engagement) for r in counted.itertuples()] == [(0, 9, 1, 50 / 1024)]
    assert grid(frame(rows), "X", UNTIL).posts == 1
    assert grid(frame(rows), "TikTok", UNTIL).ranking().empty


# --- the recommendation --------------------------------------------------------------------------------


def ranked_history_rows() -> list[dict]:
    """Five ranked cells, best first: martes 8, miércoles 19, jueves 9, lunes 7, viernes 18."""
    rows = []
    for (day, hour), count in {(1, 8): 90, (2, 19): 80, (3, 9): 70, (0, 7): 60, (4, 18): 50}.items():
        rows += cell_posts(day, hour, [count] * 3)
    return rows


def test_recommend_gives_the_three_best_free_future_slots():
    week = date(2026, 12, 2)  # a Wednesday: the week is lunes 30/11 to domingo 06/12
    now = at(date(2026, 11, 28), 12)
    slots = recommend(frame(ranked_history_rows()), "Facebook", week, now)
    assert [slot.moment for slot in slots] == [at(date(2026, 12, 1), 8), at(date(2026, 12, 2), 19),
                                               at(date(2026, 12, 3), 9)]
    assert [slot.puesto for slot in slots] == [1, 2, 3]
    assert slots[0].engagement == pytest.approx(90 / 1024) and slots[0].publicaciones == 3
    assert all(slot.moment.tzinfo is not None and slot.moment.utcoffset() == timedelta(hours=-5) for slot in slots)


def test_recommend_skips_taken_and_past_slots():
    monday = date(2026, 11, 30)
    rows = ranked_history_rows() + [
        post(at(monday + timedelta(days=1), 8, 30), state="Programada"),  # 30 min after martes 8: taken
        post(at(monday + timedelta(days=2), 20, 0), state="Programada"),  # exactly 60 min after miércoles 19: free
        post(at(monday + timedelta(days=3), 9, 0), state="Cancelada"),  # cancelled: jueves 9 stays free
        post(at(monday + timedelta(days=4), 18, 0), network="X", state="Programada"),  # another network
        # published 7:20 though scheduled at 9: lunes 7 is taken by when it went out
        post(at(monday, 9, 0), state="Publicada", Publicada=at(monday, 7, 20)),
    ]
    posts = frame(rows)
    slots = recommend(posts, "Facebook", monday, at(monday - timedelta(days=2), 12), until=UNTIL)
    assert [(slot.dia, slot.hora) for slot in slots] == [(2, 19), (3, 9), (4, 18)]
    # the same week seen on Wednesday at noon: miércoles 19 and later are still ahead, martes is past
    later = recommend(posts, "Facebook", monday, at(monday + timedelta(days=2), 19, 0), until=UNTIL)
    assert [(slot.dia, slot.hora) for slot in later] == [(3, 9), (4, 18)]  # 19:00 itself is no longer ahead
    taken = frame([*rows, post(at(monday + timedelta(days=2), 18, 1), state="Programada")])  # 59 min before
    assert [(s.dia, s.hora) for s in recommend(taken, "Facebook", monday, at(monday, 0), until=UNTIL)] == [
        (3, 9), (4, 18)]


def test_ranked_cells_come_first_and_thin_ones_only_fill_in_marked():
    rows = ranked_history_rows()[:3] + cell_posts(5, 10, [900, 900]) + cell_posts(6, 11, [950])  # 1 ranked, 2 thin
    slots = recommend(frame(rows), "Facebook", date(2026, 11, 30), at(UNTIL, 12))
    # the thin cells are better, but come after the ranked one; between them, the better median first
    assert [(slot.dia, slot.hora, slot.puesto) for slot in slots] == [(1, 8, 1), (6, 11, None), (5, 10, None)]
    assert recommend(frame(rows), "TikTok", date(2026, 11, 30), at(UNTIL, 12)) == []
    full = ranked_history_rows() + cell_posts(5, 10, [900, 900])  # five ranked cells: no thin one is needed
    assert all(slot.puesto for slot in recommend(frame(full), "Facebook", date(2026, 11, 30), at(UNTIL, 12)))


def test_recommend_offers_nothing_after_the_latest_day():
    week, now = date(2026, 12, 2), at(date(2026, 11, 28), 12)  # lunes 30/11 to domingo 06/12
    posts = frame(ranked_history_rows())  # martes 8, miércoles 19, jueves 9, lunes 7, viernes 18
    # up to Wednesday, that day included: jueves 9 is left out, lunes 7 (fourth) comes in
    until_wednesday = recommend(posts, "Facebook", week, now, latest=date(2026, 12, 2))
    assert [slot.moment for slot in until_wednesday] == [at(date(2026, 12, 1), 8), at(date(2026, 12, 2), 19),
                                                         at(date(2026, 11, 30), 7)]
    assert [slot.moment for slot in recommend(posts, "Facebook", week, now, latest=date(2026, 11, 30))] == [
        at(date(2026, 11, 30), 7)]
    assert recommend(posts, "Facebook", week, now, latest=date(2026, 11, 29)) == []  # the week is after it
    later = recommend(posts, "Facebook", week, now, latest=date(2026, 12, 31))  # after the week: no change
    assert later == recommend(posts, "Facebook", week, now) and len(later) == 3


# --- the suggestion's window ----------------------------------------------------------------------------


def weeks_back(weeks: int, cells: dict[tuple[int, int], int], network: str = "Facebook") -> list[dict]:
    """Three posts in each cell (weekday, hour), in the weeks `weeks`, `weeks + 1` and `weeks + 2` before UNTIL's."""
    monday = UNTIL - timedelta(days=UNTIL.weekday())
    return [post(at(monday - timedelta(weeks=weeks + back) + timedelta(days=day), hour), count, network=network)
            for (day, hour), count in cells.items() for back in range(3)]


def test_a_network_whose_posts_are_40_weeks_old_gets_a_suggestion_from_52_weeks():
    posts = frame(weeks_back(40, {(1, 8): 90, (2, 19): 80, (3, 9): 70}))
    assert grid(posts, "Facebook", UNTIL).posts == 0  # the old fixed 16 weeks saw nothing
    history = widened(posts, "Facebook", UNTIL)
    assert (history.weeks, history.start, history.end, history.ranked) == (52, date(2025, 11, 30), UNTIL, 3)
    assert window_text(history) == "según las últimas 52 semanas"
    slots = recommend(posts, "Facebook", date(2026, 12, 2), at(UNTIL, 12))
    assert [(slot.dia, slot.hora, slot.puesto) for slot in slots] == [(1, 8, 1), (2, 19, 2), (3, 9, 3)]


def test_the_window_is_the_narrowest_with_three_ranked_cells():
    recent = weeks_back(1, {(1, 8): 90, (2, 19): 80})  # two ranked cells in 16 weeks: not enough
    older = weeks_back(20, {(3, 9): 70})  # the third, within 26 weeks
    assert widened(frame(recent + older), "Facebook", UNTIL).weeks == 26
    assert widened(frame(recent + older + weeks_back(2, {(0, 7): 60})), "Facebook", UNTIL).weeks == 16
    # never three ranked cells: the widest window, whose thin cells still give hours
    history = widened(frame(recent[:3] + weeks_back(90, {(4, 18): 50})[:1]), "Facebook", UNTIL)
    assert (history.weeks, history.ranked, history.posts) == (104, 1, 4)
    slots = recommend(frame(recent[:3] + weeks_back(90, {(4, 18): 50})[:1]), "Facebook", date(2026, 12, 2),
                      at(UNTIL, 12))
    assert [(slot.dia, slot.hora, slot.puesto) for slot in slots] == [(1, 8, 1), (4, 18, None)]


def test_a_network_without_history_gets_no_suggestion():
    posts = frame([*weeks_back(1, {(1, 8): 90}, network="X"),
                   post(at(MONDAY, 9), None, network="TikTok"),  # published without figures: no history
                   post(at(MONDAY, 9), 10, network="TikTok", state="Programada"),  # not out yet
                   *weeks_back(110, {(1, 8): 90}, network="TikTok")])  # older than 104 weeks
    history = widened(posts, "TikTok", UNTIL)
    assert (history.weeks, history.posts) == (104, 0)
    assert recommend(posts, "TikTok", date(2026, 12, 2), at(UNTIL, 12)) == []
    assert recommend(posts, "X", date(2026, 12, 2), at(UNTIL, 12))  # X has history: a suggestion


# --- real posts: the UCI Facebook metrics file ---------------------------------------------------------


def uci_rows() -> list[dict]:
    with UCI.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_uci_weekday_one_is_sunday():
    """The file has no dates; its rows run newest first through 2014. Reading weekday 1 as Sunday is the only
    reading that lets every post fall, in order, on its weekday inside its own month."""
    rows = uci_rows()[::-1]
    fits = []
    for sunday_code_offset in range(7):  # code c is Python weekday (c - 1 + offset) % 7
        day, fit = date(2014, 1, 1), True
        for row in rows:
            month, want = int(row["Post Month"]), (int(row["Post Weekday"]) - 1 + sunday_code_offset) % 7
            day = max(day, date(2014, month, 1))
            while day.weekday() != want:
                day += timedelta(days=1)
            if day.month != month:
                fit = False
                break
        fits.append(fit)
    assert fits == [offset == 6 for offset in range(7)]  # offset 6: code 1 is weekday 6, Sunday


def test_uci_posts_rank_as_computed_by_hand():
    weeks = 16
    first, last = window(date(2026, 11, 29), weeks)  # a Sunday: the window is 16 whole weeks
    rows, cells = [], defaultdict(list)
    for index, row in enumerate(uci_rows()):
        day = (int(row["Post Weekday"]) + 5) % 7  # 1 Sunday -> 6, 2 Monday -> 0
        hour = int(row["Post Hour"])
        reach, interactions = int(row["Lifetime Post Total Reach"]), int(row["Total Interactions"])
        moment = at(first + timedelta(days=7 * (index % weeks) + day), hour, index % 60)
        rows.append(post(moment, interactions, reach))
        cells[day, hour].append(interactions / reach)
    history = grid(frame(rows), "Facebook", last, weeks)
    ranked, thin = reference_ranking(cells)
    got = as_tuples(history.ranking())
    assert len(got) == len(cells) and history.posts == 500 and len(ranked) >= 20
    assert [c[:2] + (c[3],) for c in got] == [c[:2] + (c[3],) for c in ranked + thin]
    assert [c[2] for c in got] == pytest.approx([c[2] for c in ranked + thin])


# --- the chart and its table ---------------------------------------------------------------------------


def test_chart_builds_on_at_most_168_rows_in_spanish():
    history = grid(frame(ranked_history_rows() + cell_posts(5, 10, [900, 901])), "Facebook", UNTIL)
    spec = best_hour_chart(history).to_dict()
    datasets = list(spec["datasets"].values())
    assert len(datasets) == 1 and len(datasets[0]) <= 168
    rows = {(r["dia"], r["hora"]): r for r in datasets[0]}
    assert rows["martes", 8]["engagement_texto"] == "8,8 % sobre alcance"
    assert rows["martes", 8]["puesto"] == "1 de 5" and rows["martes", 8]["etiqueta"] == "3"
    assert rows["sábado", 10]["estado"] == "pocos datos" and "pocos datos" in rows["sábado", 10]["puesto"]
    assert rows["domingo", 3]["estado"] == "sin publicaciones" and rows["domingo", 3]["etiqueta"] == ""
    assert spec["title"]["text"] == "Mejor hora en Facebook"
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    table = best_hour_table(history)
    assert list(table.columns) == ["Puesto", "Día", "Hora", "Engagement mediano", "Publicaciones"]
    assert table.iloc[0].tolist() == ["1", "martes", "8:00 a. m.", "8,8 %", "3"]
    assert table.iloc[-1].tolist() == ["pocos datos", "sábado", "10:00 a. m.", "87,9 %", "2"]
    assert len(table) == len(best_hour_rows(history).query("publicaciones > 0"))


def test_chart_renders_with_spanish_labels():
    import vl_convert  # pinned in requirements.txt: the reports render the same charts with it
    history = grid(frame(ranked_history_rows() + cell_posts(5, 10, [900, 901])), "Facebook", UNTIL)
    svg = vl_convert.vegalite_to_svg(best_hour_chart(history).to_dict())
    assert "Mejor hora en Facebook" in svg and "miércoles" in svg
    assert "6 p. m." in svg and "%" in svg and "pocos datos" in svg
    legend = [label for label in ("5,0 %", "6,0 %", "7,0 %", "8,0 %") if label in svg]
    assert legend and "5.0%" not in svg


def test_empty_chart_and_table():
    history = grid(frame([]), "YouTube", UNTIL)
    assert best_hour_table(history).empty
    spec = best_hour_chart(history).to_dict()
    assert len(next(iter(spec["datasets"].values()))) == 168


# --- the command line ----------------------------------------------------------------------------------




def demo_factor(day: int, hour: int) -> float:
    """How much the demo generator favours a weekday and hour (core.demo's own rule)."""
    return hour_factor(hour) * demo.WEEKDAY_FACTOR[day]


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    """One demo register (3,000 rows, two years to 28/11/2026) for the module's read-only CLI tests."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'divulga.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIVULGA_STORE", url)
        assert main(["--usuario", "Prueba", "demo", "--filas", "3000", "--hoy", "2026-11-28"]) == 0
    return url


@pytest.fixture
def demo_store(demo_url, monkeypatch):
    monkeypatch.setenv("DIVULGA_STORE", demo_url)
    return demo_url


def test_cli_csv_ranks_the_demo_best_hours_first(demo_store, capsys):
    best = {(day, hour) for day in range(7) for hour in range(24) if demo_factor(day, hour) >= 1.4}
    assert {hour for _, hour in best} == {7, 8, 9, 18, 19, 20}  # mornings and evenings, Monday to Friday
    posts = open_register(demo_store).snapshot(refresh=True).tables["Publicaciones"]
    for network in ("Facebook", "X", "Instagram"):
        code, out, _ = run(capsys, "mejor-hora", "--red", network, "--semanas", "104", "--hasta", "2026-11-28",
                           "--formato", "csv")
        assert code == 0
        lines = out.splitlines()
        assert lines[0] == "dia,hora,engagement,publicaciones"
        assert all(re.fullmatch(r"[a-záé]+,\d{1,2},0\.\d{6},\d+", line) for line in lines[1:])
        rows = [(DAYS.index(d), int(h), float(e), int(n)) for d, h, e, n in list(csv.reader(io.StringIO(out)))[1:]]
        expected = as_tuples(grid(posts, network, UNTIL, 104).ranking())  # the CLI prints the grid's ranking
        assert [r[:2] + (r[3],) for r in rows] == [r[:2] + (r[3],) for r in expected]
        assert [r[2] for r in rows] == pytest.approx([r[2] for r in expected], abs=1e-6)
        full = [r for r in rows if r[3] >= MIN_POSTS]
        assert len(full) >= 20 and rows[: len(full)] == full  # thin cells last
        assert all(r[3] < MIN_POSTS for r in rows[len(full):]) and len(rows) > len(full)
        assert [r[2] for r in full] == sorted((r[2] for r in full), reverse=True)
        # the demo favours mornings and evenings of working days: they lead the ranking
        top3 = [(d, h) for d, h, _, _ in full[:3]]
        assert sum(cell in best for cell in top3) >= 2, (network, top3)
        assert statistics.mean(demo_factor(*cell) for cell in top3) > statistics.mean(
            demo_factor(d, h) for d, h, _, _ in full) + 0.1


def test_cli_text(demo_store, capsys):
    code, out, _ = run(capsys, "mejor-hora", "--red", "facebook", "--semanas", "104", "--hasta", "2026-11-28")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Mejor hora en Facebook, del 01/12/2024 al 28/11/2026 (104 semanas), hora de Bogotá: "
                               "engagement mediano sobre alcance de ")
    assert lines[1].startswith("  1. ") and " %" in lines[1] and "," in lines[1].split("%")[0]
    split = lines.index(f"Pocos datos (menos de {MIN_POSTS} publicaciones; sin clasificar):")
    assert all(line.lstrip()[0].isdigit() for line in lines[1:split])
    assert split + 1 < len(lines) and all(line.lstrip().startswith("- ") for line in lines[split + 1:])
    assert any("1 publicación" in line for line in lines[split + 1:])


def test_cli_reads_the_suggestions_window_unless_told_and_says_which(writer, register, capsys):
    writer.create_many("Publicaciones", [{**row, "Origen": "Coyuntura"}
                                         for row in weeks_back(40, {(1, 8): 90, (2, 19): 80, (3, 9): 70})])
    code, out, _ = run(capsys, "mejor-hora", "--red", "Facebook", "--hasta", "2026-11-28")
    lines = out.splitlines()
    assert code == 0 and lines[0] == (
        "Mejor hora en Facebook, del 30/11/2025 al 28/11/2026 (52 semanas, ampliada: con menos semanas no había 3 "
        "franjas clasificadas), hora de Bogotá: engagement mediano sobre alcance de 9 publicaciones.")
    assert [line.split()[:3] for line in lines[1:]] == [["1.", "martes", "8:00"], ["2.", "miércoles", "7:00"],
                                                        ["3.", "jueves", "9:00"]]
    code, out, _ = run(capsys, "mejor-hora", "--red", "Facebook", "--hasta", "2026-11-28", "--semanas", "16")
    assert out.startswith("Facebook no tiene publicaciones con métricas del 09/08/2026 al 28/11/2026 (16 semanas)")


def test_cli_without_posts_and_bad_networks(register, capsys):
    code, out, _ = run(capsys, "mejor-hora", "--red", "Twitter", "--hasta", "2020-01-01")
    assert code == 0
    assert out == "X no tiene publicaciones con métricas del 04/01/2018 al 01/01/2020 (104 semanas): no hay mejor " \
                  "hora que mostrar.\n"
    code, out, _ = run(capsys, "mejor-hora", "--red", "Twitter", "--hasta", "2020-01-01", "--semanas", "16")
    assert out.startswith("X no tiene publicaciones con métricas del 12/09/2019 al 01/01/2020 (16 semanas)")
    code, out, _ = run(capsys, "mejor-hora", "--red", "X", "--hasta", "2020-01-01", "--formato", "csv")
    assert (code, out) == (0, "dia,hora,engagement,publicaciones\n")
    code, _, err = run(capsys, "mejor-hora", "--red", "Threads")
    assert code == 2 and "«Threads» no está en la lista de redes" in err
    register.writer("Prueba").create_many("Listas", [{"Redes": "Threads"}])
    code, out, _ = run(capsys, "mejor-hora", "--red", "threads", "--hasta", "2026-11-28")
    assert code == 0 and out.startswith("Threads no tiene publicaciones")
    code, _, err = run(capsys, "mejor-hora", "--red", "X", "--semanas", "0")
    assert code == 2 and "mayor que 0" in err
    code, _, err = run(capsys, "mejor-hora", "--semanas", "4")
    assert code == 2 and "faltan argumentos obligatorios: --red" in err
