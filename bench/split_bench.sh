#!/usr/bin/env bash
# Speed of `complaint-tagger split` against pySBD 0.3.4 on the same text, side by side.
#
# usage: bench/split_bench.sh BINARY PYTHON [CORPUS_DIR] [MEGABYTES]
#   BINARY      path of the complaint-tagger binary
#   PYTHON      a python with pysbd==0.3.4 installed
#   CORPUS_DIR  directory of .txt documents (default: corpus/ next to this script's parent)
#   MEGABYTES   size of the benchmark text: the corpus concatenated and repeated (default 3)
# Prints characters/second for both and the ratio (complaint-tagger / pySBD).
set -euo pipefail
if [[ $# -lt 2 ]]; then
    sed -n '2,9p' "$0" >&2
    exit 2
fi
binary=$1
python=$2
corpus=${3:-"$(dirname "$0")/../corpus"}
megabytes=${4:-3}
[[ -x $binary ]] || { echo "error: $binary: not an executable" >&2; exit 2; }
[[ -d $corpus ]] || { echo "error: $corpus: not a directory" >&2; exit 2; }
"$python" -c 'import pysbd, sys; sys.exit(pysbd.__version__ != "0.3.4")' \
    || { echo "error: $python: needs pysbd 0.3.4 (pip install pysbd==0.3.4)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$python" - "$binary" "$corpus" "$megabytes" "$work" <<'PY'
import glob, os, subprocess, sys, time
import pysbd

binary, corpus, megabytes, work = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
docs = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(corpus, "*.txt")))]
if not docs:
    sys.exit(f"error: {corpus}: no .txt files")
# The corpus repeated until it reaches the size asked for, one file per document copy, so
# both splitters see the same documents (pySBD slows down badly on one multi-megabyte string).
texts, total = [], 0
while total < megabytes * 1_000_000:
    for doc in docs:
        texts.append(doc)
        total += len(doc)
docs_dir = os.path.join(work, "docs")
os.makedirs(docs_dir)
for k, doc in enumerate(texts):
    with open(os.path.join(docs_dir, f"{k:06d}.txt"), "w", encoding="utf-8") as f:
        f.write(doc)
print(f"text: {total:,} characters in {len(texts)} documents ({len(docs)} corpus documents repeated)")

def best_of(runs, fn):
    best, result = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result

def run_binary(threads):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads)) if threads else os.environ
    out = subprocess.run([binary, "split", docs_dir], check=True, capture_output=True, env=env)
    return out.stdout.count(b"\n")

seg = pysbd.Segmenter(language="en", clean=False, char_span=False)
theirs_s, theirs_n = best_of(1, lambda: sum(len(seg.segment(t)) for t in texts))
theirs_rate = total / theirs_s
print(f"pySBD 0.3.4 (1 thread):            {theirs_s:8.3f} s {theirs_rate:13,.0f} chars/s {theirs_n:,} sentences")
for label, threads in [("1 thread", 1), ("all cores", None)]:
    ours_s, ours_n = best_of(3, lambda: run_binary(threads))
    ours_rate = total / ours_s
    print(f"complaint-tagger split ({label:9}): {ours_s:8.3f} s {ours_rate:13,.0f} chars/s {ours_n:,} sentences"
          f"  ratio {ours_rate / theirs_rate:.1f}x")
print("(complaint-tagger times are the whole process: reading files and writing JSON lines)")
PY
