"""Which posts a grid holds (`select_posts`: a date range, a campaign, an area), and the campaigns and areas a
person may ask for, as the register names them. Pure functions of the snapshot's tables."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from core.sheet.cells import BOGOTA, is_empty, normalize, parse_datetime
from core.sheet.contract import CANCELLED

# Columns select_posts adds to the posts it returns (resolved through Solicitudes and Estrategias).
CAMPAIGN_COLUMN = "Campaña"  # the post's own Estrategia, else its request's
CAMPAIGN_NAME_COLUMN = "Nombre de la campaña"
REQUEST_TITLE_COLUMN = "Título de la solicitud"
AREA_COLUMN = "Área"  # the request's area, else the campaign's


def texts_of(frame: pd.DataFrame | None, column: str) -> pd.Series:
    """A column as stripped text, "" where empty (or where the table or column is missing)."""
    if frame is None or column not in frame:
        index = frame.index if frame is not None else pd.RangeIndex(0)
        return pd.Series("", index=index, dtype=object)
    column_values = frame[column]
    if pd.api.types.is_string_dtype(column_values):  # the register's text columns: vectorised
        return column_values.astype("string").str.strip().fillna("").astype(object)
    return column_values.map(lambda value: "" if is_empty(value) else str(value).strip()).astype(object)


def lookup(frame: pd.DataFrame | None, column: str) -> dict[str, str]:
    """ID -> a column's text, for the rows that have an ID."""
    ids, values = texts_of(frame, "ID"), texts_of(frame, column)
    return {key: value for key, value in zip(ids, values) if key}


def _mapped(keys: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """Each key's value in `mapping`, "" where it has none (text, whatever the keys' dtype)."""
    return pd.Series([mapping.get(key, "") for key in keys], index=keys.index, dtype=object)


def in_bogota(series: pd.Series) -> pd.Series:
    """Moments as aware Bogotá times, whatever the table holds (naive values are Bogotá time already)."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert(BOGOTA)
    if pd.api.types.is_datetime64_dtype(series):
        return series.dt.tz_localize(BOGOTA)
    parsed = series.map(lambda value: None if is_empty(value) else parse_datetime(value))
    return pd.to_datetime(parsed, utc=True).dt.tz_convert(BOGOTA)


def select_posts(tables: Mapping[str, pd.DataFrame], since: date | None = None, until: date | None = None,
                 campaign_id: str | None = None, area: str | None = None, *,
                 with_cancelled: bool = False) -> pd.DataFrame:
    """The posts of the grid, sorted by `Programada`, then network, then ID.

    `desde`/`hasta`: the `Programada` date in Bogotá, both days included. `estrategia`: the posts whose
    `Estrategia` is that ID plus those of the requests linked to it (`Solicitudes.Estrategia`). `area`: the
    posts whose request (`Área solicitante`) or campaign (`Estrategias.Área`) belongs to it, matched
    ignoring case, accents and spaces. Cancelled posts only with `with_cancelled`. An unknown campaign or
    an area without posts gives an empty frame, never an error. The frame keeps the `Publicaciones`
    columns (`Programada` in Bogotá time) and adds `Campaña`, `Nombre de la campaña`, `Título de la
    solicitud` and `Área`.
    """
    posts = tables["Publicaciones"].copy()
    requests, campaigns = tables.get("Solicitudes"), tables.get("Estrategias")
    posts["Programada"] = in_bogota(posts["Programada"])

    request_ids = texts_of(posts, "Solicitud")
    own = texts_of(posts, "Estrategia")
    through_request = _mapped(request_ids, lookup(requests, "Estrategia"))
    request_area = _mapped(request_ids, lookup(requests, "Área solicitante"))
    campaign_area = lookup(campaigns, "Área")
    own_area = _mapped(own, campaign_area)
    linked_area = _mapped(through_request, campaign_area)

    keep = posts["Programada"].notna()
    days = posts["Programada"].dt.date
    if since is not None:
        keep &= days >= since
    if until is not None:
        keep &= days <= until
    if not with_cancelled:
        keep &= texts_of(posts, "Estado") != CANCELLED
    if not is_empty(campaign_id):
        wanted = str(campaign_id).strip()
        keep &= (own == wanted) | (through_request == wanted)
    if not is_empty(area):
        key = normalize(area)
        names = set(request_area) | set(own_area) | set(linked_area)
        ours = {name for name in names if name and normalize(name) == key}  # a few names, not every row
        keep &= request_area.isin(ours) | own_area.isin(ours) | linked_area.isin(ours)

    campaign = own.where(own != "", through_request)
    posts[CAMPAIGN_COLUMN] = campaign
    posts[CAMPAIGN_NAME_COLUMN] = _mapped(campaign, lookup(campaigns, "Nombre"))
    posts[REQUEST_TITLE_COLUMN] = _mapped(request_ids, lookup(requests, "Título"))
    posts[AREA_COLUMN] = request_area.where(request_area != "", own_area.where(own_area != "", linked_area))
    chosen = posts[keep]
    order = pd.DataFrame({"at": chosen["Programada"], "red": texts_of(chosen, "Red"), "id": texts_of(chosen, "ID")})
    order = order.reset_index(drop=True).sort_values(["at", "red", "id"], kind="stable")
    return chosen.iloc[order.index]  # by position: a hand-made frame may repeat index labels


def known_campaign(tables: Mapping[str, pd.DataFrame], campaign_id: str) -> bool:
    """Whether `Estrategias` has a (good) row with this ID."""
    return str(campaign_id).strip() in lookup(tables.get("Estrategias"), "Nombre")


def known_areas(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Every area the register names (Listas, requests, campaigns), each spelling once, sorted."""
    names: dict[str, str] = {}
    for tab, column in (("Listas", "Áreas"), ("Solicitudes", "Área solicitante"), ("Estrategias", "Área")):
        for name in texts_of(tables.get(tab), column):
            if name:
                names.setdefault(normalize(name), name)
    return sorted(names.values(), key=normalize)


def known_area(tables: Mapping[str, pd.DataFrame], area: str) -> bool:
    return normalize(area) in {normalize(name) for name in known_areas(tables)}


def area_as_written(tables: Mapping[str, pd.DataFrame] | None, area: str) -> str:
    """The register's own spelling of an area typed without accents or capitals («direccion» → «Dirección»)."""
    key = normalize(area)
    for name in known_areas(tables) if tables else ():
        if normalize(name) == key:
            return name
    return str(area).strip()
