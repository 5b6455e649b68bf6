"""French language data: the lexicon and the word n-gram context model.

The data ships in ``mojifix/data/fr/`` as two files built by ``python -m mojifix.build``:

* ``lexicon.bin`` -- filtered Dicollecte forms (lowercase index), their log10 frequency, compact tags,
  capitalised-only spellings, the drop/strip damage-key indexes and a small English word list.
* ``model.bin`` -- a word trigram model (interpolated Witten-Bell, stored in back-off form).

Every data file starts with one text line::

    MOJIFIX-DATA <name> fr v1 <payload-bytes> <sha256-hex>\\n

followed by a zlib-compressed payload; a wrong name, version, length or checksum raises
:class:`DataError`. Files are located with :mod:`importlib.resources`, loaded lazily on first use
and cached once per process behind a lock (thread-safe). The damage-key indexes of the lexicon are built
on their first use (clean text never needs them); ``get_lexicon().preload()`` builds them at once. Forked
workers inherit an already loaded cache (load, and preload, before forking to share it copy-on-write);
spawned workers load once each.

>>> lex = get_lexicon()
>>> "été" in lex, "ete" in lex
(True, False)
>>> "été" in lex.by_drop("t"), "à" in lex.by_drop(""), "où" in lex.by_strip("ou")
(True, True, True)
>>> sorted(lex.tags("abandonnée")) == sorted({"A", "V", "Q", "f", "s"}) or "Q" in lex.tags("abandonnée")
True
>>> model = get_model()
>>> model.score(["il", "a", "été"]) > model.score(["il", "à", "été"])
True
"""

from __future__ import annotations

import gc
import hashlib
import json
import sys
import threading
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Union

__all__ = [
    "DataError",
    "Lexicon",
    "ContextModel",
    "get_lexicon",
    "get_model",
    "ngram_check",
    "ngram_hash",
    "read_data_file",
]

MAGIC = "MOJIFIX-DATA"
FORMAT_VERSION = "v1"
LANGUAGE = "fr"
LEXICON_FILE = "lexicon.bin"
MODEL_FILE = "model.bin"
#: Separator between the tokens of an n-gram before hashing.
NGRAM_SEP = "\x1f"
#: Logfreq values are stored as int16 thousandths.
LOGFREQ_SCALE = 1000

PathLike = Union[str, Path]


class DataError(RuntimeError):
    """A data file is missing, truncated, corrupt or of the wrong version."""


# --------------------------------------------------------------------------- file format


@dataclass(frozen=True)
class Header:
    """The parsed first line of a data file.

    >>> Header.parse(b"MOJIFIX-DATA lexicon fr v1 12 " + b"0" * 64, "x").length
    12
    """

    name: str
    language: str
    version: str
    length: int
    sha256: str

    @classmethod
    def parse(cls, line: bytes, where: str) -> Header:
        """Parse a header line (without its newline); raise :class:`DataError` when malformed."""
        try:
            magic, name, language, version, length, digest = line.decode("ascii").split(" ")
            header = cls(name, language, version, int(length), digest)
        except (UnicodeDecodeError, ValueError):
            raise DataError(f"{where}: not a mojifix data file (bad header)") from None
        if magic != MAGIC or len(digest) != 64:
            raise DataError(f"{where}: not a mojifix data file (bad header)")
        return header

    def line(self) -> bytes:
        """The header line as written to disk, newline included."""
        return f"{MAGIC} {self.name} {self.language} {self.version} {self.length} {self.sha256}\n".encode("ascii")


def pack_sections(meta: dict[str, Any], sections: dict[str, bytes]) -> bytes:
    """Serialise ``meta`` (JSON) and named byte sections into one uncompressed payload.

    >>> unpack_sections(pack_sections({"k": 1}, {"a": b"xy", "b": b""}), "t")
    ({'k': 1, 'sections': [['a', 2], ['b', 0]]}, {'a': b'xy', 'b': b''})
    """
    names = sorted(sections)
    full = dict(meta, sections=[[n, len(sections[n])] for n in names])
    head = json.dumps(full, sort_keys=True, ensure_ascii=True).encode("ascii") + b"\n"
    return head + b"".join(sections[n] for n in names)


def unpack_sections(payload: bytes, where: str) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Inverse of :func:`pack_sections`; raise :class:`DataError` on inconsistency."""
    end = payload.find(b"\n")
    try:
        meta = json.loads(payload[:end])
        offset = end + 1
        sections: dict[str, bytes] = {}
        for name, size in meta["sections"]:
            sections[name] = payload[offset:offset + size]
            offset += size
    except (ValueError, KeyError, TypeError):
        raise DataError(f"{where}: corrupt payload") from None
    if end < 0 or offset != len(payload):
        raise DataError(f"{where}: corrupt payload (section sizes)")
    return meta, sections


def encode_data_file(name: str, meta: dict[str, Any], sections: dict[str, bytes], level: int = 9) -> bytes:
    """The complete bytes of a data file (header line + compressed payload). Deterministic."""
    payload = zlib.compress(pack_sections(meta, sections), level)
    header = Header(name, LANGUAGE, FORMAT_VERSION, len(payload), hashlib.sha256(payload).hexdigest())
    return header.line() + payload


def decode_data_file(blob: bytes, name: str, where: str) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Check the header of ``blob`` and return its meta and sections.

    >>> blob = encode_data_file("demo", {"x": 1}, {"s": b"abc"})
    >>> decode_data_file(blob, "demo", "demo")[1]
    {'s': b'abc'}
    >>> decode_data_file(blob[:-1], "demo", "demo")
    Traceback (most recent call last):
    ...
    mojifix.data.DataError: demo: truncated (expected 43 payload bytes, found 42)
    """
    end = blob.find(b"\n", 0, 256)
    if end < 0:
        raise DataError(f"{where}: not a mojifix data file (no header)")
    header = Header.parse(blob[:end], where)
    if header.name != name or header.language != LANGUAGE:
        raise DataError(f"{where}: holds {header.name!r}/{header.language}, expected {name!r}/{LANGUAGE}")
    if header.version != FORMAT_VERSION:
        raise DataError(f"{where}: format {header.version}, this mojifix reads {FORMAT_VERSION}; rebuild the data")
    payload = blob[end + 1:]
    if len(payload) != header.length:
        raise DataError(f"{where}: truncated (expected {header.length} payload bytes, found {len(payload)})")
    if hashlib.sha256(payload).hexdigest() != header.sha256:
        raise DataError(f"{where}: checksum mismatch (corrupt file)")
    try:
        raw = zlib.decompress(payload)
    except zlib.error:
        raise DataError(f"{where}: corrupt payload (zlib)") from None
    return unpack_sections(raw, where)


def read_data_file(name: str, filename: str, directory: PathLike | None = None) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Read and check a data file from ``directory`` (default: the shipped ``mojifix/data/fr``)."""
    if directory is None:
        ref = resources.files("mojifix").joinpath("data", LANGUAGE, filename)
        where = f"mojifix/data/{LANGUAGE}/{filename}"
    else:
        ref = Path(directory) / filename  # type: ignore[assignment]
        where = str(ref)
    try:
        blob = ref.read_bytes()
    except OSError as exc:
        raise DataError(f"{where}: cannot read ({exc.strerror or exc}); run `python -m mojifix.build`") from None
    return decode_data_file(blob, name, where)


def typed_array(typecode: str, raw: bytes) -> array:  # type: ignore[type-arg]
    """An array from little-endian bytes (as written by the builder).

    >>> list(typed_array("H", b"\\x01\\x00\\x02\\x00"))
    [1, 2]
    """
    arr = array(typecode)
    arr.frombytes(raw)
    if sys.byteorder == "big":
        arr.byteswap()
    return arr


def text_list(raw: bytes) -> list[str]:
    """UTF-8 strings, each terminated by a newline.

    >>> text_list(b"a\\nb\\n"), text_list(b""), text_list(b"\\n")
    (['a', 'b'], [], [''])
    """
    return raw.decode("utf-8").split("\n")[:-1]


def ngram_hash(tokens: Sequence[str]) -> int:
    """Deterministic 32-bit key of an n-gram (CRC-32 of the tokens joined by U+001F).

    >>> ngram_hash(("il", "a", "été")) == ngram_hash(["il", "a", "été"])
    True
    """
    return zlib.crc32(NGRAM_SEP.join(tokens).encode("utf-8"))


def ngram_check(data: bytes) -> int:
    """An 8-bit check of an n-gram key, independent of its CRC-32: it tells most absent n-grams
    that share a stored one's 32-bit hash from it (Adler-32, an arithmetic sum, spread by a multiply).

    >>> ngram_check(b"il\x1fa") == ngram_check(b"il\x1fa"), 0 <= ngram_check(b"x") < 256
    (True, True)
    """
    return ((zlib.adler32(data) * 0x9E3779B1) & 0xFFFFFFFF) >> 24


# --------------------------------------------------------------------------- lexicon


class _KeyIndex:
    """Forms grouped under a damage key (compressed sparse rows over form ids).

    The key dict is built on first use (clean text never needs it), under a lock; results are memoised.
    """

    __slots__ = ("_forms", "_raw", "_keys", "_offsets", "_ids", "_memo", "_lock")

    def __init__(self, forms: list[str], keys: bytes, offsets: bytes, ids: bytes) -> None:
        self._forms = forms
        self._raw: tuple[bytes, bytes, bytes] | None = (keys, offsets, ids)
        self._keys: dict[str, int] | None = None
        self._offsets = array("I")
        self._ids = array("I")
        self._memo: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def _ready(self) -> dict[str, int]:
        with self._lock:
            if self._keys is None:
                assert self._raw is not None
                keys_raw, offsets_raw, ids_raw = self._raw
                self._offsets = typed_array("I", offsets_raw)
                self._ids = typed_array("I", ids_raw)
                keys = text_list(keys_raw)
                if len(self._offsets) != len(keys) + 1 or self._offsets[-1] != len(self._ids):
                    raise DataError("lexicon: inconsistent key index (corrupt file)")
                self._keys = _build_quietly(lambda k: dict(zip(k, range(len(k)))), keys)
                self._raw = None
            return self._keys

    def get(self, key: str) -> tuple[str, ...]:
        """Forms under ``key`` (memoised: the same tuple is returned on later calls)."""
        found = self._memo.get(key)
        if found is not None:
            return found
        keys = self._keys if self._keys is not None else self._ready()
        row = keys.get(key)
        if row is None:
            return ()
        forms = self._forms
        found = tuple([forms[i] for i in self._ids[self._offsets[row]:self._offsets[row + 1]]])
        self._memo[key] = found  # idempotent, so concurrent fills are harmless
        return found

    def __len__(self) -> int:
        return len(self._ready())


class Lexicon:
    """Lowercase French word forms (filtered Dicollecte) with frequencies, tags and damage-key indexes."""

    def __init__(self, meta: dict[str, Any], sections: dict[str, bytes]) -> None:
        self.meta = meta
        forms = text_list(sections["forms"])
        self._forms = forms
        self._index: dict[str, int] = dict(zip(forms, range(len(forms))))
        self._logfreq = typed_array("h", sections["logfreq"])
        self._tag_ids = typed_array("H", sections["tag_ids"])
        self._tagsets = [frozenset(s.split()) for s in text_list(sections["tagsets"])]
        cased_ids = typed_array("I", sections["cased_ids"])
        self._cased = dict(zip((forms[i] for i in cased_ids), text_list(sections["cased"])))
        self._capital_only: frozenset[str] | None = None
        self._drop = _KeyIndex(forms, sections["drop_keys"], sections["drop_offsets"], sections["drop_ids"])
        self._strip = _KeyIndex(forms, sections["strip_keys"], sections["strip_offsets"], sections["strip_ids"])
        en_freq = typed_array("h", sections["en_logfreq"])
        self._english = dict(zip(text_list(sections["en_words"]), (q / LOGFREQ_SCALE for q in en_freq)))
        self.floor: float = float(meta["floor"])
        if not (len(forms) == len(self._logfreq) == len(self._tag_ids)):
            raise DataError("lexicon: inconsistent section lengths (corrupt file)")

    def __contains__(self, form: object) -> bool:
        """Is ``form`` (lowercase, apostrophe ``'``) a French word form?"""
        return form in self._index

    def __len__(self) -> int:
        return len(self._forms)

    def logfreq(self, form: str) -> float | None:
        """log10 unigram probability of a lowercase form (modern usage), None if not a form."""
        i = self._index.get(form)
        return None if i is None else self._logfreq[i] / LOGFREQ_SCALE

    def by_drop(self, key: str) -> tuple[str, ...]:
        """Forms with a non-ASCII letter whose :func:`~mojifix.keys.drop_key` is ``key``, most frequent first."""
        return self._drop.get(key)

    def by_strip(self, key: str) -> tuple[str, ...]:
        """Forms with a non-ASCII letter whose :func:`~mojifix.keys.strip_key` is ``key``, most frequent first."""
        return self._strip.get(key)

    def cased(self, form: str) -> str | None:
        """The capitalised spelling when the form exists only capitalised (``'éric'`` -> ``'Éric'``), else None."""
        return self._cased.get(form)

    def capital_only(self) -> frozenset[str]:
        """The forms the lexicon never writes in lower case, built once: names (``'éric'``, ``'mme'``) and
        symbols with a capital inside (``'ca'``, only « cA » and « CA »: in lower case, a « ça » that lost
        its cedilla)."""
        if self._capital_only is None:
            self._capital_only = frozenset(self._cased)
        return self._capital_only

    def tags(self, form: str) -> frozenset[str]:
        """Compact tags (union over readings): N A V W G M J …, Q/Y/P/Ip…, m f e s p i; empty if unknown."""
        i = self._index.get(form)
        return frozenset() if i is None else self._tagsets[self._tag_ids[i]]

    def is_english(self, word: str) -> bool:
        """Is ``word`` (lowercase) a common English word that is not (or barely) French? ('the', 'with')."""
        return word in self._english

    def english_score(self, word: str) -> float | None:
        """log10 frequency in English of a word listed by :meth:`is_english`, else None."""
        return self._english.get(word)

    def preload(self) -> Lexicon:
        """Build the lazy key indexes now (call before forking workers so they share them)."""
        len(self._drop), len(self._strip)
        return self

    def forms(self) -> list[str]:
        """All forms, most frequent first (a copy)."""
        return list(self._forms)


# --------------------------------------------------------------------------- context model


class ContextModel:
    """Word n-gram model in back-off form; tokens are :func:`mojifix.tokens.lm_tokens` output.

    Every kept n-gram has a 32-bit :func:`ngram_hash`; the high 16 bits select a bucket, the low 16 bits
    are kept sorted inside it and found by bisection, and an 8-bit :func:`ngram_check` confirms the match
    (without it, about one absent n-gram in 1,800 took the probability of a stored one). Each entry
    stores a quantised log10 probability and (for contexts) a quantised log10 back-off weight.
    """

    def __init__(self, meta: dict[str, Any], sections: dict[str, bytes]) -> None:
        self.meta = meta
        self.order: int = int(meta["order"])
        self._prob_step = float(meta["prob_step"])
        self._bow_step = float(meta["bow_step"])
        self._bow_offset = float(meta["bow_offset"])
        self.unk_logprob: float = float(meta["unk_logprob"])
        self._buckets = typed_array("I", sections["buckets"])
        self._low = typed_array("H", sections["low"])
        self._prob = typed_array("B", sections["prob"])
        self._bow = typed_array("B", sections["bow"])
        if "check" not in sections:
            raise DataError("model: no check section (built by an older mojifix); rebuild the data")
        self._check = sections["check"]
        if not (len(self._buckets) == 65537 and len(self._low) == len(self._prob) == len(self._bow)
                == len(self._check) == self._buckets[-1]):
            raise DataError("model: inconsistent section lengths (corrupt file)")
        # Dequantisation tables: a list index is cheaper than a multiply.
        self._prob_values = [-q * self._prob_step for q in range(256)]
        self._bow_values = [q * self._bow_step - self._bow_offset for q in range(256)]

    def __len__(self) -> int:
        return len(self._low)

    def _find(self, key: str) -> int:
        """Entry index of an n-gram key (tokens joined by :data:`NGRAM_SEP`), -1 when absent."""
        data = key.encode("utf-8")
        h = zlib.crc32(data)
        bucket = h >> 16
        low = h & 0xFFFF
        hi = self._buckets[bucket + 1]
        i = bisect_left(self._low, low, self._buckets[bucket], hi)
        if i < hi and self._low[i] == low and self._check[i] == ngram_check(data):
            return i
        return -1

    def stored(self, ngram: Sequence[str]) -> float | None:
        """log10 probability of a kept n-gram (last token given the others), None when it was not kept."""
        i = self._find(NGRAM_SEP.join(ngram))
        return None if i < 0 else self._prob_values[self._prob[i]]

    def backoff(self, context: Sequence[str]) -> float:
        """log10 back-off weight of a context (0.0 when the context was not kept)."""
        i = self._find(NGRAM_SEP.join(context))
        return 0.0 if i < 0 else self._bow_values[self._bow[i]]

    def logprob(self, word: str, history: Sequence[str] = ()) -> float:
        """log10 P(word | last ``order-1`` tokens of ``history``), backing off to shorter contexts.

        >>> m = get_model()
        >>> m.logprob("été", ("il", "a")) > m.logprob("été", ("la", "maison"))
        True
        """
        n = min(len(history), self.order - 1)
        find = self._find
        penalty = 0.0
        if n:
            context = NGRAM_SEP.join(history[len(history) - n:])
            while True:
                i = find(context + NGRAM_SEP + word)
                if i >= 0:
                    return penalty + self._prob_values[self._prob[i]]
                i = find(context)
                if i >= 0:
                    penalty += self._bow_values[self._bow[i]]
                cut = context.find(NGRAM_SEP)
                if cut < 0:
                    break
                context = context[cut + 1:]
        i = find(word)
        return penalty + (self._prob_values[self._prob[i]] if i >= 0 else self.unk_logprob)

    def score(self, tokens: Sequence[str]) -> float:
        """Sum of :meth:`logprob` over ``tokens``, with ``'<s>'`` as the context of the first token."""
        history: tuple[str, ...] = ("<s>",)
        total = 0.0
        keep = self.order - 1
        for tok in tokens:
            total += self.logprob(tok, history)
            history = (history + (tok,))[-keep:]
        return total


# --------------------------------------------------------------------------- lazy cache

_LOCK = threading.Lock()
_CACHE: dict[str, Any] = {}


def _build_quietly(factory: Any, *args: Any) -> Any:
    """Call ``factory`` with the cyclic GC paused (building big dicts of strings triggers it in vain)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return factory(*args)
    finally:
        if enabled:
            gc.enable()


def load_shipped(kind: str, factory: Any, name: str, filename: str) -> Any:
    """``factory(meta, sections)`` of the shipped data file ``filename``, built once per process (thread-safe)
    and kept under ``kind``; a missing or corrupt file is a :class:`DataError`."""
    value = _CACHE.get(kind)
    if value is None:
        with _LOCK:
            value = _CACHE.get(kind)
            if value is None:
                value = _build_quietly(factory, *read_data_file(name, filename))
                _CACHE[kind] = value
    return value


def get_lexicon() -> Lexicon:
    """The shipped French :class:`Lexicon`, loaded once per process (thread-safe)."""
    return load_shipped("lexicon", Lexicon, "lexicon", LEXICON_FILE)  # type: ignore[no-any-return]


def get_model() -> ContextModel:
    """The shipped French :class:`ContextModel`, loaded once per process (thread-safe)."""
    return load_shipped("model", ContextModel, "model", MODEL_FILE)  # type: ignore[no-any-return]


def available() -> bool:
    """Can the shipped lexicon and model be loaded (built, not corrupt)? Loads them if so."""
    try:
        get_lexicon()
        get_model()
    except DataError:
        return False
    return True


def load_lexicon(directory: PathLike) -> Lexicon:
    """A :class:`Lexicon` from another directory (tests, experiments); not cached."""
    return _build_quietly(Lexicon, *read_data_file("lexicon", LEXICON_FILE, directory))  # type: ignore[no-any-return]


def load_model(directory: PathLike) -> ContextModel:
    """A :class:`ContextModel` from another directory (tests, experiments); not cached."""
    return _build_quietly(ContextModel, *read_data_file("model", MODEL_FILE, directory))  # type: ignore[no-any-return]
