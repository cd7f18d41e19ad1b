"""Segment the five seed documents into sentences by the annotation guidelines' units.

Each non-blank line is a unit (the seeds are not hard-wrapped); inside a line a sentence
ends after . ? or ! (plus any closing quote) followed by whitespace. Offsets are Python str
indices into the unchanged file text.
"""
import json, re, sys

BOUNDARY = re.compile(r"(?<=[.?!])[’”“'\"]?(?=\s+\S)")
LIST_MARKER = re.compile(r"\(?\d+[.)]|\(?[a-z][.)]")

def segment(text):
    out = []
    pos = 0
    for line in text.split("\n"):
        lstart = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cuts = [0]
        for m in BOUNDARY.finditer(line):
            # A list number ("1.") stays with its item, as the guidelines require.
            if LIST_MARKER.fullmatch(line[cuts[-1]:m.end()].strip()):
                continue
            cuts.append(m.end())
        cuts.append(len(line))
        for a, b in zip(cuts, cuts[1:]):
            seg = line[a:b]
            if not seg.strip():
                continue
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg) - len(seg.rstrip())
            s, e = lstart + a + lead, lstart + b - trail
            out.append((s, e, text[s:e]))
    return out

if __name__ == "__main__":
    for p in sys.argv[1:]:
        t = open(p, encoding="utf-8").read()
        for i, (s, e, x) in enumerate(segment(t)):
            print(i, s, e, repr(x))
