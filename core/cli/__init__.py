"""The command line: `python -m core [--usuario NOMBRE] COMANDO …`, in Spanish.

It acts with every role, as the named person (the system user by default), through the same register and
write path as the app. `kit` holds what the commands share (the Spanish argparse, the exit codes: 0 done; 1
done, but some rows were bad or skipped; 2 nothing done), one module per command adds its parser and runs it,
and `main` puts them together. This file imports nothing, so importing a command never loads them all.
"""
