"""Mojibake repair with ftfy, as minimal, replayable changes.

Only ftfy's encoding repairs are switched on (see :data:`FTFY_CONFIG`): quotes,
ligatures, widths, NBSP, spaces and normalisation are left exactly as they are.
A cheap pre-check keeps clean lines away from ftfy, and the common case (UTF-8 read
as cp1252 or Latin-1, every byte intact) takes ftfy's own steps without its machinery.

>>> line = "Selon la presse amÃ©ricaine, le cafÃ© est prÃªt."
>>> [(c.before, c.after) for c in fix_mojibake(line)]
[('Ã©', 'é'), ('Ã©', 'é'), ('Ãª', 'ê')]
>>> fix_mojibake("L’été, à l’ombre\\xa0: rien à réparer.")
[]
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Sequence

import ftfy
from ftfy.badness import is_bad

from .kinds import DamageKind
from .models import Change, Finding

#: ftfy with its encoding repairs only; everything else is left alone.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)

#: Confidence given to lossless and to lossy mojibake repairs.
CONFIDENCE = 0.99
LOSSY_CONFIDENCE = 0.9

# What cp1252 puts on bytes 0x80-0x9F (the continuation bytes of UTF-8 seen as text).
_CP1252_HIGH = bytes(range(0x80, 0xA0)).decode("cp1252", "ignore")

#: A UTF-8 lead byte read as Latin-1/cp1252 followed by a continuation byte read the
#: same way, a lead byte whose continuation was lost ("Ã " for "à", "Ã?"), a C1
#: control, a lone surrogate: what the ftfy repairs act on.
#: (Written as one character class, then what must follow, so that the regex engine scans for
#: that class at C speed: three times faster on clean French than the plain alternation
#: ``lead continuation | [ÂÃ][ ?�] | Ã$ | C1-or-surrogate``, which tests/test_mojibake.py checks it equals.)
SUSPECT_RE = re.compile(
    "[\u00c2-\u00f4\u0080-\u009f\ud800-\udfff]"
    "(?:(?<=[\u00c2-\u00f4])(?:[\u0080-\u00bf" + re.escape(_CP1252_HIGH) + "]"
    "|(?<=[\u00c2\u00c3])[ ?\ufffd]|(?<=\u00c3)$)"
    "|(?<=[\u0080-\u009f\ud800-\udfff]))",
    re.MULTILINE,  # so that lines joined by "\n" are judged at once, each as if alone
)

#: Lines made only of these characters cannot hold mojibake that ftfy would repair,
#: unless :data:`SUSPECT_RE` matches. Everything else goes to ftfy (which has its own check).
COMMON_RE = re.compile(
    "[\x00-\x7f\u00a0-\u00bf\u00c0\u00c2\u00c7-\u00cb\u00ce\u00cf\u00d4\u00d9\u00db\u00dc"
    "\u00e0\u00e2\u00e7-\u00eb\u00ee\u00ef\u00f4\u00f9\u00fb\u00fc\u00ff\u0152\u0153\u0178"
    "\u00c6\u00e6\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u202f\u20ac]*"
)

#: A UTF-16 surrogate code point (a lone one cannot be encoded as UTF-8).
SURROGATE_RE = re.compile("[\ud800-\udfff]")

# A lead byte (as Latin-1) not followed by a continuation byte: a byte was lost.
_CUT_LEAD_RE = re.compile("[\u00c2-\u00f4](?![\u0080-\u00bf" + re.escape(_CP1252_HIGH) + "])")

# Beyond this many differing characters the diff is not refined (one change).
_MAX_DIFF = 20_000


def is_suspect(line: str) -> bool:
    """Whether ``line`` is worth handing to ftfy (cheap; false for clean French).

    >>> is_suspect("Le café est prêt."), is_suspect("Le cafÃ© est prÃªt.")
    (False, True)
    >>> is_suspect("voilÃ le travail"), is_suspect("plain ASCII")
    (True, False)
    >>> is_suspect("déjà\\nun VOILÃ\\nfin")  # lines joined by a line feed: suspect if one of them is
    True
    """
    if line.isascii():
        return False
    return SUSPECT_RE.search(line) is not None or COMMON_RE.fullmatch(line) is None


def ftfy_fix(line: str) -> tuple[str, str]:
    """The line as ftfy's encoding repairs leave it, and a short account of the steps.

    >>> ftfy_fix("prÃªt")
    ('prêt', 'encode latin-1, decode utf-8')
    >>> ftfy_fix("lâ€™Ã©tÃ©")
    ('l’été', 'encode sloppy-windows-1252, decode utf-8')
    """
    if not is_suspect(line):
        return line, ""
    fast = _plain_utf8_steps(line)
    if fast is not None:
        return fast
    fixed, steps = ftfy.fix_and_explain(line, FTFY_CONFIG)
    return fixed, ", ".join(f"{op} {arg}" for op, arg in steps or ())


_BEYOND_LATIN1_RE = re.compile("[^\x00-\xff]")
#: What ftfy's later steps act on (C1 controls, surrogates): a line that still holds one goes to ftfy.
_FTFY_LEFTOVER_RE = re.compile("[\u0080-\u009f\ud800-\udfff]")


def _plain_utf8_steps(line: str, max_steps: int = 4) -> tuple[str, str] | None:
    """ftfy's repair of the common case, without ftfy's machinery: UTF-8 read as cp1252 or
    Latin-1, once or more, every byte intact. None when anything else may be going on.

    Each step is the one ftfy takes first (``_fix_encoding_one_step_and_explain``): text that
    ftfy's badness test finds bad, whose cp1252 bytes are valid UTF-8, is encoded with the first
    of its charmap encodings that can hold it (Latin-1, else sloppy cp1252: the same bytes here)
    and decoded as UTF-8. Lossy sequences, a space for a lost 0xA0, C1 controls, surrogates,
    CESU-8 and lone bytes make the bytes invalid or are left to ftfy itself, so the result is
    ftfy's, with one difference by design: as a clean line never goes to ftfy (:func:`is_suspect`),
    a repaired line that is no longer suspect takes no further step (ftfy would read « €Æ », the
    mojibake of itself, as Mac Roman, and make it « ۮ »). tests/test_mojibake.py checks this on
    every damage kind.

    >>> _plain_utf8_steps("ÃƒÂ©tÃƒÂ©")
    ('été', 'encode sloppy-windows-1252, decode utf-8, encode latin-1, decode utf-8')
    >>> _plain_utf8_steps("voilÃ le travail") is None  # a lost byte: ftfy's restore_byte_a0
    True
    >>> _plain_utf8_steps("Peña, Ørsted")  # nothing bad for ftfy
    ('Peña, Ørsted', '')
    """
    text, steps = line, []
    for _ in range(max_steps):
        if steps and not is_suspect(text) or text.isascii() or not is_bad(text):
            break  # (a line that is not suspect never goes to ftfy: no need to ask it)
        try:
            raw = text.encode("cp1252")
            fixed = raw.decode("utf-8")
        except UnicodeError:
            return None
        if 0xED in raw or 0xC0 in raw:
            return None  # ftfy decodes these as utf-8-variants
        steps.append("encode sloppy-windows-1252" if _BEYOND_LATIN1_RE.search(text) else "encode latin-1")
        steps.append("decode utf-8")
        text = fixed
    else:
        return None
    if _FTFY_LEFTOVER_RE.search(text):
        return None
    return text, ", ".join(steps)  # no steps: ftfy finds nothing bad and leaves the line as it is


def fix_mojibake(line: str) -> list[Change]:
    """The mojibake repairs of one line (no line ending), positions in ``line``.

    Lossy sequences keep the U+FFFD ftfy puts in; the restoration engine finishes them.

    >>> [(c.start, c.end, c.after, c.kind.value) for c in fix_mojibake("voilÃ le travail")]
    [(4, 5, 'à', 'lossy_mojibake')]
    >>> [(c.before, c.after) for c in fix_mojibake("ÃƒÂ©tÃƒÂ©")]
    [('ÃƒÂ©', 'é'), ('ÃƒÂ©', 'é')]
    """
    fixed, how = ftfy_fix(line)
    if SURROGATE_RE.search(fixed):  # never let a lone surrogate through: the output must encode as UTF-8
        fixed = SURROGATE_RE.sub("\ufffd", fixed)
        how = f"{how}, lone surrogates to U+FFFD" if how else "lone surrogates to U+FFFD"
    if fixed == line:
        return []
    reason = f"ftfy: {how}" if how else "ftfy"
    changes = [_change(line, fixed, a, b, c, d, how, reason) for a, b, c, d in diff_regions(line, fixed)]
    return [c for c in changes if not _implausible_loss(c)]


#: As Latin-1, lead bytes of three-byte UTF-8 sequences that are French letters (é, è, ê, à …; not â,
#: 0xE2, the lead of punctuation and €, nor ã, 0xE3, the lead of Japanese kana): in French text they
#: are letters, not the start of a character that lost a byte.
_FRENCH_LEAD_LETTERS = frozenset("àæçèéêëîï")


def _implausible_loss(change: Change) -> bool:
    """A "lost byte" that is really an accented letter followed by a symbol and '?' ("thé€?").

    >>> fix_mojibake("Un thé€? Non."), fix_mojibake("Le thé€€ est"), [c.after for c in fix_mojibake("Il dit â€?oui")]
    ([], [], ['\ufffd'])
    """
    if change.before[:1] not in _FRENCH_LEAD_LETTERS or SURROGATE_RE.search(change.before):
        return False
    if change.kind is DamageKind.LOSSY_MOJIBAKE and "\ufffd" in change.after:
        return True
    # "thé€€" read as the UTF-8 of 退: a French letter is not the lead byte of a CJK character
    return any(ord(c) >= 0x0800 for c in change.after)


def find_mojibake(line: str) -> list[Finding]:
    """Where ``line`` holds mojibake, as findings (the same spans as :func:`fix_mojibake`).

    >>> [(f.start, f.end, f.kind.value) for f in find_mojibake("le cafÃ© noir")]
    [(6, 8, 'mojibake')]
    """
    return [Finding(c.start, c.end, c.kind, c.confidence, f"{c.before!r} -> {c.after!r}")
            for c in fix_mojibake(line)]


def _change(line: str, fixed: str, a: int, b: int, c: int, d: int, how: str, reason: str) -> Change:
    before, after = line[a:b], fixed[c:d]
    lossy = "\ufffd" in after or ("restore_byte_a0" in how and _CUT_LEAD_RE.search(before) is not None)
    kind = DamageKind.LOSSY_MOJIBAKE if lossy else DamageKind.MOJIBAKE
    return Change(a, b, before, after, kind, LOSSY_CONFIDENCE if lossy else CONFIDENCE, reason)


def diff_regions(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """Spans ``(old_start, old_end, new_start, new_end)`` where ``old`` and ``new`` differ.

    A pure insertion or deletion is widened to the run of non-ASCII, non-space
    characters around it, so that it reads as a unit ("Ãƒ" -> "Ã", not "ƒ" -> "").

    >>> diff_regions("le cafÃ© noir", "le café noir")
    [(6, 8, 6, 7)]
    >>> diff_regions("un Ãƒ", "un Ã")
    [(3, 5, 3, 4)]
    """
    p = _common_prefix(old, new)
    s = _common_suffix(old[p:], new[p:])
    o_mid, n_mid = old[p:len(old) - s], new[p:len(new) - s]
    aligned = _ascii_aligned(o_mid, n_mid)
    if aligned is not None:
        raw = [(p + a, p + b, p + c, p + d) for a, b, c, d in aligned]
    elif len(o_mid) + len(n_mid) > _MAX_DIFF:
        raw = [(p, len(old) - s, p, len(new) - s)]
    else:
        sm = SequenceMatcher(None, o_mid, n_mid, autojunk=False)
        raw = [(p + i1, p + i2, p + j1, p + j2)
               for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]
    return _widen_all(old, raw)


_ASCII_RUN_RE = re.compile(r"([\x00-\x7f]+)")


def _ascii_aligned(old: str, new: str) -> list[tuple[int, int, int, int]] | None:
    """The differing stretches when ``old`` and ``new`` have the same ASCII runs in the same order.

    Mojibake repair rewrites only non-ASCII stretches ("Ã©" -> "é"), so the ASCII runs anchor
    the alignment in linear time; None when a repair also consumed ASCII (a lost byte read as a
    space or a '?'), for the general diff.

    >>> _ascii_aligned("cafÃ© et thÃ©", "café et thé")
    [(3, 5, 3, 4), (11, 13, 10, 11)]
    >>> _ascii_aligned("dit â€?oui", "dit \ufffdoui") is None
    True
    """
    po, pn = _ASCII_RUN_RE.split(old), _ASCII_RUN_RE.split(new)
    if len(po) != len(pn) or po[1::2] != pn[1::2]:
        return None
    out: list[tuple[int, int, int, int]] = []
    i = j = 0
    for k, (a, b) in enumerate(zip(po, pn)):
        if k % 2 == 0 and a != b:
            if a and b and a[0] != b[0] and a[-1] != b[-1]:
                pre = suf = 0  # the usual case ("Ã©" -> "é"), without the general search
            else:
                pre = _common_prefix(a, b)
                suf = _common_suffix(a[pre:], b[pre:])
            out.append((i + pre, i + len(a) - suf, j + pre, j + len(b) - suf))
        i += len(a)
        j += len(b)
    return out


def _widen_all(old: str, raw: Sequence[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Widen pure insertions and deletions to their non-ASCII run; merge what then touches."""
    out: list[tuple[int, int, int, int]] = []
    for i, (a, b, c, d) in enumerate(raw):
        if a == b or c == d:
            lo = out[-1][1] if out else 0
            hi = raw[i + 1][0] if i + 1 < len(raw) else len(old)
            while a > lo and _joins(old[a - 1]):
                a, c = a - 1, c - 1
            while b < hi and _joins(old[b]):
                b, d = b + 1, d + 1
        if out and out[-1][1] >= a:
            pa, _, pc, _ = out.pop()
            a, c = pa, pc
        out.append((a, b, c, d))
    return out


def _joins(ch: str) -> bool:
    return not ch.isascii() and not ch.isspace()


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    if n <= 8:  # the usual mojibake stretch: a plain loop beats slicing
        for i in range(n):
            if a[i] != b[i]:
                return i
        return n
    i = 0
    step = 64
    while i < n:
        j = min(n, i + step)
        if a[i:j] == b[i:j]:
            i = j
            continue
        while a[i] == b[i]:
            i += 1
        return i
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
