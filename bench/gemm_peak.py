#!/usr/bin/env python3
"""The compute ceiling: one core's fp32 GEMM rate at the encoder's shapes (batch 64 x ~20 tokens).

Run: .venv/bin/python bench/gemm_peak.py  (prints GFLOP/s of torch's linear, 1 thread)
"""
import time

import torch

torch.set_num_threads(1)
tokens, hidden, ffn = 1280, 384, 1536
x, w, b = torch.randn(tokens, hidden), torch.randn(ffn, hidden), torch.randn(ffn)
torch.nn.functional.linear(x, w, b)
runs = 50
start = time.perf_counter()
for _ in range(runs):
    torch.nn.functional.linear(x, w, b)
seconds = (time.perf_counter() - start) / runs
print(f"linear {tokens}x{hidden} by {hidden}x{ffn}, 1 thread: {2 * tokens * hidden * ffn / seconds / 1e9:.1f} GFLOP/s")
