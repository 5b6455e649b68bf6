"""Bytes to text: BOMs, UTF-8, legacy bytes inside UTF-8, whole legacy files.

Decoding never raises and never loses a byte: a byte that is not valid UTF-8 is
read as cp1252 (or Latin-1 where cp1252 leaves it undefined), never as U+FFFD.

>>> fix_bytes("Le café est prêt.".encode("utf-8"))
'Le café est prêt.'
>>> fix_bytes("Le café est prêt.".encode("cp1252"))
'Le café est prêt.'
>>> fix_bytes("Le café".encode("utf-8") + " et le thé.".encode("cp1252"))
'Le café et le thé.'
>>> fix_bytes("Le cafÃ© est prÃªt.".encode("utf-8"))
'Le café est prêt.'
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import BinaryIO, Iterator

import chardet

from .kinds import DamageKind
from .models import Finding
from .pipeline import fix_text, split_lines

#: Bytes read to decide a whole-file encoding when streaming.
HEAD_BYTES = 64 * 1024

#: Single-byte encodings a whole French file may be in, best first on ties.
#: chardet's guess counts as a clue only from this confidence on.
CHARDET_CONFIDENCE = 0.5
LEGACY_ENCODINGS = ("cp1252", "iso-8859-15", "latin-1", "mac_roman", "cp850")

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# One byte -> one character: cp1252, with Latin-1 for the five bytes cp1252 leaves undefined.
_BYTE_TABLE = "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(256))

_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_LINE_END_RE = re.compile(rb"\r\n|\r|\n")

# Letters and signs French text is made of, beyond ASCII.
_FRENCH_LOWER = frozenset("éèàçêôùîâûëïüœæÿ«»’€\u00a0\u202f")
_FRENCH_UPPER = frozenset("ÉÈÀÇÊÔÙÎÂÛËÏÜŒÆŸ")
_CHARDET_NAMES = {
    "windows-1252": "cp1252", "cp1252": "cp1252", "iso-8859-1": "latin-1", "iso8859-1": "latin-1",
    "latin-1": "latin-1", "iso-8859-15": "iso-8859-15", "iso8859-15": "iso-8859-15",
    "macroman": "mac_roman", "mac-roman": "mac_roman", "mac_roman": "mac_roman", "cp850": "cp850",
    "ibm850": "cp850", "cp437": "cp850", "ibm437": "cp850",
}


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the encoding used, and what was found on the way.

    ``encoding`` is a codec name, or ``"utf-8+cp1252"`` for UTF-8 holding legacy bytes.

    >>> d = decode_bytes(b"caf\\xc3\\xa9 et th\\xe9")
    >>> d.text, d.encoding, [f.kind.value for f in d.findings]
    ('café et thé', 'utf-8+cp1252', ['mixed_encoding'])
    """

    text: str
    encoding: str
    findings: tuple[Finding, ...] = ()
    evidence: str = ""


def fix_bytes(data: bytes) -> str:
    """Decode ``data`` (see :func:`decode_bytes`) and repair the text.

    >>> fix_bytes(b"\\xef\\xbb\\xbfL\\xe2\\x80\\x99\\xc3\\xa9t\\xc3\\xa9\\r\\n")
    'L’été\\r\\n'
    """
    return fix_text(decode_bytes(data).text)


def decode_bytes(data: bytes) -> Decoded:
    """Decode bytes of unknown encoding; never raises.

    >>> decode_bytes("Noël à Orléans".encode("mac_roman")).text
    'Noël à Orléans'
    >>> decode_bytes("Noël à Orléans".encode("cp850")).encoding
    'cp850'
    >>> decode_bytes(b"").text
    ''
    """
    bom = _bom(data)
    if bom is not None:
        name, size = bom
        if name == "utf-8":
            text, findings = decode_islands(data[size:], offset=0)
            return Decoded(text, "utf-8-sig" if not findings else "utf-8-sig+cp1252",
                           tuple(findings), "BOM")
        return Decoded(clean_surrogates(data[size:].decode(name, "replace")), name, (), "BOM")
    legacy = guess_legacy(data)
    if legacy is not None:
        codec, evidence = legacy
        text = decode_legacy(data, codec)
        finding = Finding(0, len(text), DamageKind.LEGACY_ENCODING, 1.0, f"{codec}: {evidence}")
        return Decoded(text, codec, (finding,), evidence)
    text, findings = decode_islands(data)
    return Decoded(text, "utf-8+cp1252" if findings else "utf-8", tuple(findings))


def decode_islands(data: bytes, offset: int = 0, final: bool = True) -> tuple[str, list[Finding]]:
    """Decode UTF-8, reading each run of invalid bytes byte by byte as cp1252.

    Returns the text and a MIXED_ENCODING finding per run (positions in the text,
    plus ``offset``). With ``final=False`` an incomplete sequence at the very end is
    left out (for streaming).

    >>> decode_islands(b"na\\xefve et \\xc3\\xa9t\\xc3\\xa9 \\x81")
    ('naïve et été \\x81', [Finding(start=2, end=3, kind=<DamageKind.MIXED_ENCODING: 'mixed_encoding'>, score=0.9, evidence="b'\\\\xef'"), Finding(start=13, end=14, kind=<DamageKind.MIXED_ENCODING: 'mixed_encoding'>, score=0.9, evidence="b'\\\\x81'")])
    """
    view = memoryview(data)
    parts: list[str] = []
    islands: list[tuple[int, int, bytes]] = []  # text start, text end, bytes
    pos = 0
    length = offset
    while pos < len(data):
        try:
            parts.append(codecs.utf_8_decode(view[pos:], "strict", final)[0])
            break
        except UnicodeDecodeError as err:
            good = codecs.utf_8_decode(view[pos:pos + err.start], "strict", True)[0]
            bad = bytes(view[pos + err.start:pos + err.end])
            island = bad.decode("latin-1").translate(_TRANSLATE)
            parts += (good, island)
            length += len(good)
            if islands and islands[-1][1] == length:
                start, _, before = islands.pop()
                islands.append((start, length + len(island), before + bad))
            else:
                islands.append((length, length + len(island), bad))
            length += len(island)
            pos += err.end
    findings = [Finding(a, b, DamageKind.MIXED_ENCODING, 0.9, repr(raw)) for a, b, raw in islands]
    return "".join(parts), findings


_TRANSLATE = {i: _BYTE_TABLE[i] for i in range(0x80, 0x100)}


def decode_legacy(data: bytes, codec: str) -> str:
    """Decode with a single-byte ``codec`` (cp1252's undefined bytes as Latin-1).

    >>> decode_legacy(b"c\\x9cur \\x81", "cp1252")
    'cœur \\x81'
    """
    if codec == "cp1252":
        return data.decode("latin-1").translate(_TRANSLATE)
    return data.decode(codec, "replace")


def guess_legacy(data: bytes) -> tuple[str, str] | None:
    """The single-byte encoding ``data`` is in, with evidence, or None for UTF-8.

    Each decoding (UTF-8 with cp1252 islands, and each legacy encoding) is scored
    by how French its non-ASCII characters look, chardet's guess counting as one
    more clue for the legacy ones; a legacy encoding must read strictly better.
    Valid UTF-8 is second-guessed only when it does not look French at all and a
    legacy decoding does (mac_roman "l’été" happens to be valid UTF-8: "lՎtՎ").

    >>> guess_legacy("déjà".encode("utf-8")) is None
    True
    >>> guess_legacy("c’est déjà".encode("cp1252"))[0]
    'cp1252'
    >>> guess_legacy("déjà".encode("cp1252"))[0]  # no byte 0x80-0x9F: the same as Latin-1
    'latin-1'
    >>> guess_legacy("l’été".encode("mac_roman"))[0]
    'mac_roman'
    """
    if data.isascii():
        return None
    head = data[:HEAD_BYTES]
    text, invalid = _utf8_head(data)
    as_utf8 = french_score(text)
    if invalid == 0 and as_utf8 >= 0:
        return None
    if invalid and len(text) - len(text.encode("ascii", "ignore")) == invalid:
        as_utf8 = -1.0  # not a single valid UTF-8 sequence: a legacy file
    guess = chardet.detect(head) or {}
    # on a few bytes chardet guesses at random (cp1252 « Ça » was MacRoman at 0.18, and mac_roman « « » won the tie)
    sure = float(guess.get("confidence") or 0.0) >= CHARDET_CONFIDENCE
    hinted = _CHARDET_NAMES.get(str(guess.get("encoding") or "").lower()) if sure else None
    scored = []
    for rank, codec in enumerate(LEGACY_ENCODINGS):
        score = french_score(decode_legacy(head, codec))
        scored.append((score + (0.05 if codec == hinted else 0.0), -rank, codec))
    score, _, codec = max(scored)
    if score <= as_utf8 or (invalid == 0 and score < 0.5):
        return None  # UTF-8 (with islands) reads as well; valid UTF-8 is second-guessed only for clear French
    if codec in ("cp1252", "iso-8859-15") and decode_legacy(head, codec) == head.decode("latin-1"):
        codec = "latin-1"  # the same decoding: name the simplest
    return codec, f"french score {score:.2f}, chardet {guess.get('encoding')}"


def french_score(text: str) -> float:
    """Share of non-ASCII characters that look like French (-1 .. 1).

    An accented capital counts only at the start of a word or inside a word in
    capitals, and alone only if it is "À".

    >>> french_score("prêt à côté")
    1.0
    >>> french_score("pr\\u02c6t \\u2026 c\\u2122t\\u201a") < 0
    True
    """
    good = bad = 0
    for i, ch in enumerate(text):
        if ch < "\x80":
            continue
        if ch in _FRENCH_LOWER:
            good += 1
        elif ch in _FRENCH_UPPER and not text[i - 1:i].islower() and (
                ch == "À" or text[i + 1:i + 2].isalpha()):
            good += 1
        else:
            bad += 1
    total = good + bad
    return (good - bad) / total if total else 0.0


def _utf8_head(data: bytes) -> tuple[str, int]:
    """The first :data:`HEAD_BYTES` as UTF-8 with islands (one character per invalid
    byte), and its count of invalid bytes."""
    text, findings = decode_islands(data[:HEAD_BYTES], final=len(data) <= HEAD_BYTES)
    return text, sum(f.end - f.start for f in findings)


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def clean_surrogates(text: str) -> str:
    """Replace lone surrogates (which cannot be written as UTF-8) by U+FFFD.

    >>> clean_surrogates("a\\udc80b")
    'a\\ufffdb'
    """
    return _SURROGATE_RE.sub("\ufffd", text)


@dataclass(frozen=True)
class DecodedLine:
    """One line of a decoded stream (ending kept), with what decoding found in it.

    ``encoding`` is the stream's: a codec name, ``"utf-8"``, or ``"utf-8+cp1252"``
    when this line held legacy bytes.
    """

    text: str
    encoding: str
    findings: tuple[Finding, ...] = ()


def iter_decoded(stream: BinaryIO, chunk_size: int = HEAD_BYTES) -> Iterator[DecodedLine]:
    """Decode a binary stream line by line; never raises on content.

    The encoding (BOM, UTF-8 with legacy islands, or a whole-file legacy encoding)
    is decided from the first ``chunk_size`` bytes; memory stays bounded by the
    longest line.

    >>> import io
    >>> [(d.text, d.encoding) for d in iter_decoded(io.BytesIO(b"caf\\xc3\\xa9\\nth\\xe9\\n"))]
    [('café\\n', 'utf-8'), ('thé\\n', 'utf-8+cp1252')]
    """
    head = _read(stream, chunk_size)
    bom = _bom(head)
    if bom is not None and bom[0] != "utf-8":
        for line in _iter_wide(head, stream, bom[0], bom[1], chunk_size):
            yield DecodedLine(line, bom[0])
        return
    if bom is not None:
        head = head[bom[1]:]
    legacy = guess_legacy(head) if bom is None else None
    for raw in _iter_raw_lines(head, stream, chunk_size):
        if legacy is not None:
            text = decode_legacy(raw, legacy[0])
            found = () if raw.isascii() else (
                Finding(0, len(text.rstrip("\r\n")), DamageKind.LEGACY_ENCODING, 1.0,
                        f"{legacy[0]}: {legacy[1]}"),)
            yield DecodedLine(text, legacy[0], found)
        else:
            text, islands = decode_islands(raw)
            yield DecodedLine(text, "utf-8+cp1252" if islands else "utf-8", tuple(islands))


def iter_decoded_lines(stream: BinaryIO, chunk_size: int = HEAD_BYTES) -> Iterator[str]:
    """The lines of :func:`iter_decoded`, as text with their endings.

    >>> import io
    >>> list(iter_decoded_lines(io.BytesIO(b"caf\\xe9\\r\\nth\\xe9\\rfin")))
    ['café\\r\\n', 'thé\\r', 'fin']
    """
    for line in iter_decoded(stream, chunk_size):
        yield line.text


def _read(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes: filled up from a file, what is there from a pipe or a
    terminal (so that streaming output does not wait for 64 KB); b"" at the end."""
    read1 = getattr(stream, "read1", None)
    if read1 is None:
        return stream.read(size)
    try:
        fill = stream.seekable()
    except (OSError, ValueError):
        fill = False
    chunks = [read1(size)]
    got = len(chunks[0])
    while fill and chunks[-1] and got < size:
        chunks.append(read1(size - got))
        got += len(chunks[-1])
    return b"".join(chunks)


def _iter_raw_lines(head: bytes, stream: BinaryIO, chunk_size: int) -> Iterator[bytes]:
    buf = head
    eof = False
    while True:
        start = 0
        for m in _LINE_END_RE.finditer(buf):
            if m.group() == b"\r" and m.end() == len(buf) and not eof:
                break  # maybe the first half of \r\n
            yield buf[start:m.end()]
            start = m.end()
        buf = buf[start:]
        if eof:
            if buf:
                yield buf
            return
        chunk = _read(stream, chunk_size)
        if chunk:
            buf += chunk
        else:
            eof = True


def _iter_wide(head: bytes, stream: BinaryIO, codec: str, bom_size: int, chunk_size: int) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(codec)("replace")
    pending = ""
    chunk = head[bom_size:]
    while True:
        final = not chunk
        pending += decoder.decode(chunk, final)
        lines = split_lines(pending)
        if not final and lines and not lines[-1].endswith("\n"):
            pending = lines.pop()  # incomplete line, or a \r that may precede \n
        else:
            pending = ""
        for line in lines:
            yield clean_surrogates(line)
        if final:
            if pending:
                yield clean_surrogates(pending)
            return
        chunk = _read(stream, chunk_size)
