"""Tokenisation shared by the model builder and the repair engine.

The context model sees *normalised* tokens: lower case, the typographic apostrophe
folded to ``'``, elided articles and pronouns split off with their apostrophe
(``l'``, ``qu'``), hyphenated compounds split at the hyphen, every number one
``<num>`` token, code glued to digits one ``<code>`` token (« ext4 », hexadecimal), and each
punctuation mark a token of its own (a hyphen only after a number: « 1914-1918 » is
``<num> - <num>``, so that « 1914 1918 » tells of a vanished « à »).

>>> lm_tokens("L’État a été créé en 1958, n'est-ce pas ?")
["l'", 'état', 'a', 'été', 'créé', 'en', '<num>', ',', "n'", 'est', 'ce', 'pas', '?']
"""

from __future__ import annotations

import re

#: Elided forms that are written with an apostrophe and split from the next word.
ELISIONS = frozenset(
    "l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu"
    .split()
)
APOSTROPHES = "'’"
#: First letters that are vowels: the elided forms (and the negation « n’ ») stand before them.
VOWEL_INITIALS = frozenset("aeiouyàâéèêëîïôûüœ")
NUM = "<num>"
#: Code, identifiers, hexadecimal, paths, URLs, e-mail: one token for the model, in training as in repair.
CODE = "<code>"
BOS = "<s>"
EOS = "</s>"
#: A token no text teaches the model: a character the repair could not tell (a kept U+FFFD), which the
#: model then scores as unknown, not as the question mark it looks like.
UNKNOWN = "<unknown>"

#: A number: digits with decimal marks, and groups of three digits after a space, a no-break space or a
#: narrow no-break space (« 2 001 », « 1 000 000 »). « 1980 1983 » stays two numbers: a vanished « à »
#: (« de 1980 à 1983 ») leaves that, and a thousands group never does.
NUMBER_PATTERN = r"\d+(?:[.,]\d+|[ \u00a0\u202f]\d{3}(?!\d))*"
#: A word: letters, with inner apostrophes; digits make a number token.
TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|" + NUMBER_PATTERN + r"|[^\w\s]", re.UNICODE)
#: Tokens glued together (no space) whose text matches this are code, identifiers or hexadecimal
#: (« ext4 », « 5472fd8e », « a/b », « www.x.fr », « iPhone »): the engine leaves them alone.
CODE_RE = re.compile(r"[_@/\\]|\w\.\w|[a-z][A-Z]|\d[^\W\d_]|[^\W\d_]\d")
#: ... except a number glued to a short unit or word, as in times and ages (« 20h30 », « 22h. »,
#: « 20ans) »): the model knows it as a number and words (« <num> h <num> »).
GLUED_UNIT_RE = re.compile(r"\d+(?:[.,]\d+)*[^\W\d_]{1,4}\d*[.,;:!?)\]]?\Z")
_ELISION_RE = re.compile(r"([^\W\d_]+)['’](?=[^\W\d_])", re.UNICODE)
_DIGIT_RE = re.compile(r"\d")


def split_elisions(word: str) -> list[str]:
    """Split elided prefixes off a word, keeping the apostrophe on the prefix (normalised to ``'``).

    >>> split_elisions("qu’aujourd’hui")
    ["qu'", "aujourd'hui"]
    >>> split_elisions("jusqu'à")
    ["jusqu'", 'à']
    """
    parts: list[str] = []
    rest = word
    while True:
        m = _ELISION_RE.match(rest)
        if not m or m.group(1).lower() not in ELISIONS:
            break
        parts.append(m.group(1) + "'")
        rest = rest[m.end():]
    parts.append(rest.replace("’", "'"))
    return parts


def lm_tokens(text: str) -> list[str]:
    """Normalised tokens of one line for the context model (see the module docstring).

    A run of tokens glued together that looks like code (:data:`CODE_RE`) is one :data:`CODE`
    token, as the engine reads it (punctuation glued to it included): hexadecimal must not teach the
    model « <num> a <num> ».

    >>> lm_tokens("UUID 5472fd8e-9089-ceab4f01a439, à 20h30 sur ext4.")
    ['uuid', '<code>', 'à', '<num>', 'h', '<num>', 'sur', '<code>']
    """
    out: list[str] = []
    for group in _glued_groups(text):
        span = text[group[0].start():group[-1].end()]
        if (len(group) > 1 or span[0].isalpha()) and CODE_RE.search(span) and not GLUED_UNIT_RE.match(span):
            out.append(CODE)
            continue
        _extend_tokens(out, group)
    return out


def _glued_groups(text: str) -> list[list[re.Match[str]]]:
    """The tokens of ``text`` in runs with nothing between them."""
    groups: list[list[re.Match[str]]] = []
    end = -1
    for m in TOKEN_RE.finditer(text):
        if m.start() == end:
            groups[-1].append(m)
        else:
            groups.append([m])
        end = m.end()
    return groups


def _extend_tokens(out: list[str], group: list[re.Match[str]]) -> None:
    for m in group:
        tok = m.group()
        if _DIGIT_RE.match(tok):
            out.append(NUM)
        elif tok[0].isalpha():
            out.extend(p.lower() for p in split_elisions(tok))
        elif tok == "’":
            out.append("'")
        elif tok in "-‐" and (not out or out[-1] != NUM):
            continue  # hyphens join compounds; the parts are the tokens (after a number: a range, kept)
        else:
            out.append(tok)
