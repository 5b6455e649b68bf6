"""Evidence of damage in a line, and the decision of which damage process applies.

A line is judged on what it shows: words that are not French but become French
under a damage key, masks inside words, accented letters that survived, English
words. Lines without evidence take the process of their block, when the block
has one and the line does not contradict it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Protocol, Sequence

from .candidates import APOSTROPHE, Mode, elision_split
from .keys import has_non_ascii_letter, strip_key
from .segment import MASKS, Token
from .tokens import ELISIONS

#: Grammatical words of French that English text does not use: a line with as many of them as English
#: words, and at least this many, is French with English words in it (« La team a livré la feature »).
FRENCH_MARKERS = frozenset(
    "le la les l’ de des du d’ un une et est sont dans pour par que qui qu’ sur avec pas au aux cette ces "
    "il elle ils elles nous vous ne n’ se s’ sa ses leur leurs mon ma mes ton ta tes notre nos votre vos".split())
FRENCH_MARKERS_MIN = 2

#: An unknown token counts as evidence only if its best explanation is at least this frequent (log10 p).
EVIDENCE_MIN_LOGFREQ = -7.0


class EvidenceLexicon(Protocol):
    def __contains__(self, form: object) -> bool: ...
    def logfreq(self, form: str) -> float | None: ...
    def by_drop(self, key: str) -> tuple[str, ...]: ...
    def by_strip(self, key: str) -> tuple[str, ...]: ...
    def is_english(self, word: str) -> bool: ...


@dataclass(frozen=True)
class LineEvidence:
    words: int = 0
    known: int = 0
    english: int = 0
    drop: int = 0
    strip: int = 0
    mask_q: int = 0
    mask_fffd: int = 0
    accented: bool = False
    non_ascii: bool = False
    #: Some of its non-ASCII letters lose something when accents are stripped (é, œ; not я, γ, ł).
    strippable: bool = False
    double_spaces: int = 0
    has_apostrophe: bool = False
    examples: tuple[str, ...] = ()
    #: Of ``mask_q``, words whose one mask ends them (« majorit? »): also a word that lost letters
    #: before a real question mark (« une enqute? »), where a book glues « ? » to the word.
    mask_end: int = 0
    #: Of ``known``, French grammatical words no English text uses (:data:`FRENCH_MARKERS`).
    markers: int = 0
    #: Lone « ? » between spaces inside a sentence, a word in lower case after it (« ouverts ? la »).
    lone_masks: int = 0
    #: The line's one run of spaces is two spaces between two words in lower case (« plan  trois »): what a
    #: vanished « à » leaves (:func:`_lone_word_gap`).
    lone_gap: bool = False

    @property
    def french(self) -> bool:
        """Not clearly another language."""
        return not (self.english >= 2 and self.english >= 0.2 * self.words) \
            or FRENCH_MARKERS_MIN > 0 and self.markers >= max(FRENCH_MARKERS_MIN, self.english) \
            or FRENCH_KNOWN_RATIO > 0 and self.markers >= FRENCH_MARKERS_MIN \
            and self.known >= FRENCH_KNOWN_RATIO * self.english

    def own_mode(self) -> Mode | None:
        """The process this line's own evidence points to (None: no evidence)."""
        if self.mask_fffd:
            return Mode.MASK_FFFD
        if self.mask_q and not (self.mask_q == self.mask_end and max(self.drop, self.strip) >= 2 * self.mask_q + 2):
            return Mode.MASK_Q
        if self.strippable or not self.french:
            return Mode.NONE
        if self.accented:  # only letters of other scripts survived: accents may have been stripped, not dropped
            return Mode.STRIP if self.strip >= 2 and self.words >= 2 else None
        n = max(self.drop, self.strip)
        if n < 2 or self.words < 2:
            return None  # one odd rare word in a line is no evidence (a name, a term)
        if self.drop > self.strip:
            return Mode.DROP
        if self.strip > self.drop:
            return Mode.STRIP
        return Mode.DROP_OR_STRIP

    @property
    def apostrophes(self) -> bool:
        return self.has_apostrophe


#: A line is French too where its French markers reach :data:`FRENCH_MARKERS_MIN` and it holds this many
#: times more French words than English ones (« Can You Feel It a ete enregistre en mars et est sorti en
#: single »: an English title in a French sentence). Full dev: each damaged kind -3 but question marks
#: (stripped 867 -> 864, dropped 811 -> 808); 3.0: no change; unseen and in-training samples and the
#: clean-text audit unchanged.
FRENCH_KNOWN_RATIO = 2.0
#: An explanation this frequent (log10 p, zipf 4) makes a token count twice: a common word lost its accent.
STRONG_EVIDENCE_LOGFREQ = -5.0
#: One-letter words that are French words in their own right (others, like "t" or "o", are remnants).
REAL_ONE_LETTER = frozenset("a y à ô".split())


def _explained(lex: EvidenceLexicon, forms: Sequence[str]) -> int:
    """0 (no good explanation), 1, or 2 (a common word explains the token)."""
    best = max(((lex.logfreq(f) or -99.0) for f in forms[:3]), default=-99.0)
    return 0 if best < EVIDENCE_MIN_LOGFREQ else 2 if best >= STRONG_EVIDENCE_LOGFREQ else 1


#: A mask touching a letter, or any U+FFFD: the sign of replaced letters.
MASK_EVIDENCE_RE = re.compile(r"[^\W\d_][?\ufffd]|[?\ufffd][^\W\d_]|\ufffd")
#: A letter outside ASCII (accented letters, ligatures, other scripts).
NON_ASCII_LETTER_RE = re.compile(r"[^\W\d_\x00-\x7f]")
#: Evidence of a line whose accented letters survived and that has no masks: nothing to restore.
ACCENTED = LineEvidence(accented=True, non_ascii=True, strippable=True, has_apostrophe=True)


def quick_evidence(line: str) -> LineEvidence | None:
    """Decide cheaply, without tokenising, that a line is beyond the engine's reach.

    >>> quick_evidence("Un été chaud.") is ACCENTED, quick_evidence("Un ete chaud.")
    (True, None)
    """
    if line.isascii() or ("?" in line or "\ufffd" in line) and MASK_EVIDENCE_RE.search(line) \
            or not (m := NON_ASCII_LETTER_RE.search(line)):
        return None
    return ACCENTED if strip_key(m.group()) != m.group() or has_strippable_letter(line) else None


def has_strippable_letter(text: str) -> bool:
    """Has ``text`` a letter that stripping accents changes (é, à, œ), not only letters of other
    scripts (Cyrillic, Greek, « ł »), which a text whose accents were stripped may keep?

    >>> has_strippable_letter("nee a Moscou (russe : Москва)"), has_strippable_letter("née")
    (False, True)
    """
    return any(ord(c) > 127 and c.isalpha() and strip_key(c) != c for c in text)


_ASCII_WORD_RE = re.compile(r"[A-Za-z]+")


def plainly_known(lex: EvidenceLexicon, line: str) -> bool:
    """:func:`plain_evidence` is not None."""
    return plain_evidence(lex, line) is not None


def plain_evidence(lex: EvidenceLexicon, line: str) -> int | None:
    """The weak evidence of damage (0 or 1) of a line that is plainly known, else None.

    Is ``line`` without masks nor letters beyond ASCII (« » and ’ may be there), and is what it
    says at most one word's weak evidence of damage? Every run of letters is a known French word (or
    an elided prefix of one), an English word, capitals, or a word that :func:`word_explanations`
    finds less than strong evidence in all told (a name: « Mahamadi Samandoulgou »). Such a line has
    no evidence of its own (:meth:`LineEvidence.own_mode` needs two), so the engine tokenises it only
    if its block turns out damaged (cheap; conservative: a line it refuses may still have no evidence).

    >>> class Lex(set):
    ...     def by_drop(self, k): return {"tats": ("états",)}.get(k, ())
    ...     def by_strip(self, k): return ()
    ...     def logfreq(self, f): return -4.0
    >>> plainly_known(Lex({"le", "chat", "dort", "hiver"}), "Le chat dort, l'hiver.")
    True
    >>> plainly_known(Lex({"le", "chat"}), "Le chat Pacha dort.")  # names explain nothing
    True
    >>> plainly_known(Lex({"le", "chat"}), "Le chat des tats.")  # « tats »: ask line_evidence
    False
    >>> plainly_known(Lex({"le", "chat", "dort", "hiver"}), "« Le chat dort », l’hiver.")
    True
    """
    if "?" in line and MASK_EVIDENCE_RE.search(line) or "\ufffd" in line or "--" in line \
            or not line.isascii() and NON_ASCII_LETTER_RE.search(line):
        return None  # (two hyphens: maybe a compound that lost its « à », see missing_a_compound)
    is_english = getattr(lex, "is_english", None)
    capital_only = _capital_only(lex)
    evidence = 0
    for m in _ASCII_WORD_RE.finditer(line):
        word = m.group()
        low = word.lower()
        if line[m.end():m.end() + 1] in ("'", "’") and low in ELISIONS:
            continue  # « d' », « l' »: an elided prefix is never evidence (no damage key holds its apostrophe)
        lowered = word[:1].islower() and low in capital_only
        if (low in lex and (len(low) > 1 or low in REAL_ONE_LETTER) and not lowered) or word.isupper() \
                or is_english is not None and is_english(low):
            if GLUED_KNOWN_RATIO and low in lex and "'" not in line and "’" not in line \
                    and _glued_known(lex, word, low):
                return None  # « lavis »: evidence in line_evidence's eyes
            continue
        if len(low) == 1:
            return None  # one letter: what line_evidence makes of it depends on its neighbours
        drop, strip = word_explanations(lex, low)
        if lowered and not drop and not _symbol(lex, low):
            continue
        if GLUED_EVIDENCE and not (drop or strip) and "'" not in line and "’" not in line \
                and _glued_prefix(lex, word, low):
            return None  # « cest »: evidence in line_evidence's eyes
        evidence += min(max(drop, strip), 1) if word[0].isupper() else max(drop, strip)
        if evidence >= 2:
            return None
    if not evidence and LONE_MASK and line.isascii() and lone_masks(line):
        return 1  # « ouverts ? la discussion »: a lost « à » in a block damaged elsewhere (see decide_modes)
    if not evidence and LONE_GAP and line.isascii() and _lone_word_gap(line):
        return 1  # « un plan  trois »: the same, two spaces left
    return evidence


def _lone_word_gap(line: str) -> bool:
    """Does ``line`` hold two spaces between two words in lower case, and no other run of spaces inside it
    (justified text, as in manual pages, stretches several)? An indented line is layout too (code, tables,
    manual pages), where spaces say nothing of a lost word.

    >>> _lone_word_gap("un plan  trois."), _lone_word_gap("sur  NB_COL colonnes en  remplissant")
    (True, False)
    >>> _lone_word_gap("       au lieu de  verticalement")
    False
    """
    body = line.strip()
    return not line.startswith(("    ", "\t")) and body.count("  ") == 1 and LOWER_GAP_RE.search(body) is not None


def word_explanations(lex: EvidenceLexicon, low: str) -> tuple[int, int]:
    """How well a lost letter (drop) and a lost accent (strip) explain the unknown word ``low``
    (each 0, 1 or 2, see :func:`_explained`).

    >>> class Lex:
    ...     def by_drop(self, k): return {"coeur": ("cœur",)}.get(k, ())
    ...     def by_strip(self, k): return {"coeur": ("cœur",)}.get(k, ())
    ...     def logfreq(self, f): return -4.0
    >>> word_explanations(Lex(), "coeur"), word_explanations(Lex(), "xyz")
    ((2, 1), (0, 0))
    """
    by_drop = _explained(lex, lex.by_drop(low))
    by_strip = _explained(lex, lex.by_strip(strip_key(low)))
    if by_strip and _LIGATURE_SPELLING_RE.search(low):
        by_strip = 1  # « oeuvre », « coeur »: a spelling that French typography accepts, not a lost accent
    return by_drop, by_strip


#: « oe » / « ae » where French writes œ / æ: often typed that way on purpose (no œ on the keyboard).
_LIGATURE_SPELLING_RE = re.compile(r"oe|ae")


def _amid_words(tokens: Sequence[Token], i: int) -> bool:
    """Is token ``i`` between two lower-case words, one space each side (prose, not a formula or a list)?"""
    if not 0 < i < len(tokens) - 1:
        return False
    a, t, b = tokens[i - 1], tokens[i], tokens[i + 1]
    return (a.kind == b.kind == "word" and a.text[:1].islower() and b.text[:1].islower()
            and t.start - a.end == 1 and b.start - t.end == 1)


#: A one-letter token is strong evidence only as the remnant of a word this frequent (log10 p):
#: « été » (t), « où » (o), « là » (l), « dû » (d), « né » (n); not « âgé » (g), « hé » (h), « ré » (r).
ONE_LETTER_STRONG_LOGFREQ = -4.5


def _common_remnant(lex: EvidenceLexicon, low: str) -> bool:
    """Is the one-letter ``low`` what is left of a very common word once its accented letters went?

    >>> class Lex:
    ...     def by_drop(self, k): return {"t": ("été",), "g": ("âgé",)}.get(k, ())
    ...     def logfreq(self, f): return {"été": -2.8, "âgé": -4.8}.get(f)
    >>> _common_remnant(Lex(), "t"), _common_remnant(Lex(), "g")
    (True, False)
    """
    return any((lex.logfreq(f) or -99.0) >= ONE_LETTER_STRONG_LOGFREQ for f in lex.by_drop(low)[:3])


#: Hyphens that join the parts of a compound.
HYPHENS = "-\u2010"


def missing_a_compound(lex: EvidenceLexicon, tokens: Sequence[Token], h: int) -> str | None:
    """The lexicon compound whose « à » was deleted between the hyphens ``tokens[h]`` and
    ``tokens[h + 1]`` (« vis--vis », « c'est--dire »), as written; else None.

    >>> from .segment import tokenize
    >>> toks = tokenize("vis--vis et c'est--dire, mais pas a--b")
    >>> [missing_a_compound({"vis-à-vis", "c'est-à-dire"}, toks, h) for h in (1, 7, 14)]
    ['vis--vis', "c'est--dire", None]
    """
    if h < 1 or h + 2 >= len(tokens):
        return None
    left, h1, h2, right = tokens[h - 1], tokens[h], tokens[h + 1], tokens[h + 2]
    if h1.text not in HYPHENS or h2.text not in HYPHENS or left.kind != "word" or right.kind != "word":
        return None
    if not (left.end == h1.start and h1.end == h2.start and h2.end == right.start):
        return None
    lefts = [left.text]
    if h >= 2 and tokens[h - 2].end == left.start and tokens[h - 2].text.endswith(("'", "’")):
        lefts.append(tokens[h - 2].text + left.text)
    for w in lefts:
        if f"{w}-à-{right.text}".replace("’", "'").lower() in lex:
            return f"{w}--{right.text}"
    return None


def _capital_only(lex: EvidenceLexicon) -> frozenset[str]:
    """The forms ``lex`` knows only capitalised (« mme » for « Mme »): in lower case, no known word where a
    lost letter explains them (« la mme chose » lost the « ê » of « même »).

    >>> class Lex(set):
    ...     def capital_only(self): return frozenset({"mme"})
    >>> sorted(_capital_only(Lex())), _capital_only(set())
    (['mme'], frozenset())
    """
    names = getattr(lex, "capital_only", None)
    return names() if LOWERED_NAMES and names is not None else frozenset()


def _symbol(lex: EvidenceLexicon, low: str) -> bool:
    """Is ``low`` known only as a symbol or acronym opening in lower case (« cA », « dJ »), not as a name?

    >>> class Lex(set):
    ...     def cased(self, form): return {"ca": "cA", "eric": "Eric"}.get(form)
    >>> _symbol(Lex(), "ca"), _symbol(Lex(), "eric"), _symbol(Lex(), "chat"), _symbol(set(), "ca")
    (True, False, False, False)
    """
    cased = getattr(lex, "cased", None)
    spelling = cased(low) if cased is not None else None
    return spelling is not None and not spelling[:1].isupper()


#: Whether lower-case forms known only capitalised count as evidence (7e8814f; a switch kept to measure it).
LOWERED_NAMES = True


#: How far back (in characters) the sentence of a mask is read: bounded, as a line may hold thousands of masks.
QUESTION_LOOKBACK = 300
#: The sentence before a mask, from the last sentence end.
_SENTENCE_TAIL_RE = re.compile(r"(?:.*[.!…:;]\s+)?(.*)\Z", re.S)
_QUESTION_CLUE_RE = re.compile(
    r"-(?:t-)?(?:je|tu|il|elle|on|nous|vous|ils|elles|ce|moi|toi)\b"
    r"|\b(?:pourquoi|comment|combien|quand|quel|quelle|quels|quelles|lequel|laquelle|lesquels|lesquelles"
    r"|quoi|est-ce|hein|non|oui|si)\b"
    r"|\A\W*(?:qui|que|qu['’]|où|o[?\ufffd]|et|mais|ou|alors)\b|[«\"“—–]", re.I)
#: A sentence opening with a hyphen: a line of dialogue, or an item of a list (« - Jean Dupont, ancien
#: directeur de la Société générale ? Taïwan »): a clue only while it is short.
_HYPHEN_OPENING_RE = re.compile(r"\A\W*-")
#: Full dev, question marks: 336 -> 334 (5: the same; 12 and 20: 335); unseen samples unchanged.
HYPHEN_CLUE_WORDS = 8


def question_clue(line: str, at: int) -> bool:
    """Does the sentence before ``at`` read like a question (or dialogue, or a short exclamation)?

    >>> s = "La route relie Mulhouse ? Beaune."
    >>> question_clue(s, s.index("?"))
    False
    >>> [question_clue(s, s.index(" ?")) for s in ("Pourquoi partir si tôt ?", "Viendras-tu demain ?", "Vraiment ?")]
    [True, True, True]
    """
    tail = _SENTENCE_TAIL_RE.match(line, max(0, at - QUESTION_LOOKBACK), at).group(1)  # type: ignore[union-attr]
    words = len(tail.split())
    return words <= 3 or _QUESTION_CLUE_RE.search(tail) is not None \
        or words <= HYPHEN_CLUE_WORDS and _HYPHEN_OPENING_RE.match(tail) is not None


#: A lone « ? » between a word and a word in lower case, a space on each side, after a sentence that does
#: not read as a question (:func:`question_clue`): in a line with no other sign, in a block damaged elsewhere,
#: a lost « à » (« nous sommes ouverts ? la discussion »), read as masked (documents damaged paragraph by
#: paragraph). Only in a line of plain ASCII: a line that kept « « », « – » or « ’ » had no character turned
#: into « ? » (ELTeC: « ce matin ? demande le comte. — » became « matin » » without that check). 300 KB
#: unseen samples, mixed: nouvelles19/ELTeC/roman19/Framabook/debates 248/362/304/939/414 -> 247/360/300/
#: 931/413 (-31 in all without the question clue, but « Et maintenant ? se demande » became « à se »); in
#: training -1 to -5 per genre; dev 618 -> 616; every other kind and the clean-text audit unchanged. (Also
#: in blocks read as damaged otherwise: the dropped kinds lost 3 each, « Tout a pour a ? sur » -> « a à sur ».)
LONE_MASK = True
#: A « ? » between a letter and a word in lower case, a space on each side.
LONE_MASK_RE = re.compile(r"[^\W\d_] \?(?= [a-zàâçéèêëîïôûùüÿœ])")


def lone_masks(line: str) -> int:
    """The lone « ? » of ``line`` that may stand for a lost « à » (:data:`LONE_MASK`).

    >>> lone_masks("Le maire reste ouvert ? la discussion ? avec vous."), lone_masks("Et maintenant ? se dit-il.")
    (2, 0)
    """
    if "?" not in line:
        return 0
    return sum(1 for m in LONE_MASK_RE.finditer(line) if not question_clue(line, m.end() - 1))


def line_evidence(lex: EvidenceLexicon, line: str, tokens: Sequence[Token]) -> LineEvidence:
    capital_only = _capital_only(lex)
    words = known = english = drop = strip = mq = mf = mask_end = markers = glued = explained = 0
    examples: list[str] = []
    bare = "'" in line or "’" in line  # apostrophes survived: a glued prefix is no evidence
    for i, t in enumerate(tokens):
        if t.kind != "word":
            if t.text == "\ufffd":
                mf += 1
            continue
        words += 1
        text = t.text
        if t.has_mask:
            inner = text.rstrip(MASKS)
            if "\ufffd" in text:
                mf += 1
                examples.append(text)
            elif inner and any(c in MASKS for c in inner):
                mq += 1
                examples.append(text)
            elif inner.lower() not in lex and _explained(lex, lex.by_drop(inner.lower())):
                mq += 1  # "majorit?" : a word cut short by a mask, not a question
                mask_end += 1
                examples.append(text)
            continue
        low = text.lower().replace("'", APOSTROPHE)
        if i and tokens[i - 1].kind == "num" and len(text) <= 3 and not (
                low in lex and (len(low) > 1 or low in REAL_ONE_LETTER)):
            continue  # a unit after a number (« 9 m² », « 5 mg »): no evidence either way
        if low in FRENCH_MARKERS:
            markers += 1
        if lex.is_english(low):
            english += 1
            continue
        if text.isupper():
            continue  # initials, acronyms, headings: French capitals often go without accents anyway
        lowered = text[:1].islower() and low in capital_only
        if low in lex and (len(low) > 1 or low in REAL_ONE_LETTER) and not lowered:
            if GLUED_KNOWN_RATIO and not bare and _glued_known(lex, text, low):
                glued += 1  # « lavis »: far likelier « l’avis » where apostrophes went
                examples.append(text)
            known += 1
            continue
        by_drop, by_strip = word_explanations(lex, low)
        if GLUED_EVIDENCE and not (by_drop or by_strip or bare) and _glued_prefix(lex, text, low):
            glued += 1  # « cest », « dassister »: a typographic apostrophe went with the accented letters
            examples.append(text)
            continue
        if lowered and not by_drop and not _symbol(lex, low):
            # a lost letter (« mme »), not just a lost accent (« grace »: English, old); but a symbol's
            # letters (« ca »: « cA », « CA ») in lower case are a word that lost its accent (« ça »)
            known += 1
            continue
        if text[:1].isupper() or len(text) == 1 and not (_amid_words(tokens, i) and _common_remnant(lex, low)):
            # capitalised: maybe a name or a title (« General Public License »); one letter outside
            # prose: maybe a variable or an item (« d = 0 », « l  largeur »); in prose, one letter that
            # is not what is left of a very common word (« t », « o »): maybe an abbreviation of
            # chat (« si g le temps », g for « j'ai »): weaker evidence
            by_drop, by_strip = min(by_drop, 1), min(by_strip, 1)
        drop += by_drop
        strip += by_strip
        if by_drop or by_strip:
            examples.append(text)
            explained += 1
    if glued and 2 * (known + glued + explained) >= words:  # (« nun » among German words is no « n’un »)
        drop += glued
    for h, t in enumerate(tokens):
        if t.text in HYPHENS and (compound := missing_a_compound(lex, tokens, h)) is not None:
            drop += 2  # « vis--vis »: only a deleted « à » leaves two hyphens inside a compound
            examples.append(compound)
    return LineEvidence(
        words, known, english, drop, strip, mq, mf,
        accented=has_non_ascii_letter(line.replace("\ufffd", "")),
        strippable=has_strippable_letter(line),
        non_ascii=not line.isascii(),
        double_spaces=line.strip().count("  "),
        has_apostrophe="'" in line or "’" in line,
        lone_masks=lone_masks(line) if LONE_MASK else 0,
        lone_gap=LONE_GAP and _lone_word_gap(line),
        examples=tuple(examples[:5]),
        mask_end=mask_end,
        markers=markers,
    )


#: An elided prefix glued to a lexicon word (« cest », « dassister ») in a line with no apostrophe, most of
#: its words French, counts as a word that lost letters: where every non-ASCII character vanished, the
#: typographic apostrophe went too; such a line is no longer passed as plainly known. Unseen 300 KB samples:
#: Framabook mixed 1,420 -> 1,075, all dropped 2,051 -> 2,020, debates mixed 651 -> 533; in training,
#: Framabook mixed 1,219 -> 921, debates 533 -> 431, manual pages 794 -> 761; the other genres and ud-french
#: dev (which writes « ' ») unchanged; clean-text audit unchanged (74 tokens; without the checks of
#: :func:`_glued_prefix`, +3: « cat et ls » -> « cat et lésé », Latin « Deus », Occitan « dau »).
GLUED_EVIDENCE = True


#: What « c » elides before (« c’est », « c’en », « ç’a »), and what « d », « l » never elide before (« du »,
#: « au »; « jusqu’au » is French).
_AFTER_C = frozenset("est en a".split())
_NEVER_ELIDED = frozenset("au aux".split())


def _glued_prefix(lex: EvidenceLexicon, text: str, low: str) -> bool:
    """Is ``text`` an elided prefix glued to the lexicon word after it, as French elides (« cest »,
    « Lavenir », « dassister »; not « cat », « dau », « Deus »)?

    >>> from mojifix.data import get_lexicon
    >>> [_glued_prefix(get_lexicon(), w, w.lower()) for w in ("cest", "Lavenir", "jusquau", "cat", "dau", "Deus")]
    [True, True, True, False, False, False]
    """
    return _glued_rest(lex, text, low) is not None


def _glued_rest(lex: EvidenceLexicon, text: str, low: str) -> str | None:
    """The word after the elided prefix when :func:`_glued_prefix` holds, else None."""
    if len(low) < 3 or not (text.islower() or text[:1] in "CLJQ" and text[1:].islower()):
        return None
    split = elision_split(lex, low, exact=True)  # type: ignore[arg-type]
    if split is None:
        return None
    prefix, rest = split
    return rest if not (prefix in "dl" and rest in _NEVER_ELIDED) and (prefix != "c" or rest in _AFTER_C) else None


#: Words a line needs for one word that lost letters to make it read as having lost them, where the block's
#: other damaged lines decide no process for it (documents damaged paragraph by paragraph); 0: never.
#: Mixed, 3,000 dev lines: 487/219 -> 483/217 (3: the same, 6: 484/217, 10: 484/217); with the plain lines
#: of damaged blocks looked at too: 443/191.
LONE_DROP_WORDS = 4


#: A lexicon word that is also an elided prefix glued to a word this much more frequent (log10) counts as
#: a glued elision (« lavis », « dune », « sil »; not « lune », « quelle »); 0: never. Unseen mixed: Framabook
#: 957 -> 944, debates 445 -> 415, the others unchanged; in training Framabook 781 -> 766, debates 358 -> 338;
#: dev and all dropped unchanged; clean-text audit unchanged (capitalised words left out: « Jon Tombs » read
#: as « J’on » cost 2 tokens); clean text about 2 % slower (memoised).
GLUED_KNOWN_RATIO = 3.0


_GLUED_KNOWN: dict[tuple[int, str], bool] = {}


def _glued_known(lex: EvidenceLexicon, text: str, low: str) -> bool:
    """Is the lexicon word ``low``, in lower case (« Jon » is a name), far rarer than the word its elided
    prefix would stand before (« lavis »)? (Memoised: every known word of a plain line asks.)"""
    key = (id(lex), text)
    found = _GLUED_KNOWN.get(key)
    if found is None:
        if len(_GLUED_KNOWN) > 100_000:
            _GLUED_KNOWN.clear()
        found = _GLUED_KNOWN[key] = _glued_known_uncached(lex, text, low)
    return found


def _glued_known_uncached(lex: EvidenceLexicon, text: str, low: str) -> bool:
    rest = _glued_rest(lex, text, low) if text.islower() else None
    if rest is None:
        return False
    return (lex.logfreq(rest) or -99.0) - (lex.logfreq(low) or -99.0) >= GLUED_KNOWN_RATIO


#: A line with non-ASCII marks but no non-ASCII letter (« ’ », « « ») may take the one-word readings too: the
#: letters went, the marks stayed. Unseen mixed: nouvelles19/ELTeC/roman19/Framabook/debates 253/367/319/
#: 1,054/487 -> 249/362/311/957/445; in training every genre -2 to -105; dev mixed 400/174 -> 399/174; the
#: other kinds and the clean-text audit unchanged.
LONE_ANY_MARK = True


#: The same for one word that lost its accents. Mixed, 3,000 dev lines / rest: 443/191 -> 425/185.
LONE_STRIP = True
#: ... or its one sign is two spaces between two words in lower case (a vanished « à »).
LONE_GAP = True
#: Two spaces between two ASCII letters in lower case.
LOWER_GAP_RE = re.compile(r"(?<=[a-z])  (?=[a-z])")
#: A line whose only non-ASCII letters are of other scripts (« γ », « я ») keeps them when accents are
#: stripped: in a stripped block it takes the block's process like a line of plain ASCII (« le rayon γ
#: traverse le plomb a grande vitesse »). Full dev stripped 886 -> 881; unseen samples and mixed unchanged.
STRIP_OTHER_SCRIPTS = True


def decide_modes(evidence: Sequence[LineEvidence]) -> list[Mode]:
    """One mode per line: its own evidence, else the block's dominant process."""
    own = [e.own_mode() for e in evidence]
    if all(m is None or m is Mode.NONE for m in own):
        return [Mode.NONE] * len(own)  # no line shows damage: neither does the block
    votes: Counter[Mode] = Counter()
    for e, m in zip(evidence, own):
        if m is Mode.DROP:
            votes[m] += e.drop
        elif m is Mode.STRIP:
            votes[m] += e.strip
        elif m in (Mode.MASK_Q, Mode.MASK_FFFD):
            votes[m] += e.mask_q + e.mask_fffd
    damaged_lines = sum(1 for m in own if m not in (None, Mode.NONE))
    clean_lines = sum(1 for e, m in zip(evidence, own) if e.accented and m is Mode.NONE)
    block = Mode.NONE
    if votes and votes.most_common(1)[0][1] >= 2 and damaged_lines > clean_lines:
        block = votes.most_common(1)[0][0]
    out: list[Mode] = []
    for e, m in zip(evidence, own):
        # one word that lost letters (or accents) in a line with no accent, in a block damaged elsewhere
        lone = m is None and block is Mode.NONE and damaged_lines and e.french \
            and not (e.accented if LONE_ANY_MARK else e.non_ascii) \
            and e.words >= LONE_DROP_WORDS
        if lone and LONE_DROP_WORDS and e.drop and not e.strip \
                and (e.drop >= 2 or any(len(w) > 1 for w in e.examples)):
            m = Mode.DROP  # (not a lone letter: « le suffixe "d" » in a manual page)
        elif lone and LONE_STRIP and e.strip and not e.drop and any(w[:1].islower() for w in e.examples):
            m = Mode.STRIP  # (not a name: « Privat », « Eleusis »)
        elif lone and LONE_MASK and e.lone_masks and not (e.drop or e.strip or e.non_ascii):
            m = Mode.MASK_Q  # « ouverts ? la discussion »: a « ? » inside a sentence, nothing else
        elif lone and e.lone_gap and not (e.drop or e.strip or e.non_ascii):
            m = Mode.DROP  # « un plan  trois »: two spaces between words, nothing else
        elif m is None:
            m = block if e.words and e.french and (not e.accented or block in (Mode.MASK_Q, Mode.MASK_FFFD)
                                                   or STRIP_OTHER_SCRIPTS and block is Mode.STRIP
                                                   and not e.strippable) else Mode.NONE
        elif m is Mode.DROP_OR_STRIP and block in (Mode.DROP, Mode.STRIP):
            m = block
        out.append(m)
    return out
