"""The bottom layer: RDF terms and I/O, which every stage may use and which uses none.

- ``terms``: the namespaces of the graph and the prefixes of every file we write;
- ``convert``: rdflib terms to Oxigraph's and back;
- ``order``: the one deterministic order of terms and statements;
- ``turtle``: the one Turtle writer (readable blocks, and Oxigraph's serialiser sorted);
- ``files``: atomic writes of files and folders, the leftovers of killed runs, JSON;
- ``tables``: CSV for spreadsheets, no cell of which a spreadsheet runs as a formula.

Whether a dataset lives on Oxigraph or in rdflib's memory is decided one level up, in
``mes_graph.engine``.
"""
