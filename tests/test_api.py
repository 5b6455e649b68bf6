"""The public library API: fix_text, fix_bytes, repair/replay, detect."""

from __future__ import annotations

import io
import time

import mojifix
from mojifix import Change, DamageKind, Repair, detect, fix_bytes, fix_text, repair
from mojifix.cli import app  # noqa: F401  (the CLI module imports cleanly)
from mojifix.decoding import iter_decoded_lines
from mojifix.pipeline import repair_lines, split_lines

TEXT = ("Selon la presse amÃ©ricaine, le cafÃ© est prÃªt.\r\n"
        "Cette ligne-ci est dÃ©jÃ  propre ? Non.\n"
        "Celle-là l’est vraiment.\n")
FIXED = ("Selon la presse américaine, le café est prêt.\r\n"
         "Cette ligne-ci est déjà propre ? Non.\n"
         "Celle-là l’est vraiment.\n")


def test_public_names() -> None:
    for name in ("fix_text", "fix_bytes", "repair", "detect", "Change", "Repair", "DamageKind",
                 "apply_changes", "__version__"):
        assert hasattr(mojifix, name), name


def test_fix_text_and_repair_agree() -> None:
    r = repair(TEXT)
    assert fix_text(TEXT) == r.text == FIXED
    assert r.replay() == FIXED
    assert r.kinds == {DamageKind.MOJIBAKE, DamageKind.LOSSY_MOJIBAKE}
    assert all(TEXT[c.start:c.end] == c.before for c in r.changes)


def test_plan_is_data() -> None:
    r = repair(TEXT)
    plan = [c.to_dict() for c in r.changes]
    again = Repair(TEXT, r.text, tuple(Change.from_dict(d) for d in plan))
    assert again.replay() == FIXED


def test_detect() -> None:
    d = detect(TEXT)
    assert d.damaged and DamageKind.MOJIBAKE in d.kinds
    assert {f.start for f in d.findings} <= {c.start for c in repair(TEXT).changes}
    assert not detect("Celle-là l’est vraiment.\n").damaged


def test_streaming_equals_whole_text() -> None:
    text = TEXT * 40
    streamed = "".join(r.text for r in repair_lines(split_lines(text)))
    assert streamed == fix_text(text)
    from_bytes = "".join(r.text for r in repair_lines(iter_decoded_lines(io.BytesIO(text.encode()), 100)))
    assert from_bytes == fix_text(text) == fix_bytes(text.encode())


def test_a_very_long_line_stays_fast() -> None:
    line = "le cafÃ© " * 20_000 + "fin"
    start = time.perf_counter()
    out = fix_text(line)
    assert out == "le café " * 20_000 + "fin"
    assert time.perf_counter() - start < 30


def test_clean_french_is_fast_and_untouched() -> None:
    text = "Où êtes-vous allés cet été\u00a0? À la forêt, près du château, c’est «\u00a0déjà\u00a0» loin.\n" * 2000
    start = time.perf_counter()
    assert fix_bytes(text.encode("utf-8")) == text
    assert time.perf_counter() - start < 30


def test_a_repair_that_would_look_like_mojibake_costs_the_line_only_itself() -> None:
    from mojifix.pipeline import _stable

    line = "caf?© et l?"  # « Ã » before « © » would spell the UTF-8 of « é » read as cp1252
    kind = DamageKind.REPLACED_QUESTION
    bad, good = Change(3, 4, "?", "Ã", kind, 0.9), Change(10, 11, "?", "à", kind, 0.9)
    assert _stable(line, [bad, good]) == [good]
    assert _stable(line, [good]) == [good]
