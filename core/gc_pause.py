"""Bulk work with the cyclic garbage collector paused: the register's read and the indicators' tables create
millions of objects and no reference cycles; left on, the collector walks the growing heap again and again
(about a fifth of the load at 100,000 rows, a tenth of a second per KPI figure). Reference counting still
frees everything as usual."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """The collector off for the block (left as it was found: a nested pause does not turn it back on early)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
