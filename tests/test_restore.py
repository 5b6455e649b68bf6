"""The restoration engine end to end with the shipped data (sentences written for these tests)."""

from __future__ import annotations

import mojifix
from mojifix import DamageKind


def test_threshold_is_a_parameter() -> None:
    damaged = "Le contrat a t sign hier, la runion est termine."
    assert mojifix.fix_text(damaged) == "Le contrat a été signé hier, la réunion est terminée."
    assert mojifix.fix_text(damaged, threshold=1.0) == damaged
    strict = mojifix.repair(damaged, threshold=0.999)
    assert all(c.confidence >= 0.999 for c in strict.changes)


def test_mojibake_does_not_depend_on_the_threshold() -> None:
    assert mojifix.fix_text("Le cafÃ© est prÃªt.", threshold=1.0) == "Le café est prêt."


def test_a_line_without_evidence_follows_its_document() -> None:
    doc = ("La reunion a ete annulee a cause de la greve.\n"
           "Il a mis la table pour le diner.\n"
           "Les deputes etaient deja partis quand la seance a ete levee.\n")
    out = mojifix.fix_text(doc).splitlines()
    assert out[0] == "La réunion a été annulée à cause de la grève."
    assert out[2] == "Les députés étaient déjà partis quand la séance a été levée."
    alone = "Il a mis la table pour le diner.\n"
    assert mojifix.fix_text(alone) == alone  # no evidence of its own: left alone


def test_changes_say_their_kind_and_reason() -> None:
    r = mojifix.repair("La soci?t? a cr?? un r?seau.")
    assert r.text == "La société a créé un réseau."
    assert {c.kind for c in r.changes} == {DamageKind.REPLACED_QUESTION}
    assert all(0.5 <= c.confidence <= 1.0 and c.reason for c in r.changes)
    assert r.replay() == r.text


def test_a_vanished_a_between_two_spaces_comes_back() -> None:
    r = mojifix.repair("Ils sont arrivs  Lyon  midi.")
    assert r.text == "Ils sont arrivés à Lyon à midi."
    assert DamageKind.DROPPED_WORD in r.kinds



def test_four_vanished_a_in_a_long_sentence_are_no_layout() -> None:
    # four double spaces among forty gaps: a long sentence that lost four « à », not justified text
    line = ("Il a vcu de 1911  1990, a enseign la physique de 1949  1976  Toulouse, puis a pris sa "
            "retraite  Nantes, o il a crit plusieurs livres.")
    assert mojifix.fix_text(line) == ("Il a vécu de 1911 à 1990, a enseigné la physique de 1949 à 1976 à "
                                      "Toulouse, puis a pris sa retraite à Nantes, où il a écrit plusieurs livres.")


def test_double_spaces_of_justified_text_are_layout() -> None:
    # in a block where lines that kept their accents show double spaces, the double spaces of an
    # unaccented line are layout, not the trace of a vanished « à »: no insertion slot is offered
    from mojifix import engine
    from mojifix.candidates import Mode
    from mojifix.segment import tokenize

    lex, _ = engine._resources()  # type: ignore[misc]
    line = "Ne provoque pas  de  saut  de page"  # three double gaps: not justified on its own
    slots = [engine._positions(lex, line, tokenize(line), Mode.DROP, False, engine.DEFAULT_CONFIG, layout=flag)
             for flag in (False, True)]
    kinds = [[p.kind for p in ps if p.kind is DamageKind.DROPPED_WORD and p.before == "  "] for ps in slots]
    assert kinds[0] and not kinds[1]
    block = ("Cette  option  règle  la  durée  du  délai.\n"
             "Les  fichiers  créés  sont  réécrits  après  usage.\n"
             "Une  erreur  arrête  le  traitement  déjà  lancé.\n" + line + ".\n")
    assert mojifix.fix_text(block) == block


def test_a_lone_unknown_masked_word_is_guessed_only_when_the_block_shows_masks() -> None:
    # alone, « Bor?lier » may be code or two words glued by a question mark; beside lines whose
    # masked words are French, it is a name that lost a letter like them
    line = "Le peintre Gaston Bor?lier expose ici.\n"
    assert mojifix.fix_text(line) == line
    block = "Le concert a ?t? annul? hier soir.\nLa soci?t? a publi? un communiqu?.\n" + line
    assert mojifix.fix_text(block).splitlines()[-1] == "Le peintre Gaston Borélier expose ici."


def test_a_question_mark_glued_to_an_unknown_name_in_a_masked_block_is_a_letter() -> None:
    block = ("Le concert a ?t? annul? hier soir.\nLa soci?t? a publi? un communiqu?.\n"
             "Le film est sorti chez Path? en 1910.\nTu connais Paul? Il est arriv? hier.\n")
    out = mojifix.fix_text(block).splitlines()
    assert out[2] == "Le film est sorti chez Pathé en 1910."
    assert out[3] == "Tu connais Paul? Il est arrivé hier."  # a name the model knows: a question
    line = "Le film est sorti chez Path? en 1910.\n"
    assert mojifix.fix_text(line) == line  # alone, nothing says the '?' is no question mark


def test_stripped_text_may_keep_letters_of_other_scripts() -> None:
    # stripping accents leaves Cyrillic alone: its survival says nothing against stripped French
    line = "Elle est nee a Moscou (en russe : Москва) et a vecu a Belgrade."
    assert mojifix.fix_text(line) == "Elle est née à Moscou (en russe : Москва) et a vécu à Belgrade."


def test_a_unit_after_a_number_is_no_evidence() -> None:
    line = "(au moins 12 m ² par chambre et 20 m ² pour le salon) ;"
    assert mojifix.fix_text(line) == line
