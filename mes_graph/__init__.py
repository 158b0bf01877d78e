"""mes-graph: the knowledge graph of the social and solidarity economy around the MES.

A module or subpackage per stage of the flow: ``load`` -> ``validate`` -> ``sparql``,
``network``, ``maps``, ``export``, ``describe``, ``site``, ``report``; ``build`` runs them
all and ``cli`` is the ``mes-graph`` command. Below them, ``base`` (RDF terms and I/O) and
``engine`` (where the statements live). See ``docs/architecture.md``.
"""
