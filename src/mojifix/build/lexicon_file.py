"""Pack the lexicon sections: forms (most frequent first), frequencies, tags, cased spellings, key indexes.

>>> meta, sec = pack_lexicon({"été": -3.0, "ete": -9.0, "à": -1.7}, {"été": frozenset("NQ"), "ete": frozenset(),
...                           "à": frozenset("G")}, {}, [("the", -1.3)], -9.0)
>>> sec["forms"].decode().split(), sec["drop_keys"]
(['à', 'été', 'ete'], b'\\nt\\n')
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..data import LOGFREQ_SCALE
from ..keys import drop_key, has_non_ascii_letter, strip_key


def _le_bytes(arr: array) -> bytes:  # type: ignore[type-arg]
    if sys.byteorder == "big":
        arr = array(arr.typecode, arr)
        arr.byteswap()
    return arr.tobytes()


def _text(items: Sequence[str]) -> bytes:
    return "".join(f"{item}\n" for item in items).encode("utf-8")


def _q(logfreq: float) -> int:
    return max(-32768, min(32767, round(logfreq * LOGFREQ_SCALE)))


def key_index(forms: Sequence[str], key: Callable[[str], str]) -> dict[str, bytes]:
    """CSR index ``key -> form ids`` over forms with a non-ASCII letter (ids ascending = most frequent first)."""
    groups: dict[str, list[int]] = {}
    for i, form in enumerate(forms):
        if has_non_ascii_letter(form):
            groups.setdefault(key(form), []).append(i)
    keys = sorted(groups)
    offsets = array("I", [0])
    ids = array("I")
    for k in keys:
        ids.extend(groups[k])
        offsets.append(len(ids))
    return {"keys": _text(keys), "offsets": _le_bytes(offsets), "ids": _le_bytes(ids)}


def pack_lexicon(
    logfreq: Mapping[str, float],
    tags: Mapping[str, frozenset[str]],
    cased: Mapping[str, str],
    english: Sequence[tuple[str, float]],
    floor: float,
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Meta and sections of ``lexicon.bin``; ``english`` holds ``(word, log10 freq)``."""
    forms = sorted(logfreq, key=lambda f: (-_q(logfreq[f]), f))
    tagsets = sorted({" ".join(sorted(tags[f])) for f in forms})
    tag_no = {t: i for i, t in enumerate(tagsets)}
    cased_ids = [i for i, f in enumerate(forms) if f in cased]
    sections = {
        "forms": _text(forms),
        "logfreq": _le_bytes(array("h", (_q(logfreq[f]) for f in forms))),
        "tagsets": _text(tagsets),
        "tag_ids": _le_bytes(array("H", (tag_no[" ".join(sorted(tags[f]))] for f in forms))),
        "cased_ids": _le_bytes(array("I", cased_ids)),
        "cased": _text([cased[forms[i]] for i in cased_ids]),
        "en_words": _text([w for w, _ in english]),
        "en_logfreq": _le_bytes(array("h", (_q(lf) for _, lf in english))),
    }
    for name, keyfn in (("drop", drop_key), ("strip", strip_key)):
        for part, blob in key_index(forms, keyfn).items():
            sections[f"{name}_{part}"] = blob
    meta = {"forms": len(forms), "floor": floor, "english": len(english), "cased": len(cased_ids)}
    return meta, sections
