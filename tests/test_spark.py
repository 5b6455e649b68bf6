"""Spark (local[2]) and Dask column repair give the same output as fix_text.

Needs the ``spark`` extra and Java; skipped with the reason otherwise. CI installs
``.[test,pandas,arrow,spark,dask]``, so these run there.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap

import pytest

import mojifix

ROWS = [
    "Le cafÃ© est prÃªt, dit-elle.",
    None,
    "Un Ã©lÃ¨ve a Ã©tÃ© reÃ§u Ã  l'Ã©cole.",
    "Rien à signaler.",
    "",
    "premiÃ¨re ligne\nseconde ligne dÃ©jÃ \r\n",
    "Ça coûte cher, même en été.",
] * 15


def _data_built() -> bool:
    from mojifix import data

    return data.available()


def _stub_engine(monkeypatch, tmp_path) -> None:
    """Without the French data, stub the restoration stage here and in Spark's Python
    workers (separate processes, reached through a sitecustomize on PYTHONPATH)."""
    from mojifix import engine

    monkeypatch.setattr(engine, "restore_block", lambda lines: [[] for _ in lines])
    monkeypatch.setattr(engine, "diagnose_block", lambda lines: [[] for _ in lines])
    (tmp_path / "sitecustomize.py").write_text(textwrap.dedent("""
        from mojifix import engine
        engine.restore_block = lambda lines: [[] for _ in lines]
        engine.diagnose_block = lambda lines: [[] for _ in lines]
    """))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])))


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'mojifix[spark]')")
    pytest.importorskip("pandas", reason="pandas not installed")
    pytest.importorskip("pyarrow", reason="pyarrow not installed")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        pytest.skip("no Java runtime for Spark (install a JDK 17 or set JAVA_HOME)")
    mp = pytest.MonkeyPatch()
    if not _data_built():
        _stub_engine(mp, tmp_path_factory.mktemp("stub"))
    mp.setenv("PYSPARK_PYTHON", sys.executable)
    mp.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("mojifix-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "16")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    mp.undo()


def test_fix_column_matches_fix_text(spark):
    from mojifix.spark import fix_column

    df = spark.createDataFrame([(i, t) for i, t in enumerate(ROWS)], "id long, text string")
    assert df.rdd.getNumPartitions() == 2
    out = sorted(fix_column(df, "text", output_col="fixed").collect(), key=lambda r: r["id"])
    assert [r["text"] for r in out] == ROWS
    assert [r["fixed"] for r in out] == [None if t is None else mojifix.fix_text(t) for t in ROWS]
    assert out[0]["fixed"] == "Le café est prêt, dit-elle."


def test_fix_column_in_place_and_sql(spark):
    from mojifix import spark as mspark

    df = spark.createDataFrame([(t,) for t in ROWS[:7]], "text string")
    got = [r["text"] for r in mspark.fix_column(df, "text").collect()]
    assert got == [None if t is None else mojifix.fix_text(t) for t in ROWS[:7]]
    spark.udf.register("mojifix", mspark.udf())
    df.createOrReplaceTempView("t")
    assert spark.sql("SELECT mojifix(text) AS f FROM t").collect()[0]["f"] == "Le café est prêt, dit-elle."


def test_dask_fix_column(monkeypatch):
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe", reason="dask not installed (pip install 'mojifix[dask]')")
    if not _data_built():
        from mojifix import engine

        monkeypatch.setattr(engine, "restore_block", lambda lines: [[] for _ in lines])
    from mojifix.dask import fix_column

    pdf = pd.DataFrame({"id": range(len(ROWS)), "text": pd.Series(ROWS, dtype=object)})
    ddf = dd.from_pandas(pdf, npartitions=3)
    out = fix_column(ddf, "text", output_col="fixed").compute(scheduler="sync")

    def values(s):  # dask may turn object columns into Arrow strings (None -> <NA>)
        return [None if pd.isna(v) else v for v in s.tolist()]

    assert values(out["fixed"]) == [None if t is None else mojifix.fix_text(t) for t in ROWS]
    assert values(out["text"]) == ROWS
    out = fix_column(ddf, "text").compute(scheduler="sync")
    assert out["text"].tolist()[0] == "Le café est prêt, dit-elle."
