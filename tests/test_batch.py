"""Batch APIs: fix_many (rows / document), fix_series, fix_arrow."""

from __future__ import annotations

import random

import pytest

import mojifix
from mojifix import batch, pipeline


CLEAN = [
    "Le café est prêt, dit-elle à l'entrée de la pièce.",
    "Où était-il passé ? Personne ne le savait.",
    "Un élève a été reçu à l'école après la rentrée.",
    "Ça coûte cher, même en été.",
    "Rien à signaler.",
    "Les données sont mises à jour chaque matin.",
    "Il a déjà répondu à la première question.",
    "Une ligne sans accent du tout.",
]


def mojibake(s: str) -> str:
    return s.encode("utf-8").decode("cp1252")


def corpus(n: int = 200, seed: int = 7) -> list:
    """Mixed rows: clean, mojibake, multi-line, CRLF, empty, None."""
    rnd = random.Random(seed)
    rows: list = []
    for i in range(n):
        s = rnd.choice(CLEAN)
        k = i % 7
        if k == 0:
            rows.append(mojibake(s))
        elif k == 1:
            rows.append(s + "\n" + mojibake(rnd.choice(CLEAN)) + "\r\n")
        elif k == 2:
            rows.append(None)
        elif k == 3:
            rows.append("")
        elif k == 4:
            rows.append(mojibake(s) + "\r" + s)
        else:
            rows.append(s)
    return rows


def test_fix_many_rows_match_fix_text():
    rows = corpus()
    out = list(mojifix.fix_many(rows))
    assert out == [None if r is None else mojifix.fix_text(r) for r in rows]
    assert "Le café est prêt, dit-elle à l'entrée de la pièce." in out


def test_fix_many_is_lazy():
    seen = []

    def gen():
        for r in ["cafÃ©", "prÃªt", "Ã©tÃ©"]:
            seen.append(r)
            yield r

    it = mojifix.fix_many(gen())
    assert next(it) == "café"
    assert len(seen) == 1


def test_none_and_empty_pass_through():
    assert list(mojifix.fix_many([None, "", None])) == [None, "", None]
    assert list(mojifix.fix_many([None, "", None], group="document")) == [None, "", None]


@pytest.mark.parametrize("block", [1, 3, 32])
def test_group_document_equals_fix_text_of_the_joined_rows(block, monkeypatch):
    monkeypatch.setattr(pipeline, "BLOCK_LINES", block)
    rows = corpus(120)
    out = list(mojifix.fix_many(rows, group="document"))
    assert len(out) == len(rows)
    for r, o in zip(rows, out):
        assert (r is None) == (o is None)
    # Rows that end with a line ending join into the document; the repaired
    # document is the repaired rows joined.
    ended = [r if r is None or r.endswith(("\n", "\r")) else r + "\n" for r in rows]
    out2 = list(mojifix.fix_many(ended, group="document"))
    assert "".join(o for o in out2 if o) == "".join(
        r.text for r in pipeline.repair_lines(pipeline.split_lines("".join(r for r in ended if r)), block))


def test_group_document_keeps_row_newlines_and_maps_back():
    rows = ["a\nb\r\nc", None, "", "le cafÃ©\n", "x"]
    out = list(mojifix.fix_many(rows, group="document"))
    assert out == ["a\nb\r\nc", None, "", "le café\n", "x"]


def test_group_document_repairs_replay():
    rows = [r for r in corpus(60) if r is not None]
    for row, rep in zip(rows, batch.repair_many(rows, group="document")):
        assert rep.original == row
        assert rep.replay() == rep.text


def test_group_document_shares_evidence(monkeypatch):
    """A block-level engine sees neighbouring rows: evidence crosses row boundaries."""
    from mojifix import engine
    from mojifix.kinds import DamageKind
    from mojifix.models import Change

    def fake_restore(lines):
        # Restores "ete" -> "été" only when another line of the block has "é".
        shared = any("é" in ln for ln in lines)
        out = []
        for ln in lines:
            i = ln.find("ete")
            out.append([Change(i, i + 3, "ete", "été", DamageKind.STRIPPED_ACCENTS, 0.9)]
                       if shared and i >= 0 else [])
        return out

    monkeypatch.setattr(engine, "restore_block", fake_restore)
    rows = ["déjà", "ete"]
    assert list(mojifix.fix_many(rows)) == ["déjà", "ete"]
    assert list(mojifix.fix_many(rows, group="document")) == ["déjà", "été"]


def test_bad_group():
    with pytest.raises(ValueError):
        list(mojifix.fix_many(["a"], group="paragraph"))


def test_stats():
    s = batch.Stats()
    for r in batch.repair_many(["cafÃ©", "ok", None]):
        s.add(r)
    assert (s.rows, s.changed) == (3, 1)
    assert s.kinds["mojibake"] >= 1
    assert "rows changed: 1" in s.format()


def test_fix_series():
    pd = pytest.importorskip("pandas")
    s = pd.Series(["le cafÃ© est prÃªt", None, float("nan"), "propre"], index=[10, 20, 30, 40], name="txt",
                  dtype=object)
    out = mojifix.fix_series(s)
    assert out.index.tolist() == [10, 20, 30, 40]
    assert out.name == "txt"
    assert out.dtype == s.dtype
    assert out[10] == "le café est prêt"
    assert out[20] is None
    assert pd.isna(out[30])
    assert out[40] == "propre"
    assert s[10] == "le cafÃ© est prÃªt"  # input untouched


def test_fix_series_default_dtype():
    pd = pytest.importorskip("pandas")
    s = pd.Series(["cafÃ©", None, "ok"])  # "str" on pandas 3, object before
    out = mojifix.fix_series(s)
    assert out.dtype == s.dtype
    assert out.isna().tolist() == [False, True, False]
    assert out[0] == "café"


def test_fix_series_string_dtype():
    pd = pytest.importorskip("pandas")
    s = pd.Series(["cafÃ©", pd.NA], dtype="string")
    out = mojifix.fix_series(s)
    assert out.dtype == s.dtype
    assert out[0] == "café" and out[1] is pd.NA


def test_fix_arrow_array_and_chunked():
    pa = pytest.importorskip("pyarrow")
    a = pa.array(["cafÃ©", None, "prÃªt"])
    out = mojifix.fix_arrow(a)
    assert isinstance(out, pa.Array) and out.type == a.type
    assert out.to_pylist() == ["café", None, "prêt"]
    c = pa.chunked_array([["cafÃ©", None], ["Ã©tÃ©"]], type=pa.large_string())
    out = mojifix.fix_arrow(c)
    assert isinstance(out, pa.ChunkedArray) and out.type == pa.large_string()
    assert [len(ch) for ch in out.chunks] == [2, 1]
    assert out.to_pylist() == ["café", None, "été"]
    out = mojifix.fix_arrow(c, group="document")
    assert out.to_pylist() == ["café", None, "été"] and out.num_chunks == 2


def test_fix_arrow_dictionary_and_errors():
    pa = pytest.importorskip("pyarrow")
    d = pa.array(["cafÃ©", "cafÃ©", None, "ok"]).dictionary_encode()
    out = mojifix.fix_arrow(d)
    assert out.type == d.type
    assert out.to_pylist() == ["café", "café", None, "ok"]
    with pytest.raises(TypeError):
        mojifix.fix_arrow(pa.array([1, 2]))


def test_import_does_not_load_pandas_or_arrow():
    import subprocess
    import sys

    code = ("import sys, mojifix; mojifix.fix_many; "
            "assert 'pandas' not in sys.modules and 'pyarrow' not in sys.modules, "
            "[m for m in ('pandas', 'pyarrow') if m in sys.modules]")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_one_string_is_refused():
    with pytest.raises(TypeError):
        mojifix.fix_many("le cafÃ©")
