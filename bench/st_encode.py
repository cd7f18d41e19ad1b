"""Python sentence-transformers encoding speed on the bench sentences (run by bench/run.sh).

Loads all-MiniLM-L6-v2 from the project's unpacked wheel (never a hub), pins threads, warms
up, then times one encode of every sentence. Prints one JSON line of results.
"""
import json
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

model_dir, sentences_path, threads, batch, device = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
torch.set_num_threads(threads)
texts = [json.loads(line)["text"] for line in open(sentences_path, encoding="utf-8")]
model = SentenceTransformer(model_dir, device=device)
model.encode(texts[:64], batch_size=batch)
start = time.perf_counter()
model.encode(texts, batch_size=batch, normalize_embeddings=True)
if device.startswith("cuda"):
    torch.cuda.synchronize()
seconds = time.perf_counter() - start
print(json.dumps({"encoder": "python sentence-transformers", "sentences": len(texts), "seconds": seconds,
                  "sentences_per_s": len(texts) / seconds, "threads": threads, "batch": batch, "device": device}))
