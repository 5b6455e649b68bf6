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
