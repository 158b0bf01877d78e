"""Benchmark: reconcile N x N synthetic records (default 100,000 x 100,000).

Names are drawn from the words of the real ESS rows (../shared/data) and invented words;
60 % of the right-hand records are left-hand ones written otherwise (case, a slip), the rest
new. Prints the time and peak memory of ``reconcile``. Run from the repository:
    .venv/bin/python benchmarks/reconcile.py [N]
"""

import csv
import random
import resource
import sys
import time
from pathlib import Path

from mes_graph.registers.reconcile import Record, reconcile

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
DATA = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "ess-numerique" / "organisations.csv"
)
rng = random.Random(5)
counts: dict[str, int] = {}
with DATA.open(encoding="utf-8-sig", newline="") as stream:
    for row in csv.DictReader(stream):
        for w in row["denomination"].upper().replace("-", " ").split():
            if w.isalpha() and len(w) > 2:
                counts[w] = counts.get(w, 0) + 1
common = sorted(counts, key=lambda w: -counts[w])[:2000]
weights = [1 / (i + 1) for i in range(len(common))]
SYLLABLES = "ka lo mi ra te vo ni sa bu re ko li ta ne po ma di ga fe zu lu sto pra tri ver col ber"
syllables = [*SYLLABLES.split()]
forms = ["ASSOCIATION", "ASSOCIATION", "", "", "", "SCOP", "SAS", "SARL", "CLUB", "COLLECTIF"]


def invented() -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).upper()


def name() -> str:
    parts = rng.choices(common, weights, k=rng.randint(0, 3))
    if rng.random() < 0.75 or not parts:
        parts.insert(rng.randint(0, len(parts)), invented())
    form = rng.choice(forms)
    return " ".join(([form] if form else []) + parts)


def slip(text: str) -> str:
    i = rng.randrange(1, max(2, len(text)))
    return text[:i] + rng.choice("aeiourstln") + text[i + 1 :]


def postcode() -> str | None:
    return f"{rng.randint(1, 95):02d}{rng.randint(0, 99) * 10:03d}" if rng.random() < 0.6 else None


left = [
    Record(
        f"urn:s:{i}",
        "src:a",
        name(),
        (),
        f"{i:09d}",
        postcode=postcode(),
        activity=rng.choice(["62.01Z", "94.99Z", "88.99B", "85.59A", "90.01Z"]),
    )
    for i in range(N)
]
right = []
for i in range(N):
    if rng.random() < 0.6:
        unit = left[rng.randrange(N)]
        text = unit.name.title() if rng.random() < 0.5 else unit.name.lower()
        text = slip(text) if rng.random() < 0.2 else text
        right.append(
            Record(
                f"urn:g:{i}", "src:b", text, postcode=unit.postcode if rng.random() < 0.8 else None
            )
        )
    else:
        right.append(Record(f"urn:g:{i}", "src:b", name().title(), postcode=postcode()))
start = time.perf_counter()
found = reconcile(left, right)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(
    f"reconcile {N:,} x {N:,}: {seconds:.1f} s, {len(found.links):,} links, "
    f"{len(found.candidates):,} candidates, peak RSS {peak:.0f} MB"
)
