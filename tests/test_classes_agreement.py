"""The class model and subject agreement: small pure functions, and known answers of the shipped data."""

from __future__ import annotations

import pytest

from mojifix.agreement import agreement_costs, aux_number, subject_features
from mojifix.classes import get_class_model, word_class

TAGS = {
    "extension": frozenset("Nfs"), "contrat": frozenset("Nms"), "vente": frozenset("Nfs"),
    "abandonné": frozenset({"V", "Q", "A", "m", "s"}), "abandonnée": frozenset({"V", "Q", "A", "f", "s"}),
    "abandonne": frozenset({"V", "Ip", "3s"}), "disputer": frozenset({"V", "Y"}),
    "passe": frozenset({"N", "V", "Ip", "s", "e"}),
}


def tags(word: str) -> frozenset[str]:
    return TAGS.get(word, frozenset())


def test_word_classes() -> None:
    assert word_class("disputer", tags) == "Y"
    assert word_class("abandonnée", tags) == "Qfs+A+s"
    assert word_class("passe", tags) == "V+N+s"
    assert word_class("à", tags) == "à" and word_class("a", tags) == "a"  # the ambiguity the engine resolves
    assert word_class("zorglub", tags) == "UNK"
    assert word_class(",", tags) == ","


def test_subject_is_the_first_noun_of_the_clause_not_a_complement() -> None:
    before = ["selon", "la", "presse", ",", "l'", "extension", "du", "contrat", "a", "été"]
    assert subject_features(before, tags) == ("f", "s")


def test_subject_pronoun_wins() -> None:
    assert subject_features(["la", "vente", "?", "elles", "ont", "été"], tags) == ("f", "p")


def test_agreement_penalises_the_wrong_gender_only_after_etre() -> None:
    forms = ["abandonne", "abandonné", "abandonnée"]
    costs = agreement_costs(["l'", "extension", "du", "contrat", "a", "été"], forms, tags)
    assert costs is not None and costs[2] == 0.0 and costs[1] > 0.0
    assert agreement_costs(["l'", "extension", "a", "vu"], forms, tags) is None


def test_aux_number() -> None:
    assert aux_number(["ils", "ont", "été"]) == "p" and aux_number(["il", "a", "été"]) == "s"


@pytest.mark.parametrize("form,capital", [("état", True), ("états", True), ("été", False), ("école", False)])
def test_shipped_capital_usage(form: str, capital: bool) -> None:
    assert get_class_model().capitalised_inside_sentences(form) is capital


def test_shipped_class_model_prefers_a_before_an_infinitive_after_continuer() -> None:
    m = get_class_model()
    after_word = m.logprob_after_word("à", "continuait")
    assert after_word is not None and after_word > m.logprob_after_word("Y", "continuait")  # type: ignore[operator]
