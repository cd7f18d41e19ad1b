"""Print the test-split comparison table (markdown) from eval/results/test-*.json."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = ["keywords", "zero-shot", "head-frozen", "head"]
runs = {m: json.load(open(os.path.join(HERE, f"test-{m}.json"))) for m in MODELS if os.path.exists(os.path.join(HERE, f"test-{m}.json"))}


def cell(value, ci):
    return f"{value:.3f} [{ci['low']:.2f}-{ci['high']:.2f}]"


print("| theme (support) | " + " | ".join(runs) + " |")
print("|---|" + "---|" * len(runs))
for avg in ["micro", "macro"]:
    row = [cell(r["metrics"][avg]["f1"], r["ci"][avg]["f1"]) for r in runs.values()]
    print(f"| **{avg}-F1** | " + " | ".join(row) + " |")
first = next(iter(runs.values()))
for k, theme in enumerate(first["metrics"]["themes"]):
    row = [cell(r["metrics"]["themes"][k]["f1"], r["ci"]["themes"][k]["f1"]) for r in runs.values()]
    print(f"| {theme['theme']} ({theme['support']}) | " + " | ".join(row) + " |")
