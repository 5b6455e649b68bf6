"""Unit tests of the engine's parts with a tiny hand-made lexicon and model."""

from __future__ import annotations

import math

import pytest

from mojifix.candidates import Candidate, Mode, apply_case, word_candidates
from mojifix.decoder import viterbi
from mojifix.evidence import decide_modes, line_evidence
from mojifix.keys import drop_key, strip_key
from mojifix.segment import Token, tokenize


class FakeLexicon:
    FORMS = {
        "été": -3.0, "a": -2.0, "à": -1.8, "la": -1.5, "là": -3.5, "ou": -2.5, "où": -2.7,
        "américaine": -4.5, "presse": -4.0, "abandonnée": -5.5, "abandonné": -5.0, "abandonne": -5.5,
        "créer": -4.2, "de": -1.2, "the": -6.0, "le": -1.4, "café": -4.5, "homme": -3.5, "l’": -2.0,
        "est": -2.0, "il": -2.0, "dès": -4.0, "des": -2.0, "œuvre": -4.0, "tant": -3.8, "étant": -3.9,
    }
    ENGLISH = {"the", "and", "with", "is", "of", "this"}

    def __contains__(self, form: object) -> bool:
        return form in self.FORMS

    def logfreq(self, form: str) -> float | None:
        return self.FORMS.get(form)

    def by_drop(self, key: str) -> tuple[str, ...]:
        return tuple(f for f in self.FORMS if not f.isascii() and drop_key(f) == key)

    def by_strip(self, key: str) -> tuple[str, ...]:
        return tuple(f for f in self.FORMS if not f.isascii() and strip_key(f) == key)

    def cased(self, form: str) -> str | None:
        return None

    def is_english(self, word: str) -> bool:
        return word in self.ENGLISH


LEX = FakeLexicon()


def test_tokenize_keeps_masks_elisions_and_code_apart() -> None:
    toks = [(t.text, t.kind) for t in tokenize("L’am?ricaine voit https://x.fr/a_b et foo_bar ?")]
    assert toks == [("L’", "word"), ("am?ricaine", "word"), ("voit", "word"),
                    ("https://x.fr/a_b", "code"), ("et", "word"), ("foo_bar", "code"), ("?", "punct")]


def test_tokens_cover_only_non_space() -> None:
    line = "Il a  t cr  10 %."
    for t in tokenize(line):
        assert line[t.start:t.end] == t.text


@pytest.mark.parametrize("pattern,form,expected", [
    ("ETE", "été", "ÉTÉ"), ("Ete", "été", "Été"), ("ete", "été", "été"), ("A", "à", "À"),
])
def test_apply_case(pattern: str, form: str, expected: str) -> None:
    assert apply_case(pattern, form) == expected


def test_drop_candidates_include_the_token_and_lexicon_forms() -> None:
    cands = word_candidates(LEX, Token(0, 1, "t", "word"), Mode.DROP, False, 0.5, 1.5)
    assert cands[0].original and cands[0].surface == "t"
    assert "été" in [c.surface for c in cands]


def test_strip_candidates_restore_case_at_sentence_start() -> None:
    cands = word_candidates(LEX, Token(0, 3, "Ete", "word"), Mode.STRIP, True, 0.5, 1.5)
    assert "Été" in [c.surface for c in cands]


def test_a_capital_a_is_left_alone_where_letters_were_dropped() -> None:
    # a lost « À » vanished with the other letters: « A » was written so
    assert len(word_candidates(LEX, Token(0, 1, "A", "word"), Mode.DROP, True, 0.5, 1.5)) == 1


def test_a_capital_a_may_be_a_stripped_a_grave() -> None:
    assert "À" in [c.surface for c in word_candidates(LEX, Token(0, 1, "A", "word"), Mode.STRIP, True, 0.5, 1.5)]


def test_mask_candidates_follow_the_pattern() -> None:
    for text in ("am?ricaine", "am??ricaine", "am\ufffdricaine"):
        mode = Mode.MASK_FFFD if "\ufffd" in text else Mode.MASK_Q
        cands = word_candidates(LEX, Token(0, len(text), text, "word"), mode, False, 0.5, 1.5)
        assert "américaine" in [c.surface for c in cands], text


def test_acronyms_get_no_candidates() -> None:
    assert len(word_candidates(LEX, Token(0, 3, "ETE", "word"), Mode.STRIP, False, 0.5, 1.5)) == 1


class BigramModel:
    """log10 P(w | prev) from a tiny table; unknown pairs get a floor."""

    PAIRS = {("a", "été"): -0.5, ("il", "a"): -0.7, ("va", "à"): -0.6, ("à", "la"): -0.5}

    def logprob(self, word: str, history: tuple[str, ...]) -> float:
        return self.PAIRS.get((history[-1] if history else "", word), -4.0)


def test_viterbi_prefers_the_sequence_the_model_likes() -> None:
    emissions = [[("il",)], [("a",), ("à",)], [("t",), ("été",)]]
    costs = [[0.0], [0.0, 0.5], [1.5, 0.5]]
    path, score = viterbi(BigramModel(), emissions, costs)
    assert path == [0, 0, 1]
    assert math.isfinite(score)


def test_evidence_and_modes() -> None:
    lines = ["la presse amricaine a t abandonne", "il a choisi de crer", "the cat is with this dog and the man",
             "la presse a choisi", "la presse americaine a ete la"]
    ev = [line_evidence(LEX, line, tokenize(line)) for line in lines]
    assert ev[0].drop >= 2 and ev[0].strip == 0
    assert not ev[2].french
    modes = decide_modes(ev)
    assert modes[0] is Mode.DROP and modes[1] is Mode.DROP
    assert modes[2] is Mode.NONE
    assert modes[4] is Mode.STRIP
    # a line without evidence of its own follows the block's dominant process
    assert modes[3] is Mode.DROP


def test_a_line_with_accents_is_never_put_in_a_letter_losing_mode() -> None:
    line = "la presse américaine a ete"
    ev = [line_evidence(LEX, line, tokenize(line))]
    assert decide_modes(ev) == [Mode.NONE]


def test_candidate_is_frozen() -> None:
    c = Candidate("été", ("été",))
    with pytest.raises(AttributeError):
        c.surface = "x"  # type: ignore[misc]


def test_unseen_context_is_penalised() -> None:
    from mojifix import engine
    from mojifix.data import get_model

    model = get_model()
    memo = engine._MemoModel(model, unseen_penalty=0.5)
    assert model.backoff(("zzqxw", "zzqxw")) == 0.0  # never kept
    assert memo._word_logprob("le", ("zzqxw", "zzqxw")) == model.logprob("le", ("zzqxw", "zzqxw")) - 0.5
    assert memo._word_logprob("le", ("«", "zzqxw")) == model.logprob("le", ("«", "zzqxw"))  # quotes left out


def test_memoised_back_off_equals_the_model() -> None:
    """The engine memoises the parts of the word model's back-off; the sum must be the model's own."""
    from mojifix import engine
    from mojifix.data import get_model

    model = get_model()
    memo = engine._MemoModel(model)
    words = ["il", "a", "été", "<num>", "à", "paris", "zzqxw", "</s>", "ne", "le", "les", "<s>"]
    for h0 in words[:8] + ["<s>"]:
        for h1 in words:
            for w in words:
                assert memo._word_logprob(w, (h0, h1)) == model.logprob(w, (h0, h1)), (h0, h1, w)


def test_viterbi_skipping_shared_positions_keeps_the_path() -> None:
    """Without ``exact`` the decoder skips positions every path shares; the chosen path must not change."""
    import random

    from mojifix import engine
    from mojifix.decoder import viterbi

    _, model = engine._resources()  # type: ignore[misc]
    words = ["il", "a", "été", "à", "la", "là", "de", "dé", "paris", "<num>", "ou", "où", "le", "maison"]
    rng = random.Random(7)
    for _ in range(200):
        emissions, costs = [], []
        for _ in range(rng.randint(1, 12)):
            n = 1 if rng.random() < 0.6 else rng.randint(2, 3)
            emissions.append([tuple(rng.sample(words, rng.randint(0, 2))) for _ in range(n)])
            costs.append([rng.choice([0.0, 0.25, 0.5, 1.5]) for _ in range(n)])
        exact = viterbi(model, emissions, costs, exact=True)
        fast = viterbi(model, emissions, costs, exact=False)
        assert fast[0] == exact[0]


def test_lone_mask_between_words_may_be_an_incise_dash() -> None:
    """A lone mask with a space on each side between words is read as « à », a quote, a question mark or an
    en dash (an incise); a mask glued to a word is no dash."""
    from mojifix import engine

    lex, _ = engine._resources()  # type: ignore[misc]
    line = "Les ?l?ves ? les plus jeunes ? sont rest?s, pourquoi?"
    positions = engine._positions(lex, line, tokenize(line), Mode.MASK_Q, False, engine.DEFAULT_CONFIG)
    readings = {p.start: {c.surface for c in p.cands} for p in positions if p.before == "?"}
    assert "–" in readings[line.index(" ? ") + 1] and "à" in readings[line.index(" ? ") + 1]
    assert "–" in readings[line.rindex(" ? ") + 1]
    assert all("–" not in r for start, r in readings.items() if start == len(line) - 1)


def test_plainly_known_lines_have_no_evidence_of_their_own() -> None:
    """The engine skips tokenising a line :func:`plainly_known` passes: on the project's sentences,
    clean and under each damage kind, such a line's real evidence points to no process either."""
    from pathlib import Path

    from mojifix.data import get_lexicon
    from mojifix.evidence import plainly_known
    from mojifix.simulate import KINDS, damage

    lex = get_lexicon()
    clean = (Path(__file__).parent.parent / "corpora" / "sentences" / "hard-cases.txt").read_text(encoding="utf-8")
    lines = clean.splitlines()
    for kind in KINDS:
        lines += damage(clean, kind, seed=5).splitlines()
    passed = [line for line in lines if plainly_known(lex, line)]
    assert len(passed) > 50  # the test sees lines of both sorts
    assert len(passed) < len(lines) / 2
    for line in passed:
        assert line_evidence(lex, line, tokenize(line)).own_mode() in (None, Mode.NONE), line


def test_space_before_comma_in_text_without_non_ascii_was_a_closing_quote() -> None:
    """Where every non-ASCII character went, « raisonnable , » had a closing quote before its comma;
    where a non-ASCII character survived in the damaged lines (here a ’), the same space is the writer's."""
    from mojifix import fix_text

    lost = ("Le conseil a vot le budget de la ville hier soir aprs un long dbat sur les coles.\n"
            "Le maire a parl d'un projet raisonnable , selon ses mots, et il a promis des pistes cyclables.\n"
            "Les opposants ont dnonc un budget sans ambition pour les quartiers.\n")
    assert "parlé d'un projet raisonnable », selon" in fix_text(lost)
    kept = lost.replace("d'un", "d’un")
    assert "raisonnable , selon" in fix_text(kept)


def test_glued_elisions_are_split_but_not_a_name_after_a_title() -> None:
    """Where apostrophes were lost, « dEnguerrand, » and « lONU » are elisions, « Daveline » after « M. » is
    a name (the period of a title ends no sentence, so the name rule holds), « jusqu » lost its « à »."""
    from mojifix import engine

    lex, _ = engine._resources()  # type: ignore[misc]
    line = "Il sen alla, dit M. Daveline, jusqu la maison dEnguerrand, loin de lONU."
    positions = engine._positions(lex, line, tokenize(line), Mode.DROP, False, engine.DEFAULT_CONFIG, True)
    readings = {p.before: {c.surface for c in p.cands} for p in positions}
    assert readings["Daveline"] == {"Daveline"}
    assert {"s’en", "d’Enguerrand", "l’ONU", "jusqu’à"} <= set().union(*readings.values())
    assert "," in readings  # the comma the tokenizer took with « dEnguerrand » stands alone again


def test_one_word_that_lost_letters_is_enough_in_a_block_damaged_otherwise() -> None:
    """Documents damaged paragraph by paragraph: a line with no accent and one word explained by lost
    letters (or accents) takes that reading when the block's other damage (here question marks, beside clean lines)
    decides nothing for it; a lone letter (« le suffixe "d" ») or a short line is not enough."""
    from mojifix.evidence import LineEvidence

    masked = LineEvidence(words=12, known=8, mask_q=4, examples=("r?union", "o?", "d?l?gu?s", "vot?"))
    one_word = LineEvidence(words=11, known=10, drop=1, examples=("articuls",))
    one_letter = LineEvidence(words=5, known=4, drop=1, examples=("d",))
    short = LineEvidence(words=3, known=2, drop=1, examples=("articuls",))
    stripped = LineEvidence(words=9, known=8, strip=1, examples=("americaine",))
    clean = LineEvidence(words=8, known=8, accented=True, non_ascii=True, strippable=True)
    modes = decide_modes([masked, clean, clean, one_word, one_letter, short, stripped])
    assert modes == [Mode.MASK_Q, Mode.NONE, Mode.NONE, Mode.DROP, Mode.NONE, Mode.NONE, Mode.STRIP]
    assert decide_modes([one_word]) == [Mode.NONE]  # no other damage in the block: no evidence enough
