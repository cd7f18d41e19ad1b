#!/usr/bin/env python3
"""Why the encoder stays fp32: int8 dynamic quantisation's speed and its cosine to fp32.

Run with the bench venv (made by `make bench`): bench/.venv/bin/python bench/int8_probe.py
Encodes 1,000 gold sentences with 1 torch thread, fp32 and quantised variants, and prints
each variant's speed-up and minimum/mean cosine to the fp32 vectors.
"""
import json
import os
import re
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402
from torch.ao.quantization import per_channel_dynamic_qconfig  # noqa: E402

MODEL = "models/all-MiniLM-L6-v2"
torch.set_num_threads(1)
texts = [json.loads(line)["text"] for line in open("eval/gold.jsonl", encoding="utf-8")][::3][:1000]


def encode(model):
    start = time.perf_counter()
    vectors = model.encode(texts, batch_size=64, convert_to_tensor=True, normalize_embeddings=True)
    return vectors, time.perf_counter() - start


def quantised(pattern, qconfig):
    model = SentenceTransformer(MODEL, device="cpu")
    layers = {name: qconfig for name, m in model.named_modules()
              if isinstance(m, torch.nn.Linear) and re.search(pattern, name)}
    return torch.ao.quantization.quantize_dynamic(model, layers, dtype=torch.qint8)


reference, fp32_seconds = encode(SentenceTransformer(MODEL, device="cpu"))
default_qconfig = torch.ao.quantization.default_dynamic_qconfig
variants = [("all linear, per tensor", "", default_qconfig), ("all linear, per channel", "", per_channel_dynamic_qconfig)]
variants += [(f"{p} only, per channel", p, per_channel_dynamic_qconfig)
             for p in ["intermediate.dense", "attention.self", "attention.output.dense", r"\d\.output\.dense"]]
print(f"fp32: {fp32_seconds:.2f} s")
for name, pattern, qconfig in variants:
    vectors, seconds = encode(quantised(pattern, qconfig))
    cosines = (vectors * reference).sum(1)
    print(f"{name}: {fp32_seconds / seconds:.2f}x, min cosine {cosines.min().item():.4f}, mean {cosines.mean().item():.4f}")
