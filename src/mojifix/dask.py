"""Dask: repair a string column of a Dask DataFrame, partition by partition (extra ``mojifix[dask]``).

    import dask.dataframe as dd
    from mojifix.dask import fix_column

    ddf = dd.read_parquet("in/")
    fix_column(ddf, "text").to_parquet("out/")

Each partition goes through :func:`mojifix.fix_series` (index, nulls and dtype
kept). With the process-based schedulers each worker process loads the model
once (per-process cache).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from .batch import Group, _is_grouped, fix_series

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe
    import pandas


def _fix_partition(pdf: "pandas.DataFrame", column: str, output_col: str, group: Group) -> "pandas.DataFrame":
    out = pdf.copy()
    out[output_col] = fix_series(pdf[column], group=group)
    return out


def fix_column(ddf: "dask.dataframe.DataFrame", column: str, output_col: Optional[str] = None, *,
               group: Group = False) -> "dask.dataframe.DataFrame":
    """``ddf`` with ``column`` repaired (in place of it, or as ``output_col``), lazily."""
    _is_grouped(group)
    target = output_col or column
    meta = ddf._meta.copy()
    meta[target] = ddf._meta[column]
    return ddf.map_partitions(_fix_partition, column, target, group, meta=meta)
