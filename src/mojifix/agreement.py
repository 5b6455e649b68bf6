"""Grammar a trigram model cannot see: agreement, auxiliaries, the words ahead.

A trigram model cannot see that « l’extension … a été abandonnée » needs the
feminine: the subject is far away. This module finds the subject of the clause
(a subject pronoun next to the verb, the antecedent of « qui », else the first
noun of the clause introduced by a determiner) and penalises candidates whose
gender or number contradicts it. It also penalises a finite verb right after an
auxiliary (« a fonctionne »), and says whether a verb follows: the negation « ne »
needs one (else it is « né »), the relative « où » usually has one within five words.

>>> subject_features(["l'", "extension", "du", "contrat", "a"], _tags_demo)
('f', 's')
"""

from __future__ import annotations

from typing import Callable, Sequence

from .tokens import CODE, VOWEL_INITIALS

#: Forms of « être » after which a participle or adjective agrees with the subject.
ETRE = frozenset(
    "été est sont était étaient fut furent sera seront soit soient serait seraient être "
    "suis es sommes êtes étais étions étiez devenu devenue devenus devenues reste restée".split()
)
_PLURAL_AUX = frozenset("ont sont étaient furent seront soient seraient sommes êtes avaient auront auraient".split())
_SINGULAR_AUX = frozenset("a est était fut sera soit serait avait aura aurait".split())
_PRONOUNS = {"il": ("m", "s"), "elle": ("f", "s"), "ils": ("m", "p"), "elles": ("f", "p")}
_CLITICS = frozenset("ne n' y en se s' lui leur le la les l' me m' te t' nous vous pas jamais plus déjà bien toujours".split())
DETERMINERS = frozenset(
    "le la les l' un une ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs "
    "chaque plusieurs certains certaines tout toute tous toutes aucun aucune".split()
)
_PREPOSITIONS = frozenset(
    "de d' du des à au aux selon pour par avec sans sur sous dans en entre vers chez contre depuis pendant "
    "avant après malgré envers parmi".split()
)
#: Where the clause of a participle starts, looking back for its subject. The words that open a clause
#: of their own (« la manière dont le SCA doit être traité ») count since 2026-11-27: full dev stripped
#: 864 -> 863, dropped 808 -> 806, collapsed and all dropped -2; unseen nouvelles19 stripped -2, Framabook
#: dropped and collapsed +2 (« quand la fièvre baissée », which we read « baisse »).
_BOUNDARIES = frozenset(". ; : ! ? , « » ( ) que qu' et mais car dont où lorsque lorsqu' quand puisque puisqu'".split())
#: Extra cost (log10) for a candidate that contradicts the subject.
DISAGREEMENT_COST = 1.5
#: Forms of « avoir » that take a past participle (« a fonctionné », « ont été »).
AVOIR = frozenset("a ont avait avaient aura auront aurait auraient eu avoir ayant avons avez".split())
#: Adverbs that may stand between an auxiliary and its participle (« ont très bien fonctionné »).
_ADVERBS = frozenset("très aussi souvent également encore beaucoup mal trop longtemps enfin".split())
#: Extra cost (log10) for a finite verb right after an auxiliary when a participle reading exists:
#: « il a fonctionne » has no French reading, « il a fonctionné » has.
FINITE_AFTER_AUX_COST = 1.0
#: The same when words stand between (« avait-il distribue », « aurait alors distribue »), out of the
#: trigram model's sight: log10 of how much likelier an auxiliary is before a participle than before
#: its finite or noun twin, counted on the training corpora (1.7 after « a », 1.9 « avait », 2.0 « aurait »).
FAR_FINITE_COST = 1.8
#: After « avoir » (« a » too), a form that is a finite verb or an adjective and no participle pays the
#: same cost: « a toutefois précise », « ont prime » have no French reading, « a précisé », « ont primé »
#: have (after « être » an adjective is at home). Full dev stripped 814 -> 811, other kinds unchanged;
#: unseen samples, stripped 1,670 -> 1,668.
ADJECTIVES_AFTER_AVOIR = True

Tags = Callable[[str], frozenset[str]]


def _tags_demo(word: str) -> frozenset[str]:
    return {"extension": frozenset("Nfs"), "contrat": frozenset("Nms")}.get(word, frozenset())


def _gender_number(tags: frozenset[str]) -> tuple[str | None, str | None]:
    g = "m" if "m" in tags and "f" not in tags else "f" if "f" in tags and "m" not in tags else None
    n = "s" if "s" in tags and "p" not in tags else "p" if "p" in tags and "s" not in tags else None
    return g, n


def subject_features(before: Sequence[str], tags: Tags) -> tuple[str | None, str | None] | None:
    """(gender, number) of the subject of the clause that ends ``before`` (model tokens), or None."""
    i = len(before) - 1
    while i >= 0 and (before[i] in _CLITICS or before[i] in ETRE or before[i] in _PLURAL_AUX or before[i] in _SINGULAR_AUX):
        i -= 1
    if i >= 0 and before[i] in _PRONOUNS:
        return _PRONOUNS[before[i]]
    # the clause: back to the last boundary
    j = i
    while j >= 0 and before[j] not in _BOUNDARIES and before[j] != "qui":
        j -= 1
    if j >= 0 and before[j] == "qui":
        for k in range(j - 1, max(j - 4, -1), -1):
            if "N" in tags(before[k]):
                return _gender_number(tags(before[k]))
        return None
    for k in range(j + 1, i + 1):
        w = before[k]
        if w in DETERMINERS and k + 1 <= i and (k == 0 or before[k - 1] not in _PREPOSITIONS):
            t = tags(before[k + 1])
            if "N" in t:
                return _gender_number(t)
            return None
    return None


def aux_number(before: Sequence[str]) -> str | None:
    """Number implied by the auxiliary just before (``a été`` → 's', ``ont été`` → 'p')."""
    for w in reversed(before[-3:]):
        if w in _PLURAL_AUX:
            return "p"
        if w in _SINGULAR_AUX:
            return "s"
    return None


def agreement_costs(before: Sequence[str], forms: Sequence[str], tags: Tags) -> list[float] | None:
    """Extra cost per candidate form, or None when agreement has nothing to say.

    ``before`` are the model tokens before the position (best current guesses);
    only applies right after a form of « être » (possibly with a negation/adverb).
    """
    k = len(before) - 1
    while k >= 0:
        if before[k] in _CLITICS or before[k] in _ADVERBS or _pure_adverb(tags(before[k])):
            k -= 1
        elif (aux := _inverted_subject(before, k)) is not None:
            k = aux
            break
        else:
            break
    if k < 0 or before[k] not in ETRE and before[k] not in AVOIR:
        return None
    far = k < len(before) - 1  # words between: the trigram model does not see the auxiliary
    finite = _finite_costs(forms, tags, before[k] in _AVOIR_NOT_A, FAR_FINITE_COST if far else FINITE_AFTER_AUX_COST,
                           ADJECTIVES_AFTER_AVOIR and before[k] in AVOIR)
    if before[k] not in ETRE:
        return finite
    feats = [_gender_number(tags(f)) if (tags(f) & {"Q", "A"}) else (None, None) for f in forms]
    if len({f for f in feats if f != (None, None)}) < 2:
        return finite
    subj = subject_features(before, tags)
    if subj is None:
        return finite
    g, n = subj
    n = aux_number(before) or n
    out: list[float] = []
    for i, (fg, fn) in enumerate(feats):
        bad = (g is not None and fg is not None and fg != g) or (n is not None and fn is not None and fn != n)
        out.append((DISAGREEMENT_COST if bad else 0.0) + (finite[i] if finite else 0.0))
    return out


_SUBJECTS = frozenset("il elle on ils elles je tu nous vous".split())


def _inverted_subject(before: Sequence[str], k: int) -> int | None:
    """Where the auxiliary is, when ``before[k]`` is a subject pronoun after it (« avait-il »,
    « a-t-elle »: the euphonic t is a code token); else None.

    >>> _inverted_subject(["avait", "il"], 1), _inverted_subject(["a", "<code>", "elle"], 2), _inverted_subject(["il"], 0)
    (0, 0, None)
    """
    if before[k] not in _SUBJECTS or k < 1:
        return None
    j = k - 2 if before[k - 1] in ("t", CODE) and k >= 2 else k - 1
    return j if before[j] in AVOIR or before[j] in ETRE else None


def _pure_adverb(tags: frozenset[str]) -> bool:
    """An adverb and nothing else (« alors », « lourdement »): it may stand between auxiliary and participle."""
    return "W" in tags and not tags & {"N", "V", "A", "Q"}


#: Forms of « avoir » that are nothing else (« a » may be a stripped « à »).
_AVOIR_NOT_A = AVOIR - {"a"}


def _finite_costs(forms: Sequence[str], tags: Tags, nouns_too: bool = False,
                  cost: float = FINITE_AFTER_AUX_COST, adjectives_too: bool = False) -> list[float] | None:
    """:data:`FINITE_AFTER_AUX_COST` for each form that can only be a finite verb, when another form
    is a past participle; None when there is no such choice. ``nouns_too``: also for a form that is a
    finite verb or a noun (after « ont », « avait »: « ont prime » has no French reading, « ont primé » has);
    ``adjectives_too``: also for a form that is a finite verb or an adjective (after « avoir »).

    >>> t = {"fonctionne": frozenset("V"), "fonctionné": frozenset("VQms"), "prime": frozenset("VN")}.get
    >>> _finite_costs(["fonctionne", "fonctionné"], lambda f: t(f, frozenset()))
    [1.0, 0.0]
    >>> _finite_costs(["prime", "primé"], lambda f: t(f, frozenset("VQ"))), _finite_costs(["prime", "primé"], lambda f: t(f, frozenset("VQ")), True)
    (None, [1.0, 0.0])
    >>> a = {"précise": frozenset("VAfs"), "précisé": frozenset("VQms")}.get
    >>> _finite_costs(["précise", "précisé"], a), _finite_costs(["précise", "précisé"], a, adjectives_too=True)
    (None, [1.0, 0.0])
    """
    ts = [tags(f) for f in forms]
    if not any("Q" in t for t in ts):
        return None
    other = {"Q", "A", "G"} if nouns_too else {"Q", "N", "A", "G"}
    if adjectives_too:
        other.discard("A")
    costs = [cost if "V" in t and not t & other else 0.0 for t in ts]
    return costs if any(costs) else None


#: Pronouns that may stand between the negation « ne » and its verb (« ne le voit », « ne s'y rend »).
_NEG_CLITICS = frozenset("le la les l' se s' me m' te t' lui leur y en nous vous".split())
#: Words other than verbs and negation adverbs (tag X) that may follow « ne » (« ne rien dire »).
_NEG_WORDS = frozenset("rien personne guère aucun aucune nul nulle ni".split())
#: Extra cost (log10) of « ne » where no verb follows: « ne le 26 mai », « ne Alain », « ne vers 1385 »
#: are « né », a participle.
NOT_NEGATION_COST = 1.0


#: The same when what follows cannot follow a negation at all: a number, a name, punctuation, a word
#: starting with a vowel (« ne le 3 mars », « ne en 1920 »: the negation would read « n'en »).
#: Measured on 3,000 dev lines (1.0 → 3.0): stripped 706 -> 699, dropped 641 -> 638, collapsed 1,446 -> 1,443.
NOT_NEGATION_SURE_COST = 3.0


def not_negation_cost(following: Sequence[tuple[str, str]], tags: Tags) -> float:
    """Extra cost of reading « ne » as the negation, given the tokens after it (see :func:`negation_follows`).

    >>> t = {"voit": frozenset("V"), "le": frozenset("DG"), "rvle": frozenset()}.get
    >>> tg = lambda w: t(w, frozenset())
    >>> [not_negation_cost(f, tg) for f in ([("le", "word"), ("voit", "word")], [("le", "word"), ("rvle", "word")],
    ...                                     [("le", "word"), ("3", "num")], [("le", "word")])] == [
    ...     0.0, NOT_NEGATION_COST, NOT_NEGATION_SURE_COST, NOT_NEGATION_COST]
    True
    """
    if negation_follows(following, tags):
        return 0.0
    for text, kind in following:
        if kind == "word" and text.lower().replace("’", "'") in _NEG_CLITICS:
            continue
        if kind == "word" and text[:1].islower() and text[:1].lower() not in VOWEL_INITIALS:
            return NOT_NEGATION_COST  # a word the lexicon does not call a verb: maybe a damaged one
        return NOT_NEGATION_SURE_COST
    return NOT_NEGATION_COST  # the line ends: its verb may be on the next one


def negation_follows(following: Sequence[tuple[str, str]], tags: Tags) -> bool:
    """Can « ne » be the negation, given the tokens after it (``(text, kind)``, as written)?

    The negation is elided before a vowel (« n'a »); it is followed, past its pronouns, by a verb or a
    negation word, never by a number, a name or punctuation.

    >>> t = {"voit": frozenset("V"), "pas": frozenset("GX"), "le": frozenset("DG")}.get
    >>> tg = lambda w: t(w, frozenset())
    >>> negation_follows([("le", "word"), ("voit", "word")], tg), negation_follows([("pas", "word")], tg)
    (True, True)
    >>> negation_follows([("le", "word"), ("26", "num")], tg), negation_follows([("Alain", "word")], tg)
    (False, False)
    """
    for text, kind in following:
        low = text.lower().replace("’", "'")
        if kind == "word" and low in _NEG_CLITICS:
            continue
        if kind != "word" or not text[:1].islower() or low[:1] in VOWEL_INITIALS:
            return False
        return bool(tags(low) & {"V", "X"}) or low in _NEG_WORDS
    return False


#: log10 likelihood ratios of « a finite verb within the next five words » for « où » against « ou »,
#: counted over the training corpora (lexicon tags; 26,683 « où », 80,718 « ou »): 75 % of « où » are
#: followed by one (« la ville où il est né »), 12 % of « ou » (« deux ou trois fois »).
OU_FINITE_LLR = 0.78
OU_NO_FINITE_LLR = -0.54
#: The person tags of a finite verb.
PERSONS = frozenset("1s 2s 3s 1p 2p 3p".split())


def _finite_verb(tags: frozenset[str]) -> bool:
    return "V" in tags and bool(tags & PERSONS) and not tags & {"N", "A"}


def finite_verb_follows(following: Sequence[str], readings: Callable[[str], Sequence[frozenset[str]]]) -> bool:
    """Does a finite verb come within the next five words, before any punctuation?

    ``readings`` gives the tag sets a (possibly damaged) word may have: its own and its restorations'.

    >>> r = {"il": [frozenset({"G", "Os"})], "est": [frozenset({"V", "3s"})], "trois": [frozenset("D")]}.get
    >>> finite_verb_follows(["il", "est"], lambda w: r(w, [])), finite_verb_follows(["trois", ","], lambda w: r(w, []))
    (True, False)
    """
    for w in following[:5]:
        if not w[:1].isalpha():
            return False
        if any(_finite_verb(t) for t in readings(w)):
            return True
    return False


#: Extra cost (log10) of a finite verb right after a noun when a participle agreeing with that noun is
#: the other reading: « une localité située en », « un régiment composé de », not « situe », « compose »
#: (3,000 dev lines: dropped 627 -> 610, stripped 659 -> 639, collapsed 1,392 -> 1,375, mixed 529 -> 518;
#: lines 3,000-4,575: 358 -> 351, 355 -> 349, 688 -> 681; 0.5: 618/644, 1.0: 614/648, 1.5: 614/657).
PARTICIPLE_AFTER_NOUN_COST = 0.7
#: The same for a form that is only a noun (« le club fondé », not « le club fond »; « un dessinateur appelé »):
#: two nouns side by side are rarer than a noun and its participle.
NOUN_AFTER_NOUN_COST = 0.7
#: An adjective that agrees with the noun before counts like a participle (« les patients âgés », not
#: « âges »), and is itself no finite verb to avoid (« une note grave »); a determiner is no noun (« son
#: aine »). Full dev: stripped 863 -> 855, each dropped kind -6, mixed -1; unseen samples (stripped, dropped,
#: mixed) -9 in all, in-training -6, each genre between -4 and +1; clean-text audit unchanged.
ADJECTIVE_AGREES = True
#: Words the lexicon also calls nouns that are none before a participle.
_NOT_NOUNS = frozenset("et ou a la le les de des du en un une que qui si or car ni".split())


def noun_participle_costs(before: Sequence[str], forms: Sequence[str], tags: Tags,
                          verb_ahead: Callable[[], bool] | None = None) -> list[float] | None:
    """:data:`PARTICIPLE_AFTER_NOUN_COST` for each form that is a finite verb of the third person and no
    participle, when the word before is a noun (not the subject opening its clause), or an adjective
    after one, and another form is a participle that agrees with it; else None.

    >>> t = {"localité": frozenset({"N", "f", "s"}), "situe": frozenset({"V", "3s"}),
    ...      "située": frozenset({"V", "Q", "f", "s"}), "situé": frozenset({"V", "Q", "m", "s"}), "une": frozenset()}
    >>> tg = lambda w: t.get(w, frozenset({"D"}))
    >>> noun_participle_costs(["dans", "une", "localité"], ["situe", "située"], tg) == [PARTICIPLE_AFTER_NOUN_COST, 0.0]
    True
    >>> noun_participle_costs(["une", "localité"], ["situe", "située"], tg)  # the subject: « Une localité situe… »
    >>> noun_participle_costs(["dans", "une", "localité"], ["situe", "situé"], tg)  # no agreeing participle
    >>> t["ouverte"] = frozenset({"A", "Q", "f", "s"})
    >>> noun_participle_costs(["dans", "une", "localité", "ouverte"], ["situe", "située"], tg)[0] == PARTICIPLE_AFTER_NOUN_COST
    True
    >>> t["appel"], t["appelé"] = frozenset({"N", "m", "s"}), frozenset({"V", "Q", "m", "s"})
    >>> noun_participle_costs(["un", "nom", "localité"], ["appel", "appelé"], tg)  # no agreeing participle
    >>> t["dessinateur"] = frozenset({"N", "m", "s"})
    >>> noun_participle_costs(["avec", "un", "dessinateur"], ["appel", "appelé"], tg) == [NOUN_AFTER_NOUN_COST, 0.0]
    True
    >>> t["patients"], t["âges"], t["âgés"] = frozenset("NAmp"), frozenset("Nmp"), frozenset("Amp")
    >>> noun_participle_costs(["pour", "les", "patients"], ["âges", "âgés"], tg) == [NOUN_AFTER_NOUN_COST, 0.0]
    True
    """
    if not before:
        return None
    k = len(before) - 1
    nt = tags(before[k])
    if "N" not in nt and nt & {"A", "Q"} and k >= 1 and "N" in tags(before[k - 1]) \
            and before[k - 1] not in _NOT_NOUNS:
        # an adjective in between (« une lettre ouverte adressée »): the noun it agrees with decides,
        # with the adjective's gender and number where the noun has none of its own (« un/une élève »)
        adjective = _gender_number(nt)
        nt = tags(before[k - 1])
        if not _agrees(adjective, *_gender_number(nt)):
            return None
        nt = nt | frozenset(x for x in adjective if x)
        k -= 1
    if "N" not in nt or before[k] in _NOT_NOUNS or ADJECTIVE_AGREES and before[k] in DETERMINERS:
        return None
    # a determiner and its noun opening a clause are its subject: « Le club remporte », unless the
    # clause has its verb further on (« La dose recommandée de ce produit est de 5 mg »)
    cost = PARTICIPLE_AFTER_NOUN_COST
    if k >= 1 and before[k - 1] in DETERMINERS and (k == 1 or before[k - 2] in _BOUNDARIES):
        if verb_ahead is None or not verb_ahead():
            return None
        cost = VERB_AHEAD_COST
    g, n = _gender_number(nt)
    if g is None and n is None:
        return None
    ts = [tags(f) for f in forms]
    if not any(("Q" in t or ADJECTIVE_AGREES and "A" in t) and _agrees(_gender_number(t), g, n) for t in ts):
        return None
    # a finite verb after a noun is in the third person (« tu fermes » is no reading of « mois fermes »)
    out = [cost if ("V" in t and "Q" not in t and t & {"3s", "3p"}
                    and not (ADJECTIVE_AGREES and "A" in t and _agrees(_gender_number(t), g, n)))
           else NOUN_AFTER_NOUN_COST if "N" in t and not t & {"Q", "A"} else 0.0 for t in ts]
    return out if any(out) else None


#: The same cost after the subject opening its clause when the clause has its verb further on.
VERB_AHEAD_COST = 1.5
#: Finite verbs that are nothing else, frequent after a subject (« a » may be « à », « est » a noun).
CLAUSE_VERBS = frozenset(
    "sont était étaient sera seront fut furent serait seraient ont avait avaient aura auront aurait auraient "
    "doit doivent devait devaient peut peuvent pouvait pouvaient permet permettent reste restent semble semblent".split()
)
_CLAUSE_STOPS = frozenset(". ; : ! ? « » ( ) \" qui que qu' dont où et mais ou car donc c' il elle ils elles on".split())


def clause_verb_ahead(following: Sequence[str]) -> bool:
    """Does the clause go on to its own verb (a form of :data:`CLAUSE_VERBS`, « est »), past commas,
    before a relative pronoun or a stop? Then the word just after its subject is no verb.

    >>> clause_verb_ahead(["de", "ce", "produit", ",", "chez", "l'", "adulte", ",", "est", "de", "5", "mg"])
    True
    >>> clause_verb_ahead(["de", "volontaires", "qui", "sont", "partis"]), clause_verb_ahead(["la", "règle", "c'", "est"])
    (False, False)
    """
    for w in following[:12]:
        low = w.lower().replace("’", "'")
        if low in _CLAUSE_STOPS:
            return False
        if low in CLAUSE_VERBS or low == "est":
            return True
    return False


def _agrees(feats: tuple[str | None, str | None], g: str | None, n: str | None) -> bool:
    fg, fn = feats
    return (g is None or fg in (g, None)) and (n is None or fn in (n, None))


#: A stripped « a » between an adjective and a plain adjective that agrees is a range « à », whatever the
#: gender and number (« incolore a légèrement jaune »); the engine leaves out the adjectives of « avoir
#: beau », « avoir chaud ».
PLAIN_ADJECTIVE_RANGE = True


def adjective_range(before: Sequence[frozenset[str]], after: Sequence[frozenset[str]]) -> bool:
    """Do the readings ``before`` and ``after`` a stripped « a » make two adjectives that agree, the
    second feminine or plural (« légère a modérée », « claire a opalescente »)? Then the « a » is « à »,
    a range: after the auxiliary « a », a participle is masculine singular (« la porte verte a claqué »).

    >>> A = lambda s: frozenset(s)
    >>> adjective_range([A("Afs")], [A("AQVfs")]), adjective_range([A("Afs")], [A("QVms")])
    (True, False)
    >>> adjective_range([A("Amp")], [A("Afp")]), adjective_range([A("Nfs")], [A("Afs")])
    (False, False)
    >>> adjective_range([A("Afs")], [A("NAVfs") | {"3s"}, A("QVms")])  # a finite verb: « a porté »
    False

    A plain adjective (no participle, verb or adverb among the readings) follows no auxiliary: it only
    has to agree (« incolore a jaune »).

    >>> adjective_range([A("Aes")], [A("ANes")]), adjective_range([A("Afs")], [A("Ams")])
    (True, False)
    """
    if any("V" in t and t & {"3s", "3p"} for t in after):
        return False  # « l’étude principale a porte sur » (« veine porte »): « a porté »
    if PLAIN_ADJECTIVE_RANGE and after and not any(t & {"Q", "V", "W"} for t in after):  # not « a bien »
        plain = [_gender_number(t) for t in after if "A" in t]
        return any("A" in b and _agrees(p, *_gender_number(b)) for b in before for p in plain)
    seconds = [_gender_number(t) for t in after if t & {"A", "Q"}]
    for b in before:
        if "A" not in b:
            continue
        g, n = _gender_number(b)
        if g is None and n is None:
            continue
        # the second is feminine or plural, and agrees where the first says its gender or number
        if any((fg == "f" or fn == "p") and (g is None or fg == g) and (n is None or fn == n) for fg, fn in seconds):
            return True
    return False
