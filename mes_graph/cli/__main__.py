"""``python -m mes_graph.cli``: the ``mes-graph`` command."""

import sys

from mes_graph.cli import main

sys.exit(main())
