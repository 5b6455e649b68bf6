"""The kinds of damage mojifix knows, as a public enum.

>>> DamageKind("dropped_letters") is DamageKind.DROPPED_LETTERS
True
>>> str(DamageKind.MOJIBAKE)
'mojibake'
"""

from __future__ import annotations

from enum import Enum


class DamageKind(str, Enum):
    """One way text gets damaged between systems.

    The values are stable strings used in JSON output and on the command line.
    """

    #: UTF-8 bytes decoded as cp1252/latin-1 (once or more): "amÃ©ricaine".
    MOJIBAKE = "mojibake"
    #: Mojibake that also lost bytes on the way: "amÃ?ricaine", "Ã " for "à".
    LOSSY_MOJIBAKE = "lossy_mojibake"
    #: Non-ASCII letters deleted: "amricaine", "a t" for "a été".
    DROPPED_LETTERS = "dropped_letters"
    #: A whole word made only of non-ASCII letters vanished: "estimé 10" for "estimé à 10".
    DROPPED_WORD = "dropped_word"
    #: Non-ASCII characters replaced by "?": "am?ricaine".
    REPLACED_QUESTION = "replaced_question"
    #: Non-ASCII characters replaced by U+FFFD: "am\ufffdricaine".
    REPLACED_FFFD = "replaced_fffd"
    #: Accents removed, ligatures folded: "americaine", "oeuvre".
    STRIPPED_ACCENTS = "stripped_accents"
    #: Bytes of a legacy encoding inside a UTF-8 stream: b"am\xe9ricaine".
    MIXED_ENCODING = "mixed_encoding"
    #: A whole input in a legacy single-byte encoding (cp1252, mac_roman, ...).
    LEGACY_ENCODING = "legacy_encoding"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value

    @property
    def label(self) -> str:
        """A short human-readable label.

        >>> DamageKind.REPLACED_FFFD.label
        'replaced by U+FFFD'
        """
        return _LABELS[self]


_LABELS = {
    DamageKind.MOJIBAKE: "mojibake",
    DamageKind.LOSSY_MOJIBAKE: "lossy mojibake",
    DamageKind.DROPPED_LETTERS: "dropped letters",
    DamageKind.DROPPED_WORD: "dropped word",
    DamageKind.REPLACED_QUESTION: "replaced by '?'",
    DamageKind.REPLACED_FFFD: "replaced by U+FFFD",
    DamageKind.STRIPPED_ACCENTS: "stripped accents",
    DamageKind.MIXED_ENCODING: "mixed encoding",
    DamageKind.LEGACY_ENCODING: "legacy encoding",
}
