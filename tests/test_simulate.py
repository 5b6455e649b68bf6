"""The damage simulator: each kind on hand-made examples, plus invariants."""

from __future__ import annotations

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mojifix import DamageKind
from mojifix.keys import has_non_ascii_letter, strip_key
from mojifix.simulate import KIND_NAMES, KINDS, damage, resolve_kind

SENTENCE = "L’État a payé 3\u00a0000 € à Éric, dès qu’il l’a su : « c’est dû »."

EXPECTED = {
    "dropped": "L’tat a pay 3\u00a0000 €  ric, ds qu’il l’a su : « c’est d ».",
    "dropped_collapsed": "L’tat a pay 3\u00a0000 € ric, ds qu’il l’a su : « c’est d ».",
    "dropped_all": "Ltat a pay 3000 ric, ds quil la su : cest d .",
    "dropped_ascii": "Ltat a pay 3000   ric, ds quil la su :  cest d .",
    "stripped": "L’Etat a paye 3\u00a0000 € a Eric, des qu’il l’a su : « c’est du ».",
    "question": "L??tat a pay? 3?000 ? ? ?ric, d?s qu?il l?a su : ? c?est d? ?.",
    "mojibake": "Lâ€™Ã‰tat a payÃ© 3Â\u00a0000 â‚¬ Ã\u00a0 Ã‰ric, dÃ¨s quâ€™il lâ€™a su : Â« câ€™est dÃ» Â».",
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_hand_made_examples(kind: str) -> None:
    assert damage(SENTENCE, kind) == EXPECTED[kind]


def test_fffd_one_replacement_per_byte() -> None:
    assert damage("où à", "fffd") == "o\ufffd \ufffd"
    assert damage("le cœur", "fffd") == "le c\ufffdur"


def test_mojibake_variants() -> None:
    assert damage("à", "mojibake_latin1") == "Ã\xa0"
    assert damage("é", "double_mojibake") == "ÃƒÂ©"
    assert damage("déjà Ísis", "lossy_mojibake") == "dÃ©jÃ  Ã?sis"
    assert damage("\u00cd", "mojibake") == "Ã\x8d"  # sloppy: undefined byte kept as U+008D


def test_dropped_at_line_start_and_end() -> None:
    assert damage("À bientôt à", "dropped_collapsed") == "bientt"
    assert damage("À bientôt à", "dropped") == " bientt "
    assert damage("a  b à c", "dropped_collapsed") == "a  b c"  # existing double space kept


def test_damage_kind_enum_accepted() -> None:
    assert damage("été", DamageKind.STRIPPED_ACCENTS) == "ete"
    assert damage("été", DamageKind.REPLACED_QUESTION) == "?t?"
    assert resolve_kind(DamageKind.MOJIBAKE) == "mojibake"
    with pytest.raises(ValueError):
        damage("été", "nonsense")
    with pytest.raises(ValueError):
        damage("été", "dropped", rate=1.5)


def test_mixed_leaves_some_lines_clean_and_damages_others() -> None:
    lines = [f"Ligne {i} : il a été là-bas à midi." for i in range(200)]
    out = damage("\n".join(lines), "mixed", seed=7).split("\n")
    assert len(out) == len(lines)
    clean = sum(a == b for a, b in zip(lines, out))
    assert 25 <= clean <= 80  # about 25 %
    for line, o in zip(lines, out):
        assert o == line or o in {damage(line, k) for k in KINDS}
    assert len({o.replace("0123456789", "") for o in out}) > 5  # several kinds drawn


def test_rate_damages_a_share_of_words() -> None:
    text = " ".join(["été"] * 1000)
    words = damage(text, "stripped", seed=2, rate=0.3).split(" ")
    assert 230 <= words.count("ete") <= 370
    assert damage(text, "stripped", rate=0.0) == text


french_text = st.text(
    alphabet=st.sampled_from(list("abcdeéèêàâùûçôîïœæÉÀ’'«» \u00a0,.;:!?-0123456789€\n")),
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(text=french_text, kind=st.sampled_from(KIND_NAMES), seed=st.integers(0, 5),
       rate=st.sampled_from([1.0, 0.5, 0.0]))
def test_invariants(text: str, kind: str, seed: int, rate: float) -> None:
    out = damage(text, kind, seed=seed, rate=rate)
    assert out == damage(text, kind, seed=seed, rate=rate)  # deterministic
    if rate == 0.0:
        assert out == text
    assert out.count("\n") == text.count("\n")  # lines correspond
    if text.isascii():
        assert out == text


@settings(max_examples=100, deadline=None)
@given(text=french_text)
def test_kind_properties(text: str) -> None:
    assert not has_non_ascii_letter(damage(text, "dropped"))
    assert damage(text, "dropped_all").isascii()
    assert damage(text, "dropped_ascii") == text.encode("ascii", "ignore").decode("ascii")
    assert damage(text, "question").isascii()
    assert damage(text, "stripped") == strip_key(text)
    assert damage(text, "mojibake") == text.encode("utf-8").decode("sloppy-windows-1252")
    assert damage(text, "mojibake_latin1") == text.encode("utf-8").decode("latin-1")


def test_mixed_never_draws_dropped_ascii() -> None:
    # mixed draws among the kinds it drew before dropped_ascii existed: its figures stay comparable
    lines = "\n".join(f"{k} « À » côté" for k in range(400))
    out = damage(lines, "mixed", seed=5).split("\n")
    ascii_shape = damage(lines, "dropped_ascii").split("\n")
    assert not any(o == a for o, a in zip(out, ascii_shape))


def test_damage_cli_command(tmp_path) -> None:
    pytest.importorskip("mojifix.cli")
    from typer.testing import CliRunner

    from mojifix.cli import app

    src = tmp_path / "clean.txt"
    src.write_text("Il a été là à midi.\nDéjà vu.\n", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["damage", "--kind", "dropped_collapsed", str(src)])
    assert res.exit_code == 0, res.output
    assert res.stdout == "Il a t l midi.\nDj vu.\n"
    res = runner.invoke(app, ["damage", "-k", "stripped"], input="Où ça ?\n")
    assert res.exit_code == 0 and res.stdout == "Ou ca ?\n"
    assert runner.invoke(app, ["damage", "--kind", "nonsense", str(src)]).exit_code != 0
