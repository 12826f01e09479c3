"""The register: the one read path (`reading`: a cached, validated snapshot shared by the process) and the one
write path (`writing`: a `Writer` acting for a person), with the snapshot they share (`snapshot`) and the Historial
rows writes leave (`history`). What other code uses is importable from here."""

from core.register.history import history_record
from core.register.reading import CACHE_TTL_S, Register, open_register
from core.register.snapshot import Snapshot
from core.register.writing import StaleRow, UpdateResult, Writer

__all__ = ["CACHE_TTL_S", "Register", "Snapshot", "StaleRow", "UpdateResult", "Writer", "history_record",
           "open_register"]
