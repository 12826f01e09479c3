"""How Divulga reaches the Sheets API: credentials, the emulator seam, timeouts and bounded retries.

gspread makes the requests; this module only builds its `Client` and wraps each request in `call`, which
retries the answers that mean "try again later" (408, 429, 5xx, a timeout, a dropped connection) a few
times with jittered back-off, about 30 s in all, and then raises a Spanish `StoreError`. Only requests that
are safe to repeat are retried so: reads, and writes that leave the same however often they are applied. A
write that is not (an append, a new column) is retried only after a 429 or a connection that was never
made, which Sheets never saw; any other failure raises `Unclear` and the store looks before anything is sent
again. gspread's own `BackOffHTTPClient` is not used: it retries appends blindly, and an append answered 503
after Sheets applied it, or one still on its way when the client gave up waiting, would land twice.
"""

from __future__ import annotations

import json
import os
import random
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import google.auth.exceptions
import gspread
import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from core.store.base import StoreError

SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]  # the spreadsheets scope only: no Drive access
SHEETS_ORIGIN = "https://sheets.googleapis.com"
EMULATOR_ENV = "DIVULGA_SHEETS_EMULATOR_HOST"
CREDENTIALS_ENV = "GOOGLE_APPLICATION_CREDENTIALS"
SECRETS_FILES = (Path(".streamlit/secrets.toml"), Path.home() / ".streamlit/secrets.toml")
RETRYABLE = {408, 429, 500, 502, 503, 504}

T = TypeVar("T")


@dataclass(frozen=True)
class Patience:
    """How long to wait for Sheets: per request, and in all for one action with its retries."""

    timeout_s: tuple[float, float] = (5.0, 10.0)  # (connect, read)
    tries: int = 5
    first_wait_s: float = 1.0
    total_s: float = 30.0


class Unclear(StoreError):
    """A write Sheets may or may not have applied. Its message is `unconfirmed`'s (nobody has looked yet);
    `answered` tells a failure answer (a 5xx: the request is over, applied or not) from no answer at all (a
    timeout, a dropped connection: the request may still be applied later, so it must never be sent again);
    `nothing_saved` is the message for when a look shows it was not applied."""

    def __init__(self, what: str, error: Exception, tries: int):
        super().__init__(unconfirmed(what, _reason(error)))
        self.answered = _status(error) is not None
        self.nothing_saved = failure(error, what, tries)


class EmulatorAdapter(HTTPAdapter):
    """Sends what gspread addresses to https://sheets.googleapis.com to a local server over plain HTTP,
    the way Google's own emulators are reached (gspread's documented `session` injection point)."""

    def __init__(self, host: str):
        super().__init__()
        self.base = "http://" + host.removeprefix("http://").rstrip("/")

    def send(self, request, **kwargs):
        request.url = self.base + request.url[len(SHEETS_ORIGIN):]
        return super().send(request, **kwargs)


def emulator_session(host: str) -> requests.Session:
    session = requests.Session()
    session.mount(SHEETS_ORIGIN, EmulatorAdapter(host))
    return session


def _service_account_info() -> dict[str, Any]:
    """The service account's key: `[gcp_service_account]` of secrets.toml, else the file named by
    GOOGLE_APPLICATION_CREDENTIALS. Errors name where to look, never a value of the key."""
    for path in SECRETS_FILES:
        if path.is_file():
            try:
                secrets = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                raise StoreError(f"No se pudo leer {path}: revise que sea TOML válido "
                                 "(vea .streamlit/secrets.toml.example).") from None
            if "gcp_service_account" in secrets:
                return dict(secrets["gcp_service_account"])
    key_file = os.environ.get(CREDENTIALS_ENV, "").strip()
    if key_file:
        try:
            return json.loads(Path(key_file).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise StoreError(f"No se pudo leer la llave de la cuenta de servicio que indica {CREDENTIALS_ENV} "
                             f"({key_file}): revise la ruta y que sea el JSON descargado de Google Cloud.") from None
    raise StoreError("Para usar Google Sheets falta la cuenta de servicio: agregue [gcp_service_account] a "
                     f".streamlit/secrets.toml o indique el archivo de la llave en {CREDENTIALS_ENV} "
                     "(vea el README, sección Google Sheets).")


def service_account_email() -> str | None:
    """The `client_email` the sheet is shared with (None on the emulator)."""
    if os.environ.get(EMULATOR_ENV, "").strip():
        return None
    return _service_account_info().get("client_email")


def make_client(patience: Patience) -> gspread.Client:
    """A gspread client on the emulator when DIVULGA_SHEETS_EMULATOR_HOST is set, else on Google with the
    service account's credentials and the spreadsheets scope only."""
    host = os.environ.get(EMULATOR_ENV, "").strip()
    if host:
        client = gspread.Client(auth=None, session=emulator_session(host))
    else:
        from google.oauth2.service_account import Credentials

        try:
            credentials = Credentials.from_service_account_info(_service_account_info(), scopes=SCOPES)
        except (ValueError, KeyError):
            raise StoreError("La llave de la cuenta de servicio está incompleta o dañada: descárguela de nuevo "
                             "desde Google Cloud (vea el README).") from None
        client = gspread.Client(auth=credentials)
    client.set_timeout(patience.timeout_s)
    return client


def _status(error: Exception) -> int | None:
    if isinstance(error, gspread.exceptions.APIError):
        return error.response.status_code
    return None


def google_message(error: Exception) -> str:
    """Google's own words for a refusal, kept short (they never carry a credential)."""
    try:
        message = error.response.json()["error"]["message"]
    except (AttributeError, ValueError, KeyError, TypeError):
        message = getattr(getattr(error, "response", None), "reason", "") or ""
    return str(message)[:200]


def _reason(error: Exception) -> str:
    """What went wrong, in a few words."""
    status = _status(error)
    if status is not None:
        return f"error {status}: {google_message(error)}"
    if isinstance(error, requests.Timeout):
        return "no respondió a tiempo"
    if isinstance(error, google.auth.exceptions.TransportError):
        return "no se pudo conectar con Google para identificar la cuenta de servicio"
    return "se cortó la conexión"


class Refused(StoreError):
    """Google refused the request (a 4xx other than 408 and 429): repeating it would not help."""

    def __init__(self, message: str, status: int, google: str):
        super().__init__(message)
        self.status = status
        self.google = google


def is_retryable(error: Exception) -> bool:
    status = _status(error)
    if status is not None:
        return status in RETRYABLE
    return isinstance(error, (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                              google.auth.exceptions.TransportError))


def never_sent(error: Exception) -> bool:
    """Whether nothing reached Sheets: no token, or no connection made (refused, unknown host, timed out
    while connecting)."""
    if isinstance(error, (google.auth.exceptions.TransportError, requests.ConnectTimeout)):
        return True
    cause = error.args[0] if isinstance(error, requests.ConnectionError) and error.args else None
    return isinstance(getattr(cause, "reason", None), urllib3.exceptions.NewConnectionError)


def is_unclear(error: Exception) -> bool:
    """Whether a failed write may have been applied: not a 429 (refused before any work), nor a request that
    never reached Sheets."""
    return is_retryable(error) and _status(error) != 429 and not never_sent(error)


def failure(error: Exception, what: str, tries: int) -> StoreError:
    """The Spanish message for a request that failed for good."""
    status = _status(error)
    if status in (401, 403):
        return Refused(f"Google Sheets no dio permiso para {what} ({_reason(error)}). Revise que la hoja esté "
                       "compartida con el correo de la cuenta de servicio (client_email) como editor.",
                       status, google_message(error))
    if status == 404:
        return Refused(f"Google Sheets no encontró la hoja al {what}: revise la llave en DIVULGA_STORE.", status,
                       google_message(error))
    if status is not None and status not in RETRYABLE:
        return Refused(f"Google Sheets rechazó la solicitud al {what} ({_reason(error)}).", status,
                       google_message(error))
    after = f" tras {tries} intentos" if tries > 1 else ""
    return StoreError(f"Google Sheets no respondió al {what}{after} ({_reason(error)}). No se guardó nada nuevo "
                      "que no esté ya en la hoja; lo que escribió sigue en el formulario: vuelva a intentarlo en "
                      "un momento.")


def unconfirmed(what: str, reason: str) -> str:
    """The message for a write Sheets may have applied, or may still apply: the person must look before
    repeating it."""
    return (f"Google Sheets no confirmó si terminó de {what} ({reason}): puede haberse guardado; lea de nuevo "
            "antes de repetir (en Divulga, «Leer de nuevo»). Lo que escribió sigue en el formulario.")


BAD_KEY = ("Google no aceptó la cuenta de servicio (la llave fue revocada, expiró o está incompleta). Descargue una "
           "llave nueva en Google Cloud y póngala en .streamlit/secrets.toml (vea el README).")


def call(send: Callable[[], T], what: str, patience: Patience, retry: bool = True,
         sleep: Callable[[float], None] = time.sleep) -> T:
    """One request, repeated on retryable answers with jittered exponential back-off, at most
    `patience.tries` times, and only while another attempt can end within `patience.total_s` of the first.
    `retry` only for a request that is safe to repeat: a read, or a write that leaves the same however often
    it is applied (never an append). Without it, a failure that may have been applied raises `Unclear` at
    once, for the caller to look before anything is sent again; one Sheets never saw (a 429, a connection
    never made) is retried as any other."""
    started = time.monotonic()
    for attempt in range(1, patience.tries + 1):
        try:
            return send()
        except google.auth.exceptions.RefreshError:
            raise StoreError(BAD_KEY) from None
        except (gspread.exceptions.APIError, requests.RequestException,
                google.auth.exceptions.TransportError) as error:
            if not is_retryable(error):
                raise failure(error, what, attempt) from None
            if not retry and is_unclear(error):
                raise Unclear(what, error, attempt) from None
            wait = patience.first_wait_s * 2 ** (attempt - 1) * random.uniform(0.5, 1.0)
            next_ends = time.monotonic() - started + wait + patience.timeout_s[1]
            if attempt == patience.tries or next_ends > patience.total_s:
                raise failure(error, what, attempt) from None
            sleep(wait)
    raise AssertionError("unreachable")
