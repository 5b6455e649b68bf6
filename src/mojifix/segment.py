"""Split a line into the tokens the engine reasons about, with their positions.

Words may carry masks (``?`` or U+FFFD standing for lost letters); elided
prefixes (``l’``, ``qu'``) are tokens of their own; numbers, punctuation and
spaces are kept so that every character of the line is accounted for.

>>> [(t.text, t.kind) for t in tokenize("L’am?rique a 10 ans.")]
[('L’', 'word'), ('am?rique', 'word'), ('a', 'word'), ('10', 'num'), ('ans', 'word'), ('.', 'punct')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .tokens import CODE_RE, ELISIONS, NUMBER_PATTERN

MASKS = "?\ufffd"
_L = r"[^\W\d_]"
_M = "[?\ufffd]"
# Each alternative that can scan a long run starts only at the start of such a run (the
# look-behinds), so that a line of 20,000 '?' or letters is tokenised in linear time.
TOKEN_RE = re.compile(
    rf"(?P<code>(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+|(?:https?|ftp)://\S+|www\.\S+)"
    rf"|(?P<word>(?<![?\ufffd]){_M}+{_L}+(?:{_M}+{_L}+)*{_M}*|{_L}+(?:{_M}+{_L}+)*{_M}*)"
    rf"|(?P<num>{NUMBER_PATTERN})"
    r"|(?P<punct>[^\w\s]|_)",
    re.UNICODE,
)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    kind: str  # 'word', 'num', 'punct', 'code'

    @property
    def has_mask(self) -> bool:
        return any(c in MASKS for c in self.text)


#: A word cut at the end of a line by a hyphen (``mon‐`` … ``tage``).
CUT_AT_END_RE = re.compile(r"[^\W\d_][-\u2010\u00ad]\s*$")
_CUT_MARKS = "-\u2010\u00ad"


def ends_with_cut(line: str) -> bool:
    """Does ``line`` end with a word cut by a hyphen (what :data:`CUT_AT_END_RE` finds, without scanning the line)?

    >>> ends_with_cut("le com‐\\n"), ends_with_cut("le 10-\\n"), ends_with_cut("fin.")
    (True, False, False)
    """
    end = line.rstrip()
    return len(end) >= 2 and end[-1] in _CUT_MARKS and CUT_AT_END_RE.search(end[-2:]) is not None


#: French sets a no-break space before these marks; masked, it is glued between the word and the mark.
HIGH_PUNCTUATION = ":;!"


def masked_space_at(line: str, i: int) -> bool:
    """Is the mask at ``line[i]``, glued after a letter and before « : », « ; », « ! » (or, for U+FFFD,
    « ? »), a masked no-break space? (« H?las?! » was « Hélas ! ».)

    >>> [masked_space_at(s, 5) for s in ("H?las?! oui", "R?pon?: non", "Salut? oui", "Salut\ufffd?", "Salut??")]
    [True, True, False, True, False]
    """
    if i < 1 or i + 1 >= len(line) or line[i] not in MASKS or not line[i - 1].isalpha():
        return False
    nxt = line[i + 1]
    return nxt in HIGH_PUNCTUATION or (line[i] == "\ufffd" and nxt == "?")


_DASHES = "-\u2013\u2014"


def dash_space_at(line: str, i: int) -> bool:
    """Is the mask at ``line[i]``, glued between a dash that opens a line of dialogue and a letter,
    a masked no-break space? (« --?Hum?! » was « --\u00a0Hum\u00a0! », « —?Oui » « —\u00a0Oui ».)

    >>> [dash_space_at(s, 2) for s in ("--?Oui", "??--?Oui"[2:], "x-?-vis", "--? oui", "--?1")]
    [True, True, False, False, False]
    >>> dash_space_at("??--?Oui", 4), dash_space_at("vis-?-vis", 4)
    (True, False)
    """
    if i < 1 or i + 1 >= len(line) or line[i] not in MASKS or line[i - 1] not in _DASHES or not line[i + 1].isalpha():
        return False
    k = i - 1
    while k > 0 and line[k - 1] in _DASHES:
        k -= 1
    return k == 0 or line[k - 1].isspace() or line[k - 1] in MASKS or line[k - 1] in "«\u00a0"


def opening_quote_at(line: str, i: int) -> bool:
    """Are ``line[i:i + 2]`` two masks opening a word in capitals (« ??La durée »): an opening
    quote and its no-break space? (Two masks per letter would stand for a letter before a capital.)

    >>> [opening_quote_at(s, 0) for s in ("??La nuit", "??tait", "?La", "\ufffd\ufffdOui", "??--?Oui")]
    [True, False, False, True, True]
    """
    if i and line[i - 1] not in " (\t":
        return False
    pair = line[i:i + 2]
    return len(pair) == 2 and pair[0] in MASKS and pair[1] == pair[0] and (
        line[i + 2:i + 3].isupper() or line[i + 2:i + 4] == "--"  # « « -- Non », a quoted line of dialogue
        or quote_dash_at(line, i))


def quote_dash_at(line: str, i: int) -> bool:
    """Are ``line[i:i + 4]`` four masks opening a word in capitals (« ????Quel »): an opening quote, a
    dialogue dash, and the no-break space after each (« «\u00a0–\u00a0Quel », some editions' dialogue)?

    >>> [quote_dash_at(s, 0) for s in ("????Quel", "???Quel", "????quel", "\ufffd\ufffd\ufffd\ufffdOui")]
    [True, False, False, True]
    """
    if i and line[i - 1] not in " (\t":
        return False
    run = line[i:i + 4]
    return len(run) == 4 and run[0] in MASKS and run == run[0] * 4 and line[i + 4:i + 5].isupper()


def tokenize(line: str, continues: bool = False) -> list[Token]:
    """Tokens of ``line`` in order (spaces are implicit between them).

    ``continues``: the previous line ended with a word cut by a hyphen, so the first
    word here is a fragment, not a word (it becomes a 'code' token: left alone).

    >>> [t.kind for t in tokenize("tage du disque", continues=True)]
    ['code', 'word', 'word']
    >>> [t.kind for t in tokenize("voir -o fichier")]
    ['code', 'code', 'code']
    """
    out: list[Token] = []
    for m in TOKEN_RE.finditer(line):
        kind = m.lastgroup or "punct"
        start, end = m.span()
        if kind == "word" and (line[start] in MASKS or line[end - 1] in MASKS):  # (the rest: no mask at an end)
            # masks opening the word that stand for typography: « ??La » was « « La », « --?Oui » « --\u00a0Oui »
            lead = 4 if len(m.group()) > 4 and quote_dash_at(line, start) else \
                2 if len(m.group()) > 2 and opening_quote_at(line, start) else \
                1 if len(m.group()) > 1 and dash_space_at(line, start) else 0
            out.extend(Token(k, k + 1, line[k], "punct") for k in range(start, start + lead))
            start += lead
            # « H?las?! », « Quoi\ufffd? »: the last mask (before a real « ? ») is a no-break space
            cut = m.end() - 1 if line[m.end() - 1] == "?" and line[m.end() - 2:m.end() - 1] == "\ufffd" else m.end()
            if cut - start > 1 and masked_space_at(line, cut - 1):
                out.append(Token(start, cut - 1, line[start:cut - 1], kind))
                out.extend(Token(k, k + 1, line[k], "punct") for k in range(cut - 1, m.end()))
                continue
        out.append(Token(start, end, line[start:end], kind))
    toks = _freeze_code_neighbours(line, _freeze_contractions(_merge_elisions(line, _mark_code(line, out))))
    if continues:
        for i, t in enumerate(toks):
            if t.kind == "word":
                toks[i] = Token(t.start, t.end, t.text, "code")
                break
    if ends_with_cut(line):
        for i in range(len(toks) - 1, -1, -1):
            if toks[i].kind == "word":
                toks[i] = Token(toks[i].start, toks[i].end, toks[i].text, "code")
                break
    return toks


#: A hyphen opening an incise (« cette question -non tranchée, selon eux- reste ») looks like an
#: option flag (« ls -la »); a hyphen closing one later in the line, glued to the word before it (or to
#: a quote closing that word: « -j'insiste sur "générale"- »), tells them apart. With the quote, full dev
#: question marks 361 -> 356, each dropped kind and stripped -1; clean audit unchanged.
_INCISE_OPEN_RE = re.compile(r"(?<!\S)-(?=[^\W\d_])")
_INCISE_CLOSE_RE = re.compile(r"(?:(?<=[^\W\d_])|(?<=[^\W\d_][\"»”]))-(?=[ ,.;:!?)])")


def _incise_openings(line: str) -> frozenset[int]:
    """Positions of hyphens that open an incise closed later in the line.

    >>> sorted(_incise_openings("une question -non tranchée, selon eux- reste ; voir ls -la"))
    [13]
    >>> sorted(_incise_openings('une r?forme -je dis bien "r?forme"- de tout'))
    [12]
    >>> _incise_openings("rm -rf /tmp ; ls -la")
    frozenset()
    """
    if " -" not in line and not line.startswith("-"):
        return frozenset()
    closes = [m.start() for m in _INCISE_CLOSE_RE.finditer(line)]
    if not closes:
        return frozenset()
    opens = [m.start() for m in _INCISE_OPEN_RE.finditer(line)]
    out = []
    for close in closes:  # each closing hyphen pairs with the nearest opening before it
        before = [o for o in opens if o < close and o not in out]
        if before:
            out.append(before[-1])
    return frozenset(out)


def _mark_code(line: str, toks: list[Token]) -> list[Token]:
    """Runs of tokens glued together that look like code/identifiers become one 'code' token."""
    out: list[Token] = []
    incises = _incise_openings(line)
    i = 0
    while i < len(toks):
        j = i
        while j + 1 < len(toks) and toks[j + 1].start == toks[j].end:
            j += 1
        if j == i:  # a token alone: code if it is code or a word that looks like code (« iPhone »)
            t = toks[i]
            out.append(Token(t.start, t.end, t.text, "code") if t.kind == "word" and CODE_RE.search(t.text) else t)
            i += 1
            continue
        span = line[toks[i].start:toks[j].end]
        # « -la », « [-n] »: an option flag; not « --?Oui », « --Oui » opening a line of dialogue
        option = (span[:1] == "-" or span[:2] == "[-") and _DIALOGUE_DASH_RE.match(span) is None \
            and span.strip("-") != ""  # « -- » alone opens a line of dialogue
        option = option and j > i and (toks[i].start == 0 or line[toks[i].start - 1].isspace()) \
            and toks[i].start not in incises
        if j > i and "/" in span and _slashed_words(line, toks[i:j + 1]):
            out.extend(toks[i:j + 1])  # « bénéfice/risque », « entrée/sortie »: words, not a path
        elif option or CODE_RE.search(span) and (j > i or toks[i].kind == "word") or toks[i].kind == "code":
            out.append(Token(toks[i].start, toks[j].end, span, "code"))
        else:
            out.extend(toks[i:j + 1])
        i = j + 1
    return out


def _slashed_words(line: str, run: Sequence[Token]) -> bool:
    """Is ``run`` (tokens glued together) words joined by slashes, as prose writes alternatives
    (« bénéfice/risque », « et/ou », « entrée/sortie »), rather than a path or a unit?

    Each word has two letters or more, no capital but its first; nothing glued on either side.

    >>> def run(s): return [Token(m.start(), m.end(), m.group(), m.lastgroup or "") for m in TOKEN_RE.finditer(s)]
    >>> [_slashed_words(s, run(s)) for s in ("b?n?fice/risque.", "(et/ou)", "usr/bin/", "km/h", "IIb/IIIa")]
    [True, True, False, False, False]
    """
    a, b = 0, len(run)
    while a < b and run[a].kind == "punct" and run[a].text in _OPEN_AROUND:
        a += 1
    while b > a and run[b - 1].kind == "punct" and run[b - 1].text in _CLOSE_AROUND:
        b -= 1
    run = run[a:b]
    if len(run) < 3 or len(run) % 2 == 0:
        return False
    start, end = run[0].start, run[-1].end
    if start and line[start - 1] in "/.~:" or line[end:end + 1] == "/":
        return False
    for k, t in enumerate(run):
        if k % 2:
            if t.text != "/":
                return False
        elif t.kind != "word" or len(t.text) < 2:
            return False
        elif (rest := t.text[1:].translate(_NO_MASKS)) and not rest.islower():
            return False
    return True


_NO_MASKS = str.maketrans("", "", MASKS)
_OPEN_AROUND = frozenset("(«\"")
_CLOSE_AROUND = frozenset(".,;:!)»\"")


#: Punctuation that, glued before a word, makes it part of code: %l, |o, {x, $HOME, <b, *p, =v, \\n, /x.
_CODE_BEFORE = frozenset("%|={$<*\\/[")
#: Punctuation that, glued after a word, makes it part of code: o[ff], f(x), x=1, a|b, v{, a<b.
_CODE_AFTER = frozenset("[{(=|<")
#: A dash opening a line of dialogue, glued to a mask (its no-break space) or to a capitalised word
#: (« --?Oui », « --Après »), not an option flag (« -R », « --help »).
_DIALOGUE_DASH_RE = re.compile(r"--?(?:[?\ufffd]|[A-Z\u00c0-\u00de][^\W\d_]*[a-z\u00df-\u00ff])")
#: An inclusive ending glued to a word (« traité(e) », « concerné(e)s »): no function call, and a mask
#: right before it was a letter.
INCLUSIVE_ENDING_RE = re.compile(r"\((?:e|s|es|ne|nes|le|les)\)")
#: The euphonic t of « a-t-il », « va-t-on »: never a remnant of « été ».
EUPHONIC_RE = re.compile(r"-[tT]-(?:il|elle|on|ils|elles|iel)\b", re.IGNORECASE)
#: An option flag: « -type », « -c », « --help », « [-neE] ».
_OPTION_RE = re.compile(r"\[?--?[^\W\d_]")


def _freeze_code_neighbours(line: str, toks: list[Token]) -> list[Token]:
    """Words that belong to code around them are left alone (kind 'code').

    - a word glued to code punctuation (``%l``, ``o[ff]``, ``.o.``, ``:o``);
    - the argument of an option (``-type l``, ``-c echo``, ``-name core``);
    - a command name: the first word of a line followed by an option or a path
      (``echo [-neE]``), or a lower-case ASCII word right before one (``touch /var/log/wtmp``,
      ``puis declare -n``);
    - a one-letter item opening a definition list (``l      Lien symbolique``);
    - the euphonic t (``a-t-il``).

    >>> [t.text for t in tokenize("find /tmp -type l -o -type d, puis %l et :o.") if t.kind == "word"]
    ['puis', 'et']
    >>> [t.text for t in tokenize("echo [-n] texte ; voir aussi touch /tmp/x") if t.kind == "word"]
    ['voir', 'aussi']
    >>> [t.text for t in tokenize("  l      Lien symbolique") if t.kind == "word"]
    ['Lien', 'symbolique']
    >>> [t.kind for t in tokenize("a-t-il")]
    ['word', 'punct', 'code', 'punct', 'word']
    >>> [t.kind for t in tokenize("f(e), trait?(e)")][:2], tokenize("f(e), trait?(e)")[5].kind
    (['code', 'punct'], 'word')
    """
    out = list(toks)
    n = len(out)
    first_word = next((i for i, t in enumerate(out) if t.kind != "punct" or t.text not in "$#>"), None)
    for i, t in enumerate(out):
        if t.kind != "word":
            continue
        prev = out[i - 1] if i else None
        nxt = out[i + 1] if i + 1 < n else None
        glued_prev = prev is not None and prev.end == t.start
        glued_next = nxt is not None and nxt.start == t.end
        freeze = (
            glued_prev and prev.text in _CODE_BEFORE and not _between_words(out, i - 1)  # type: ignore[union-attr]
            or glued_next and nxt.text in _CODE_AFTER  # type: ignore[union-attr]
            and not (t.text[-1] in MASKS and INCLUSIVE_ENDING_RE.match(line, t.end))
            or glued_prev and prev.text in ".:" and len(t.text) <= 2  # type: ignore[union-attr]
            or prev is not None and prev.kind == "code" and _OPTION_RE.match(prev.text) is not None
            and line[prev.end:t.start] == " "
            or nxt is not None and line[t.end:nxt.start] == " " and (
                i == first_word and (_OPTION_RE.match(line, nxt.start) is not None or line[nxt.start] == "/")
                or nxt.kind == "code" and (nxt.text[:1] == "/" or _OPTION_RE.match(nxt.text) is not None)
                and t.text.islower() and t.text.isascii())
            or i == first_word and len(t.text) == 1 and re.match(r"\s*(?:\t|  )", line[t.end:]) is not None
            or t.text in "tT" and EUPHONIC_RE.match(line, t.start - 1) is not None
        )
        if freeze:
            out[i] = Token(t.start, t.end, t.text, "code")
    return out


def _between_words(toks: Sequence[Token], k: int) -> bool:
    """Is ``toks[k]`` a slash glued between two words (kept apart by :func:`_mark_code`)?"""
    return toks[k].text == "/" and k >= 1 and k + 1 < len(toks) and toks[k - 1].kind == "word" \
        and toks[k - 1].end == toks[k].start == toks[k + 1].start - 1


def _freeze_contractions(toks: list[Token]) -> list[Token]:
    """``can't``, ``Ts’o``, ``aujourd'hui``: words glued on both sides of an apostrophe that is not an
    elision are one unit, not two words to repair (``t`` must not become « été »)."""
    out = list(toks)
    for i in range(1, len(out) - 1):
        a, q, b = out[i - 1], out[i], out[i + 1]
        if q.text in "'’" and a.kind == "word" and b.kind == "word" and a.end == q.start and q.end == b.start:
            out[i - 1] = Token(a.start, a.end, a.text, "code")
            out[i + 1] = Token(b.start, b.end, b.text, "code")
    return out


def _merge_elisions(line: str, toks: list[Token]) -> list[Token]:
    """``l`` + ``’`` (directly followed by a word) become the single token ``l’``."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (
            t.kind == "word"
            and i + 1 < len(toks)
            and toks[i + 1].text in "'’"
            and toks[i + 1].start == t.end
            and t.text.lower() in ELISIONS
        ):
            a = toks[i + 1]
            out.append(Token(t.start, a.end, line[t.start:a.end], "word"))
            i += 2
            continue
        out.append(t)
        i += 1
    return out
