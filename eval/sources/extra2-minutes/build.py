#!/usr/bin/env python3
"""Build realistic council-minutes training docs from hand-written sources.

Each src/<id>.src holds a header (@key value lines, ended by '===') and a body.
Body: blocks separated by blank lines; one sentence per source line.
  '/ ' at line start  -> sentence starts on a new line of the same block
                         (otherwise it follows the previous sentence after a space)
  '{lab,lab}'         -> labels (short or full tag names); omitted = no theme
  leading spaces after the labels are kept as indentation (table rows)
Header keys: id council year type area url, wrap (0 = none, else column width for
hard-wrapping prose lines), blocksep ('plain' = blank line, 'nbsp' = moderngov
blank/NBSP/blank lines).
Outputs docs/<id>.txt, docs/<id>.sentences.jsonl and manifest.tsv, and validates.
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TAGS = ["staff_conduct", "communication", "sensitivity", "confidentiality", "decisions",
        "service_quality", "delay", "finance", "procedure", "staffing", "discrimination"]
SHORT = {"sc": "staff_conduct", "com": "communication", "sen": "sensitivity",
         "conf": "confidentiality", "dec": "decisions", "sq": "service_quality",
         "del": "delay", "fin": "finance", "proc": "procedure", "stf": "staffing",
         "disc": "discrimination"}
BLOCKSEP = {"plain": "\n\n", "nbsp": "\n\n\u00a0\n\n", "single": "\n"}
TABLEISH = re.compile(r"\S {3,}\S|\|")


def parse(path):
    head, body = path.read_text(encoding="utf-8").split("\n===\n", 1)
    meta = {}
    for line in head.splitlines():
        if line.strip():
            k, v = line[1:].split(" ", 1) if " " in line else (line[1:], "")
            meta[k] = v.strip()
    blocks, cur = [], []
    for ln, line in enumerate(body.split("\n"), 1):
        if not line.strip():
            if cur:
                blocks.append(cur)
                cur = []
            continue
        newline = line.startswith("/ ")
        rest = line[2:] if newline else line
        labels = []
        m = re.search(r"\{([a-z_, ]*)\} ?", rest)
        if m:
            for lab in [x.strip() for x in m.group(1).split(",") if x.strip()]:
                full = SHORT.get(lab, lab)
                if full not in TAGS:
                    sys.exit(f"{path}:{ln}: unknown label {lab!r}")
                labels.append(full)
            rest = rest[:m.start()] + rest[m.end():]
        if not rest.strip():
            sys.exit(f"{path}:{ln}: empty sentence")
        cur.append((newline, sorted(set(labels), key=TAGS.index), rest.rstrip()))
    if cur:
        blocks.append(cur)
    return meta, blocks


def wrap_line(s, width):
    """Greedy hard-wrap by turning spaces into newlines, so offsets never move."""
    chars = list(s)
    start, last_space = 0, -1
    for i, c in enumerate(chars):
        if c == " ":
            last_space = i
        if i - start >= width and last_space > start:
            chars[last_space] = "\n"
            start = last_space + 1
    return "".join(chars)


def render(meta, blocks):
    sep = BLOCKSEP[meta.get("blocksep", "plain")]
    width = int(meta.get("wrap", "0"))
    out, spans = "", []
    for bi, block in enumerate(blocks):
        if bi:
            out += sep
        bstart = len(out)
        for si, (newline, labels, raw) in enumerate(block):
            if si:
                out += "\n" if newline else " "
            text = raw.strip()
            out += raw[: len(raw) - len(raw.lstrip())]
            spans.append([len(out), len(out) + len(text), labels])
            out += text
        if width:
            seg = out[bstart:]
            lines = [l if TABLEISH.search(l) or len(l) <= width else wrap_line(l, width)
                     for l in seg.split("\n")]
            out = out[:bstart] + "\n".join(lines)
    return out + "\n", spans


def validate(doc, txt, rows):
    covered = [False] * len(txt)
    prev_end = 0
    for r in rows:
        s, e, t = r["start"], r["end"], r["text"]
        assert txt[s:e] == t, (doc, r["i"])
        assert t == t.strip() and t, (doc, r["i"], "whitespace at edge")
        assert s >= prev_end, (doc, r["i"], "overlap")
        assert all(l in TAGS for l in r["labels"])
        prev_end = e
        for k in range(s, e):
            covered[k] = True
    for k, c in enumerate(txt):
        if not c.isspace():
            assert covered[k], (doc, k, "uncovered char")


ABBR = re.compile(r"(Cllr|Mr|Mrs|Ms|Dr|No|Nos|approx|para|paras|e\.g|i\.e|etc|St|Co|vs|cf|p|pp|Ref|Rev|Prof|Capt)\.$")


def lint(doc, rows):
    """Flag sentences that look like they contain a missed sentence boundary."""
    for r in rows:
        for m in re.finditer(r"[a-z0-9)%][.?!] +[A-Z]", r["text"]):
            before = r["text"][: m.start() + 2]
            if ABBR.search(before) or m.start() < 4:
                continue
            print(f"  lint {doc}#{r['i']}: ...{r['text'][max(0, m.start()-30): m.end()+20]!r}")


def main():
    srcs = sorted((ROOT / "src").glob("*.src"))
    docs_dir = ROOT / "docs"
    docs_dir.mkdir(exist_ok=True)
    manifest, total, tagged, counts = [], 0, 0, {t: 0 for t in TAGS}
    dev_ids = set()
    dev_manifest = Path("/work/shared/dev-corpus/manifest.tsv")
    if dev_manifest.exists():
        dev_ids = {l.split("\t")[0] for l in dev_manifest.read_text().splitlines() if l}
    seen = set()
    for p in srcs:
        meta, blocks = parse(p)
        doc = meta["id"]
        assert doc == p.stem, (p, doc)
        assert doc not in dev_ids and doc not in seen, f"id clash {doc}"
        seen.add(doc)
        txt, spans = render(meta, blocks)
        rows = [{"doc": doc, "i": i, "start": s, "end": e, "text": txt[s:e], "labels": l}
                for i, (s, e, l) in enumerate(spans)]
        validate(doc, txt, rows)
        lint(doc, rows)
        (docs_dir / f"{doc}.txt").write_text(txt, encoding="utf-8")
        with open(docs_dir / f"{doc}.sentences.jsonl", "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        n_tag = sum(1 for r in rows if r["labels"])
        total += len(rows)
        tagged += n_tag
        for r in rows:
            for l in r["labels"]:
                counts[l] += 1
        manifest.append("\t".join([doc, meta["council"], meta["year"], meta["type"],
                                   meta["area"], meta["url"], str(len(rows))]))
        print(f"{doc}: {len(rows)} sentences, {n_tag} tagged ({n_tag/len(rows):.0%})")
    (ROOT / "manifest.tsv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    print(f"\n{len(srcs)} docs, {total} sentences, {tagged} tagged ({tagged/max(total,1):.1%})")
    for t in TAGS:
        print(f"  {t:16s} {counts[t]}")


if __name__ == "__main__":
    main()
