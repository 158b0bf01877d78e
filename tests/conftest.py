"""Shared fixtures: the embedded graph, loaded once per test session."""

from __future__ import annotations

import pytest
from rdflib import Dataset

from mes_graph.load import load


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The embedded graph (ontology, code lists, data), as ``load`` builds it."""
    return load()
