"""Assemble /work/main/corpus and eval/{gold.jsonl,manifest.tsv} from the shared dev corpus
and the five seeds (segmented and labelled by build_seed_gold.py)."""
import csv, glob, json, os, shutil, sys
from build_seed_gold import SEEDS, build, ORDER

DEV = "/work/shared/dev-corpus"
SEED_DIR = "/work/shared/seeds"
MAIN = "/work/main"
HEADER = ["id", "council", "year", "type", "area", "source_url", "sentence_count"]
SEED_META = {  # council, year, type, area, source url (found by searching the text on the web)
    "sefton-2010-csc-complaints-news": ("Sefton Metropolitan Borough Council", "2010", "news", "children",
        "https://careappointments.com/care-news/england/84264/sefton-council-apologises-after-child-services-complaint"),
    "walsall-2013-csc-complaints-news": ("Walsall Metropolitan Borough Council", "2013", "news", "children",
        "https://meggiemom342.wordpress.com/2015/01/20/what-have-walsall-council-changed-when-children-are-been-mistreated-in-there-systems/"),
    "seed-2-cyps-complaints-annual": ("London Borough of Havering", "2016", "minutes", "children",
        "https://democracy.havering.gov.uk/mgAi.aspx?ID=12793"),
    "harrow-2018-csc-complaints-annual": ("London Borough of Harrow", "2018", "minutes", "children",
        "https://moderngov.harrow.gov.uk/mgAi.aspx?ID=114680"),
    "reading-2022-csc-complaints-report": ("Reading Borough Council", "2022", "minutes", "children",
        "https://democracy.reading.gov.uk/mgAi.aspx?ID=9017"),
}
AREA_FIX = {"customer services": "customer-services"}

def main():
    corpus = f"{MAIN}/corpus"
    os.makedirs(corpus, exist_ok=True)
    os.makedirs(f"{MAIN}/eval", exist_ok=True)
    for p in glob.glob(f"{DEV}/*.txt"):
        shutil.copyfile(p, f"{corpus}/{os.path.basename(p)}")
    for stem, doc in SEEDS.items():
        shutil.copyfile(f"{SEED_DIR}/{stem}.txt", f"{corpus}/{doc}.txt")

    rows = [json.loads(l) for l in open(f"{DEV}/gold.jsonl", encoding="utf-8")]
    rows += build(SEED_DIR)
    for r in rows:
        r["labels"] = sorted(set(r["labels"]), key=ORDER.index)
    rows.sort(key=lambda r: (r["doc"], r["i"]))
    with open(f"{MAIN}/eval/gold.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({k: r[k] for k in ("doc", "i", "start", "end", "text", "labels")},
                               ensure_ascii=False) + "\n")

    counts = {}
    for r in rows:
        counts[r["doc"]] = counts.get(r["doc"], 0) + 1
    man = []
    for rec in csv.reader(open(f"{DEV}/manifest.tsv", encoding="utf-8"), delimiter="\t"):
        if int(rec[6]) != counts[rec[0]]:
            sys.exit(f"manifest count for {rec[0]} is {rec[6]}, gold has {counts[rec[0]]}")
        rec[4] = AREA_FIX.get(rec[4], rec[4])
        man.append(rec)
    for doc, meta in SEED_META.items():
        man.append([doc, *meta, str(counts[doc])])
    man.sort(key=lambda r: r[0])
    with open(f"{MAIN}/eval/manifest.tsv", "w", encoding="utf-8") as f:
        for rec in [HEADER] + man:
            f.write("\t".join(rec) + "\n")
    print(len(rows), "sentences,", len(man), "documents")

if __name__ == "__main__":
    main()
