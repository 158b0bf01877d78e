"""The metrics as a file: CSV, JSON (with the summary) or Turtle (the metrics graph).

Takes the table ``tables.metrics_table`` gives; gives the bytes of one of ``FORMATS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

from mes_graph.network.rdf import metrics_turtle
from mes_graph.network.tables import table_csv, table_json

__all__ = ["FORMATS", "metrics_document"]

FORMATS = ("csv", "json", "turtle")
"""The formats ``metrics_document`` writes."""


def metrics_document(
    table: pd.DataFrame,
    fmt: str,
    summary_: Mapping[str, Any] | None = None,
    when: date | datetime | None = None,
) -> bytes:
    """The metrics as a file: CSV, JSON (with the summary) or Turtle (the metrics graph).

    Parameters
    ----------
    table : pandas.DataFrame
        From ``metrics_table``.
    fmt : {"csv", "json", "turtle"}
    summary_ : mapping, optional
        From ``summary``, for JSON.
    when : date or datetime, optional
        Date of the analysis, for Turtle (see ``metrics_graph``).

    Returns
    -------
    bytes
        UTF-8; the same input (and date) gives the same bytes.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, metrics_table, tiny_alliance
    >>> table = metrics_table(alliance_network(tiny_alliance()))
    >>> b"mes:MetricObservation" in metrics_document(table, "turtle", when=date(2026, 1, 1))
    True
    """
    if fmt == "csv":
        return table_csv(table)
    if fmt == "json":
        return table_json(table, summary_)
    if fmt == "turtle":
        return metrics_turtle(table, when)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
