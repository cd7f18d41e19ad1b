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

# Encoders run one after the other, in ROUNDS interleaved rounds, so that a noisy neighbour
# hits every variant alike; each variant's median round is reported.
rounds=${BENCH_ROUNDS:-3}
variants=("rust-bert 64" "fused 64" "fused 32")
for round in $(seq "$rounds"); do
  echo "encoding round $round/$rounds: python sentence-transformers, then complaint-tagger ${variants[*]}..." >&2
  /usr/bin/time -v -o "$work/py.$round.time" $venv/bin/python bench/st_encode.py models/all-MiniLM-L6-v2 "$work/sentences.jsonl" "$threads" 64 cpu > "$work/py.$round.json"
  for variant in "${variants[@]}"; do
    read -r forward batch <<< "$variant"
    tag="$forward-$batch"
    /usr/bin/time -v -o "$work/rs-$tag.$round.time" $bin embed "$work/sentences.jsonl" --stats --forward "$forward" --batch-size "$batch" > /dev/null 2> "$work/rs-$tag.$round.err"
    tail -1 "$work/rs-$tag.$round.err" > "$work/rs-$tag.$round.json"
  done
done
head -1 "$work/sentences.jsonl" > "$work/one.jsonl"
$bin embed "$work/one.jsonl" --stats > /dev/null 2> /dev/null  # warms the file cache
$bin embed "$work/one.jsonl" --stats > /dev/null 2> "$work/load.err"
echo "splitter vs pysbd..." >&2
split=$(bench/split_bench.sh "$bin" "$venv/bin/python" corpus 3)
echo "end-to-end tag of corpus/..." >&2
start=$(date +%s.%N)
/usr/bin/time -v -o "$work/tag.time" $bin tag corpus --quiet --out "$work/tag-out" 2> "$work/tag.err" || true
tag_seconds=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
tag_sentences=$(wc -l < "$work/tag-out/sentences.jsonl")

rss() { awk -F': ' '/Maximum resident/ {printf "%.0f MB", $2/1024}' "$1"; }
for f in "$work"/*.time; do rss "$f" > "${f%.time}.rss"; done
python3 - "$work" "$rounds" "$split" "$tag_seconds" "$tag_sentences" "$(rss "$work/tag.time")" "${variants[@]}" > bench/results.md <<'PY'
import glob, json, statistics, subprocess, sys, datetime
work, rounds, split, tag_s, tag_n, tag_rss = sys.argv[1], int(sys.argv[2]), *sys.argv[3:7]
variants = [v.replace(" ", "-") for v in sys.argv[7:]]

def median_round(prefix):
    runs = [(json.load(open(f"{work}/{prefix}.{r}.json")), open(f"{work}/{prefix}.{r}.rss").read()) for r in range(1, rounds + 1)]
    runs.sort(key=lambda run: run[0]["sentences_per_s"])
    return runs[len(runs) // 2], [run[0]["sentences_per_s"] for run in runs]

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
print("# Benchmarks\n")
print(f"Made by `make bench` on {datetime.date.today()}, commit {commit}; {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, {cpu}.\n")
print(f"## Encoding: the same 2,000 sentences of corpus/, {rounds} interleaved rounds, median round\n")
print("| encoder | forward pass | batch | sentences/s (median) | all rounds | vs Python | peak RSS |")
print("|---|---|---|---|---|---|---|")
(py, py_rss), py_all = median_round("py")
print(f"| Python sentence-transformers 3.3.1 (torch 2.4.0) | PyTorch BertModel | 64 | {py['sentences_per_s']:.1f} | {', '.join(f'{x:.0f}' for x in py_all)} | 1.00x | {py_rss} |")
for v in variants:
    (rs, rs_rss), rs_all = median_round(f"rs-{v}")
    print(f"| complaint-tagger embed | {rs['forward']} | {rs['batch']} | {rs['sentences_per_s']:.1f} | {', '.join(f'{x:.0f}' for x in rs_all)} | **{rs['sentences_per_s'] / py['sentences_per_s']:.2f}x** | {rs_rss} |")
load = json.loads(open(f"{work}/load.err").read().strip().splitlines()[-1])
print(f"\nModel load excluded from every figure above. Warm model load of `complaint-tagger embed` (both workers, sha256 check included): {load['load_seconds']:.2f} s. The default is the fused forward pass, batch {load['batch']}, {load['workers']} workers x {load['threads_per_worker']} thread.\n")
print("## Splitter against pySBD 0.3.4 (same text)\n")
print("```\n" + split.strip() + "\n```\n")
print("## End to end: `complaint-tagger tag corpus --out DIR` (shipped head)\n")
print(f"{tag_n} sentences in {tag_s} s ({int(tag_n) / float(tag_s):.1f} sentences/s), peak RSS {tag_rss}.")
for path in sorted(glob.glob("bench/gpu-*.jsonl")):
    meta, gpu, *rows = [json.loads(line) for line in open(path)]
    print(f"\n## GPU ({gpu['gpu']}): recorded in `{path}`, not re-measured by `make bench`\n")
    print(f"Measured {meta['measured']} on {meta['machine']}, with `{meta['command']}` (torch {gpu['torch']}, "
          f"sentence-transformers {gpu['sentence_transformers']}), the same {gpu['sentences']} sentences, median of 5 rounds. "
          "The binary itself cannot run there (see the script's docstring); the fused rows drive its kernel sequence from Python.\n")
    print("| encoder | batch | sentences/s (median) | all rounds | vs Python fp32, same batch | min cosine to Python fp32 |")
    print("|---|---|---|---|---|---|")
    base = {r["batch"]: r["sentences_per_s"] for r in rows if r["encoder"] == "python sentence-transformers fp32"}
    for r in rows:
        print(f"| {r['encoder']} | {r['batch']} | {r['sentences_per_s']:.0f} | {', '.join(f'{x:.0f}' for x in r['rounds_sentences_per_s'])} | "
              f"{r['sentences_per_s'] / base[r['batch']]:.2f}x | {r.get('min_cosine_to_st_fp32', 1.0):.6f} |")
PY
cat bench/results.md
