"""Which release a dataset is: its date and its version, stable for the same data.

Takes a dataset; gives the release date (``SOURCE_DATE_EPOCH``, else the data's own date)
and version string every output is stamped with.
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, date, datetime

from rdflib import Graph, URIRef

from mes_graph.base.terms import (
    DCTERMS,
    MES,
    OWL,
)

__all__ = ["release_date", "version"]


def release_date(dataset: Graph) -> date:
    """The date of this release of the data, stable from run to run.

    ``$SOURCE_DATE_EPOCH`` when set (reproducible builds), else the ontology's
    ``dcterms:modified``, else its ``dcterms:created``, else 1970-01-01.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> release_date(load()).isoformat()  # doctest: +SKIP
    '2026-11-30'
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC).date()
    ontology = URIRef(str(MES).rstrip("#"))
    for prop in (DCTERMS.modified, DCTERMS.created):
        values = sorted(str(v) for v in dataset.objects(ontology, prop))
        if values:
            with contextlib.suppress(ValueError):
                return date.fromisoformat(values[-1][:10])
    return date(1970, 1, 1)


def version(dataset: Graph) -> str:
    """The version of the data: the ontology's ``owl:versionInfo``.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> version(load())
    '0.1.0'
    """
    ontology = URIRef(str(MES).rstrip("#"))
    values = sorted(str(v) for v in dataset.objects(ontology, OWL.versionInfo))
    return values[-1] if values else "0"
