//! The gold set in eval/ must agree with the documents in corpus/: every score computed
//! against it assumes its offsets, indices, coverage, labels and splits are sound.

use complaint_tagger::Theme;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One gold line, with the line number it came from for error messages.
struct GoldLine {
    line: usize,
    doc: String,
    i: usize,
    start: usize,
    end: usize,
    text: String,
    labels: Vec<String>,
}

/// Everything the checks read, loaded once per test.
struct Data {
    corpus: BTreeMap<String, Vec<char>>,
    gold: Vec<GoldLine>,
    splits: BTreeMap<String, String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn load_corpus() -> BTreeMap<String, Vec<char>> {
    let dir = root().join("corpus");
    let entries =
        fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut docs = BTreeMap::new();
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.extension().and_then(|e| e.to_str()) == Some("txt") {
            let id = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("utf-8 file name")
                .to_string();
            docs.insert(id, read(&path).chars().collect());
        }
    }
    assert!(
        !docs.is_empty(),
        "{} holds no .txt documents",
        dir.display()
    );
    docs
}

fn field<'a>(v: &'a Value, key: &str, line: usize) -> &'a Value {
    v.get(key)
        .unwrap_or_else(|| panic!("eval/gold.jsonl:{line}: missing field {key:?}"))
}

fn as_index(v: &Value, key: &str, line: usize) -> usize {
    field(v, key, line)
        .as_u64()
        .unwrap_or_else(|| panic!("eval/gold.jsonl:{line}: {key:?} is not a non-negative integer"))
        as usize
}

fn as_string(v: &Value, key: &str, line: usize) -> String {
    field(v, key, line)
        .as_str()
        .unwrap_or_else(|| panic!("eval/gold.jsonl:{line}: {key:?} is not a string"))
        .to_string()
}

fn load_gold() -> Vec<GoldLine> {
    let path = root().join("eval/gold.jsonl");
    let mut out = Vec::new();
    for (n, raw) in read(&path)
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let line = n + 1;
        let v: Value = serde_json::from_str(raw)
            .unwrap_or_else(|e| panic!("{}:{line}: invalid JSON: {e}", path.display()));
        let labels = field(&v, "labels", line)
            .as_array()
            .unwrap_or_else(|| panic!("eval/gold.jsonl:{line}: \"labels\" is not an array"))
            .iter()
            .map(|l| {
                l.as_str()
                    .unwrap_or_else(|| panic!("eval/gold.jsonl:{line}: a label is not a string"))
                    .to_string()
            })
            .collect();
        out.push(GoldLine {
            line,
            doc: as_string(&v, "doc", line),
            i: as_index(&v, "i", line),
            start: as_index(&v, "start", line),
            end: as_index(&v, "end", line),
            text: as_string(&v, "text", line),
            labels,
        });
    }
    assert!(!out.is_empty(), "{} is empty", path.display());
    out
}

fn load_splits() -> BTreeMap<String, String> {
    let path = root().join("eval/splits.tsv");
    let text = read(&path);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("doc\tsplit"),
        "{}: first line must be the header",
        path.display()
    );
    lines
        .enumerate()
        .map(|(n, l)| {
            let (doc, split) = l
                .split_once('\t')
                .unwrap_or_else(|| panic!("{}:{}: expected doc<TAB>split", path.display(), n + 2));
            assert!(
                ["train", "dev", "test"].contains(&split),
                "{}:{}: unknown split {split:?}",
                path.display(),
                n + 2
            );
            (doc.to_string(), split.to_string())
        })
        .collect()
}

fn load() -> Data {
    Data {
        corpus: load_corpus(),
        gold: load_gold(),
        splits: load_splits(),
    }
}

/// Fails with every collected problem at once, so one run shows the whole picture.
fn report(problems: Vec<String>) {
    if !problems.is_empty() {
        let shown: Vec<_> = problems.iter().take(30).cloned().collect();
        panic!("{} problem(s):\n{}", problems.len(), shown.join("\n"));
    }
}

fn by_doc(gold: &[GoldLine]) -> BTreeMap<&str, Vec<&GoldLine>> {
    let mut map: BTreeMap<&str, Vec<&GoldLine>> = BTreeMap::new();
    for g in gold {
        map.entry(g.doc.as_str()).or_default().push(g);
    }
    map
}

#[test]
fn every_document_has_gold_sentences_and_a_split() {
    let d = load();
    let gold_docs: BTreeSet<&str> = d.gold.iter().map(|g| g.doc.as_str()).collect();
    let mut problems = Vec::new();
    for id in d.corpus.keys() {
        if !gold_docs.contains(id.as_str()) {
            problems.push(format!(
                "corpus/{id}.txt has no sentences in eval/gold.jsonl"
            ));
        }
        if !d.splits.contains_key(id) {
            problems.push(format!("corpus/{id}.txt has no row in eval/splits.tsv"));
        }
    }
    for id in &gold_docs {
        if !d.corpus.contains_key(*id) {
            problems.push(format!(
                "eval/gold.jsonl names {id}, which is not in corpus/"
            ));
        }
    }
    for id in d.splits.keys() {
        if !d.corpus.contains_key(id) {
            problems.push(format!(
                "eval/splits.tsv names {id}, which is not in corpus/"
            ));
        }
    }
    report(problems);
}

#[test]
fn gold_text_equals_the_corpus_between_its_offsets() {
    let d = load();
    let mut problems = Vec::new();
    for g in &d.gold {
        let Some(doc) = d.corpus.get(&g.doc) else {
            continue;
        };
        if g.start >= g.end || g.end > doc.len() {
            problems.push(format!(
                "line {}: bad span {}..{} in {} ({} chars)",
                g.line,
                g.start,
                g.end,
                g.doc,
                doc.len()
            ));
            continue;
        }
        let slice: String = doc[g.start..g.end].iter().collect();
        if slice != g.text {
            problems.push(format!(
                "line {}: text {:?} but {}[{}..{}] is {:?}",
                g.line, g.text, g.doc, g.start, g.end, slice
            ));
        }
        if g.text.trim() != g.text {
            problems.push(format!(
                "line {}: text has leading or trailing whitespace: {:?}",
                g.line, g.text
            ));
        }
    }
    report(problems);
}

#[test]
fn sentences_are_numbered_from_zero_ordered_and_disjoint() {
    let d = load();
    let mut problems = Vec::new();
    let order: Vec<(&str, usize)> = d.gold.iter().map(|g| (g.doc.as_str(), g.i)).collect();
    let mut sorted = order.clone();
    sorted.sort();
    if order != sorted {
        problems.push("eval/gold.jsonl is not ordered by doc then i".to_string());
    }
    for (doc, sents) in by_doc(&d.gold) {
        let mut prev_end = 0;
        for (k, g) in sents.iter().enumerate() {
            if g.i != k {
                // One message per document: a gap shifts every later index.
                problems.push(format!(
                    "line {}: {doc} sentence has i = {}, expected {k}",
                    g.line, g.i
                ));
                break;
            }
            if g.start < prev_end {
                problems.push(format!(
                    "line {}: {doc} sentence {} starts at {} before the previous end {prev_end}",
                    g.line, g.i, g.start
                ));
            }
            prev_end = prev_end.max(g.end);
        }
    }
    report(problems);
}

#[test]
fn every_non_whitespace_character_lies_in_a_sentence() {
    let d = load();
    let mut problems = Vec::new();
    let sentences = by_doc(&d.gold);
    for (id, text) in &d.corpus {
        let mut covered = vec![false; text.len()];
        for g in sentences.get(id.as_str()).into_iter().flatten() {
            for c in covered.iter_mut().take(g.end.min(text.len())).skip(g.start) {
                *c = true;
            }
        }
        if let Some(pos) = (0..text.len()).find(|&p| !covered[p] && !text[p].is_whitespace()) {
            let context: String = text[pos..(pos + 40).min(text.len())].iter().collect();
            problems.push(format!(
                "{id}: character {pos} is in no sentence: {context:?}"
            ));
        }
    }
    report(problems);
}

#[test]
fn labels_are_known_themes_listed_once() {
    let d = load();
    let mut problems = Vec::new();
    for g in &d.gold {
        let mut seen = BTreeSet::new();
        for l in &g.labels {
            if !seen.insert(l) {
                problems.push(format!("line {}: label {l:?} listed twice", g.line));
            } else if let Err(e) = l.parse::<Theme>() {
                problems.push(format!("line {}: {e}", g.line));
            }
        }
    }
    report(problems);
}

#[test]
fn every_theme_has_positives_in_test() {
    let d = load();
    let mut positives: BTreeMap<&str, usize> = Theme::ALL.iter().map(|t| (t.name(), 0)).collect();
    for g in d
        .gold
        .iter()
        .filter(|g| d.splits.get(&g.doc).map(String::as_str) == Some("test"))
    {
        for l in &g.labels {
            if let Some(n) = positives.get_mut(l.as_str()) {
                *n += 1;
            }
        }
    }
    let missing: Vec<String> = positives
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(t, _)| format!("{t} has no positive sentence in test"))
        .collect();
    report(missing);
}

#[test]
fn manifest_lists_every_document_with_its_sentence_count() {
    let d = load();
    let path = root().join("eval/manifest.tsv");
    let text = read(&path);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    assert_eq!(
        header.first(),
        Some(&"id"),
        "{}: header must start with id",
        path.display()
    );
    let count_col = header
        .iter()
        .position(|c| *c == "sentence_count")
        .unwrap_or_else(|| panic!("{}: header has no sentence_count column", path.display()));
    let counts: BTreeMap<&str, usize> = by_doc(&d.gold)
        .into_iter()
        .map(|(k, v)| (k, v.len()))
        .collect();
    let mut problems = Vec::new();
    let mut listed = BTreeSet::new();
    for (n, l) in lines.enumerate() {
        let cols: Vec<&str> = l.split('\t').collect();
        if cols.len() != header.len() {
            problems.push(format!(
                "manifest line {}: {} columns, header has {}",
                n + 2,
                cols.len(),
                header.len()
            ));
            continue;
        }
        listed.insert(cols[0].to_string());
        let expected = counts.get(cols[0]).copied().unwrap_or(0);
        if cols[count_col].parse::<usize>().ok() != Some(expected) {
            problems.push(format!(
                "manifest line {}: {} says {} sentences, gold has {expected}",
                n + 2,
                cols[0],
                cols[count_col]
            ));
        }
    }
    for id in d.corpus.keys().filter(|id| !listed.contains(*id)) {
        problems.push(format!("corpus/{id}.txt has no row in eval/manifest.tsv"));
    }
    report(problems);
}
