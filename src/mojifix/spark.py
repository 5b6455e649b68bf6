"""Spark: repair a string column of a DataFrame with a pandas UDF (extra ``mojifix[spark]``).

Rows travel to the Python workers as Arrow batches; each worker imports this
module once and loads the French model once (module-level cache, warmed on the
first batch), since Spark reuses its Python workers between tasks.

    from pyspark.sql import SparkSession
    from mojifix.spark import fix_column

    spark = SparkSession.builder.master("local[2]").getOrCreate()
    df = spark.createDataFrame([("le cafÃ© est prÃªt",), (None,)], "text string")
    fix_column(df, "text").show()                       # replaces the column
    fix_column(df, "text", output_col="text_fixed")     # adds a column

For SQL: ``spark.udf.register("mojifix", mojifix.spark.udf())``, then
``SELECT mojifix(text) FROM t``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Optional

from .batch import Group, _is_grouped, fix_series

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from pyspark.sql import Column, DataFrame

_WARMED = False


def _warm_once() -> None:
    """Load the model in this (worker) process the first time only."""
    global _WARMED
    if not _WARMED:
        from .parallel import warm

        warm()
        _WARMED = True


def fix_batch(series: "pandas.Series", group: Group = False) -> "pandas.Series":
    """What the UDF runs on each Arrow batch: :func:`mojifix.fix_series`, model warmed once."""
    _warm_once()
    return fix_series(series, group=group)


@lru_cache(maxsize=None)
def udf(group: Group = False) -> Any:
    """The pandas UDF ``string -> string`` (``group="document"``: rows of one Arrow batch
    are read as consecutive lines, so evidence is shared inside a batch)."""
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    _is_grouped(group)  # validate early, on the driver

    def mojifix_fix(s: pd.Series) -> pd.Series:
        return fix_batch(s, group)

    mojifix_fix.__annotations__ = {"s": pd.Series, "return": pd.Series}
    return pandas_udf(mojifix_fix, "string")  # type: ignore[call-overload]


def fix_column(df: "DataFrame", column: str, output_col: Optional[str] = None, *,
               group: Group = False) -> "DataFrame":
    """``df`` with ``column`` repaired (in place of it, or as ``output_col``); nulls stay null."""
    return df.withColumn(output_col or column, fix_expr(column, group=group))


def fix_expr(column: "str | Column", *, group: Group = False) -> "Column":
    """The repaired column as an expression, for ``select``/``withColumn``."""
    from pyspark.sql.functions import col

    c = col(column) if isinstance(column, str) else column
    return udf(group)(c)
