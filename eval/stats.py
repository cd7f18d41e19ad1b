#!/usr/bin/env python3
"""Print the data card's tables (markdown) from gold.jsonl, splits.tsv and manifest.tsv.

Why this exists: the counts in eval/README.md must be regenerated, not typed, whenever the
gold set or the split changes.

Usage: python3 eval/stats.py [--gold G] [--splits S] [--manifest M]
"""
import argparse
import csv
import json
import os
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SPLITS = ("train", "dev", "test")
THEMES = ("staff_conduct communication sensitivity confidentiality decisions service_quality "
          "delay finance procedure staffing discrimination").split()


def fail(msg):
    sys.exit(f"stats.py: {msg}")


def load(args):
    try:
        with open(args.gold, encoding="utf-8") as f:
            gold = [json.loads(l) for l in f if l.strip()]
        with open(args.splits, encoding="utf-8") as f:
            rows = [l.rstrip("\n").split("\t") for l in f if l.strip()]
        with open(args.manifest, encoding="utf-8", newline="") as f:
            manifest = {r["id"]: r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}
    except (OSError, ValueError) as e:
        fail(str(e))
    split = {r[0]: r[1] for r in rows[1:] if len(r) == 2}
    unassigned = sorted({g["doc"] for g in gold} - set(split))
    if unassigned:
        fail(f"{args.splits}: no split for {unassigned[:5]}")
    return gold, split, manifest


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def pct(n, d):
    return f"{n / d:.1%}" if d else "-"


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gold", default=os.path.join(HERE, "gold.jsonl"))
    p.add_argument("--splits", default=os.path.join(HERE, "splits.tsv"))
    p.add_argument("--manifest", default=os.path.join(HERE, "manifest.tsv"))
    gold, split, manifest = load(p.parse_args(argv))

    docs, sents, empty = defaultdict(set), Counter(), Counter()
    labels = defaultdict(Counter)
    for g in gold:
        s = split[g["doc"]]
        docs[s].add(g["doc"])
        sents[s] += 1
        empty[s] += not g["labels"]
        labels[s].update(g["labels"])
    all_docs = sum(len(docs[s]) for s in SPLITS)
    n = len(gold)

    print("### Documents and sentences per split\n")
    rows = [[s, len(docs[s]), sents[s], pct(sents[s], n), empty[s], pct(empty[s], sents[s])] for s in SPLITS]
    rows.append(["**all**", all_docs, n, "100.0%", sum(empty.values()), pct(sum(empty.values()), n)])
    print(table(["split", "documents", "sentences", "share of sentences", "no theme", "share no theme"], rows))

    print("\n### Positive sentences per label and split\n")
    rows = []
    for t in THEMES:
        tot = sum(labels[s][t] for s in SPLITS)
        rows.append([f"`{t}`"] + [labels[s][t] for s in SPLITS] + [tot, pct(labels["test"][t], tot)])
    rows.append(["**any theme**"] + [sents[s] - empty[s] for s in SPLITS]
                + [n - sum(empty.values()), pct(sents["test"] - empty["test"], n - sum(empty.values()))])
    print(table(["label", *SPLITS, "total", "test share"], rows))

    print("\n### Documents per type and split\n")
    types = sorted({m["type"] for m in manifest.values()})
    per = defaultdict(Counter)
    for d, s in split.items():
        if d in manifest:
            per[s][manifest[d]["type"]] += 1
    rows = [[t] + [per[s][t] for s in SPLITS] + [sum(per[s][t] for s in SPLITS)] for t in types]
    print(table(["type", *SPLITS, "total"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
