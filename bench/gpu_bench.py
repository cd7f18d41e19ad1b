"""GPU encoding speed on a lent device machine (see bench/README in results.md, "GPU").

The complaint-tagger binary links the torch 2.4 (CUDA 12) libraries of the project's venv,
which cannot travel to the device machine (gigabytes; its own torch is 2.11 with CUDA 13 and
another C++ ABI). So this script measures, on the same GPU and the same 2,000 bench sentences:

- Python sentence-transformers (the reference), fp32 and fp16;
- the kernel sequence of complaint-tagger's fused forward pass (`--forward fused`: one
  `torch._transformer_encoder_layer_fwd` call per layer on length-sorted padded batches,
  then mean pooling), driven from Python. It is a proxy for `--device cuda`, not the binary.

Usage: python3 bench/gpu_bench.py CONFIG_DIR WEIGHTS.safetensors GOLD.jsonl ROUNDS
CONFIG_DIR holds the all-MiniLM-L6-v2 config and tokenizer files (no weights); the weights
(any all-MiniLM-L6-v2-shaped BERT, fp16 or fp32) are written into a copy of it as fp32.
Prints one JSON line per measurement.
"""
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

os.environ["HF_HUB_OFFLINE"] = "1"
import torch  # noqa: E402
from safetensors.torch import load_file, save_file  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402


def model_dir(config_dir, weights):
    """A sentence-transformers folder with the given weights in fp32."""
    out = tempfile.mkdtemp()
    shutil.copytree(config_dir, out, dirs_exist_ok=True)
    save_file({k: v.float().contiguous() for k, v in load_file(weights).items()}, os.path.join(out, "model.safetensors"))
    return out


def bench_sentences(gold):
    """The bench's 2,000 sentences: every third gold sentence (as bench/run.sh picks them)."""
    rows = [json.loads(line) for line in open(gold, encoding="utf-8")][::3][:2000]
    return [r["text"] for r in rows]


def timed(run, rounds):
    """Median seconds of `rounds` runs after one warm-up, synchronising the GPU each time."""
    run()
    times = []
    for _ in range(rounds):
        torch.cuda.synchronize()
        start = time.perf_counter()
        result = run()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


class FusedProxy:
    """complaint-tagger's fused forward pass, call for call, on the GPU."""

    def __init__(self, st_model, dtype):
        bert = st_model[0].auto_model
        self.tokenizer = st_model.tokenizer
        self.embeddings = bert.embeddings.to(dtype)
        self.heads = bert.config.num_attention_heads
        self.hidden = bert.config.hidden_size
        self.eps = bert.config.layer_norm_eps
        self.dtype = dtype
        self.layers = []
        for layer in bert.encoder.layer:
            a = layer.attention
            w = lambda t: t.detach().to(dtype)  # noqa: E731
            self.layers.append([
                w(torch.cat([a.self.query.weight, a.self.key.weight, a.self.value.weight])),
                w(torch.cat([a.self.query.bias, a.self.key.bias, a.self.value.bias])),
                w(a.output.dense.weight), w(a.output.dense.bias),
                w(a.output.LayerNorm.weight), w(a.output.LayerNorm.bias),
                w(layer.output.LayerNorm.weight), w(layer.output.LayerNorm.bias),
                w(layer.intermediate.dense.weight), w(layer.intermediate.dense.bias),
                w(layer.output.dense.weight), w(layer.output.dense.bias),
            ])

    @torch.inference_mode()
    def encode(self, texts, batch):
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = [None] * len(texts)
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            enc = self.tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=256, return_tensors="pt").to("cuda")
            hidden = self.embeddings(input_ids=enc["input_ids"], token_type_ids=enc["token_type_ids"])
            padding = enc["attention_mask"] == 0
            for (qkv_w, qkv_b, proj_w, proj_b, n1w, n1b, n2w, n2b, f1w, f1b, f2w, f2b) in self.layers:
                hidden = torch._transformer_encoder_layer_fwd(
                    hidden, self.hidden, self.heads, qkv_w, qkv_b, proj_w, proj_b, True, False, self.eps,
                    n1w, n1b, n2w, n2b, f1w, f1b, f2w, f2b, padding, 1)
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            pooled = torch.nn.functional.normalize(pooled.float(), dim=-1)
            for row, i in enumerate(idx):
                out[i] = pooled[row]
        return torch.stack(out)


def report(name, batch, median, times, n, **extra):
    print(json.dumps({"encoder": name, "batch": batch, "sentences_per_s": n / median,
                      "rounds_sentences_per_s": [round(n / t, 1) for t in times], **extra}), flush=True)


def main():
    config_dir, weights, gold, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    texts = bench_sentences(gold)
    st = SentenceTransformer(model_dir(config_dir, weights), device="cuda")
    print(json.dumps({"gpu": torch.cuda.get_device_name(0), "torch": torch.__version__,
                      "sentence_transformers": __import__("sentence_transformers").__version__,
                      "sentences": len(texts)}), flush=True)
    reference = torch.tensor(st.encode(texts, batch_size=64, normalize_embeddings=True)).cuda()
    for batch in (64, 256):
        median, times, _ = timed(lambda: st.encode(texts, batch_size=batch, normalize_embeddings=True), rounds)
        report("python sentence-transformers fp32", batch, median, times, len(texts))
    for dtype in (torch.float32, torch.float16):
        proxy = FusedProxy(st, dtype)
        for batch in (64, 256):
            median, times, vectors = timed(lambda: proxy.encode(texts, batch), rounds)
            cosine = (vectors * reference).sum(-1).min().item()
            report(f"fused-pass proxy {str(dtype).split('.')[-1]}", batch, median, times, len(texts), min_cosine_to_st_fp32=round(cosine, 6))
    st.half()
    for batch in (64, 256):
        median, times, vectors = timed(lambda: torch.tensor(st.encode(texts, batch_size=batch, normalize_embeddings=True)).cuda(), rounds)
        report("python sentence-transformers fp16", batch, median, times, len(texts), min_cosine_to_st_fp32=round((vectors * reference).sum(-1).min().item(), 6))


if __name__ == "__main__":
    main()
