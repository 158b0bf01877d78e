"""Compressed N-Quads for the bulk loaders of other SPARQL servers, when a laptop is not enough.

Takes the dataset ``load`` built; gives a folder of gzipped N-Quads files of at most
``PER_FILE`` statements each (``mes-graph-0001.nq.gz``…), every statement in its named
graph, read from the store in a stream, and ``CHARGEMENT.md``: the commands that load the
folder into QLever, Virtuoso and Oxigraph. Files of bounded size let each loader read them
in parallel; gzip is read by all three. The same store gives the same bytes (the files
carry no date).
"""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from mes_graph.base.files import replacing, write_atomic
from mes_graph.engine import statements

__all__ = ["LOADERS", "PER_FILE", "write_bulk"]

PER_FILE = 5_000_000
"""Statements per file: about 100 MB compressed, several files to load in parallel."""

LOADERS = """# Charger ces fichiers dans un serveur SPARQL

Ce dossier contient le graphe en N-Quads compressés (gzip), {files} fichier(s) de
{per_file} énoncés au plus, {statements} énoncés en tout, chacun dans son graphe nommé.
Écrit par `mes-graph export --format bulk`.

## Oxigraph

```
for f in mes-graph-*.nq.gz; do zcat "$f" | oxigraph load --location magasin/ --format nq; done
oxigraph serve-read-only --location magasin/ --bind 127.0.0.1:7878
```

## QLever

Dans le `Qleverfile` (`qlever setup-config default`) :

```
[data]
NAME = mes-graph
[index]
INPUT_FILES = mes-graph-*.nq.gz
CAT_INPUT_FILES = zcat ${{INPUT_FILES}}
SETTINGS_JSON = {{ "num-triples-per-batch": 5000000 }}
```

puis `qlever index` et `qlever start`.

## Virtuoso

Le dossier doit figurer dans `DirsAllowed` de `virtuoso.ini`. Dans `isql` :

```
ld_dir('/chemin/du/dossier', 'mes-graph-*.nq.gz', 'https://w3id.org/mes-graph/graph/');
rdf_loader_run();
checkpoint;
```

(Les N-Quads portent leur graphe : le troisième argument ne sert qu'aux triplets sans
graphe.) Lancer plusieurs `rdf_loader_run()` en parallèle, un par cœur, accélère le
chargement.

Ensuite, `mes-graph query --endpoint URL` et `mes-graph analyze --endpoint URL` lisent
le graphe sur ce serveur.
"""
"""The loaders' guide written beside the files, in French."""


def write_bulk(dataset: Dataset, folder: Path | str, per_file: int = PER_FILE) -> list[Path]:
    """Write a dataset as gzipped N-Quads files of at most ``per_file`` statements, and
    ``CHARGEMENT.md``.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built (its named graphs; the union view is not written).
    folder : Path or str
        Created if needed; files of an earlier run beyond the new last are removed.
    per_file : int

    Returns
    -------
    list of Path
        The files written, the guide last.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mes_graph.load import load
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in write_bulk(load(), folder, per_file=1000)]
    ['mes-graph-0001.nq.gz', 'mes-graph-0002.nq.gz', 'CHARGEMENT.md']
    >>> lines = gzip.decompress((folder / "mes-graph-0002.nq.gz").read_bytes()).splitlines()
    >>> len(lines) == len(load()) - 1000
    True
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    quads = (q for q in statements(dataset) if not isinstance(q.graph_name, ox.DefaultGraph))
    written, total = [], 0
    for number in itertools.count(1):
        first = next(quads, None)
        if first is None and written:
            break
        path = folder / f"mes-graph-{number:04d}.nq.gz"
        counted = [0]

        def chunk(first: ox.Quad | None = first, counted: list[int] = counted):
            for quad in itertools.chain(
                [first] if first else [], itertools.islice(quads, per_file - 1)
            ):
                counted[0] += 1
                yield quad

        with replacing(path) as raw, gzip.GzipFile("", "wb", 6, raw, mtime=0) as out:
            ox.serialize(chunk(), out, ox.RdfFormat.N_QUADS)  # in a stream, never a list
        written.append(path)
        total += counted[0]
        if counted[0] < per_file:
            break
    for stale in folder.glob("mes-graph-*.nq.gz"):
        if stale not in written:
            stale.unlink()
    guide = LOADERS.format(
        files=len(written), per_file=f"{per_file:,}".replace(",", "\u202f"),
        statements=f"{total:,}".replace(",", "\u202f"),
    )  # fmt: skip
    written.append(write_atomic(folder / "CHARGEMENT.md", guide.encode("utf-8")))
    return written
