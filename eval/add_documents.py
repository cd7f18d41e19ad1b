#!/usr/bin/env python3
"""Add labelled documents to the project: corpus/<id>.txt, eval/gold.jsonl, eval/manifest.tsv.

Each source directory holds docs/<id>.txt, docs/<id>.sentences.jsonl (gold sentences with
labels, offsets in Python str indices) and manifest.tsv (no header; the columns of
eval/manifest.tsv). Existing documents are never changed: an id already in the corpus is an
error. Afterwards run `python3 eval/make_splits.py` (existing split assignments stay) and
`python3 eval/stats.py`.

Usage: python3 eval/add_documents.py eval/sources/extra-minutes eval/sources/extra-ombudsman
"""
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
THEMES = ["staff_conduct", "communication", "sensitivity", "confidentiality", "decisions",
          "service_quality", "delay", "finance", "procedure", "staffing", "discrimination"]


def check_document(doc_id, text, sentences):
    for n, s in enumerate(sentences):
        assert s["doc"] == doc_id and s["i"] == n, f"{doc_id}: sentence {n} has doc/i {s['doc']}/{s['i']}"
        assert text[s["start"]:s["end"]] == s["text"], f"{doc_id}: sentence {n} text does not match offsets"
        assert all(l in THEMES for l in s["labels"]), f"{doc_id}: sentence {n} has unknown labels {s['labels']}"
        s["labels"] = sorted(set(s["labels"]), key=THEMES.index)


def main(sources):
    gold_path = os.path.join(HERE, "gold.jsonl")
    gold = [json.loads(line) for line in open(gold_path, encoding="utf-8")]
    known = {g["doc"] for g in gold}
    manifest_rows = []
    for source in sources:
        for row in open(os.path.join(source, "manifest.tsv"), encoding="utf-8"):
            cols = row.rstrip("\n").split("\t")
            doc_id = cols[0]
            if doc_id in known:
                sys.exit(f"{doc_id} is already in the corpus")
            txt = os.path.join(source, "docs", doc_id + ".txt")
            text = open(txt, encoding="utf-8").read()
            sentences = [json.loads(l) for l in open(os.path.join(source, "docs", doc_id + ".sentences.jsonl"), encoding="utf-8")]
            check_document(doc_id, text, sentences)
            assert int(cols[6]) == len(sentences), f"{doc_id}: manifest count {cols[6]} != {len(sentences)}"
            shutil.copyfile(txt, os.path.join(ROOT, "corpus", doc_id + ".txt"))
            gold.extend({k: s[k] for k in ("doc", "i", "start", "end", "text", "labels")} for s in sentences)
            manifest_rows.append("\t".join(cols))
            known.add(doc_id)
    gold.sort(key=lambda g: (g["doc"], g["i"]))
    with open(gold_path, "w", encoding="utf-8") as out:
        for g in gold:
            out.write(json.dumps(g, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "manifest.tsv"), "a", encoding="utf-8") as out:
        for row in manifest_rows:
            out.write(row + "\n")
    print(f"added {len(manifest_rows)} documents; gold now {len(gold)} sentences")


if __name__ == "__main__":
    main(sys.argv[1:])
