"""The gap model: features, the data file, the trainer on a tiny corpus, the shipped model."""

from __future__ import annotations

from pathlib import Path

import pytest

from mojifix.build.gaps import damaged_with_gaps, examples
from mojifix.data import DataError, encode_data_file, get_lexicon, read_data_file
from mojifix.gaps import GAPS_FILE, GapModel, WordClasses, feature_slot, gap_features, get_gap_model
from mojifix.keys import drop_key
from mojifix.segment import tokenize
from mojifix.simulate import drop_letters


class _Lex:
    """A lexicon stand-in: « conservé » is a participle, « la » a function word."""

    def __contains__(self, form: object) -> bool:
        return form in ("la", "conservé", "reste")

    def tags(self, form: str) -> frozenset[str]:
        return frozenset({"Q", "m", "s"}) if form == "conservé" else frozenset({"V"})

    def by_drop(self, key: str) -> tuple[str, ...]:
        return {"conserv": ("conservé",)}.get(key, ())


def test_damaged_with_gaps_marks_where_a_vanished_a_stood() -> None:
    assert damaged_with_gaps("Il est né à Paris.", drop_letters) == ("Il est n Paris.", {8})
    # a vanished « à » opening the line leaves no gap; other vanished words mark none
    assert damaged_with_gaps("À Paris, où il vit.", drop_letters) == ("Paris, o il vit.", set())
    # every non-ASCII character dropped: the quotes around « à » vanish with it
    assert damaged_with_gaps("Il va « à » Paris", drop_key) == ("Il va Paris", {5})


def test_examples_label_the_gaps_the_engine_considers() -> None:
    rows, labels = examples("Il pense à partir (à pied).", drop_letters, 16)
    assert labels == [0, 1]  # Il|pense, pense|partir; none before « ( » (no word) nor after it (no space)
    assert all(0 <= slot < 2 ** 16 for row in rows for slot in row)
    assert len({len(row) for row in rows}) == 1


def test_word_classes_read_a_damaged_word_as_the_form_its_lost_letters_explain() -> None:
    toks = tokenize("reste conserv la")
    classes = WordClasses(_Lex())
    assert [classes(t) for t in toks] == ["V", "~Qms", "la"]
    assert classes(tokenize("xyzw")[0]) == "UNK" and classes(None) == "<s>"
    feats = gap_features(toks, 2, classes)
    assert "c1d1=~Qms|la" in feats and "l1r1=conserv|la" in feats


def _model_file(tmp_path: Path, weights: dict[str, int], bits: int = 12) -> Path:
    table = bytearray(1 << bits)
    for feature, w in weights.items():
        table[feature_slot(feature, bits)] = w & 0xFF
    (tmp_path / GAPS_FILE).write_bytes(encode_data_file("gaps", {"bits": bits, "scale": 0.1}, {"weights": bytes(table)}))
    return tmp_path


def test_model_sums_the_weights_of_its_features(tmp_path: Path) -> None:
    model = GapModel(*read_data_file("gaps", GAPS_FILE, _model_file(tmp_path, {"r1=paris": 50, "b": -20})))
    toks = tokenize("il va Paris ou Lyon")
    assert model.logit(toks, 2) == pytest.approx(3.0)  # (50 - 20) * 0.1, no other weight set
    assert model.logit(toks, 4) == pytest.approx(-2.0)


def test_a_table_of_the_wrong_size_is_refused(tmp_path: Path) -> None:
    (tmp_path / GAPS_FILE).write_bytes(encode_data_file("gaps", {"bits": 12, "scale": 0.1}, {"weights": b"\0" * 10}))
    with pytest.raises(DataError, match="expected 4096"):
        GapModel(*read_data_file("gaps", GAPS_FILE, tmp_path))


def test_the_shipped_model_tells_a_vanished_a_from_a_plain_gap() -> None:
    model = get_gap_model()
    toks = tokenize("Ils ont renonc cause du prix et du bruit")
    classes = WordClasses(get_lexicon())
    # « renoncé [à] cause du prix » against « prix [ ] et »
    assert model.logit(toks, 3, classes) > 0 > model.logit(toks, 6, classes)


TINY_LINES = [
    "Il pense à partir demain matin.",
    "Elle commence à travailler tôt.",
    "Nous allons à Paris en train.",
    "Il pense partir demain matin.",
    "Le train part de Paris.",
] * 40


def test_trainer_learns_a_tiny_corpus_deterministically(tmp_path: Path) -> None:
    pytest.importorskip("numpy")
    from mojifix.build.gaps import build_gaps

    corpora = tmp_path / "corpora"
    (corpora / "train" / "tiny").mkdir(parents=True)
    (corpora / "train" / "tiny" / "a.txt").write_text(
        "".join(f"{line} ({i})\n" for i, line in enumerate(TINY_LINES)), encoding="utf-8")
    for out in ("out1", "out2"):
        (tmp_path / out).mkdir()
        build_gaps(corpora, tmp_path / out, workers=1, bits=16, log=lambda _: None)
    blob = (tmp_path / "out1" / GAPS_FILE).read_bytes()
    assert blob == (tmp_path / "out2" / GAPS_FILE).read_bytes()
    model = GapModel(*read_data_file("gaps", GAPS_FILE, tmp_path / "out1"))
    toks = tokenize("Elle commence travailler et part")
    assert model.logit(toks, 2) > 0 > model.logit(toks, 3)
