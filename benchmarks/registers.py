"""Read and filter a SIRENE-format stock at scale: rows per second and peak memory.

    python benchmarks/registers.py [--rows 1m,5m] [--out benchmarks/RESULTS.md] [--keep DIR]

Writes a synthetic ``StockUniteLegale`` (INSEE's 35 columns, format 3.11) of each size,
with the register's real share of ESS units (about 4 %: 1.16 million of 29 million legal
units carry ``economieSocialeSolidaireUniteLegale = O``), natural persons in SIRENE's share
(legal category 1000, about 60 %), ceased units (about 30 %). Then measures, each in a
process of its own (so that its peak memory is its own), beside its anchor in the same run:

- the anchor: pyarrow's own streaming CSV reader over the same columns, no filter;
- read and filter: ``mes_graph.registers.sirene`` keeping the ESS units, no RDF made;
- the import: ``mes-graph register sirene FILE -o OUT.ttl``, every kept unit written.

Replaces the section « Registers » of ``benchmarks/RESULTS.md``. Not part of the tests;
``tests/test_benchmarks.py`` runs a small one.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mes_graph.registers.sirene import STOCK_HEADER  # noqa: E402 - after the path

HEADER = list(STOCK_HEADER)

ESS_SHARE, PERSON_SHARE, CEASED_SHARE = 0.04, 0.60, 0.30
CHUNK = 500_000
ESS_CATEGORIES = ["9220", "9220", "9220", "9220", "9230", "9300", "5458", "5460", "8210"]
COMPANY_CATEGORIES = ["5499", "5710", "5498", "6540", "5720"]
ACTIVITIES = ["94.99Z", "88.99B", "85.59A", "93.12Z", "62.01Z", "47.11F", "56.10A", "01.11Z"]
BANDS = ["NN", "NN", "NN", "00", "01", "02", "03", "11", "12", "21"]


def luhn_keyed(bases: np.ndarray, digits: int) -> np.ndarray:
    """Numbers of ``digits + 1`` digits whose last is the Luhn key of the ``digits`` before.

    The key is the digit that makes the sum valid: from the right, every second digit of
    the whole number (the key being the first) is doubled, less 9 above 9.
    """
    columns = np.stack([(bases // 10**k) % 10 for k in range(digits - 1, -1, -1)], axis=1)
    doubled = columns.copy()
    doubled[:, digits - 1 :: -2] *= 2  # the digit left of the key, then every second one
    doubled[doubled > 9] -= 9
    return bases * 10 + (10 - doubled.sum(axis=1) % 10) % 10


def chunk_table(start: int, size: int, rng: np.random.Generator) -> pa.Table:
    """One slice of the synthetic stock, every column a string as INSEE writes it."""
    bases = np.arange(start, start + size, dtype=np.int64) + 10_000_000
    sirens = np.char.zfill(luhn_keyed(bases, 8).astype(str), 9)
    sirets = luhn_keyed(luhn_keyed(bases, 8) * 10_000 + 1, 13)  # NIC 0001 and its key
    nics = np.char.zfill((sirets % 100_000).astype(str), 5).astype(object)
    draw = rng.random(size)
    ess = draw < ESS_SHARE
    person = (~ess) & (draw < ESS_SHARE + PERSON_SHARE)
    ceased = rng.random(size) < CEASED_SHARE
    empty = np.full(size, "", dtype=object)

    def pick(values: list[str]) -> np.ndarray:
        return np.array(values, dtype=object)[rng.integers(0, len(values), size)]

    names = np.char.add("STRUCTURE ", np.char.mod("%d", bases)).astype(object)
    company = pick(COMPANY_CATEGORIES)
    category = np.where(ess, pick(ESS_CATEGORIES), np.where(person, "1000", company))
    years = pick([f"{y}-03-01" for y in range(1950, 2026)])
    rna = np.char.add("W75", np.char.zfill((bases % 10_000_000).astype(str), 7)).astype(object)
    flag = np.where(ess, "O", np.where(rng.random(size) < 0.5, "N", ""))
    columns = dict.fromkeys(HEADER, empty)
    columns |= {
        "siren": sirens.astype(object),
        "statutDiffusionUniteLegale": np.where(rng.random(size) < 0.05, "P", "O"),
        "dateCreationUniteLegale": years,
        "sexeUniteLegale": np.where(person, "F", ""),
        "prenom1UniteLegale": np.where(person, "PRENOM", ""),
        "identifiantAssociationUniteLegale": np.where(ess & (category == "9220"), rna, ""),
        "trancheEffectifsUniteLegale": pick(BANDS),
        "dateDebut": np.where(ceased, "2019-12-31", "2008-01-01"),
        "etatAdministratifUniteLegale": np.where(ceased, "C", "A"),
        "nomUniteLegale": np.where(person, "NOM", ""),
        "denominationUniteLegale": np.where(person, "", names),
        "categorieJuridiqueUniteLegale": category,
        "activitePrincipaleUniteLegale": pick(ACTIVITIES),
        "nomenclatureActivitePrincipaleUniteLegale": np.full(size, "NAFRev2", dtype=object),
        "nicSiegeUniteLegale": nics,
        "economieSocialeSolidaireUniteLegale": flag,
    }
    return pa.table({name: pa.array(list(columns[name]), pa.string()) for name in HEADER})


def write_stock(path: Path, rows: int, seed: int = 0) -> Path:
    """A synthetic ``StockUniteLegale`` of ``rows`` rows, written in slices."""
    rng = np.random.default_rng(seed)
    schema = pa.schema([(name, pa.string()) for name in HEADER])
    options = pacsv.WriteOptions(quoting_style="none", include_header=False)
    with path.open("wb") as raw, pacsv.CSVWriter(raw, schema, write_options=options) as out:
        raw.write((",".join(HEADER) + "\n").encode())  # INSEE's header is not quoted
        for start in range(0, rows, CHUNK):
            out.write_table(chunk_table(start, min(CHUNK, rows - start), rng))
    return path


ANCHOR = """
import sys, pyarrow as pa, pyarrow.csv as pacsv
from mes_graph.registers.sirene import UNIT_COLUMNS
header = open(sys.argv[1], encoding="utf-8").readline().strip().split(",")
reader = pacsv.open_csv(sys.argv[1], read_options=pacsv.ReadOptions(block_size=8 << 20),
    convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in header},
                                         include_columns=list(UNIT_COLUMNS)))
print(sum(batch.num_rows for batch in reader))
"""

FILTER = """
import sys
from mes_graph.registers.shared import Tally
from mes_graph.registers.sirene import _kept_rows
tally = Tally()
rows = _kept_rows(__import__("pathlib").Path(sys.argv[1]), None, (), False, tally, None)
kept = sum(1 for _ in rows)
print(tally.rows, kept)
"""


PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(done.returncode)
"""


def measured(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory (GB) and output of a command in its own process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, *command], capture_output=True,
                          text=True, check=True, cwd=ROOT)  # fmt: skip
    seconds = time.perf_counter() - start
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 2**20, done.stdout.strip()


def run(sizes: list[int], folder: Path) -> list[str]:
    python = sys.executable
    lines = [
        "## Registers: a SIRENE-format stock read, filtered and imported",
        "",
        f"Measured by `python benchmarks/registers.py` on {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, pyarrow {pa.__version__}. A synthetic `StockUniteLegale` "
        f"(35 columns), {ESS_SHARE:.0%} ESS units, {PERSON_SHARE:.0%} natural persons, "
        f"{CEASED_SHARE:.0%} ceased; each stage in its own process (its seconds include about "
        "1 s of Python's start and imports); peak = its highest resident memory.",
        "",
        "| rows | file | stage | seconds | rows per second | peak | kept |",
        "|---|---|---|---|---|---|---|",
    ]
    for rows in sizes:
        stock = write_stock(folder / f"StockUniteLegale_{rows}.csv", rows)
        size = f"{stock.stat().st_size / 2**30:.2f} GB"
        stages = [
            ("anchor: pyarrow CSV reader, no filter", [python, "-c", ANCHOR, str(stock)]),
            ("read and filter (no RDF)", [python, "-c", FILTER, str(stock)]),
            ("`mes-graph register sirene` to Turtle",
             [python, "-m", "mes_graph.cli", "register", "sirene", str(stock), "-o",
              str(folder / f"sirene_{rows}.ttl")]),
        ]  # fmt: skip
        for name, command in stages:
            seconds, peak, out = measured(command)
            found = re.search(r"([\d\u202f]+) unités gardées", out)
            kept = found.group(1).replace("\u202f", "") if found else out.split()[-1]
            kept = f"{int(kept):,}"
            lines.append(f"| {rows:,} | {size} | {name} | {seconds:.1f} s | "
                         f"{rows / seconds:,.0f} | {peak:.2f} GB | {kept} |")  # fmt: skip
            print(lines[-1], flush=True)
        stock.unlink()
    return lines


def replace_section(results: Path, lines: list[str]) -> None:
    """Put the section in RESULTS.md in place of the previous one (or at its end)."""
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmarks\n"
    title = lines[0]
    if title in text:
        before, after = text.split(title, 1)
        rest = after.split("\n## ", 1)
        text = (
            before.rstrip("\n")
            + "\n\n"
            + "\n".join(lines)
            + ("\n\n## " + rest[1] if len(rest) > 1 else "\n")
        )
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    results.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="1m,5m")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument(
        "--keep", type=Path, help="a folder for the files (default: a temporary one)"
    )
    args = parser.parse_args()
    sizes = [
        int(float(s.rstrip("km")) * {"k": 1e3, "m": 1e6}.get(s[-1], 1))
        for s in args.rows.split(",")
    ]
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        lines = run(sizes, args.keep)
    else:
        with tempfile.TemporaryDirectory() as folder:
            lines = run(sizes, Path(folder))
    replace_section(args.out, lines)


if __name__ == "__main__":
    main()
