"""The leader's indicators (issue 7): small aggregate tables of a snapshot for a period and filters, shared by
the «Indicadores» page and the reports, so that each figure is computed once, here, and both say the same.

The readings, each also said on the page:

- **Posts**: the published ones (`Estado` Publicada) whose `Publicada` falls in the period (Bogotá days).
  Networks are compared on base-independent figures (posts, reach where the network gives it, interactions).
  Engagement is each post's own rate (`core.domain.engagement`); a network's figure is the median over its posts on
  its most common base, given with that base and how many posts it covers. Best and worst posts are ranked
  within a network on that base: rates on different bases are never compared.
- **Requests**: the ones received in the period (`Fecha de solicitud`), by current stage and path.
- **On time per stage** (needs Historial): every stage whose due date falls in the period. A stage left
  through a Divulga action (Historial's `Etapa` changes) is on time when it was left on or before its due
  date; a stage still in course and past its due date is late; closure (stage 8) is on time when the
  evidence was sent by its due date. Hand edits of `Etapa` leave no Historial row: they are not counted.
- **Adjustment rounds** (needs Historial): how many times each request received in the period went back to
  Ajustes from approval or publication.
- **Messages**: the ones received in the period: received, PQRS (all but «No es PQRS»), answered, sent to
  Atención a la Ciudadanía, registered (Radicado or a Número de radicado); the median hours to the first
  answer (`Fecha de respuesta`) and the median business days to the hand-off (`Enviado a ATC`), by
  tipología, topic or network.
- **Legal terms**: the terms running on the period's last day (today while the period is running; the
  «Términos» queue of the register's status, `core.domain.status`: filed or not), by state
  (`core.domain.pqrs.term_state`) and tipología, and the list of those running out.
- **Community**: `Métricas de cuenta`, followers per account and month; growth = the change from the month
  before.

Filters: network (posts, requests whose `Redes` include it, messages, accounts), area (posts through their
request or campaign, as `grid_select.select_posts` reads it; requests' `Área solicitante`) and eje del plan
(requests' `Eje del plan`, else their campaign's; posts through their request, else their campaign).
Messages and accounts have neither area nor eje: only the network filter applies to them.

Pure functions of the snapshot's tables (and Historial's frame), a period and a day: no clock, no storage.

The figures are split by concern: `periods` and `filters` (what they cover), `posts`, `requests`, `history` and
`stages` (Historial: moves, adjustment rounds, on time per stage), `messages`, `terms`, `growth`, `figures`
(everything at once) and `summaries` (the figures in words); `frames` holds the column readings they share.
The names other code uses are importable from here, as when this was one module.
"""

from core.domain.workflow import PATHS
from core.kpis.figures import Kpis, compute, history_figures
from core.kpis.filters import Filters, known_axes
from core.kpis.frames import network_order
from core.kpis.growth import community_growth, growth_per_account
from core.kpis.history import ADJUSTMENTS_STAGE, ROUND_LABELS, adjustment_rounds, stage_moves
from core.kpis.messages import (
    DIMENSIONS,
    EMPTY_LABEL,
    answer_hours,
    handoff_business_days,
    message_funnel,
    message_steps,
    received_messages,
)
from core.kpis.periods import MONTHS, PRESETS, WEEKLY_UP_TO_DAYS, Period, buckets, month_key, month_label, period_of
from core.kpis.posts import (
    BASE_ORDER,
    POST_COLUMNS,
    TOP_N,
    main_bases,
    over_time,
    per_network,
    per_origin,
    published_posts,
    top_posts,
)
from core.kpis.requests import (
    CLOSED_LABEL,
    STAGE_ROWS,
    filtered_requests,
    received_requests,
    requests_per_stage,
    stage_label,
)
from core.kpis.stages import DUE_COLUMNS, DUE_MARGIN, on_time_per_stage, stage_instances
from core.kpis.summaries import days_text, growth_gap_text, hours_text, rounds_text, times_text
from core.kpis.terms import TERM_STATES, running_terms, terms_summary
from core.sheet.contract import PUBLISHED

__all__ = [
    "ADJUSTMENTS_STAGE", "BASE_ORDER", "CLOSED_LABEL", "DIMENSIONS", "DUE_COLUMNS", "DUE_MARGIN", "EMPTY_LABEL",
    "MONTHS", "PATHS", "POST_COLUMNS", "PRESETS", "PUBLISHED", "ROUND_LABELS", "STAGE_ROWS", "TERM_STATES", "TOP_N",
    "WEEKLY_UP_TO_DAYS",
    "Filters", "Kpis", "Period",
    "adjustment_rounds", "answer_hours", "buckets", "community_growth", "compute", "days_text", "filtered_requests",
    "growth_gap_text", "growth_per_account", "handoff_business_days", "history_figures", "hours_text", "known_axes",
    "main_bases", "message_funnel", "message_steps", "month_key", "month_label", "network_order", "on_time_per_stage",
    "over_time", "per_network", "per_origin", "period_of", "published_posts", "received_messages",
    "received_requests", "requests_per_stage", "rounds_text", "running_terms", "stage_instances", "stage_label",
    "stage_moves", "terms_summary", "times_text", "top_posts",
]
