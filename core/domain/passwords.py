"""The office's password rule (docs/domain.md, «Account security»), checked on a candidate that is never kept.

`check_password` is a pure function of the text it is given: it returns the parts of the rule that fail,
in Spanish, and nothing else. No part of this module stores, logs, caches or sends the candidate, and no
message it returns quotes it (not even its length: only "fewer than 8" or "more than 10").

Decisions:
- Length counts characters as a person sees them: the text is put in Unicode's composed form (NFC) first,
  so an «á» typed as «a» plus an accent counts once.
- Letters are Unicode letters: «ñ», «á», «Ñ» count as lower-case or upper-case letters (they are letters of
  Spanish), never as the special character. A digit is 0 to 9.
- The special character is any printable character that is neither a letter, a digit nor a space: «!», «#»,
  «-», «_», «.», «¿», «€»… A space is not accepted as the special character (it is easily lost when a
  password is copied, and some platforms trim it); it still counts towards the length. Control characters
  count towards the length only.
"""

from __future__ import annotations

import unicodedata

MIN_LENGTH = 8
MAX_LENGTH = 10
DIGITS = frozenset("0123456789")

RULE = (f"De {MIN_LENGTH} a {MAX_LENGTH} caracteres, con al menos una letra minúscula, una letra mayúscula, "
        "un número y un carácter especial.")

TOO_SHORT = f"Longitud: tiene menos de {MIN_LENGTH} caracteres (deben ser de {MIN_LENGTH} a {MAX_LENGTH})."
TOO_LONG = f"Longitud: tiene más de {MAX_LENGTH} caracteres (deben ser de {MIN_LENGTH} a {MAX_LENGTH})."
NO_LOWER = "Falta una letra minúscula."
NO_UPPER = "Falta una letra mayúscula."
NO_DIGIT = "Falta un número (0 a 9)."
NO_SPECIAL = "Falta un carácter especial, por ejemplo ! # $ % & * ? @ - _ . (el espacio no cuenta)."


def is_special(character: str) -> bool:
    """A printable character that is not a letter, a digit or a space (see the module's decisions)."""
    return character.isprintable() and not character.isalnum() and not character.isspace()


def check_password(candidate: str) -> list[str]:
    """The parts of the rule that `candidate` fails, in Spanish and in the rule's order; empty when it
    passes. Pure: the candidate goes nowhere and no message quotes it."""
    text = unicodedata.normalize("NFC", candidate or "")
    failing = []
    if len(text) < MIN_LENGTH:
        failing.append(TOO_SHORT)
    elif len(text) > MAX_LENGTH:
        failing.append(TOO_LONG)
    if not any(character.islower() for character in text):
        failing.append(NO_LOWER)
    if not any(character.isupper() for character in text):
        failing.append(NO_UPPER)
    if not any(character in DIGITS for character in text):
        failing.append(NO_DIGIT)
    if not any(is_special(character) for character in text):
        failing.append(NO_SPECIAL)
    return failing
