"""`python -m core importar-metricas ARCHIVO [--red RED]`: post figures from a platform's own export.

Exit codes as every command: 0 done; 1 done, with rows skipped (each listed with its row and reason);
2 nothing done (the file cannot be read, is damaged, breaks a limit of core/files/limits.py, or is not a known
export: the message names the limit or what was expected).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.cli.kit import DONE, NOTHING, PARTLY
from core.files.limits import limits_text
from core.register import Register


def run(args: argparse.Namespace, register: Register, actor: str) -> int:
    from core.metrics_import import ExportError, import_metrics, parse_export

    try:
        parsed = parse_export(Path(args.archivo), network=args.red)
    except ExportError as error:
        print(f"error: {args.archivo}: {error}", file=sys.stderr)
        return NOTHING
    report = import_metrics(register.writer(actor), parsed)
    for line in report.lines():
        print(line)
    return PARTLY if report.skipped else DONE


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `importar-metricas` in the CLI's subcommands."""
    importar = commands.add_parser(
        "importar-metricas", help="carga las cifras de las publicaciones desde la exportación de una red",
        description="Carga las cifras de cada publicación desde la exportación de la propia red: X (actividad de "
        "tweets, CSV), YouTube Studio (contenido: CSV o ZIP) y Meta Business Suite (publicaciones de Facebook o "
        "de Instagram, en inglés o español: CSV o XLSX). Busca cada publicación en Publicaciones por su ID en la "
        "red o su enlace (en la misma red), crea las que faltan (Origen: Cubrimiento) y escribe solo las cifras "
        "que cambiaron, con «Métricas al» = la fecha final que trae el nombre del archivo (si no, el día de "
        "hoy). Importar dos veces el mismo archivo no cambia nada. TikTok no tiene importador: sus cifras se "
        "escriben a mano.",
        epilog="Sale con 0 si importó todo, 1 si omitió filas (cada una con su número y motivo) y 2 si el archivo "
        "no se pudo leer, está dañado, no es una exportación conocida o pasa los límites de todo archivo que se "
        f"entrega: {limits_text()} (no se escribe nada).")
    importar.add_argument("archivo", metavar="ARCHIVO", help="el archivo exportado por la red (CSV, XLSX o ZIP)")
    importar.add_argument("--red", metavar="RED", default=None,
                          help="X, YouTube, Facebook o Instagram (por defecto se reconoce por los encabezados)")
    importar.set_defaults(run=run)
