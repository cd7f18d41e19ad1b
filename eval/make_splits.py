#!/usr/bin/env python3
"""Assign every document of the gold set to train, dev or test, by document, reproducibly.

Why this exists: sentences of one document share wording, so the split must be by document;
and with eleven labels on ~130 documents a random draw can leave a label with no positives in
test. This script makes a stratified split and keeps it stable as the corpus grows.

Method (also described in eval/README.md):
  1. Documents are grouped so that related ones never straddle splits: same source_url, or
     same council and year (e.g. a news story and the ombudsman decision it reports, or two
     items of one meeting). A group is assigned as a whole.
  2. Existing assignments (--existing, by default eval/splits.tsv when it exists) are kept
     exactly. A new document in a group that already has assigned members joins their split.
     Documents named by --pin-train (default: the five seed documents, whose sentences are
     quoted as examples in annotation-guidelines.md) go to train, so that no test or dev
     sentence is a guideline example that a rule-based or prompted tagger may have seen.
  3. Remaining groups are placed greedily, in a seeded random order, into the split that most
     needs them: the shortfall against the target share (default 70/15/15) of sentences and of
     each label's positives, plus a bonus for a document type the split does not have yet.
     This is repeated for --trials seeded orders and the assignment with the smallest
     deviation from the targets wins; a label without positives in test (or dev) is heavily
     penalised. The winner is then polished by moving single new groups to another split
     while that lowers the deviation. The same inputs, seed and trials always give the same
     output.

Usage:
  python3 eval/make_splits.py                      # defaults below, keeps eval/splits.tsv
  python3 eval/make_splits.py --fresh              # ignore any existing splits.tsv
  python3 eval/make_splits.py --gold G --manifest M --existing S --out S --seed 20261123
"""
import argparse
import csv
import json
import os
import random
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SPLITS = ("train", "dev", "test")
# The seed documents: the annotation guidelines quote their sentences as worked examples.
GUIDELINE_SOURCES = (
    "harrow-2018-csc-complaints-annual",
    "reading-2022-csc-complaints-report",
    "seed-2-cyps-complaints-annual",
    "sefton-2010-csc-complaints-news",
    "walsall-2013-csc-complaints-news",
)
THEMES = ("staff_conduct communication sensitivity confidentiality decisions service_quality "
          "delay finance procedure staffing discrimination").split()


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gold", default=os.path.join(HERE, "gold.jsonl"), help="gold sentences (JSONL)")
    p.add_argument("--manifest", default=os.path.join(HERE, "manifest.tsv"),
                   help="document manifest (TSV with header: id council year type area source_url sentence_count)")
    p.add_argument("--existing", default=None,
                   help="splits.tsv whose assignments are kept (default: --out if it exists)")
    p.add_argument("--fresh", action="store_true", help="ignore existing assignments")
    p.add_argument("--pin-train", default=",".join(GUIDELINE_SOURCES),
                   help="comma-separated documents always put in train (default: the seeds the "
                        "guidelines quote); an existing assignment still wins")
    p.add_argument("--out", default=os.path.join(HERE, "splits.tsv"), help="where to write doc<TAB>split")
    p.add_argument("--seed", type=int, default=20261123, help="random seed (default 20261123)")
    p.add_argument("--trials", type=int, default=400, help="seeded orders tried (default 400)")
    p.add_argument("--ratios", default="0.70,0.15,0.15", help="train,dev,test sentence shares")
    return p.parse_args(argv)


def fail(msg):
    sys.exit(f"make_splits.py: {msg}")


def read_gold(path):
    """Per document: sentence count and positives per label."""
    sents, labels = Counter(), defaultdict(Counter)
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    doc, labs = row["doc"], row["labels"]
                except (ValueError, KeyError) as e:
                    fail(f"{path}:{n}: not a gold line ({e})")
                unknown = [l for l in labs if l not in THEMES]
                if unknown:
                    fail(f"{path}:{n}: unknown labels {unknown}")
                sents[doc] += 1
                labels[doc].update(labs)
    except OSError as e:
        fail(f"cannot read gold file {path}: {e}")
    return sents, labels


def read_manifest(path):
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as e:
        fail(f"cannot read manifest {path}: {e}")
    need = {"id", "council", "year", "type", "source_url"}
    if not rows or not need <= set(rows[0]):
        fail(f"{path}: header must name at least {sorted(need)}")
    return {r["id"]: r for r in rows}


def read_existing(path, docs):
    if not path or not os.path.exists(path):
        return {}
    fixed = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.rstrip("\n").split("\t")
            if n == 1 and parts == ["doc", "split"]:
                continue
            if len(parts) != 2 or parts[1] not in SPLITS:
                fail(f"{path}:{n}: expected doc<TAB>train|dev|test, got {line.rstrip()!r}")
            if parts[0] not in docs:
                print(f"warning: {path}:{n}: {parts[0]} is no longer in the gold set; dropped", file=sys.stderr)
                continue
            fixed[parts[0]] = parts[1]
    return fixed


def group_docs(docs, manifest):
    """Union documents that share a source_url or a (council, year)."""
    parent = {d: d for d in docs}

    def find(d):
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    first = {}
    for d in docs:
        m = manifest[d]
        for key in (("url", m["source_url"].strip()), ("cy", m["council"].strip().lower(), m["year"].strip())):
            if not key[-1]:
                continue
            if key in first:
                parent[find(d)] = find(first[key])
            else:
                first[key] = d
    groups = defaultdict(list)
    for d in docs:
        groups[find(d)].append(d)
    return sorted(sorted(g) for g in groups.values())


class State:
    """Running totals per split, so placing a group is cheap to score."""

    def __init__(self):
        self.sents = Counter()
        self.labels = defaultdict(Counter)
        self.types = defaultdict(Counter)

    def add(self, split, docs, sents, labels, manifest):
        for d in docs:
            self.sents[split] += sents[d]
            self.labels[split].update(labels[d])
            self.types[split][manifest[d]["type"]] += 1

    def remove(self, split, docs, sents, labels, manifest):
        for d in docs:
            self.sents[split] -= sents[d]
            self.labels[split].subtract(labels[d])
            self.types[split][manifest[d]["type"]] -= 1

    def copy(self):
        s = State()
        s.sents = Counter(self.sents)
        s.labels = defaultdict(Counter, {k: Counter(v) for k, v in self.labels.items()})
        s.types = defaultdict(Counter, {k: Counter(v) for k, v in self.types.items()})
        return s


def need(state, split, group, ratios, totals, sents, labels, manifest):
    """How much split wants group: shortfall of sentences and of the group's labels, plus types."""
    t_sent, t_lab = totals
    score = (ratios[split] * t_sent - state.sents[split]) / t_sent
    glabs = Counter()
    for d in group:
        glabs.update(labels[d])
    if glabs:
        score += sum(n * (ratios[split] * t_lab[l] - state.labels[split][l]) / t_lab[l]
                     for l, n in glabs.items()) / sum(glabs.values())
    if any(state.types[split][manifest[d]["type"]] == 0 for d in group):
        score += 0.05
    return score


def objective(state, ratios, totals, manifest):
    t_sent, t_lab = totals
    cost = sum((state.sents[s] / t_sent - ratios[s]) ** 2 for s in SPLITS) * len(THEMES)
    for l, tot in t_lab.items():
        cost += sum((state.labels[s][l] / tot - ratios[s]) ** 2 for s in SPLITS)
        cost += 1000 * (state.labels["test"][l] == 0) + 100 * (state.labels["dev"][l] == 0)
    by_type = Counter(m["type"] for m in manifest.values())
    for t, tot in by_type.items():
        cost += sum((state.types[s][t] / tot - ratios[s]) ** 2 for s in SPLITS)
        if tot >= 3:
            cost += 10 * sum(state.types[s][t] == 0 for s in SPLITS)
    return cost


def assign(groups, fixed, ratios, sents, labels, manifest, seed, trials):
    base, out, free = State(), dict(fixed), []
    for g in groups:
        known = Counter()
        for d in g:
            if d in fixed:
                known[fixed[d]] += sents[d]
        if known:
            # Join the split holding most of the group's sentences; ties go to the rarer split.
            split = max(SPLITS, key=lambda s: (known[s], SPLITS.index(s)))
            for d in g:
                out.setdefault(d, split)
                base.add(out[d], [d], sents, labels, manifest)
        else:
            free.append(g)
    t_lab = Counter()
    for d in sents:
        t_lab.update(labels[d])
    totals = (sum(sents.values()), {l: t_lab[l] for l in THEMES if t_lab[l]})
    best = None
    for t in range(max(1, trials)):
        rng = random.Random(f"{seed}:{t}")
        order = free[:]
        rng.shuffle(order)
        state, plan = base.copy(), {}
        for g in order:
            split = max(SPLITS, key=lambda s: need(state, s, g, ratios, totals, sents, labels, manifest))
            state.add(split, g, sents, labels, manifest)
            plan.update({d: split for d in g})
        cost = objective(state, ratios, totals, manifest)
        if best is None or cost < best[0]:
            best = (cost, plan, state)
    plan, state = improve(best[1], best[2], free, ratios, totals, sents, labels, manifest)
    out.update(plan)
    return out, state, totals


def improve(plan, state, free, ratios, totals, sents, labels, manifest):
    """Move single groups between splits while that lowers the objective (greedy hill-climb)."""
    cost = objective(state, ratios, totals, manifest)
    changed = True
    while changed:
        changed = False
        for g in free:
            here = plan[g[0]]
            for split in SPLITS:
                if split == here:
                    continue
                trial = state.copy()
                trial.remove(here, g, sents, labels, manifest)
                trial.add(split, g, sents, labels, manifest)
                c = objective(trial, ratios, totals, manifest)
                if c < cost - 1e-12:
                    cost, state, here, changed = c, trial, split, True
                    plan.update({d: split for d in g})
    return plan, state


def main(argv):
    a = parse_args(argv)
    try:
        ratios = dict(zip(SPLITS, (float(x) for x in a.ratios.split(","))))
    except ValueError:
        fail(f"--ratios must be three numbers, got {a.ratios!r}")
    if len(ratios) != 3 or abs(sum(ratios.values()) - 1) > 1e-6:
        fail(f"--ratios must be three shares summing to 1, got {a.ratios!r}")
    sents, labels = read_gold(a.gold)
    manifest = read_manifest(a.manifest)
    missing = sorted(set(sents) - set(manifest))
    if missing:
        fail(f"{a.manifest}: no row for gold documents {missing[:5]}")
    extra = sorted(set(manifest) - set(sents))
    if extra:
        fail(f"{a.gold}: no sentences for manifest documents {extra[:5]}")
    existing = None if a.fresh else (a.existing or a.out)
    fixed = read_existing(existing, sents)
    previous = set(fixed)
    for d in filter(None, (x.strip() for x in a.pin_train.split(","))):
        if d not in sents:
            print(f"warning: --pin-train names {d}, which is not in the gold set", file=sys.stderr)
        elif fixed.setdefault(d, "train") != "train":
            print(f"warning: {d} is pinned to train but kept in {fixed[d]} from {existing}", file=sys.stderr)
    groups = group_docs(sorted(sents), manifest)
    out, state, (t_sent, t_lab) = assign(groups, fixed, ratios, sents, labels, manifest, a.seed, a.trials)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("doc\tsplit\n")
        for d in sorted(out):
            f.write(f"{d}\t{out[d]}\n")
    kept = sum(1 for d in fixed if out[d] == fixed[d] and d in previous)
    print(f"wrote {a.out}: {len(out)} documents ({kept} kept from {existing or 'nothing'}, "
          f"{len(out) - kept} newly assigned), {len(groups)} groups", file=sys.stderr)
    for s in SPLITS:
        no_pos = [l for l in t_lab if state.labels[s][l] == 0]
        print(f"  {s}: {state.sents[s]} sentences ({state.sents[s] / t_sent:.1%})"
              + (f"; labels without positives: {no_pos}" if no_pos else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
