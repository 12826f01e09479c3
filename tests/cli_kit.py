"""Running `python -m core` inside a test: `core.cli.main.main` as «Prueba», argparse's own exits included."""

from __future__ import annotations

from core.cli.main import main


def run_streams(capsys, *args: str) -> tuple[int, str, str]:
    """The exit code, standard output and standard error of one command."""
    try:
        code = main(["--usuario", "Prueba", *args])
    except SystemExit as exit_:  # argparse's own exits (help, bad arguments)
        code = exit_.code
    out = capsys.readouterr()
    return code, out.out, out.err


def run(capsys, *args: str) -> tuple[int, list[str]]:
    """The exit code and every line printed (output, then errors)."""
    code, out, err = run_streams(capsys, *args)
    return code, (out + err).splitlines()
