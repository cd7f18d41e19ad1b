#!/usr/bin/env bash
# `make bench`: speed and memory, measured side by side in one run on this machine.
# Writes bench/results.md. Python packages for the comparison (sentence-transformers pins from
# STACK.md, pysbd 0.3.4) go into bench/.venv, which reuses the torch of .venv (no 2nd download).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/complaint-tagger
venv=bench/.venv
site=$(.venv/bin/python -c 'import site; print(site.getsitepackages()[0])')
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
  echo "$site" > "$($venv/bin/python -c 'import site; print(site.getsitepackages()[0])')/project-torch.pth"
fi
$venv/bin/pip install --quiet --disable-pip-version-check transformers==4.46.3 sentence-transformers==3.3.1 'numpy<2' pysbd==0.3.4
threads=${BENCH_THREADS:-$(nproc)}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# The same 2,000 sentences for both encoders: every third gold sentence of the bundled corpus.
python3 -c '
import json, sys
rows = [json.loads(l) for l in open("eval/gold.jsonl", encoding="utf-8")][::3][:2000]
sys.stdout.writelines(json.dumps({"doc": r["doc"], "i": r["i"], "text": r["text"]}) + "\n" for r in rows)
' > "$work/sentences.jsonl"

echo "python sentence-transformers..." >&2
py=$(/usr/bin/time -v -o "$work/py.time" $venv/bin/python bench/st_encode.py models/all-MiniLM-L6-v2 "$work/sentences.jsonl" "$threads" 64 cpu)
echo "complaint-tagger embed..." >&2
/usr/bin/time -v -o "$work/rs.time" $bin embed "$work/sentences.jsonl" --stats --threads "$threads" --batch-size 64 > /dev/null 2> "$work/rs.json"
rs=$(tail -1 "$work/rs.json")
echo "splitter vs pysbd..." >&2
split=$(bench/split_bench.sh "$bin" "$venv/bin/python" corpus 3)
echo "end-to-end tag of corpus/..." >&2
start=$(date +%s.%N)
/usr/bin/time -v -o "$work/tag.time" $bin tag corpus --quiet --out "$work/tag-out" 2> "$work/tag.err" || true
tag_seconds=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
tag_sentences=$(wc -l < "$work/tag-out/sentences.jsonl")

rss() { awk -F': ' '/Maximum resident/ {printf "%.0f MB", $2/1024}' "$1"; }
python3 - "$py" "$rs" "$(rss "$work/py.time")" "$(rss "$work/rs.time")" "$split" "$tag_seconds" "$tag_sentences" "$(rss "$work/tag.time")" > bench/results.md <<'PY'
import json, platform, subprocess, sys, datetime
py, rs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
py_rss, rs_rss, split, tag_s, tag_n, tag_rss = sys.argv[3:9]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
print("# Benchmarks\n")
print(f"Made by `make bench` on {datetime.date.today()}, commit {commit}; {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, {cpu}.\n")
print("## Encoding: the same 2,000 sentences of corpus/, batch 64, one process after the other\n")
print("| encoder | sentences/s | seconds | peak RSS |")
print("|---|---|---|---|")
print(f"| Python sentence-transformers 3.3.1 (torch 2.4.0) | {py['sentences_per_s']:.1f} | {py['seconds']:.2f} | {py_rss} |")
print(f"| complaint-tagger embed | {rs['sentences_per_s']:.1f} | {rs['seconds']:.2f} | {rs_rss} |")
print(f"\nRatio complaint-tagger / Python: **{rs['sentences_per_s'] / py['sentences_per_s']:.2f}x** (model load excluded from both).\n")
print("## Splitter against pySBD 0.3.4 (same text)\n")
print("```\n" + split.strip() + "\n```\n")
print("## End to end: `complaint-tagger tag corpus --out DIR` (shipped head)\n")
print(f"{tag_n} sentences in {tag_s} s ({int(tag_n) / float(tag_s):.1f} sentences/s), peak RSS {tag_rss}.")
PY
cat bench/results.md
