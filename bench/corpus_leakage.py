"""Check that the hand-written corpus shares no text with the public data sets.

    .venv/bin/python bench/corpus_leakage.py [--n 8] [--max-share 0.5]

For every line of bihuan/triage/corpus/written/*.tsv: the share of its
character n-grams (default 8-grams) that occur anywhere in ../shared/datasets
(every CSV cell, TSV field, zip member and JSON string). Common phrases share a
few 8-grams by chance, and a short stock phrase ("质量不错，值得购买", "第一次也是
最后一次") may match whole; a copied or paraphrased review shares most of the
8-grams of a longer line. Prints the distribution and every line at or above
``--max-share``; exits 1 if any of them has ``--min-chars`` characters or more
(short stock phrases are listed, not failed), so the writer can replace it.
Data is read in place and never copied.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets"
WRITTEN = ROOT / "bihuan" / "triage" / "corpus" / "written"


def _strings(obj) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        obj = list(obj.values())
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return []


def _texts_of(name: str, raw: bytes) -> list[str]:
    text = raw.decode("utf-8", errors="ignore")
    if name.endswith((".json", ".jsonl")):
        try:
            return _strings(json.loads(text))
        except ValueError:  # JSON lines
            return [s for line in text.splitlines() if line.strip() for s in _strings(json.loads(line))]
    if name.endswith((".csv", ".tsv")):
        delim = "\t" if name.endswith(".tsv") else ","
        return [cell for row in csv.reader(io.StringIO(text), delimiter=delim) for cell in row]
    return []


def public_texts() -> list[str]:
    out: list[str] = []
    for path in sorted(DATA.rglob("*")):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                for member in z.namelist():
                    out.extend(_texts_of(member, z.read(member)))
        elif path.is_file():
            out.extend(_texts_of(path.name, path.read_bytes()))
    return out


def grams(text: str, n: int) -> set[int]:
    return {hash(text[i : i + n]) for i in range(len(text) - n + 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=8)
    ap.add_argument("--max-share", type=float, default=0.5)
    ap.add_argument("--min-chars", type=int, default=20, help="shorter lines are stock phrases, listed only")
    args = ap.parse_args(argv)
    seen: set[int] = set()
    for t in public_texts():
        seen |= grams(t, args.n)
    flagged, shares = [], []
    for path in sorted(WRITTEN.glob("*.tsv")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            text = line.rsplit("\t", 1)[-1]
            g = grams(text, args.n)
            if not g:
                continue
            share = len(g & seen) / len(g)
            shares.append(share)
            if share >= args.max_share:
                flagged.append((path.name, no, share, text))
    shares.sort()
    pct = lambda q: shares[min(len(shares) - 1, int(q * len(shares)))]  # noqa: E731
    print(f"{len(shares)} written lines with ≥{args.n} characters; public {args.n}-grams: {len(seen):,}")
    print(f"share of a line's {args.n}-grams found in public data: median {pct(0.5):.3f}, "
          f"p99 {pct(0.99):.3f}, max {shares[-1]:.3f}; lines ≥ {args.max_share}: {len(flagged)}")
    long_ones = [f for f in flagged if len(f[3]) >= args.min_chars]
    print(f"of these, {len(long_ones)} have {args.min_chars} characters or more (fail); the rest are stock phrases")
    for name, no, share, text in flagged:
        print(f"  {'FAIL ' if len(text) >= args.min_chars else ''}{name}:{no} {share:.2f} {text}")
    return 1 if long_ones else 0


if __name__ == "__main__":
    raise SystemExit(main())
