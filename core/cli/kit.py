"""What every command of `python -m core` shares: the Spanish argparse, the exit codes, the argument types and
the «¿Quiso decir …?» hint, so that all commands speak and fail alike.

Exit codes, for every command: 0 done; 1 done, but some rows were bad or skipped; 2 nothing done (store
unreachable, file unreadable, bad arguments).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from datetime import date

from core.reports.periods import PeriodError, month_bounds, semester_bounds

DONE, PARTLY, NOTHING = 0, 1, 2

_ARGPARSE_ES = [
    (r"the following arguments are required: (.*)", r"faltan argumentos obligatorios: \1"),
    (r"unrecognized arguments: (.*)", r"argumentos no reconocidos: \1"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)", r"argumento \1: \2 no es válido (elija entre \3)"),
    (r"argument (.*?): invalid .* value: (.*)", r"argumento \1: valor no válido: \2"),
    (r"argument (.*?): expected one argument", r"argumento \1: falta su valor"),
    (r"argument (.*?): not allowed with argument (.*)", r"argumento \1: no se puede usar con \2"),
    (r"^argument (.*?): (.*)", r"argumento \1: \2"),
]


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="uso: " if prefix is None else prefix)


class SpanishParser(argparse.ArgumentParser):
    """argparse with Spanish usage, help and error messages; errors exit with 2 (nothing done)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumentos"
        self._optionals.title = "opciones"
        self.add_argument("-h", "--help", action="help", help="muestra esta ayuda y termina")

    def error(self, message: str) -> None:
        for pattern, spanish in _ARGPARSE_ES:
            message = re.sub(pattern, spanish, message)
        self.print_usage(sys.stderr)
        self.exit(NOTHING, f"{self.prog}: error: {message}\n")


def iso_day(text: str) -> date:
    """An argument written AAAA-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» no es una fecha AAAA-MM-DD") from None


def positive_int(text: str) -> int:
    """An argument that counts something: a whole number above 0."""
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"«{text}» no es un número entero mayor que 0")
    return int(text)


def report_month(text: str) -> str:
    """A report's month, AAAA-MM, checked as the reports read it."""
    try:
        month_bounds(text)
    except PeriodError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text.strip()


def report_semester(text: str) -> str:
    """A report's semester, AAAA-1 or AAAA-2, checked as the reports read it."""
    try:
        semester_bounds(text)
    except PeriodError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text.strip()


def closest(word: str, names: list[str], *, or_containing: bool = False) -> str:
    """« ¿Quiso decir …?» with up to three names like a mistyped one (else ""); `or_containing`: when none is
    alike, the names that contain the word."""
    close = difflib.get_close_matches(word, names, n=3, cutoff=0.6)
    if not close and or_containing:
        close = [name for name in names if word.casefold() in name.casefold()][:3]
    return f" ¿Quiso decir {' o '.join(f'«{name}»' for name in close)}?" if close else ""
