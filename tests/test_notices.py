"""The notices of a tab's rows (`validation.frame_notices`) come from one of two roads — whole columns for a tab,
row by row for the few rows a write adds — and both say the same, in the same order, of any rows."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.sheet.contract import tab
from core.sheet.validation import Context, _notices_by_column, _notices_row_by_row, validate_tab

AREAS = ["Subdirección de Registro", "subdirección de registro ", "Oficina Jurídica", None]
TITLES = ["Jornada", "jornada", " JORNADA", "Feria", None]
DAYS = ["2026-11-02", "2026-11-03", None]
CONTEXT = Context(areas=frozenset({"subdireccion de registro"}), journalists=frozenset({"ana perez"}))


@st.composite
def requests(draw):
    """Rows of Solicitudes as typed: alike titles and areas, some without ID or without a key's cell."""
    headers = ["ID", "Fecha de solicitud", "Área solicitante", "Solicitante", "Título", "Necesidad", "Redes",
               "Fecha de publicación", "Etapa", "Periodista"]
    rows = []
    for number in range(draw(st.integers(0, 12))):
        rows.append((draw(st.sampled_from([f"SOL-20261102-{number:04d}", None])), draw(st.sampled_from(DAYS)),
                     draw(st.sampled_from(AREAS)), "Ana", draw(st.sampled_from(TITLES)), "Contar", "X",
                     "2026-11-20", "Identificar las necesidades",
                     draw(st.sampled_from(["Ana Pérez", "ana perez", "Luis Gómez", None]))))
    return headers, rows


@st.composite
def messages(draw):
    headers = ["ID", "Recibido", "Red", "Usuario", "Enlace", "Mensaje"]
    rows = []
    for number in range(draw(st.integers(0, 12))):
        rows.append((draw(st.sampled_from([f"MSG-20261102-{number:04d}", None])),
                     draw(st.sampled_from(["2026-11-02 09:00", "2026-11-02 10:00"])),
                     draw(st.sampled_from(["X", "Facebook"])),
                     draw(st.sampled_from(["@ana", "@Ana ", "@luis", None])),
                     draw(st.sampled_from(["https://x.com/a/status/1", "https://x.com/a/status/2", None])),
                     draw(st.sampled_from(["Hola", "hola", "Otra cosa"]))))
    return headers, rows


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(requests().map(lambda typed: ("Solicitudes", typed)),
                 messages().map(lambda typed: ("Mensajes", typed))))
def test_both_roads_say_the_same_of_any_rows(typed):
    name, (headers, rows) = typed
    frame = validate_tab(tab(name), headers, rows, CONTEXT).frame
    assert _notices_row_by_row(tab(name), frame, CONTEXT) == _notices_by_column(tab(name), frame, CONTEXT)
