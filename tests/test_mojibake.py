"""Mojibake repair: ftfy's encoding fixes only, as minimal changes, gated cheaply."""

from __future__ import annotations

import re
from pathlib import Path

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mojifix import DamageKind, apply_changes, fix_text, repair
from mojifix.pipeline import split_lines
from mojifix.mojibake import FTFY_CONFIG, SUSPECT_RE, _plain_utf8_steps, diff_regions, find_mojibake, fix_mojibake, is_suspect

WORDS = ("été", "déjà", "où", "à", "première", "garçon", "forêt", "cœur", "naïve", "Noël",
         "Élodie", "À", "château", "août", "l’école", "c’est", "très", "être", "œuvre", "Ça",
         "la", "le", "et", "un", "maison", "rue", "12", "€", "«", "»", "—", "…")
FRENCH = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)


def sloppy_cp1252(text: str) -> str:
    """UTF-8 bytes read as cp1252, undefined bytes passed through (as many systems do)."""
    return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in text.encode("utf-8"))


def test_single_word_change_is_minimal() -> None:
    (c,) = fix_mojibake("le garÃ§on")
    assert (c.start, c.end, c.before, c.after) == (6, 8, "Ã§", "ç")
    assert c.kind is DamageKind.MOJIBAKE and c.confidence >= 0.95
    assert c.reason.startswith("ftfy")


def test_changes_replay_and_positions_are_in_the_line() -> None:
    line = "Ã€ lâ€™Ã‰cole, Ã‰ric a reÃ§u un prix."
    changes = fix_mojibake(line)
    assert apply_changes(line, changes) == "À l’École, Éric a reçu un prix."
    assert all(line[c.start:c.end] == c.before for c in changes)
    assert [c.after for c in changes] == ['À', '’É', 'É', 'ç']  # adjacent sequences read as one


def test_lost_nbsp_is_lossy_mojibake() -> None:
    changes = fix_mojibake("Il est arrivÃ© Ã  Paris.")
    assert [(c.before, c.after, c.kind) for c in changes] == [
        ("Ã©", "é", DamageKind.MOJIBAKE), ("Ã ", "à", DamageKind.LOSSY_MOJIBAKE)]


def test_fffd_is_left_for_the_engine() -> None:
    (c,) = fix_mojibake("amÃ\ufffdricaine")
    assert c.after == "\ufffd" and c.kind is DamageKind.LOSSY_MOJIBAKE


def test_c1_controls_become_cp1252() -> None:
    assert apply_changes("l\x92été", fix_mojibake("l\x92été")) == "l’été"


@pytest.mark.parametrize("line", [
    "Il a dit\u00a0: «\u00a0C’est prêt\u202f!\u00a0»",
    "The naïve café owner said: “it’s fine”.",
    "  trailing spaces and ﬁ ligature, ＦＵＬＬ width, &amp; entity   ",
    "São Paulo é uma cidade grande.",
    "Ça coûte 12 € — «\u00a0vraiment\u00a0» …",
    "e\u0301te\u0301 décomposé",
])
def test_clean_lines_are_untouched(line: str) -> None:
    assert fix_mojibake(line) == []
    assert fix_text(line) == line


def test_gate_keeps_clean_text_away_from_ftfy(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("ftfy called on a clean line")
    monkeypatch.setattr(ftfy, "fix_and_explain", boom)
    for line in ("plain ASCII", "Où êtes-vous allés cet été ?", "L’œuvre coûte 3 €, «\u00a0oui\u00a0»."):
        assert not is_suspect(line)
        assert fix_mojibake(line) == []


def test_find_mojibake_matches_the_changes() -> None:
    line = "le cafÃ© et le thÃ©"
    assert [(f.start, f.end) for f in find_mojibake(line)] == [(c.start, c.end) for c in fix_mojibake(line)]
    assert find_mojibake("le café") == []


def test_diff_regions_widen_deletions() -> None:
    assert diff_regions("x Ãƒ y", "x Ã y") == [(2, 4, 2, 3)]


@settings(max_examples=300, deadline=None)
@given(FRENCH, st.sampled_from(["cp1252", "latin-1", "sloppy", "twice"]))
def test_mojibake_of_french_repairs_back(text: str, how: str) -> None:
    if how == "cp1252":
        try:
            damaged = text.encode("utf-8").decode("cp1252")
        except UnicodeDecodeError:
            damaged = sloppy_cp1252(text)
    elif how == "latin-1":
        damaged = text.encode("utf-8").decode("latin-1")
    elif how == "sloppy":
        damaged = sloppy_cp1252(text)
    else:
        damaged = sloppy_cp1252(sloppy_cp1252(text))
    assert fix_text(damaged) == text
    r = repair(damaged)
    assert r.replay() == text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fix_text_never_raises_and_the_layer_is_idempotent(text: str) -> None:
    out = fix_text(text)
    r = repair(text)
    assert r.replay() == r.text == out
    for line in split_lines(text):
        body = line.rstrip("\r\n")
        once = apply_changes(body, fix_mojibake(body))
        assert apply_changes(once, fix_mojibake(once)) == once


@settings(max_examples=200, deadline=None)
@given(FRENCH)
def test_fix_text_is_idempotent_on_french(text: str) -> None:
    once = fix_text(sloppy_cp1252(text))
    assert fix_text(once) == once


def test_fix_text_idempotent_on_c1_controls() -> None:
    # a lone capital is an initial, not evidence of lost letters ('H' must not become 'Hé')
    once = fix_text("H\x80\x80")
    assert fix_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x24F) | st.sampled_from("\ud800\udc00\ufffd’€"),
               max_size=40))
def test_fix_text_with_latin_and_surrogates(text: str) -> None:
    out = fix_text(text)
    assert len(split_lines(out)) == len(split_lines(text))  # one output line per input line
    assert fix_text(out) == out


NATURAL = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "dev" / "natural-mojibake"


@pytest.mark.corpus
def test_natural_mojibake_agrees_with_ftfy() -> None:
    """Real groff mojibake: the mojibake layer repairs every line ftfy repairs, the
    same way up to ftfy's extra normalisations (uncurled quotes, ...)."""
    files = sorted(NATURAL.glob("*.txt"))
    if not files:
        pytest.skip("../shared/corpora not available")
    lines = files[0].read_text(encoding="utf-8").splitlines()[:3000]
    differ = []
    for line in lines:
        theirs = ftfy.fix_text(line)
        ours = apply_changes(line, fix_mojibake(line))
        if ours != theirs and ftfy.fix_text(ours) != theirs:
            differ.append((line, theirs, ours))
        if theirs == line:
            assert ours == line
    assert differ == []


def _ftfy_reference(line: str) -> tuple[str, str]:
    fixed, steps = ftfy.fix_and_explain(line, FTFY_CONFIG)
    return fixed, ", ".join(f"{op} {arg}" for op, arg in steps or ())


MOJIBAKE_TEXT = st.lists(st.sampled_from(WORDS) | st.characters(min_codepoint=0x20, max_codepoint=0x2FF)
                         | st.sampled_from("’€\u0081\u008d\ufffd?  "), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(MOJIBAKE_TEXT, st.sampled_from(["as is", "cp1252", "latin-1", "sloppy", "twice"]))
def test_fast_path_is_ftfy_exactly(text: str, how: str) -> None:
    """Where the mojibake layer skips ftfy's machinery, the text and the steps are ftfy's own."""
    line = {"as is": text, "latin-1": text.encode("utf-8").decode("latin-1"),
            "sloppy": sloppy_cp1252(text), "twice": sloppy_cp1252(sloppy_cp1252(text))}.get(how)
    if line is None:
        line = text.encode("utf-8").decode("cp1252", "replace")
    fast = _plain_utf8_steps(line)
    if fast is not None:
        _assert_ftfy_or_stopped_when_clean(line, fast)


def _assert_ftfy_or_stopped_when_clean(line: str, fast: tuple[str, str]) -> None:
    """ftfy's text and steps, or a prefix of its steps that left a line no longer suspect."""
    ref = _ftfy_reference(line)
    if fast != ref:
        assert not is_suspect(fast[0]) and ref[1].startswith(fast[1]), (line, fast, ref)
        assert ftfy.fix_and_explain(fast[0], FTFY_CONFIG).text == ref[0]


def test_fast_path_is_ftfy_exactly_on_the_project_sentences() -> None:
    from mojifix.simulate import damage

    clean = (Path(__file__).resolve().parents[1] / "corpora" / "sentences" / "hard-cases.txt").read_text(encoding="utf-8")
    taken = 0
    for kind in ("mojibake", "mojibake_latin1", "double_mojibake", "lossy_mojibake", "mixed"):
        for line in damage(clean, kind, seed=3).splitlines():
            fast = _plain_utf8_steps(line)
            if fast is not None:
                taken += 1
                assert fast == _ftfy_reference(line), line  # exactly ftfy's on French
    assert taken > 100  # the fast path is really taken on ordinary mojibake


_PLAIN_SUSPECT_RE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf" + re.escape(bytes(range(0x80, 0xA0)).decode("cp1252", "ignore")) + "]"
    "|[\u00c2\u00c3][ ?\ufffd]|\u00c3$|[\u0080-\u009f\ud800-\udfff]", re.MULTILINE)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aé ?\n\ufffd\u00c2\u00c3\u00e0\u00f4\u00f5\u00a0\u00bf\u00c0«’€œ\u0081\u009f\ud800"),
               max_size=12))
def test_suspect_regex_is_the_plain_alternation(text: str) -> None:
    assert bool(SUSPECT_RE.search(text)) == bool(_PLAIN_SUSPECT_RE.search(text))
