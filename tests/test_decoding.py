"""Bytes to text: BOMs, UTF-8, legacy islands, whole legacy files, streaming."""

from __future__ import annotations

import codecs
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mojifix import DamageKind, fix_bytes
from mojifix.decoding import decode_bytes, iter_decoded, iter_decoded_lines

# Our own sentences, written for the encodings each can hold.
TEXT_FULL = ("Le cœur de l’été bat à Noël.\n"
             "« Où êtes-vous allés ? » demanda-t-il, déjà prêt à partir.\n"
             "Ça coûte 12 € : c’est très cher pour un garçon.\n")
TEXT_LATIN = ("Le cœur de l'été bat à Noël.\n"
              "« Où êtes-vous allés ? » demanda-t-il, déjà prêt à partir.\n"
              "Ça coûte douze francs : c'est très cher pour un garçon naïf.\n").replace("œ", "o")
TEXT_ISO15 = "Le cœur de l'œuvre coûte 12 € à Noël ; c'est déjà très cher.\nÀ bientôt.\n"

LEGACY = [
    ("cp1252", TEXT_FULL),
    ("latin-1", TEXT_LATIN),
    ("iso-8859-15", TEXT_ISO15),
    ("mac_roman", TEXT_FULL),
    ("cp850", TEXT_LATIN),
]


@pytest.mark.parametrize("codec,text", LEGACY, ids=[c for c, _ in LEGACY])
def test_whole_legacy_file(codec: str, text: str) -> None:
    data = text.encode(codec)
    decoded = decode_bytes(data)
    assert decoded.text == text
    assert decoded.encoding == codec
    assert DamageKind.LEGACY_ENCODING in {f.kind for f in decoded.findings}
    assert fix_bytes(data) == text


@pytest.mark.parametrize("codec,text", LEGACY, ids=[c for c, _ in LEGACY])
def test_whole_legacy_file_streamed(codec: str, text: str) -> None:
    data = text.encode(codec) * 50
    assert "".join(iter_decoded_lines(io.BytesIO(data), chunk_size=256)) == text * 50


@pytest.mark.parametrize("codec,text", [("cp850", "Un café."), ("mac_roman", "Un café."),
                                        ("cp1252", "Un café, l’été."),
                                        # one byte both cp1252 and mac_roman read as French (Ç or «):
                                        # chardet's unsure guess must not pick the rarer encoding
                                        ("cp1252", "la Ça la et et et et")])
def test_short_legacy_text(codec: str, text: str) -> None:
    assert decode_bytes(text.encode(codec)).text == text


def test_cp1252_islands_in_utf8() -> None:
    data = "Le café est prêt, ".encode("utf-8") + "l’été aussi, déjà.".encode("cp1252") + " Très bien.".encode("utf-8")
    decoded = decode_bytes(data)
    assert decoded.text == "Le café est prêt, l’été aussi, déjà. Très bien."
    assert decoded.encoding == "utf-8+cp1252"
    islands = [decoded.text[f.start:f.end] for f in decoded.findings]
    assert islands == ["’é", "é", "é", "à"]
    assert all(f.kind is DamageKind.MIXED_ENCODING for f in decoded.findings)


def test_undefined_cp1252_bytes_are_kept_never_fffd() -> None:
    text = decode_bytes("déjà vu, très bien ".encode("utf-8") + b"\x81 \x9d\xff").text
    assert text == "déjà vu, très bien \x81 \x9dÿ"
    assert "\ufffd" not in text


@pytest.mark.parametrize("codec,bom", [
    ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
])
def test_boms(codec: str, bom: bytes) -> None:
    data = bom + TEXT_FULL.replace("\n", "\r\n").encode(codec)
    assert fix_bytes(data) == TEXT_FULL.replace("\n", "\r\n")
    streamed = "".join(iter_decoded_lines(io.BytesIO(data), chunk_size=7))
    assert streamed == TEXT_FULL.replace("\n", "\r\n")


def test_utf16_without_enough_bytes_never_raises() -> None:
    assert isinstance(fix_bytes(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8b"), str)


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_line_endings_are_kept(ending: str) -> None:
    text = ending.join(["Première ligne.", "Deuxième ligne, très abÃ®mÃ©e.", "", "Fin"]) + ending
    out = fix_bytes(text.encode("utf-8"))
    assert out == text.replace("abÃ®mÃ©e", "abîmée")
    lines = list(iter_decoded_lines(io.BytesIO(text.encode("utf-8")), chunk_size=3))
    assert "".join(lines) == text
    assert all(line.endswith(ending) for line in lines)


def test_crlf_split_across_chunks() -> None:
    data = b"a\r\nb\r\nc"
    for size in range(1, 8):
        assert list(iter_decoded_lines(io.BytesIO(data), chunk_size=size)) == ["a\r\n", "b\r\n", "c"]


def test_streaming_reports_per_line_findings() -> None:
    data = "café\n".encode("utf-8") + "thé\n".encode("cp1252")
    lines = list(iter_decoded(io.BytesIO(data)))
    assert [line.encoding for line in lines] == ["utf-8", "utf-8+cp1252"]
    assert [f.kind for f in lines[1].findings] == [DamageKind.MIXED_ENCODING]


@pytest.mark.parametrize("text", [
    "Il a dit\u00a0: «\u00a0C’est prêt\u202f!\u00a0»   \n",
    "The naïve café owner said: “it’s fine”.\n",
    "def f(x):\n    return x != 'é'  # déjà\n",
])
def test_clean_utf8_unchanged(text: str) -> None:
    assert fix_bytes(text.encode("utf-8")) == text
    assert decode_bytes(text.encode("utf-8")).findings == ()


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300))
def test_fix_bytes_never_raises_and_gives_valid_utf8(data: bytes) -> None:
    out = fix_bytes(data)
    out.encode("utf-8")  # no lone surrogates
    streamed = "".join(iter_decoded_lines(io.BytesIO(data), chunk_size=16))
    streamed.encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_no_byte_is_lost_outside_boms(data: bytes) -> None:
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or data.startswith(codecs.BOM_UTF8):
        return
    decoded = decode_bytes(data)
    if decoded.encoding.startswith("utf-8"):
        # every byte is either part of a valid UTF-8 character or one character of its own
        assert len(decoded.text.encode("utf-8")) >= len(data) - 0 or "\ufffd" not in decoded.text
        assert "\ufffd" not in decoded.text or "\ufffd" in data.decode("utf-8", "ignore")
    else:
        assert len(decoded.text) == len(data)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["été", "déjà", "cœur", "l’école", "où", "Ça", "la", "et", "12 €", "«", "»"]),
                min_size=1, max_size=20).map(" ".join),
       st.sampled_from(["utf-8", "cp1252"]))
def test_french_in_any_encoding_round_trips(text: str, codec: str) -> None:
    assert fix_bytes(text.encode(codec)) == text
