"""Fine-tuning settings compared on a GPU, to choose what `train --finetune` should try (#8).

A Python replica of complaint-tagger's recipe (src/train/finetune.rs): all-MiniLM-L6-v2, mean
pooling, L2 normalisation, a linear head started from balanced logistic regression (C=3) on
the frozen embeddings, BCE with pos_weight sqrt(neg/pos), AdamW (weight decay 0.01; head
rate 2e-3), 10% linear warm-up then linear decay, gradient norm clipped at 1, length-grouped
shuffled batches. Only the train split is used: a document-grouped fifth of it is the
validation part (another grouping than Rust's, so absolute scores differ a little from
`train`'s; the comparison between settings is the point). Test and dev are never read.

Usage: python3 eval/experiments/gpu_finetune_grid.py CONFIG_DIR PRETRAINED.safetensors GOLD SPLITS
       [name=lr,batch,epochs,seed,pos_weight[,context] ...]
context: none (default), previous (the sentence before, as Rust's --previous-sentence) or
heading (the nearest heading line above: short, no closing punctuation). The context goes in
as a second segment after the sentence, and only the sentence's own tokens are pooled.
Prints one JSON line per setting and epoch: validation micro/macro-F1 at threshold 0.5 and
with per-theme thresholds tuned on the validation part (what Rust's epoch choice reads);
with several settings, a last line scores the average of their last-epoch probabilities.
"""
import json
import math
import re
import os
import random
import shutil
import sys
import tempfile
import time

os.environ["HF_HUB_OFFLINE"] = "1"
import numpy as np  # noqa: E402
import torch  # noqa: E402
from safetensors.torch import load_file, save_file  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from transformers import AutoModel, AutoTokenizer  # noqa: E402

THEMES = ["staff_conduct", "communication", "sensitivity", "confidentiality", "decisions", "service_quality",
          "delay", "finance", "procedure", "staffing", "discrimination"]


def model_dir(config_dir, weights):
    out = tempfile.mkdtemp()
    shutil.copytree(config_dir, out, dirs_exist_ok=True)
    save_file({k: (v.float() if v.is_floating_point() else v).contiguous() for k, v in load_file(weights).items()}, os.path.join(out, "model.safetensors"))
    return out


def train_sentences(gold, splits):
    split_of = dict(line.rstrip("\n").split("\t") for line in open(splits, encoding="utf-8") if not line.startswith("doc\t"))
    rows = [json.loads(line) for line in open(gold, encoding="utf-8")]
    return [r for r in rows if split_of[r["doc"]] == "train"]


def hold_out(rows, seed=13, share=0.2):
    """Whole documents, shuffled, into the validation part until it holds `share` of sentences."""
    docs = sorted({r["doc"] for r in rows})
    random.Random(seed).shuffle(docs)
    size = {d: 0 for d in docs}
    for r in rows:
        size[r["doc"]] += 1
    val, n = set(), 0
    for d in docs:
        if n >= share * len(rows):
            break
        val.add(d)
        n += size[d]
    return [r for r in rows if r["doc"] not in val], [r for r in rows if r["doc"] in val]


def is_heading(text):
    """A short line of mostly words without closing punctuation: a section or item title
    (not a date, page number or table row, which are mostly figures)."""
    words = text.split()
    wordy = [w for w in words if any(c.isalpha() for c in w)]
    return (0 < len(words) <= 12 and len(wordy) >= 0.7 * len(words) and not text.startswith(("-", "•", "*"))
            and text.rstrip()[-1] not in ".?!;:,)\"'”" and not re.search(r"\b(19|20)\d\d\b|^page\b", text, re.I))


def contexts(rows, kind):
    """The second segment of every row: '' for none; rows are in document order."""
    out, previous, heading = [], {}, {}
    for r in rows:
        if kind == "previous":
            out.append(previous.get(r["doc"], ""))
        elif kind == "heading":
            out.append(heading.get(r["doc"], ""))
        else:
            out.append("")
        previous[r["doc"]] = r["text"]
        if is_heading(r["text"]):
            heading[r["doc"]] = r["text"]
    return out


def labels(rows):
    return np.array([[t in r["labels"] for t in THEMES] for r in rows], dtype=np.float32)


class Tagger(torch.nn.Module):
    def __init__(self, path):
        super().__init__()
        self.bert = AutoModel.from_pretrained(path)
        self.head = torch.nn.Linear(self.bert.config.hidden_size, len(THEMES))

    def pooled(self, enc):
        hidden = self.bert(**enc).last_hidden_state
        # only the sentence's own segment is pooled, so a context changes the view, not the span
        mask = (enc["attention_mask"] * (1 - enc["token_type_ids"])).unsqueeze(-1).float()
        return torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9), dim=-1)

    def forward(self, enc):
        return self.head(self.pooled(enc))


def encode(tokenizer, texts, ctx, idx):
    firsts = [texts[i] for i in idx]
    if not any(ctx[i] for i in idx):
        return tokenizer(firsts, padding=True, truncation=True, max_length=256, return_tensors="pt", return_token_type_ids=True).to("cuda")
    seconds = [" ".join(ctx[i].split()[:40]) or "-" for i in idx]
    return tokenizer(firsts, seconds, padding=True, truncation="only_second", max_length=256, return_tensors="pt").to("cuda")


def batches_of(tokenizer, texts, ctx, order, size):
    for start in range(0, len(order), size):
        idx = order[start:start + size]
        yield idx, encode(tokenizer, texts, ctx, idx)


@torch.no_grad()
def probabilities(model, tokenizer, texts, ctx, fn):
    model.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = torch.zeros(len(texts), len(THEMES) if fn == "head" else model.bert.config.hidden_size)
    for idx, enc in batches_of(tokenizer, texts, ctx, order, 256):
        out[idx] = (torch.sigmoid(model(enc)) if fn == "head" else model.pooled(enc)).float().cpu()
    model.train()
    return out.numpy()


def f1s(y, p):
    tp = (y * p).sum(0)
    fp = ((1 - y) * p).sum(0)
    fn = (y * (1 - p)).sum(0)
    micro = 2 * tp.sum() / max(2 * tp.sum() + fp.sum() + fn.sum(), 1)
    per = np.where(2 * tp + fp + fn > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0)
    return float(micro), float(per.mean()), per


def tuned(y, prob):
    grid = np.arange(0.05, 0.96, 0.05)
    thresholds = []
    for t in range(y.shape[1]):
        scores = [f1s(y[:, [t]], (prob[:, [t]] >= g).astype(np.float32))[0] for g in grid]
        thresholds.append(grid[int(np.argmax(scores))])
    return f1s(y, (prob >= np.array(thresholds)).astype(np.float32))


def run(name, path, fit, val, lr, batch, epochs, seed, pos_scheme, context="none"):
    torch.manual_seed(seed)
    rng = random.Random(seed)
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = Tagger(path).cuda()
    texts, y, ctx = [r["text"] for r in fit], labels(fit), contexts(fit, context)
    x = probabilities(model, tokenizer, texts, ctx, "pooled")
    with torch.no_grad():
        for t in range(len(THEMES)):
            lr_model = LogisticRegression(C=3.0, class_weight="balanced", max_iter=1000).fit(x, y[:, t])
            model.head.weight[t] = torch.tensor(lr_model.coef_[0])
            model.head.bias[t] = float(lr_model.intercept_[0])
    pos = y.sum(0).clip(min=1)
    ratio = (len(y) - pos) / pos
    pos_weight = torch.tensor(np.sqrt(ratio) if pos_scheme == "sqrt" else ratio if pos_scheme == "full" else np.ones_like(ratio)).float().cuda()
    optimizer = torch.optim.AdamW([{"params": model.bert.parameters(), "lr": lr}, {"params": model.head.parameters(), "lr": 2e-3}], weight_decay=0.01)
    steps = math.ceil(len(fit) / batch) * epochs
    warm = max(steps * 0.1, 1)
    schedule = lambda s: (s + 1) / warm if s < warm else max((steps - s) / max(steps - warm, 1), 0.0)  # noqa: E731
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, [schedule, schedule])
    lengths = [len(t) for t in texts]
    val_texts, val_y, val_ctx = [r["text"] for r in val], labels(val), contexts(val, context)
    started = time.time()
    for epoch in range(1, epochs + 1):
        order = list(range(len(fit)))
        rng.shuffle(order)
        pools = [sorted(order[i:i + batch * 50], key=lambda j: lengths[j]) for i in range(0, len(order), batch * 50)]
        chunks = [pool[i:i + batch] for pool in pools for i in range(0, len(pool), batch)]
        rng.shuffle(chunks)
        for idx in chunks:
            enc = encode(tokenizer, texts, ctx, idx)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(model(enc), torch.tensor(y[idx]).cuda(), pos_weight=pos_weight)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
        prob = probabilities(model, tokenizer, val_texts, val_ctx, "head")
        micro, macro, per = f1s(val_y, (prob >= 0.5).astype(np.float32))
        t_micro, t_macro, _ = tuned(val_y, prob)
        print(json.dumps({"setting": name, "lr": lr, "batch": batch, "seed": seed, "pos_weight": pos_scheme, "context": context, "epoch": epoch,
                          "micro@0.5": round(micro, 4), "macro@0.5": round(macro, 4), "micro@tuned": round(t_micro, 4),
                          "macro@tuned": round(t_macro, 4), "per_theme@0.5": [round(float(v), 3) for v in per],
                          "seconds": round(time.time() - started, 1)}), flush=True)
    return prob


def main():
    config_dir, weights, gold, splits, *settings = sys.argv[1:]
    torch.backends.cuda.matmul.allow_tf32 = False
    path = model_dir(config_dir, weights)
    fit, val = hold_out(train_sentences(gold, splits))
    print(json.dumps({"fit": len(fit), "validation": len(val), "validation_docs": len({r['doc'] for r in val})}), flush=True)
    final = {}
    for spec in settings:
        name, values = spec.split("=")
        lr, batch, epochs, seed, pos_scheme, *context = values.split(",")
        final[name] = run(name, path, fit, val, float(lr), int(batch), int(epochs), int(seed), pos_scheme, *context)
    if len(final) > 1:  # seed averaging: the mean of every setting's last-epoch probabilities
        prob = np.mean(list(final.values()), axis=0)
        micro, macro, _ = f1s(labels(val), (prob >= 0.5).astype(np.float32))
        t_micro, t_macro, _ = tuned(labels(val), prob)
        print(json.dumps({"setting": "average of " + "+".join(final), "micro@0.5": round(micro, 4), "macro@0.5": round(macro, 4),
                          "micro@tuned": round(t_micro, 4), "macro@tuned": round(t_macro, 4)}), flush=True)


if __name__ == "__main__":
    main()
