"""`python -m core`: the command line (see core/cli/)."""

import os
import sys

from core.cli.main import main

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:  # the reader stopped early (`… | head`): what it read was all it wanted
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 0
sys.exit(code)
