"""CSV/TSV, JSON Lines and Parquet processing; atomic in-place writes; progress."""

from __future__ import annotations

import io
import json
import os
import stat

import pytest

import mojifix
from mojifix import tables
from mojifix.tables import CsvFormat



def moji(s: str) -> str:
    return s.encode("utf-8").decode("cp1252")


def run_csv(data: bytes, columns, **kw) -> tuple[bytes, mojifix.batch.Stats]:
    out = io.BytesIO()
    stats = tables.fix_csv_stream(io.BytesIO(data), out, columns, **kw)
    return out.getvalue(), stats


CLEAN_CSV = (
    '\ufeffid;titre;texte;note\r\n'
    '1;"Le café";"Il a dit : ""c\'est prêt"" ; puis il est parti.";3,5\r\n'
    '2;Rien;"première ligne\r\nseconde ligne\nfin";\r\n'
    '3;"";"";""\r\n'
    '\r\n'
    '4; espaces ;x;"a;b"\r\n'
    '5;court\r\n'
    '6;Ça;"déjà vu";dernier'
).encode("utf-8")


def test_untouched_csv_is_byte_identical():
    out, stats = run_csv(CLEAN_CSV, ["texte", "titre"])
    assert out == CLEAN_CSV
    assert stats.changed == 0 and stats.rows == 7


def test_untouched_csv_with_undecodable_bytes_is_byte_identical():
    data = b"id,texte\n1,caf\xe9 latin-1\n2,\"ok\"\n"
    out, _ = run_csv(data, ["id"])
    assert out == data


def test_csv_changed_cells_only():
    src = (
        'id;texte;autre\r\n'
        f'1;"{moji("Le café est prêt")}";"{moji("é")} pas touché"\r\n'
        f'2;{moji("déjà")};b\r\n'
        f'3;"{moji("multi")}\nligne {moji("été")}";"x;y"\r\n'
        '4;propre;"z"\r\n'
    ).encode()
    out, stats = run_csv(src, ["texte"])
    assert out.decode() == (
        'id;texte;autre\r\n'
        f'1;"Le café est prêt";"{moji("é")} pas touché"\r\n'
        '2;déjà;b\r\n'
        '3;"multi\nligne été";"x;y"\r\n'
        '4;propre;"z"\r\n'
    )
    assert (stats.rows, stats.changed) == (4, 3)
    assert stats.kinds["mojibake"] >= 3


def test_csv_new_value_gets_quoted_when_needed():
    fmt = CsvFormat(delimiter=",")
    assert tables.rewrite_record('1,x,"y"\n', ["1", "x", "y"], {1: "a,b"}, fmt) == '1,"a,b","y"\n'
    assert tables.quote_cell('dit "oui"', fmt, False) == '"dit ""oui"""'


def test_tsv_and_header_less_indexes():
    src = f"1\t{moji('café')}\tz\n2\tok\t{moji('thé')}\n".encode()
    out, stats = run_csv(src, [1], tsv=True, header=False)
    assert out.decode() == f"1\tcafé\tz\n2\tok\t{moji('thé')}\n"
    out, _ = run_csv(src, ["1", "2"], tsv=True, header=False)
    assert out.decode() == "1\tcafé\tz\n2\tok\tthé\n"


def test_csv_sniffs_comma_and_keeps_lf():
    src = f'a,b\n"{moji("prêt")}",1\n'.encode()
    out, _ = run_csv(src, ["a"])
    assert out.decode() == 'a,b\n"prêt",1\n'


def test_csv_unknown_column():
    with pytest.raises(KeyError):
        run_csv(b"a,b\n1,2\n", ["c"])


def test_csv_empty_input():
    assert run_csv(b"", ["a"])[0] == b""


@pytest.mark.parametrize("group", [False, "document"])
def test_csv_parallel_identical(monkeypatch, group):
    monkeypatch.setattr(tables, "CHUNK_ROWS", 7)
    rows = ["id,texte,n"]
    for i in range(300):
        t = moji("Un élève a été reçu à l'école") if i % 3 == 0 else "Rien à signaler, vraiment"
        rows.append(f'{i},"{t}\n{moji("suite")}",{i}' if i % 5 == 0 else f'{i},"{t}",{i}')
    src = ("\r\n".join(rows) + "\r\n").encode()
    one, s1 = run_csv(src, ["texte"], group=group, jobs=1)
    two, s2 = run_csv(src, ["texte"], group=group, jobs=2)
    assert one == two
    assert s1 == s2
    assert "Un élève a été reçu".encode() in one


# --- JSON Lines -----------------------------------------------------------------------

def run_jsonl(data: bytes, fields, **kw):
    out = io.BytesIO()
    stats = tables.fix_jsonl_stream(io.BytesIO(data), out, fields, **kw)
    return out.getvalue(), stats


def test_jsonl_fields_repaired_others_untouched():
    lines = [
        json.dumps({"id": 1, "texte": moji("Le café est prêt"), "autre": moji("été"),
                    "meta": {"titre": moji("Ça coûte"), "n": 1.5}}, ensure_ascii=False),
        '{"id":2,"texte":"déjà propre","autre":"x"}',
        json.dumps({"id": 3, "texte": None, "meta": {"titre": ["a", moji("pièce")]}}),
        "",
        '{"id":4,"meta":"pas un objet","texte":42}',
    ]
    src = ("\r\n".join(lines) + "\n").encode()
    out, stats = run_jsonl(src, ["texte", "meta.titre"])
    got = out.decode().split("\n")
    first = got[0].split("\r")[0]
    assert json.loads(first) == {"id": 1, "texte": "Le café est prêt", "autre": moji("été"),
                                 "meta": {"titre": "Ça coûte", "n": 1.5}}
    assert first.startswith('{"id": 1, ')  # spacing style kept
    assert got[0].endswith("\r")  # CRLF kept
    out_lines = out.split(b"\r\n")
    assert out_lines[1] == lines[1].encode()  # unchanged: byte-identical
    assert json.loads(out_lines[2]) == {"id": 3, "texte": None, "meta": {"titre": ["a", "pièce"]}}
    assert "\\u" in out_lines[2].decode()  # was ASCII with \u escapes: stays so
    assert out_lines[3] == b""
    assert out_lines[4] == lines[4].encode() + b"\n"
    assert (stats.rows, stats.changed) == (5, 2)


def test_jsonl_untouched_file_is_byte_identical():
    src = b'{"a": "d\\u00e9j\\u00e0", "b": 1e5}\n{"a":"ok" , "c":[1,2]}\n\n{"a":null}'
    out, stats = run_jsonl(src, ["a", "x.y"])
    assert out == src and stats.changed == 0


def test_jsonl_compact_style_and_bad_line():
    src = ('{"a":"' + moji("prêt") + '","b":[1, 2]}\n').encode()
    out, _ = run_jsonl(src, ["a"])
    assert out == '{"a":"prêt","b":[1, 2]}\n'.encode()  # only the changed token is rewritten
    with pytest.raises(ValueError, match="line 2"):
        run_jsonl(b'{"a":"x"}\n{oops}\n', ["a"])


def test_jsonl_changed_line_keeps_other_bytes():
    src = ('{ "n" : 1.50, "big": 1e5, "t" : "' + moji("déjà") + '", "t2": "' + moji("été")
           + '", "l": [ {"t": "x"} ], "dup": 1, "dup": 2 }\r\n').encode()
    out, stats = run_jsonl(src, ["t"])
    assert out == ('{ "n" : 1.50, "big": 1e5, "t" : "déjà", "t2": "' + moji("été")
                   + '", "l": [ {"t": "x"} ], "dup": 1, "dup": 2 }\r\n').encode()
    assert stats.changed == 1


def test_iter_json_strings_paths():
    text = '{"a": {"b": ["x", {"c": "y"}], "k\\"": "z"}, "d": "w", "e": [["v"]]}'
    got = [(s.path, s.value) for s in tables.iter_json_strings(text)]
    assert got == [(("a", "b"), "x"), (("a", "b", "c"), "y"), (("a", 'k"'), "z"), (("d",), "w"), (("e",), "v")]
    assert [s.value for s in tables.iter_json_strings('"top"')] == ["top"]


def test_jsonl_parallel_identical(monkeypatch):
    monkeypatch.setattr(tables, "CHUNK_ROWS", 5)
    src = "".join(json.dumps({"i": i, "t": moji("Où était-il passé ?") if i % 2 else "rien"}) + "\n"
                  for i in range(200)).encode()
    assert run_jsonl(src, ["t"], jobs=2) == run_jsonl(src, ["t"], jobs=1)


# --- Parquet --------------------------------------------------------------------------

def test_parquet_columns(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({
        "id": pa.array([1, 2, 3, 4]),
        "texte": pa.array([moji("Le café"), None, "propre", moji("déjà")]),
        "autre": pa.array([moji("été"), "b", None, "d"]),
    }).replace_schema_metadata({"origine": "test"})
    src = tmp_path / "in.parquet"
    pq.write_table(table, src, row_group_size=2, compression="zstd")
    dst = tmp_path / "out.parquet"
    stats = tables.fix_parquet(src, dst, ["texte"])
    got = pq.read_table(dst)
    assert got.column("texte").to_pylist() == ["Le café", None, "propre", "déjà"]
    assert got.column("autre").to_pylist() == table.column("autre").to_pylist()
    assert got.column("id").to_pylist() == [1, 2, 3, 4]
    assert got.schema == table.schema and got.schema.metadata[b"origine"] == b"test"
    meta = pq.ParquetFile(dst).metadata
    assert meta.num_row_groups == 2
    assert meta.row_group(0).column(0).compression == "ZSTD"
    assert (stats.rows, stats.changed) == (4, 2)
    par = tmp_path / "par.parquet"
    tables.fix_parquet(src, par, ["texte"], jobs=2)
    assert pq.read_table(par).equals(got)
    with pytest.raises(KeyError):
        tables.fix_parquet(src, tmp_path / "x.parquet", ["nope"])


# --- in place, paths, progress ----------------------------------------------------------

def test_write_in_place_ok_keeps_permissions(tmp_path):
    p = tmp_path / "t.csv"
    p.write_bytes(f"a\n{moji('café')}\n".encode())
    os.chmod(p, 0o640)
    stats = tables.write_in_place(p, lambda s, d: tables.fix_csv_stream(s, d, ["a"]))
    assert p.read_text() == "a\ncafé\n"
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert stats.changed == 1
    assert os.listdir(tmp_path) == ["t.csv"]


def test_write_in_place_failure_leaves_original(tmp_path, monkeypatch):
    p = tmp_path / "t.csv"
    original = f"a\n{moji('café')}\n".encode() * 50
    p.write_bytes(original)

    def broken(src, dst):
        dst.write(b"partial output")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        tables.write_in_place(p, broken)
    assert p.read_bytes() == original
    assert os.listdir(tmp_path) == ["t.csv"]

    # A failure inside the library's own write path (fsync) also leaves everything intact.
    def bad_fsync(fd):
        raise OSError("fsync failed")

    monkeypatch.setattr(tables.os, "fsync", bad_fsync)
    with pytest.raises(OSError, match="fsync failed"):
        tables.write_in_place(p, lambda s, d: tables.fix_csv_stream(s, d, ["a"]))
    assert p.read_bytes() == original
    assert os.listdir(tmp_path) == ["t.csv"]


def test_write_in_place_failure_of_replace(tmp_path, monkeypatch):
    p = tmp_path / "t.jsonl"
    p.write_bytes(b'{"a":"x"}\n')

    def bad_replace(a, b):
        raise PermissionError("nope")

    monkeypatch.setattr(tables.os, "replace", bad_replace)
    with pytest.raises(PermissionError):
        tables.write_in_place(p, lambda s, d: tables.fix_jsonl_stream(s, d, ["a"]))
    assert p.read_bytes() == b'{"a":"x"}\n'
    assert os.listdir(tmp_path) == ["t.jsonl"]


def test_write_in_place_through_symlink(tmp_path):
    real = tmp_path / "real.csv"
    real.write_bytes(f"a\n{moji('thé')}\n".encode())
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    tables.write_in_place(link, lambda s, d: tables.fix_csv_stream(s, d, ["a"]))
    assert link.is_symlink() and real.read_text() == "a\nthé\n"


def test_output_must_not_be_an_input(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("x")
    tables.check_output_not_input([a], tmp_path / "b.csv")
    tables.check_output_not_input([a], "-")
    with pytest.raises(tables.SamePathError):
        tables.check_output_not_input([a], a)
    link = tmp_path / "l.csv"
    link.symlink_to(a)
    with pytest.raises(tables.SamePathError):
        tables.check_output_not_input([link], a)


def test_progress_only_on_tty():
    buf = io.StringIO()
    p = tables.Progress(stream=buf)
    p.update(10, 1000)
    p.close()
    assert buf.getvalue() == "" and not p.enabled

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    p = tables.Progress(stream=tty, interval=0)
    out, _ = run_csv(b"a\nb\nc\n", ["a"], progress=p)
    p.close()
    assert "rows/s" in tty.getvalue() and "MB/s" in tty.getvalue()
    assert p.rows == 2


# --- plain text and the file runner -----------------------------------------------------

def test_fix_text_stream_parallel_identical_and_bom(tmp_path, monkeypatch):
    text = "".join(f"{moji('Le café est prêt')} {i}\r\n" if i % 3 else f"propre {i}\n" for i in range(500))
    data = b"\xef\xbb\xbf" + text.encode()
    one, two = io.BytesIO(), io.BytesIO()
    s1 = tables.fix_text_stream(io.BytesIO(data), one, jobs=1)
    s2 = tables.fix_text_stream(io.BytesIO(data), two, jobs=2)
    assert one.getvalue() == two.getvalue()
    assert one.getvalue() == b"\xef\xbb\xbf" + mojifix.fix_text(text).encode()
    assert s1 == s2 and s1.rows == 500 and s1.changed == 333


def test_run_files_output_stdin_and_in_place(tmp_path):
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    a.write_bytes(f"id,texte\n1,{moji('déjà')}\n".encode())
    b.write_bytes(b"id,texte\n2,propre\n")
    out = tmp_path / "out.csv"
    job = tables.Job("csv", ("texte",))
    stats = tables.run_files(job, [str(a), str(b)], output=str(out), progress=False)
    assert out.read_text() == "id,texte\n1,déjà\nid,texte\n2,propre\n"
    assert (stats.rows, stats.changed) == (2, 1)

    sink = io.BytesIO()
    tables.run_files(tables.Job("jsonl", ("t",)), ["-"], stdin=io.BytesIO(f'{{"t":"{moji("été")}"}}\n'.encode()),
                     stdout=sink, progress=False)
    assert sink.getvalue() == '{"t":"été"}\n'.encode()

    with pytest.raises(tables.SamePathError):
        tables.run_files(job, [str(a)], output=str(a), progress=False)
    with pytest.raises(ValueError):
        tables.run_files(job, ["-"], in_place=True, progress=False)

    before_b = b.read_bytes()
    tables.run_files(job, [str(a), str(b)], in_place=True, progress=False)
    assert a.read_text() == "id,texte\n1,déjà\n"
    assert b.read_bytes() == before_b
    assert sorted(os.listdir(tmp_path)) == ["a.csv", "b.csv", "out.csv"]


@pytest.mark.parametrize("job, message", [
    (tables.Job("csv"), "--column"),
    (tables.Job("jsonl"), "--field"),
    (tables.Job("text", ("x",)), "--csv"),
    (tables.Job("xml", ("x",)), "unknown format"),
])
def test_job_check(job, message):
    with pytest.raises(ValueError, match=message):
        job.check()


# --- properties -------------------------------------------------------------------------

from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

CELL = st.text(alphabet=list('ab é,;"\t\n\r\'xyz'), max_size=12)
DIALECTS = st.sampled_from([
    (",", "\r\n", csv_mod := __import__("csv").QUOTE_MINIMAL),
    (";", "\n", csv_mod),
    ("\t", "\r\n", csv_mod),
    (",", "\n", __import__("csv").QUOTE_ALL),
    (";", "\r\n", __import__("csv").QUOTE_ALL),
])


def _write_csv(rows, delimiter, ending, quoting) -> bytes:
    import csv

    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator=ending, quoting=quoting).writerows(rows)
    return buf.getvalue().encode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 999), CELL, CELL), max_size=8), DIALECTS, st.booleans())
def test_property_untouched_rows_are_byte_identical(rows, dialect, final_ending):
    """Whatever the other cells hold, rows whose selected cells do not change keep their bytes."""
    delimiter, ending, quoting = dialect
    table = [("id", "a", "b"), *[(str(i), a, b) for i, a, b in rows]]
    data = _write_csv(table, delimiter, ending, quoting)
    if not final_ending:
        data = data[: -len(ending)]
    # Python's writer leaves a bare CR unquoted when the line ending is LF, and a reader ends the record
    # there: the text after it becomes a record of its own, whose first cell is no id and may be repaired.
    assume(_records(data, delimiter) == [list(r) for r in table])
    out, stats = run_csv(data, ["id"], fmt=CsvFormat(delimiter=delimiter))
    assert out == data
    assert stats.changed == 0


def _records(data: bytes, delimiter: str) -> list[list[str]]:
    import csv

    return list(csv.reader(io.StringIO(data.decode(), newline=""), delimiter=delimiter))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["le cafÃ©", "prÃªt", "Ã©tÃ©", "ok"]), CELL), min_size=1, max_size=8),
       DIALECTS)
def test_property_changed_cells_parse_back(rows, dialect):
    """Changed rows parse to the repaired cell and the other cells unchanged."""
    import csv

    delimiter, ending, quoting = dialect
    data = _write_csv([("t", "o"), *rows], delimiter, ending, quoting)
    out, _ = run_csv(data, ["t"], fmt=CsvFormat(delimiter=delimiter))
    def parse(b: bytes) -> list:
        return list(csv.reader(io.StringIO(b.decode(), newline=""), delimiter=delimiter))

    # (csv.writer leaves a lone "\r" unquoted when the line ending is "\n": compare with how
    # the input itself parses, selected cells repaired.)
    want = [r if i == 0 or not r else [mojifix.fix_text(r[0]), *r[1:]] for i, r in enumerate(parse(data))]
    assert parse(out) == want


JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                      st.floats(allow_nan=False, allow_infinity=False),
                      st.sampled_from(["le cafÃ©", "prÃªt", "ok", "dÃ©jÃ  vu", 'a "b" \\ c\n']), CELL)
JSON_VALUE = st.recursive(JSON_LEAF, lambda kids: st.one_of(
    st.lists(kids, max_size=3), st.dictionaries(st.sampled_from(["t", "u", "v"]), kids, max_size=3)), max_leaves=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.dictionaries(st.sampled_from(["t", "u", "v"]), JSON_VALUE, max_size=3), max_size=6),
       st.booleans(), st.booleans())
def test_property_jsonl(objs, ascii_only, spaced):
    """Lines without a change keep their bytes; changed lines parse to the object with the
    field paths repaired (lists walked) and everything else equal."""
    seps = (", ", ": ") if spaced else (",", ":")
    lines = [json.dumps(o, ensure_ascii=ascii_only, separators=seps) for o in objs]
    src = "".join(line + "\n" for line in lines).encode()
    out, _ = run_jsonl(src, ["t", "u.t"])

    def fix(v, path):
        if isinstance(v, str):
            return mojifix.fix_text(v) if path in (("t",), ("u", "t")) else v
        if isinstance(v, list):
            return [fix(x, path) for x in v]
        if isinstance(v, dict):
            return {k: fix(x, path + (k,)) for k, x in v.items()}
        return v

    out_lines = out.decode().split("\n")[:-1]
    assert len(out_lines) == len(lines)
    for line, got in zip(lines, out_lines):
        want = fix(json.loads(line), ())
        assert json.loads(got) == want
        if want == json.loads(line):
            assert got == line
