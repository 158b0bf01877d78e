"""mes-graph: the knowledge graph of the social and solidarity economy around the MES.

One module per stage of the flow: ``load`` -> ``validate`` -> ``sparql``, ``network``,
``maps``, ``export``, ``describe``, ``site``, ``report``; ``build`` runs them all and
``cli`` is the ``mes-graph`` command. See the README's architecture section.
"""
