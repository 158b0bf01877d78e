"""The open registers of the ESS: SIRENE, the RNA, ESS France's list, GoGoCarto maps.

Takes the registers' own files (INSEE's SIRENE stock, the RNA's waldec export, ESS
France's list, a GoGoCarto ``elements.json``); gives their units in the public
vocabulary contract, streamed to Turtle or into a store, coded with INSEE's code lists,
reconciled with each other and with the graph's actors. Modules, in the order of the flow:

- ``model``: namespaces, IRIs of units and identifiers, checked SIREN, SIRET and RNA;
- ``mistakes``: ``RegisterError``, the one line naming file, line and column;
- ``codes``: INSEE's code lists (NAF rév. 2, catégories juridiques, tranches
  d'effectifs, COG) as lookups;
- ``reading``: a register's table in batches (CSV, ZIP, Parquet);
- ``shared``: what importers share: the tally, the source of a register, an address;
- ``sirene``, ``rna``, ``ess_france``, ``gogocarto``: the importers, each giving an
  ``Extract``;
- ``writing``: an extract to a Turtle file or a store's named graph;
- ``reconcile``, ``review``: links between units, the review table.
"""

from mes_graph.registers import reconcile, review
from mes_graph.registers.ess_france import ess_france_sirens, read_ess_france
from mes_graph.registers.gogocarto import elements_json, read_gogocarto
from mes_graph.registers.mistakes import RegisterError
from mes_graph.registers.rna import read_rna
from mes_graph.registers.shared import Tally, summary
from mes_graph.registers.sirene import read_sirene
from mes_graph.registers.writing import Counts, Extract, write_store, write_turtle

__all__ = [
    "Counts",
    "Extract",
    "RegisterError",
    "Tally",
    "elements_json",
    "ess_france_sirens",
    "read_ess_france",
    "read_gogocarto",
    "read_rna",
    "read_sirene",
    "reconcile",
    "review",
    "summary",
    "write_store",
    "write_turtle",
]
