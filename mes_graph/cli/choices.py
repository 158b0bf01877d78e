"""The values the command line offers, as plain names: no stage is imported to list them.

Takes nothing; gives the engines, RDF syntaxes, network formats and publication profiles
by name, so that ``mes-graph --help`` and the parser load no library. Each tuple is the
keys of the stage's own table (``engine.ENGINES``, ``export.FORMATS``,
``export.NETWORK_FORMATS``, ``export.PROFILES``), in its order: ``tests/test_cli.py``
checks that they agree.
"""

from __future__ import annotations

import os

__all__ = ["DEFAULT_ENGINE", "ENGINES", "FORMATS", "NETWORK_FORMATS", "PROFILES"]

ENGINES = ("oxigraph", "memory")
DEFAULT_ENGINE = os.environ.get("MES_GRAPH_ENGINE", "oxigraph")
FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")
NETWORK_FORMATS = ("graphml", "gexf", "csv")
PROFILES = ("public", "full", "essglobal", "schemaorg")
