//! Score a sentence segmentation against a gold one.
//!
//! Two measures, overall and per document:
//! - sentence P/R/F1: a predicted sentence counts only if its `(doc, start, end)` span equals
//!   a gold span exactly;
//! - boundary P/R/F1: the boundaries of a document are the end offsets of its sentences
//!   except the last one (the end of the text is not a decision the splitter makes).
//!   Offsets are characters, so boundaries differing only by whitespace still differ.

use super::super::split::Sentence;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Why a segmentation file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// A line is not a JSON sentence.
    #[error("{path}:{line}: not a sentence line ({source})")]
    Json { path: PathBuf, line: usize, source: serde_json::Error },
}

/// Counts behind precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Predicted items also in gold.
    pub tp: usize,
    /// Predicted items not in gold.
    pub fp: usize,
    /// Gold items not predicted.
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    /// Compare two sets of items.
    fn of<T: Ord>(gold: &BTreeSet<T>, pred: &BTreeSet<T>) -> Self {
        let tp = gold.intersection(pred).count();
        Counts { tp, fp: pred.len() - tp, fn_: gold.len() - tp }
    }

    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    /// Share of predicted items that are right (1 when nothing was predicted and nothing missed).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp, self.fn_ == 0)
    }

    /// Share of gold items that were predicted.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_, self.fp == 0)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn ratio(num: usize, den: usize, empty_is_perfect: bool) -> f64 {
    match den {
        0 if empty_is_perfect => 1.0,
        0 => 0.0,
        _ => num as f64 / den as f64,
    }
}

/// Precision, recall and F1 with their counts, as reported.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// The counts.
    #[serde(flatten)]
    pub counts: Counts,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

impl From<Counts> for Score {
    fn from(counts: Counts) -> Self {
        Score { counts, precision: counts.precision(), recall: counts.recall(), f1: counts.f1() }
    }
}

/// The scores of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocScore {
    /// Document id.
    pub doc: String,
    /// Gold sentence count.
    pub gold: usize,
    /// Predicted sentence count.
    pub predicted: usize,
    /// Exact-span sentence score.
    pub sentences: Score,
    /// Boundary score.
    pub boundaries: Score,
}

/// Which side a mismatched sentence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// A gold sentence the prediction does not have.
    Gold,
    /// A predicted sentence gold does not have.
    Predicted,
}

/// A sentence present on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// Document id.
    pub doc: String,
    /// Which side has it.
    pub side: Side,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Its text.
    pub text: String,
}

/// The whole evaluation: overall scores, per-document scores, mismatches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SplitReport {
    /// Exact-span sentence score over all documents.
    pub sentences: Score,
    /// Boundary score over all documents.
    pub boundaries: Score,
    /// One entry per document in gold or prediction, by id.
    pub documents: Vec<DocScore>,
    /// Sentences on one side only, by document then offset.
    pub mismatches: Vec<Mismatch>,
}

/// Read a JSON-lines segmentation (`{doc,i,start,end,text}` per line; extra fields such as
/// `labels` are ignored; blank lines are skipped).
pub fn read_sentences(path: &Path) -> Result<Vec<Sentence>, ReadError> {
    let io = |source| ReadError::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut out = Vec::new();
    for (k, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let sentence = serde_json::from_str(&line)
            .map_err(|source| ReadError::Json { path: path.to_path_buf(), line: k + 1, source })?;
        out.push(sentence);
    }
    Ok(out)
}

/// Group sentences by document, each document's sentences by start.
fn by_doc(sentences: &[Sentence]) -> BTreeMap<&str, Vec<&Sentence>> {
    let mut map: BTreeMap<&str, Vec<&Sentence>> = BTreeMap::new();
    for s in sentences {
        map.entry(s.doc.as_str()).or_default().push(s);
    }
    for list in map.values_mut() {
        list.sort_by_key(|s| (s.start, s.end));
    }
    map
}

fn spans(sentences: &[&Sentence]) -> BTreeSet<(usize, usize)> {
    sentences.iter().map(|s| (s.start, s.end)).collect()
}

/// Sentence end offsets, without the document's last one.
fn boundaries(sentences: &[&Sentence]) -> BTreeSet<usize> {
    let mut ends: BTreeSet<usize> = sentences.iter().map(|s| s.end).collect();
    ends.pop_last();
    ends
}

/// Score `pred` against `gold`.
pub fn evaluate(gold: &[Sentence], pred: &[Sentence]) -> SplitReport {
    let (gold_docs, pred_docs) = (by_doc(gold), by_doc(pred));
    let ids: BTreeSet<&str> = gold_docs.keys().chain(pred_docs.keys()).copied().collect();
    let (mut sentence_total, mut boundary_total) = (Counts::default(), Counts::default());
    let (mut documents, mut mismatches) = (Vec::new(), Vec::new());
    for id in ids {
        let g = gold_docs.get(id).map_or(&[][..], Vec::as_slice);
        let p = pred_docs.get(id).map_or(&[][..], Vec::as_slice);
        let (g_spans, p_spans) = (spans(g), spans(p));
        let sentences = Counts::of(&g_spans, &p_spans);
        let bounds = Counts::of(&boundaries(g), &boundaries(p));
        sentence_total.add(sentences);
        boundary_total.add(bounds);
        mismatches.extend(one_sided(g, &p_spans, Side::Gold).chain(one_sided(p, &g_spans, Side::Predicted)));
        documents.push(DocScore {
            doc: id.to_string(),
            gold: g.len(),
            predicted: p.len(),
            sentences: sentences.into(),
            boundaries: bounds.into(),
        });
    }
    mismatches.sort_by(|a, b| (&a.doc, a.start, a.side as u8).cmp(&(&b.doc, b.start, b.side as u8)));
    SplitReport { sentences: sentence_total.into(), boundaries: boundary_total.into(), documents, mismatches }
}

fn one_sided<'a>(
    sentences: &'a [&'a Sentence],
    other: &'a BTreeSet<(usize, usize)>,
    side: Side,
) -> impl Iterator<Item = Mismatch> + 'a {
    sentences.iter().filter(move |s| !other.contains(&(s.start, s.end))).map(move |s| Mismatch {
        doc: s.doc.clone(),
        side,
        start: s.start,
        end: s.end,
        text: s.text.clone(),
    })
}

/// Render the report as a plain-text table, with the mismatches listed after it.
pub fn render_table(report: &SplitReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let width = report.documents.iter().map(|d| d.doc.chars().count()).max().unwrap_or(8).clamp(8, 60);
    let _ = writeln!(out, "{:<width$}  {:>5} {:>5}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}", "document", "gold", "pred", "sent.P", "sent.R", "sent.F", "bnd.P", "bnd.R", "bnd.F");
    let row = |out: &mut String, name: &str, gold: usize, pred: usize, s: &Score, b: &Score| {
        let _ = writeln!(out, "{name:<width$}  {gold:>5} {pred:>5}  {:>6.4} {:>6.4} {:>6.4}  {:>6.4} {:>6.4} {:>6.4}", s.precision, s.recall, s.f1, b.precision, b.recall, b.f1);
    };
    for d in &report.documents {
        row(&mut out, &d.doc, d.gold, d.predicted, &d.sentences, &d.boundaries);
    }
    let (gold, pred) = report.documents.iter().fold((0, 0), |(g, p), d| (g + d.gold, p + d.predicted));
    row(&mut out, "OVERALL", gold, pred, &report.sentences, &report.boundaries);
    if !report.mismatches.is_empty() {
        let _ = writeln!(out, "\nMismatches (- gold only, + predicted only):");
        for m in &report.mismatches {
            let sign = if m.side == Side::Gold { '-' } else { '+' };
            let _ = writeln!(out, "{} {} [{}..{}) {:?}", sign, m.doc, m.start, m.end, m.text);
        }
    }
    out
}
