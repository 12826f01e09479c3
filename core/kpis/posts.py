"""The posts published in a period: per network, over time, per origin, and each network's best and worst.

Networks are compared on base-independent figures; engagement is compared only within a network, on its most
common base (`main_bases`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from core.domain.engagement import ALL_PARTS, IMPRESSIONS, REACH, VIEWS, engagement_frame
from core.kpis.filters import NO_FILTERS, Filters
from core.kpis.frames import bogota_days, matching, network_order, numbers_of, texts_of, values_by_id
from core.kpis.periods import Period, bucket_of, buckets
from core.reports.grid_select import select_posts
from core.sheet.contract import PUBLISHED

TOP_N = 3  # best and worst posts per network
BASE_ORDER = (REACH, IMPRESSIONS, VIEWS)  # a tie between a network's bases goes to reach

# What the indicators read of a post (engagement reads the figures; the rest is shown or filtered on).
POST_COLUMNS = ("ID", "Origen", "Solicitud", "Estrategia", "Red", "Programada", "Publicada", "Estado", "Enlace",
                REACH, IMPRESSIONS, VIEWS, "Interacciones", *ALL_PARTS)


def _axis_of_posts(posts: pd.DataFrame, requests: pd.DataFrame, campaigns: pd.DataFrame) -> pd.Series:
    """A post's eje del plan: its request's, else its campaign's (its own, or its request's campaign)."""
    request_axis = values_by_id(requests, "Eje del plan")
    request_campaign = values_by_id(requests, "Estrategia")
    campaign_axis = values_by_id(campaigns, "Eje del plan")
    axes = []
    for request, own in zip(texts_of(posts, "Solicitud"), texts_of(posts, "Estrategia")):
        campaign = own or request_campaign.get(request, "")
        axes.append(request_axis.get(request, "") or campaign_axis.get(campaign, ""))
    return pd.Series(axes, index=posts.index, dtype=object)


def published_posts(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """The posts published in the period that pass the filters (the columns of `POST_COLUMNS`), with their
    engagement (`interacciones`, `base`, `engagement`, from `core.domain.engagement`)."""
    posts = tables["Publicaciones"]
    lower, upper = period.window()
    keep = (posts["Estado"] == PUBLISHED) & (posts["Publicada"] >= lower) & (posts["Publicada"] < upper)
    if filters.network:
        keep &= posts["Red"] == filters.network
    chosen = posts.loc[keep.fillna(False).astype(bool).to_numpy(), [name for name in POST_COLUMNS if name in posts]]
    if (filters.area or filters.axis) and len(chosen):
        # Only the requests these posts name: the lookups stay small however large the register is.
        requests = tables["Solicitudes"]
        requests = requests[requests["ID"].isin(chosen["Solicitud"].dropna().unique())]
        campaigns = tables["Estrategias"]
        if filters.area:  # the grid's own reading of a post's area: its request's, else its campaign's
            area = select_posts({"Publicaciones": chosen, "Solicitudes": requests, "Estrategias": campaigns},
                                area=filters.area, with_cancelled=True)
            chosen = chosen[chosen.index.isin(area.index)]
        if filters.axis:
            chosen = chosen[matching(_axis_of_posts(chosen, requests, campaigns), filters.axis).to_numpy()]
    rates = engagement_frame(chosen)
    # Plain objects for the few columns the figures group by: faster than Arrow strings on small frames.
    return chosen.assign(Red=chosen["Red"].astype(object), interacciones=rates["interacciones"],
                         base=rates["base"].astype(object), engagement=rates["engagement"])


def main_bases(posts: pd.DataFrame) -> dict[str, str]:
    """Each network's most common engagement base among its rated posts (a tie goes to reach)."""
    rated = posts.dropna(subset=["base"])
    if rated.empty:
        return {}
    counts = rated.groupby(["Red", "base"]).size().reset_index(name="n")
    counts["order"] = counts["base"].map({base: i for i, base in enumerate(BASE_ORDER)})
    counts = counts.sort_values(["Red", "n", "order"], ascending=[True, False, True])
    return dict(zip(*counts.drop_duplicates("Red")[["Red", "base"]].T.to_numpy()))


def _on_main_base(posts: pd.DataFrame, bases: Mapping[str, str]) -> pd.DataFrame:
    return posts[posts["base"].notna() & (posts["base"] == posts["Red"].map(bases))]


def per_network(posts: pd.DataFrame) -> pd.DataFrame:
    """One row per network: Red, Publicaciones, Alcance (sum; NaN when no post has reach), Con alcance
    (posts with reach), Interacciones, Base (the main base), Engagement (median on it), En la base (posts it
    covers)."""
    columns = ["Red", "Publicaciones", "Alcance", "Con alcance", "Interacciones", "Base", "Engagement",
               "En la base"]
    if posts.empty:
        return pd.DataFrame(columns=columns)
    networks = posts["Red"].astype(object)
    reach = numbers_of(posts, REACH)
    bases = main_bases(posts)
    rated = _on_main_base(posts, bases)
    frame = pd.DataFrame({
        "Publicaciones": networks.value_counts(),
        "Alcance": reach.groupby(networks).sum(min_count=1),
        "Con alcance": reach.notna().groupby(networks).sum(),
        "Interacciones": posts["interacciones"].groupby(networks).sum(min_count=1),
        "Base": pd.Series(bases, dtype=object),
        "Engagement": rated.groupby(rated["Red"].astype(object))["engagement"].median(),
        "En la base": rated["Red"].astype(object).value_counts(),
    })
    frame = frame.reindex(network_order(frame.index)).rename_axis("Red").reset_index()
    for name in ("Publicaciones", "Con alcance", "En la base"):
        frame[name] = frame[name].fillna(0).astype(int)
    return frame[columns]


def over_time(posts: pd.DataFrame, period: Period, as_of: date) -> pd.DataFrame:
    """Per bucket and network: Desde (the bucket's first day), Periodo (its label), Red, Publicaciones,
    Alcance, Interacciones, Engagement (median on the network's main base) and Base. Every bucket of every
    network with posts in the period is there (0 posts where it had none)."""
    columns = ["Desde", "Periodo", "Red", "Publicaciones", "Alcance", "Interacciones", "Engagement", "Base"]
    if posts.empty:
        return pd.DataFrame(columns=columns)
    slots = buckets(period, as_of)
    bases = main_bases(posts)
    networks = network_order(posts["Red"])
    keys = pd.DataFrame({"Desde": bucket_of(bogota_days(posts["Publicada"]), period),
                         "Red": posts["Red"].astype(object)}, index=posts.index)
    rated = _on_main_base(posts, bases)
    grouped = pd.DataFrame({
        "Publicaciones": keys.groupby(["Desde", "Red"]).size(),
        "Alcance": numbers_of(posts, REACH).groupby([keys["Desde"], keys["Red"]]).sum(min_count=1),
        "Interacciones": posts["interacciones"].groupby([keys["Desde"], keys["Red"]]).sum(min_count=1),
        "Engagement": rated["engagement"].groupby([keys.loc[rated.index, "Desde"],
                                                   keys.loc[rated.index, "Red"]]).median(),
    })
    grid = pd.MultiIndex.from_product([[pd.Timestamp(first) for first, _ in slots], networks],
                                      names=["Desde", "Red"])
    frame = grouped.reindex(grid).reset_index()
    frame["Publicaciones"] = frame["Publicaciones"].fillna(0).astype(int)
    frame["Interacciones"] = frame["Interacciones"].where(frame["Publicaciones"] > 0, 0)
    frame["Periodo"] = frame["Desde"].map({pd.Timestamp(first): label for first, label in slots})
    frame["Desde"] = frame["Desde"].dt.date
    frame["Base"] = frame["Red"].map(bases)
    return frame[columns]


def per_origin(posts: pd.DataFrame) -> pd.DataFrame:
    """Posts per network and origin: Red, Origen, Publicaciones (only the pairs with posts)."""
    columns = ["Red", "Origen", "Publicaciones"]
    if posts.empty:
        return pd.DataFrame(columns=columns)
    origins = texts_of(posts, "Origen").replace("", "Sin origen")
    counts = pd.DataFrame({"Red": posts["Red"].astype(object), "Origen": origins}).value_counts()
    frame = counts.rename("Publicaciones").reset_index()
    order = {name: i for i, name in enumerate(network_order(frame["Red"]))}
    return frame.assign(_o=frame["Red"].map(order)).sort_values(["_o", "Publicaciones", "Origen"],
                                                                ascending=[True, False, True])[columns] \
        .reset_index(drop=True)


def top_posts(posts: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """Each network's `n` best posts by engagement on its main base and, when it has more than `n`, its `n`
    worst (never the same post twice): Red, Lista («Mejores» / «Menos»), Puesto, ID, Publicada, Origen,
    Interacciones, Engagement, Base, Enlace."""
    columns = ["Red", "Lista", "Puesto", "ID", "Publicada", "Origen", "Interacciones", "Engagement", "Base",
               "Enlace"]
    rated = _on_main_base(posts, main_bases(posts))
    if rated.empty:
        return pd.DataFrame(columns=columns)
    rated = rated[[name for name in ("Red", "ID", "Publicada", "Origen", "Enlace", "interacciones", "engagement",
                                     "base") if name in rated]]
    ranked = rated.assign(_id=texts_of(rated, "ID")).sort_values(["engagement", "Publicada", "_id"],
                                                                ascending=[False, True, True])
    place = ranked.groupby("Red", sort=False).cumcount() + 1
    size = ranked.groupby("Red", sort=False)["Red"].transform("size")
    best = place <= n
    worst = ~best & (place > size - n)
    ranked = ranked.assign(Lista=np.where(best, "Mejores", "Menos"), Puesto=place,
                           _net=ranked["Red"].map({name: i for i, name in enumerate(network_order(ranked["Red"]))}),
                           _list=~best, _order=np.where(best, place, -place))
    frame = ranked[best | worst].sort_values(["_net", "_list", "_order"], kind="stable").rename(
        columns={"interacciones": "Interacciones", "engagement": "Engagement", "base": "Base"})
    for name in ("Origen", "Enlace"):
        if name not in frame:
            frame[name] = None
    return frame[columns].reset_index(drop=True)
