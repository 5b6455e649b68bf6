"""The accent table: letters a word stripped of its accents, unknown to the lexicon, most likely had."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mojifix.build.accents import _chain, build_accents, count_contexts, count_gaps, decision, pack_accents, prune
from mojifix.charguess import ACCENTS_FILE, GAP, STRIPPABLE, AccentTable, get_accent_table
from mojifix.data import DataError, encode_data_file, read_data_file
from mojifix.keys import drop_key, strip_key

FORMS = ["école", "écu", "élan", "étude", "élu", "le", "ile", "père", "mère", "frère", "zèle", "fête", "bête",
         "tête", "leçon", "maçon", "garçon", "façon", "âme", "âne", "île", "côte", "hôte", "rôle", "où", "coucou",
         "mètre", "lettre", "être", "médecin", "médical", "méthode", "métal", "ménage", "été", "fée", "idée"]


def _full_restore(counts: dict, plain: str, min_forms: int) -> tuple[str, float] | None:
    """What the table must decide, from the full counts (no pruning)."""
    word, out, ratio = f"^{plain}$", list(plain), 0.0
    for i in range(1, len(word) - 1):
        if word[i] not in STRIPPABLE:
            continue
        for ctx in _chain(word, i):
            c = counts.get(ctx)
            if c is not None and sum(c.values()) >= min_forms:
                letter, tenths = decision(c, word[i])
                if letter != word[i]:
                    out[i - 1], ratio = letter, ratio + tenths / 10.0
                break
    return ("".join(out), ratio) if ratio > 0 else None


def _full_restore_dropped(counts: dict, short: str, min_forms: int) -> tuple[str, float] | None:
    """What the table must decide for the gaps of ``short``, from the full counts."""
    word, out, ratio = f"^{short}$", [], 0.0
    for g in range(1, len(word)):
        gapped = f"{word[:g]}{GAP}{word[g:]}"
        for ctx in _chain(gapped, g):
            c = counts.get(ctx)
            if c is not None and sum(c.values()) >= min_forms:
                letter, tenths = decision(c, GAP)
                if letter != GAP:
                    out.append(letter)
                    ratio += tenths / 10.0
                break
        out.append(word[g])
    return ("".join(out[:-1]), ratio) if ratio > 0 else None


@pytest.mark.parametrize("gaps", [False, True])
@pytest.mark.parametrize("min_forms", [1, 2, 3, 5])
def test_pruned_table_decides_like_the_full_counts(min_forms: int, gaps: bool) -> None:
    letters, holes = count_contexts(FORMS), count_gaps(FORMS)
    table = AccentTable(*pack_accents({**prune(letters, min_forms), **prune(holes, min_forms)}))
    counts = holes if gaps else letters
    key, restore, full = (drop_key, table.restore_dropped, _full_restore_dropped) if gaps else \
        (strip_key, table.restore, _full_restore)
    rng = random.Random(min_forms)
    words = [key(f) for f in FORMS] + ["".join(rng.choice("aeioucmltr") for _ in range(rng.randint(1, 9)))
                                       for _ in range(2000)]
    assert len(prune(counts, min_forms)) < len(counts)
    for w in words:
        assert restore(w) == full(counts, w, min_forms), w


def test_gaps_skip_names_compounds_and_two_letters_side_by_side() -> None:
    counts = count_gaps(["Émile", "porte-clé", "créée", "élan"])
    assert counts[(GAP, "^", "l")] == {"é": 1, GAP: 0}
    assert counts[(GAP, "", "")] == {"é": 1, GAP: 3}  # « lan »: four gaps, the first held « é »


def test_counts_skip_names_compounds_and_ligatures() -> None:
    counts = count_contexts(["Émile", "porte-clé", "œuvre", "élan"])
    assert counts[("e", "", "")] == {"é": 1, "e": 0}


def test_shipped_table_restores_unknown_words() -> None:
    table = get_accent_table()
    assert table.restore("nephrotoxicite")[0] == "néphrotoxicité"  # type: ignore[index]
    assert table.restore("tournesol") is None
    assert table.restore("ordinateur") is None
    assert table.restore_dropped("nphrotoxicit")[0] == "néphrotoxicité"  # type: ignore[index]
    assert table.restore_dropped("tournesol") is None
    assert table.restore_dropped("ordinateur") is None
    assert table.restore_dropped("lectrique")[0] == "électrique"  # type: ignore[index]
    assert table.restore_dropped("lectrique", before_first=False) is None  # a name's capital was its first letter


def test_build_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        out.mkdir()
        build_accents(out, log=lambda _: None, forms=FORMS if out == a else list(reversed(FORMS)))
    assert (a / ACCENTS_FILE).read_bytes() == (b / ACCENTS_FILE).read_bytes()
    table = AccentTable(*read_data_file("accents", ACCENTS_FILE, a))
    assert table.restore("metier") == ("métier", pytest.approx(0.6))  # « mé- »: médecin, médical, méthode…


def test_corrupt_table_is_refused(tmp_path: Path) -> None:
    meta, sections = pack_accents({("e", "^", "c"): ("é", 20)})
    sections["ratios"] += b"\x01"
    (tmp_path / ACCENTS_FILE).write_bytes(encode_data_file("accents", meta, sections))
    with pytest.raises(DataError):
        AccentTable(*read_data_file("accents", ACCENTS_FILE, tmp_path))
