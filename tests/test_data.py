"""Tests of the French language data: file format checks, known answers, deterministic build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mojifix import data
from mojifix.data import DataError, get_lexicon, get_model, load_lexicon, load_model
from mojifix.keys import drop_key, strip_key
from mojifix.tokens import lm_tokens

DATA_DIR = Path(data.__file__).parent / "data" / "fr"


# --------------------------------------------------------------------------- file format


@pytest.mark.parametrize(("filename", "name"), [("lexicon.bin", "lexicon"), ("model.bin", "model")])
def test_header_present(filename: str, name: str) -> None:
    head = (DATA_DIR / filename).read_bytes()[:200].split(b"\n", 1)[0].decode("ascii").split(" ")
    assert head[:4] == ["MOJIFIX-DATA", name, "fr", "v1"]
    assert int(head[4]) == (DATA_DIR / filename).stat().st_size - len(" ".join(head)) - 1
    assert len(head[5]) == 64


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    for name in ("lexicon.bin", "model.bin", "classes.bin"):
        shutil.copyfile(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _rewrite(path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    path.write_bytes(edit(path.read_bytes()))


def test_copy_loads(data_copy: Path) -> None:
    assert "été" in load_lexicon(data_copy)
    assert load_model(data_copy).order == 3


def test_wrong_version_rejected(data_copy: Path) -> None:
    _rewrite(data_copy / "model.bin", lambda b: b.replace(b" fr v1 ", b" fr v9 ", 1))
    with pytest.raises(DataError, match="format v9"):
        load_model(data_copy)


def test_wrong_name_rejected(data_copy: Path) -> None:
    shutil.copyfile(data_copy / "model.bin", data_copy / "lexicon.bin")
    with pytest.raises(DataError, match="expected 'lexicon'"):
        load_lexicon(data_copy)


def test_truncated_rejected(data_copy: Path) -> None:
    _rewrite(data_copy / "lexicon.bin", lambda b: b[: len(b) // 2])
    with pytest.raises(DataError, match="truncated"):
        load_lexicon(data_copy)


def test_corrupted_rejected(data_copy: Path) -> None:
    def flip(blob: bytes) -> bytes:
        i = len(blob) - 1000
        return blob[:i] + bytes([blob[i] ^ 0x55]) + blob[i + 1:]

    _rewrite(data_copy / "model.bin", flip)
    with pytest.raises(DataError, match="checksum"):
        load_model(data_copy)


def test_not_a_data_file(data_copy: Path) -> None:
    (data_copy / "lexicon.bin").write_bytes(b"hello\nworld")
    with pytest.raises(DataError, match="bad header"):
        load_lexicon(data_copy)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read"):
        load_model(tmp_path)


def test_encode_decode_roundtrip() -> None:
    blob = data.encode_data_file("demo", {"k": [1, 2]}, {"b": b"\x00\x01", "a": b"xyz"})
    meta, sections = data.decode_data_file(blob, "demo", "demo")
    assert meta["k"] == [1, 2] and sections == {"a": b"xyz", "b": b"\x00\x01"}


# --------------------------------------------------------------------------- lexicon known answers


def test_cached_once() -> None:
    assert get_lexicon() is get_lexicon()
    assert get_model() is get_model()
    assert get_lexicon().preload() is get_lexicon()


def test_cache_is_thread_safe() -> None:
    import threading

    data._CACHE.pop("lexicon", None)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(get_lexicon())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 4 and all(g is got[0] for g in got)


def test_membership() -> None:
    lex = get_lexicon()
    for form in ("abandonnée", "été", "à", "où", "œuvre", "aujourd'hui", "l'", "a", "y", "peut-être"):
        assert form in lex, form
    for noise in ("ete", "ce₂s₃", "o", "b", "the", "tω", "aimè", "coursè"):
        assert noise not in lex, noise


def test_by_drop() -> None:
    lex = get_lexicon()
    assert "été" in lex.by_drop("t")
    assert lex.by_drop("")[0] == "à"
    assert "américaine" in lex.by_drop("amricaine")
    assert "œuvre" in lex.by_drop("uvre")
    assert lex.by_drop("xqzw") == ()


def test_by_strip() -> None:
    lex = get_lexicon()
    assert lex.by_strip("ou")[0] == "où"
    assert lex.by_strip("oeuvre")[0] == "œuvre"
    assert lex.by_strip("a")[0] == "à"
    assert lex.by_strip("ete")[0] == "été"


def test_indexes_agree_with_keys() -> None:
    lex = get_lexicon()
    for key in ("t", "amricaine", "tat", "le"):
        for form in lex.by_drop(key):
            assert drop_key(form) == key and not form.isascii()
    for key in ("ou", "ete", "etat", "passe"):
        forms = lex.by_strip(key)
        assert forms and all(strip_key(f) == key for f in forms)
        freqs = [lex.logfreq(f) for f in forms]
        assert freqs == sorted(freqs, reverse=True)


def test_cased() -> None:
    lex = get_lexicon()
    assert lex.cased("éric") == "Éric"
    assert lex.cased("états-unis") == "États-Unis"
    assert lex.cased("été") is None
    assert lex.cased("paris") is None  # 'paris' (bets) also exists in lowercase


def test_logfreq_order() -> None:
    lex = get_lexicon()
    assert lex.logfreq("ete") is None
    assert lex.logfreq("de") > lex.logfreq("été") > lex.logfreq("abandonnée") > lex.floor - 1e-9
    assert lex.logfreq("où") > lex.logfreq("oû" if "oû" in lex else "où") - 1e-9


def test_tags() -> None:
    lex = get_lexicon()
    assert {"V", "Q", "f", "s"} <= lex.tags("abandonnée")
    assert "G" in lex.tags("à")
    assert "M" in lex.tags("éric")
    assert {"M", "N"} <= lex.tags("états-unis")
    assert lex.tags("qzxv") == frozenset()


def test_english() -> None:
    lex = get_lexicon()
    for word in ("the", "and", "with", "is", "of"):
        assert lex.is_english(word), word
        assert lex.english_score(word) is not None
    for word in ("a", "on", "de", "la", "role"):
        assert not lex.is_english(word), word
    assert lex.english_score("maison") is None


# --------------------------------------------------------------------------- context model known answers


def _better(model: data.ContextModel, good: str, bad: str) -> bool:
    return model.score(lm_tokens(good)) > model.score(lm_tokens(bad))


@pytest.mark.parametrize(
    ("good", "bad"),
    [
        ("il a été", "il à été"),
        ("il va à la gare", "il va a la gare"),
        ("dis-moi où est la gare", "dis-moi ou est la gare"),
        ("il a", "il à"),
        ("le coût est estimé à 10 millions", "le coût est estimé 10 millions"),
        ("l'État a décidé", "l'Etat a décidé"),
        ("une œuvre", "une oeuvre"),
        ("une hausse de 20 à 30 %", "une hausse de 20 30 %"),
    ],
)
def test_model_prefers(good: str, bad: str) -> None:
    assert _better(get_model(), good, bad)


def test_logprob_backoff_and_unknown() -> None:
    model = get_model()
    assert model.logprob("été", ("il", "a")) > model.logprob("été", ("la", "maison"))
    assert model.logprob("zzqxw", ("<s>",)) == model.unk_logprob + model.backoff(("<s>",))
    assert model.logprob("zzqxw", ("zzqxw", "zzqxw")) == model.unk_logprob
    assert model.logprob("de", ()) < 0
    assert model.score([]) == 0.0


def test_check_byte_tells_hash_matches_apart() -> None:
    """A stored n-gram with the same 32-bit hash but another check byte is not the n-gram asked for."""
    meta, sections = data.read_data_file("model", data.MODEL_FILE)
    model = data.ContextModel(meta, sections)
    i = model._find("été")
    assert i >= 0
    forged = bytearray(sections["check"])
    forged[i] ^= 0xFF
    other = data.ContextModel(meta, dict(sections, check=bytes(forged)))
    assert other._find("été") == -1
    assert other._find("de") == model._find("de") >= 0


def test_model_without_check_section_is_rejected() -> None:
    meta, sections = data.read_data_file("model", data.MODEL_FILE)
    del sections["check"]
    with pytest.raises(data.DataError, match="rebuild"):
        data.ContextModel(meta, sections)


def test_lookup_speed() -> None:
    lex, model = get_lexicon(), get_model()
    start = time.perf_counter()
    for _ in range(2000):
        lex.by_drop("t")
        lex.by_strip("ou")
        model.logprob("été", ("il", "a"))
    per_call = (time.perf_counter() - start) / 6000
    assert per_call < 50e-6  # generous: a few µs on the reference machine


# --------------------------------------------------------------------------- deterministic build


LEXICON_TSV = """\
été\tété\t:N:m:s/*
été\têtre\t:V0ei_____a:Q:e:i/*
ete\tete\t:N:m:s/*
a\tavoir\t:V0ait____a:Ip:3s/*
à\tà\t:G:R:Rv/*
il\til\t:G:Os:O3:m:s/*
la\tle\t:G:D:f:s/*
ou\tou\t:G:Cc/*
où\toù\t:G:W:Ot/*
est\têtre\t:V0ei_____a:Ip:3s/*
état\tétat\t:N:m:s/*
États-Unis\tÉtats-Unis\t:N:m:p#P/*
Éric\tÉric\t:M1:m:i/*
b\tb\t:N:m:i/*
ce₂s₃\tce₂s₃\t:N:m:s/*
œuvre\tœuvre\t:N:f:s/*
"""
CORPUS = [
    "Il a été à la gare.\nOù est la gare ?\n",
    "L'Etat a été là. Il a 3 ans.\nÉric va à la gare ou à la plage.\n",
]


def _tiny_inputs(root: Path) -> tuple[Path, Path]:
    lexdir = root / "lexicons"
    lexdir.mkdir()
    (lexdir / "lex_grammalecte_allvars.tsv").write_text(LEXICON_TSV, encoding="utf-8")
    (lexdir / "hunspell_rejects.txt").write_text("ete\n", encoding="utf-8")
    for i, text in enumerate(CORPUS):
        src = root / "corpora" / "train" / f"src{i}"
        src.mkdir(parents=True)
        (src / "a.txt").write_text(text * 3, encoding="utf-8")
    return root / "corpora", lexdir


TINY_BUILD = """
import sys
from pathlib import Path
from mojifix.build.pipeline import BuildConfig, FrequencySource, build
freq = FrequencySource(french={"été": 1e-3, "à": 2e-2, "a": 1e-2, "ete": 1e-4, "où": 1e-3},
                       top_english=["the", "a", "and", "role", "ete"],
                       zipf=lambda w, lang: {"en": 6.0, "fr": 3.0}.get(lang, 0.0) if w != "a" else 7.0)
root = Path(sys.argv[1])
build(BuildConfig(root / "corpora", root / "lexicons", Path(sys.argv[2]), workers=1, gaps=False), freq)
"""


def _run_tiny(root: Path, out: Path, seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run([sys.executable, "-c", TINY_BUILD, str(root), str(out)], check=True, env=env)


def test_build_is_deterministic(tmp_path: Path) -> None:
    _tiny_inputs(tmp_path)
    _run_tiny(tmp_path, tmp_path / "out1", "1")
    _run_tiny(tmp_path, tmp_path / "out2", "2")
    for name in ("lexicon.bin", "model.bin", "classes.bin"):
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes(), name


def test_tiny_build_content(tmp_path: Path) -> None:
    _tiny_inputs(tmp_path)
    _run_tiny(tmp_path, tmp_path / "out", "0")
    lex = load_lexicon(tmp_path / "out")
    assert "été" in lex and "ete" not in lex and "b" not in lex and "ce₂s₃" not in lex
    assert lex.by_drop("t") == ("été",) and lex.by_drop("") == ("à",)
    assert lex.by_strip("oeuvre") == ("œuvre",)
    assert lex.cased("éric") == "Éric" and lex.cased("états-unis") == "États-Unis"
    assert lex.is_english("the") and not lex.is_english("a")
    model = load_model(tmp_path / "out")
    assert model.logprob("état", ("<s>", "l'")) > model.logprob("état", ("la", "gare"))  # "Etat" folded
    assert model.score(lm_tokens("il a été")) > model.score(lm_tokens("il à été"))
