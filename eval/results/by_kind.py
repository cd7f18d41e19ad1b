#!/usr/bin/env python3
"""Test-split micro-F1 by kind of document: the realistic sparse documents added for #8
(eval/sources/*/manifest.tsv) against the rest (dev corpus and seeds).

Usage: python3 eval/results/by_kind.py PRED.jsonl [PRED.jsonl ...]
where each PRED is `complaint-tagger tag --sentences eval/gold.jsonl [--head DIR]` output.
"""
import glob
import json
import sys

gold = {(r["doc"], r["i"]): set(r["labels"]) for r in map(json.loads, open("eval/gold.jsonl", encoding="utf-8"))}
split = dict(line.rstrip("\n").split("\t") for line in open("eval/splits.tsv", encoding="utf-8") if not line.startswith("doc\t"))
sparse = {line.split("\t")[0] for path in glob.glob("eval/sources/*/manifest.tsv") for line in open(path, encoding="utf-8")}


def micro_f1(path, keep):
    tp = fp = fn = n = 0
    for row in map(json.loads, open(path, encoding="utf-8")):
        if split.get(row["doc"]) != "test" or not keep(row["doc"]):
            continue
        truth, predicted = gold[(row["doc"], row["i"])], set(row["labels"])
        n, tp, fp, fn = n + 1, tp + len(truth & predicted), fp + len(predicted - truth), fn + len(truth - predicted)
    return n, 2 * tp / max(2 * tp + fp + fn, 1)


for path in sys.argv[1:]:
    for name, keep in [("realistic sparse documents", lambda d: d in sparse), ("dev corpus and seeds", lambda d: d not in sparse)]:
        n, f1 = micro_f1(path, keep)
        print(f"{path}: {name}: {n} sentences, micro-F1 {f1:.3f}")
