"""Smoke tests of the benchmark harness: the metric is exact, the harness runs on tiny input.

No speed assertion here: benchmarks are not timed tests.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import accuracy, metric  # noqa: E402
from benchmarks.baseline import FakeLexicon, baseline_fix, best_form  # noqa: E402

SENTENCES = REPO / "corpora" / "sentences"


# --------------------------------------------------------------------------- metric, by hand


@pytest.mark.parametrize(
    ("ref", "out", "errors"),
    [
        ("il a été là", "il a été là", 0),
        ("il a été là", "il a t l", 2),  # two substitutions
        ("estimé à 10", "estimé 10", 1),  # a deletion
        ("estimé 10", "estimé à 10", 1),  # an insertion
        ("l’été", "l'été", 1),  # the apostrophe is a token of its own
        ("Été", "été", 1),  # case counts
        ("a b c d", "x y", 4),  # max(4, 2) - 0 matched
        ("a b", "a b c d e", 3),  # max(2, 5) - 2 matched
        ("", "a", 1),
        ("a", "", 1),
        ("10,5 %", "10.5 %", 1),  # 10 , 5 % vs 10 . 5 %
    ],
)
def test_line_errors_by_hand(ref: str, out: str, errors: int) -> None:
    assert metric.line_errors(ref, out) == errors


def test_tokens_are_nfc_words_and_single_marks() -> None:
    assert metric.tokens("e\u0301te\u0301 !?") == ["été", "!", "?"]
    assert metric.tokens("jusqu’à 3,5\u00a0km…") == ["jusqu", "’", "à", "3", ",", "5", "km", "…"]


def test_score_counts_undamaged_lines_and_wer() -> None:
    refs = ["il a été là", "oui oui", "à 10 h"]
    inps = ["il a t l", "oui oui", "10 h"]
    outs = ["il a été la", "non oui", "à 10 h"]
    s = metric.score_lines(refs, outs, inps)
    assert (s.errors, s.ref_tokens, s.lines) == (2, 9, 3)
    assert (s.undamaged_errors, s.undamaged_tokens, s.changed_lines) == (1, 2, 3)
    assert s.wer == pytest.approx(2 / 9)


def test_score_texts_falls_back_when_lines_are_lost() -> None:
    s = metric.score_texts("a b\nc d", "a b c d")
    assert (s.errors, s.lines) == (0, 1)


# --------------------------------------------------------------------------- baseline, fake lexicon

LEX = FakeLexicon(["a", "à", "de", "été", "la", "là", "où", "ou", "déjà", "cœur", "coeur", "école"])


def test_baseline_picks_most_frequent_form_and_keeps_case() -> None:
    assert best_form("Ete", "strip", LEX) == "Été"
    assert best_form("ou", "strip", LEX) == "où"  # most frequent first, no context
    assert best_form("coeur", "strip", LEX) == "cœur"
    assert best_form("dj", "drop", LEX) == "déjà"
    assert best_form("xyz", "drop", LEX) == "xyz"  # no candidate: unchanged
    assert best_form("d\ufffdj\ufffd", "\ufffd", LEX) == "déjà"
    assert best_form("?cole", "?", LEX) == "école"


def test_baseline_leaves_other_kinds_alone() -> None:
    assert baseline_fix("dÃ©jÃ ", "mojibake", LEX) == "dÃ©jÃ "
    assert baseline_fix("Il a t l.", "dropped", LEX) == "Il a été là."


# --------------------------------------------------------------------------- harness on tiny input


def test_harness_end_to_end_with_perfect_and_identity_fixers() -> None:
    lines = ["Il a été là à midi.", "Déjà l’œuvre de l’État.", "Rien à signaler ici.", "Plain ASCII line."]
    clean = "\n".join(lines) + "\n"
    fixers = {
        "input": lambda text, kind: text,
        "mojifix": lambda text, kind: clean,  # a perfect fixer
        "baseline": lambda text, kind: None,  # not applicable
    }
    results = accuracy.evaluate(lines, ["clean", "dropped", "mixed"], fixers, seed=1)
    rows = {r.kind: r for r in accuracy.summarise(results)}
    assert rows["clean"].passed and rows["clean"].input_wer == 0
    assert rows["dropped"].input_wer > 0.2 and rows["dropped"].mojifix_wer == 0
    assert rows["dropped"].fixed_share == 1.0 and rows["dropped"].passed
    assert rows["mixed"].passed
    table = accuracy.format_table(list(rows.values()))
    assert "PASS" in table and "FAIL" not in table
    assert accuracy.format_table(list(rows.values()), markdown=True).startswith("| kind |")


def test_harness_reports_a_broken_fixer_without_stopping() -> None:
    def broken(text: str, kind: str) -> str:
        raise RuntimeError("no data")

    results = accuracy.evaluate(["Un été."], ["stripped"], {"input": lambda t, k: t, "mojifix": broken})
    bad = [r for r in results if r.fixer == "mojifix"][0]
    assert not bad.ok and "no data" in bad.note
    assert accuracy.summarise(results)[0].passed is False


def test_cli_main_on_hand_written_sentences(tmp_path: Path) -> None:
    out = tmp_path / "acc.json"
    rc = accuracy.main(["--corpus", str(SENTENCES), "--limit", "15", "--kinds", "clean,stripped,mojibake",
                        "--fixers", "input,ftfy", "--json", str(out)])
    assert rc == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["lines"] > 0
    ftfy_mojibake = [r for r in report["results"] if r["kind"] == "mojibake" and r["fixer"] == "ftfy"][0]
    assert ftfy_mojibake["wer"] < 0.05


# --------------------------------------------------------------------------- audit and runner


def test_audit_counts_changed_tokens_on_clean_text(tmp_path: Path) -> None:
    from benchmarks import audit

    corpus = tmp_path / "mini"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Un été chaud.\nRien ici.\nL’été encore été.\n", encoding="utf-8")
    result = audit.audit_corpus(corpus, lambda t: t.replace("été", "ete"), limit_mb=None)
    assert (result.changed_tokens, result.changed_lines, result.tokens) == (3, 2, 13)
    assert [(e.before, e.after, e.errors, e.cause) for e in result.examples] == [
        ("été", "ete", 3, "accent removed")]

    def broken(text: str) -> str:
        raise RuntimeError("no data")

    assert "no data" in audit.audit_corpus(corpus, broken, limit_mb=None).note


def test_results_page_renders_from_a_report() -> None:
    from benchmarks import run

    lines = ["Il a été là.", "Rien à signaler."]
    fixers = {"input": lambda t, k: t, "mojifix": lambda t, k: t, "ftfy": lambda t, k: t}
    results = accuracy.evaluate(lines, ["clean", "stripped"], fixers)
    rows = accuracy.summarise(results)
    part = {"corpus": "x", "lines": 2, "limit": None, "summary": [r.__dict__ for r in rows],
            "results": [r.__dict__ for r in results], "markdown": accuracy.format_table(rows, markdown=True)}
    report = {"machine": run.machine(), "accuracy": part, "sentences": part}
    text = run.render_results(report, "python benchmarks/run.py --smoke", {})
    assert "## What falls short" in text and "`stripped`: 33.33 %" in text
    assert "| clean | 0 changed |" in text


@pytest.mark.parametrize("name", ["metric", "baseline", "accuracy", "speed", "natural", "audit", "plots", "genres"])
def test_benchmark_doctests(name: str) -> None:
    import doctest
    import importlib

    module = importlib.import_module(f"benchmarks.{name}")
    assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0


def test_prepare_builds_line_aligned_sets(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "corpora"))
    import prepare

    rc = prepare.main(["--source", str(SENTENCES), "--out", str(tmp_path), "--kinds", "dropped,mixed", "--limit", "30"])
    assert rc == 0
    clean = (tmp_path / "sentences" / "clean.txt").read_text(encoding="utf-8").split("\n")
    for kind in ("dropped", "mixed"):
        damaged = (tmp_path / "sentences" / f"{kind}.txt").read_text(encoding="utf-8").split("\n")
        assert len(damaged) == len(clean) == 31
    info = json.loads((tmp_path / "sentences" / "info.json").read_text(encoding="utf-8"))
    assert info["files"][0]["verified"] == "unverified" and not any(line.startswith("#") for line in clean)


def test_manifest_lists_sources_with_checksums() -> None:
    manifest = json.loads((REPO / "corpora" / "manifest.json").read_text(encoding="utf-8"))
    names = {s["name"] for s in manifest["sources"]}
    assert {"ud-french", "natural-mojibake", "eltec-fra"} <= names
    for source in manifest["sources"]:
        assert source["license"] and source["origin"] and source["files"]
        assert all(len(f["sha256"]) == 64 and f["size"] > 0 for f in source["files"])


def test_genres_split_links_held_out_files_and_samples_whole_lines(tmp_path: Path) -> None:
    from benchmarks import genres

    train = tmp_path / "train"
    for i in range(1, 12):
        (train / "eltec-fra").mkdir(parents=True, exist_ok=True)
        (train / "eltec-fra" / f"n{i:02d}.txt").write_text(f"Le roman {i} commence ici.\nIl finit là.\n", encoding="utf-8")
    (train / "framabook").mkdir()
    (train / "framabook" / "monOrchide_19fevrier2014.txt").write_text("Un livre libre.\n", encoding="utf-8")
    held = genres.split(train, tmp_path / "work")
    assert [p.name for p in held["eltec-fra"]] == ["n05.txt"] and len(held["framabook"]) == 1
    kept = sorted(p.name for p in (tmp_path / "work" / "corpora" / "train" / "eltec-fra").iterdir())
    assert len(kept) == 10 and "n05.txt" not in kept
    text = genres.sample(held["eltec-fra"], kb=1, chunks=2)
    assert all(line in ("Le roman 5 commence ici.", "Il finit là.", "") for line in text.split("\n"))
    table = genres.format_table({"eltec-fra": {"dropped": 3, "stripped": 1}}, ["dropped", "stripped"])
    assert table.splitlines()[-1].split() == ["total", "3", "1", "4"]
