"""Post figures from the platforms' own exports, into Publicaciones.

The exports read: X's per-tweet activity file (analytics.twitter.com), YouTube Studio's content export
(CSV, or its ZIP with `Table data.csv`), and Meta Business Suite's Facebook and Instagram post exports with
English or Spanish headers (CSV or XLSX). TikTok has no importer: its figures are typed by hand.

Three steps. `parse_export` (export.py) is pure: the file's rows as text (rows.py), which export it is
(recognise.py, by the columns platforms.py declares), its counts and dates (parsing.py), whose account it is
(account.py); out, a `ParsedExport` (figures.py). `plan_import` (plan.py) matches each post with the register
(matching.py) and says what would be created, updated, left as it is or skipped; `apply_plan` (write.py) writes
that through the register's one write path. importing.py runs them as the command line and the Métricas page do.

This package's names are the ones other code uses; its modules import each other directly, never from here.
"""

from __future__ import annotations

from core.metrics_import.export import parse_export
from core.metrics_import.figures import ExportError, ParsedExport, PostFigures, Skipped
from core.metrics_import.importing import confirm_import, import_metrics, import_metrics_file, plan_metrics_file
from core.metrics_import.matching import link_key, post_keys
from core.metrics_import.parsing import dates_in_name
from core.metrics_import.plan import FIX_BY_COMMAND, FIX_ON_PAGE, MetricsPlan, plan_import
from core.metrics_import.platforms import HAND_ENTERED
from core.metrics_import.rows import EXPECTED
from core.metrics_import.write import MetricsReport, apply_plan

__all__ = ["EXPECTED", "FIX_BY_COMMAND", "FIX_ON_PAGE", "HAND_ENTERED", "ExportError", "MetricsPlan",
           "MetricsReport", "ParsedExport", "PostFigures", "Skipped", "apply_plan", "confirm_import", "dates_in_name",
           "import_metrics", "import_metrics_file", "link_key", "parse_export", "plan_import", "plan_metrics_file",
           "post_keys"]
