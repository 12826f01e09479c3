"""Cuentas and Métricas de cuenta: the inventory of the office's accounts and their monthly figures, which
count the month's messages logged in Mensajes."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from core.demo.data import ACCOUNTS, CMS, MONTHLY_REACH, NETWORKS, Row
from core.demo.dates import months_back


def account_rows(rng: random.Random, count: int, today: date) -> list[Row]:
    """The inventory: passwords change every three months, and one active account is overdue."""
    rows = []
    for network, account, link, state, created, _, _ in ACCOUNTS[:count]:
        if state == "Inactiva":
            rotated, note = (
                today - timedelta(days=rng.randint(400, 460)),
                "Sin publicaciones desde hace más de dos años; el informe semestral propone cerrarla.",
            )
        elif state == "En cierre":
            rotated, note = (
                today - timedelta(days=rng.randint(130, 170)),
                "Se unificó la atención en la cuenta principal; trámite de cierre con la plataforma.",
            )
        elif network == "YouTube":
            rotated, note = today - timedelta(days=rng.randint(100, 140)), "Rotación de contraseña vencida."
        else:
            rotated, note = today - timedelta(days=rng.randint(10, 85)), None
        row: Row = {
            "Red": network,
            "Cuenta": account,
            "Enlace": link,
            "Estado": state,
            "Responsable": rng.choice(CMS).name,
            "Creada": created,
            "Última rotación": rotated,
        }
        if note:
            row["Observaciones"] = note
        rows.append(row)
    return rows


def account_metric_rows(
    rng: random.Random, count: int, accounts: int, today: date, messages: list[Row]
) -> list[Row]:
    """One row per account and month for the last 24 months (the most recent months when fewer rows are
    asked): followers grow slowly (the inactive page loses them), and the main accounts' messages
    received include those logged in Mensajes."""
    months = months_back(today, 24)
    logged = Counter(
        (f"{row['Recibido'].year:04d}-{row['Recibido'].month:02d}", row["Red"]) for row in messages
    )
    grid: dict[tuple[str, int], Row] = {}
    for position, (network, account, _, state, _, followers, growth) in enumerate(ACCOUNTS):
        activity = {"Activa": 1.0, "En cierre": 0.3, "Inactiva": 0.05}[state]
        main = position < len(NETWORKS)
        for month in months:
            followers = max(0, round(followers * (1 + growth + rng.gauss(0, 0.003))))
            received = logged[month, network] + rng.randint(5, 40) if main else rng.randint(0, 6)
            grid[month, position] = {
                "Mes": month,
                "Red": network,
                "Cuenta": account,
                "Seguidores": followers,
                "Alcance": round(followers * MONTHLY_REACH[network] * activity * rng.lognormvariate(0, 0.25)),
                "Visitas al perfil": round(followers * 0.035 * activity * rng.lognormvariate(0, 0.3)),
                "Mensajes recibidos": received,
            }
    newest_first = [grid[month, position] for month in reversed(months) for position in range(accounts)]
    return sorted(newest_first[:count], key=lambda row: row["Mes"])
