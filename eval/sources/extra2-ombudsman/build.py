#!/usr/bin/env python3
"""Build docs/<id>.txt and docs/<id>.sentences.jsonl from src/<id>.src.

Source format (one file per document):

  @id <id>            document id (must match the file name)
  @council <name>     council name for the manifest
  @year <yyyy>
  @type <type>        ombudsman-decision | report | minutes ...
  @area <area>
  @url <url or "composite">
  @wrap <N>           optional: hard-wrap paragraphs at N columns (PDF-like text);
                      only spaces are replaced by newlines, so offsets do not move
  @parsep nl          optional: separate paragraphs with one newline instead of a blank line
  ---
  body

Body: paragraphs are separated by blank lines. Each non-blank line is one
sentence written as   CODES| text   where CODES is a (possibly empty) list of
short label codes separated by spaces or commas. Sentences on consecutive lines
of a paragraph are joined with a single space, unless the line starts with '&'
(before CODES), in which case it is joined with a newline (bullet lists,
page furniture inside a block). A line whose text starts with "N. " always
starts a new paragraph. A line starting with '#' is a comment.

Label codes:
  st staff_conduct   co communication   se sensitivity   cf confidentiality
  de decisions       sq service_quality dl delay         fi finance
  pr procedure       sf staffing        di discrimination
"""
import collections
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent
SRC = ROOT / "src"
OUT = ROOT / "docs"

CODES = {
    "st": "staff_conduct", "co": "communication", "se": "sensitivity",
    "cf": "confidentiality", "de": "decisions", "sq": "service_quality",
    "dl": "delay", "fi": "finance", "pr": "procedure", "sf": "staffing",
    "di": "discrimination",
}
TAGS = set(CODES.values())
META_KEYS = ["id", "council", "year", "type", "area", "url"]


def fail(path, lineno, msg):
    sys.exit(f"{path}:{lineno}: {msg}")


def parse(path):
    """Return (meta, paragraphs); a paragraph is a list of (joiner, labels, text)."""
    meta, paras, cur = {}, [], []
    in_body = False
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if not in_body:
            if line == "---":
                in_body = True
            elif line.startswith("@"):
                key, _, val = line[1:].partition(" ")
                meta[key] = val.strip()
            elif line.strip():
                fail(path, lineno, "header line must start with @ or be ---")
            continue
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                paras.append(cur)
                cur = []
            continue
        joiner = " "
        if line.startswith("&"):
            joiner = "\n"
            line = line[1:]
        if "|" not in line:
            fail(path, lineno, "sentence line needs 'CODES| text'")
        codes, _, text = line.partition("|")
        text = text.strip()
        if not text:
            fail(path, lineno, "empty sentence")
        labels = set()
        for c in codes.replace(",", " ").split():
            if c not in CODES:
                fail(path, lineno, f"unknown label code {c!r}")
            labels.add(CODES[c])
        if cur and joiner == " " and re.match(r"\d+\. ", text):
            # a numbered paragraph always starts a new paragraph
            paras.append(cur)
            cur = []
        elif cur and joiner == " " and re.match(r"([a-z]\.|•|-) ", text):
            fail(path, lineno, "bulleted item joined to previous sentence; add a blank line or '&'")
        cur.append((joiner, sorted(labels), text))
    if cur:
        paras.append(cur)
    for k in META_KEYS:
        if k not in meta:
            fail(path, 0, f"missing @{k}")
    if meta["id"] + ".src" != path.name:
        fail(path, 0, "@id does not match file name")
    return meta, paras


def wrap(text, width):
    """Replace some spaces with newlines so no line exceeds width (where possible)."""
    chars = list(text)
    line_start, last_space = 0, -1
    for i, ch in enumerate(chars):
        if ch == "\n":
            line_start, last_space = i + 1, -1
            continue
        if ch == " ":
            last_space = i
        if i - line_start >= width and last_space > line_start:
            chars[last_space] = "\n"
            line_start, last_space = last_space + 1, -1
    return "".join(chars)


def build(path):
    meta, paras = parse(path)
    width = int(meta.get("wrap", "0") or 0)
    parsep = "\n" if meta.get("parsep") == "nl" else "\n\n"
    doc, spans = "", []
    for pi, para in enumerate(paras):
        if pi:
            doc += parsep
        pstart = len(doc)
        ptext = ""
        local = []
        for si, (joiner, labels, text) in enumerate(para):
            if si:
                ptext += joiner
            local.append((len(ptext), len(ptext) + len(text), labels))
            ptext += text
        if width:
            ptext = wrap(ptext, width)
        doc += ptext
        spans.extend((pstart + s, pstart + e, labels) for s, e, labels in local)
    doc += "\n"
    rows = []
    for i, (s, e, labels) in enumerate(spans):
        rows.append({"doc": meta["id"], "i": i, "start": s, "end": e,
                     "text": doc[s:e], "labels": labels})
    validate(meta["id"], doc, rows)
    OUT.mkdir(exist_ok=True)
    (OUT / f"{meta['id']}.txt").write_text(doc, encoding="utf-8")
    with open(OUT / f"{meta['id']}.sentences.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return meta, rows


def validate(doc_id, doc, rows):
    covered = [0] * len(doc)
    prev_end = 0
    for r in rows:
        s, e, t = r["start"], r["end"], r["text"]
        assert doc[s:e] == t, (doc_id, r["i"])
        assert t == t.strip() and t, (doc_id, r["i"], "whitespace at edge")
        assert s >= prev_end, (doc_id, r["i"], "overlap/order")
        prev_end = e
        assert set(r["labels"]) <= TAGS, (doc_id, r["i"])
        for k in range(s, e):
            covered[k] += 1
    for k, ch in enumerate(doc):
        if not ch.isspace():
            assert covered[k] == 1, (doc_id, k, repr(doc[max(0, k - 20):k + 20]))


def main():
    srcs = sorted(SRC.glob("*.src"))
    manifest = []  # no header row, like /work/shared/dev-corpus/manifest.tsv
    total = tagged = multi = 0
    counts = collections.Counter()
    for p in srcs:
        meta, rows = build(p)
        manifest.append("\t".join([meta[k] for k in META_KEYS] + [str(len(rows))]))
        t = sum(1 for r in rows if r["labels"])
        total += len(rows)
        tagged += t
        for r in rows:
            counts.update(r["labels"])
            multi += len(r["labels"]) > 1
        print(f"{meta['id']:60s} {len(rows):4d} sent {t/len(rows):5.1%} tagged")
    (ROOT / "manifest.tsv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    print(f"\n{len(srcs)} docs, {total} sentences, {tagged} tagged ({tagged/max(total,1):.1%})")
    print(f"  sentences with 2+ labels: {multi}")
    for tag, n in counts.most_common():
        print(f"  {tag:16s} {n}")


if __name__ == "__main__":
    main()
