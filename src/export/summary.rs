//! `summary.csv`: how many sentences of each theme every document has.
//!
//! Columns: `doc, sentences, tagged_sentences`, then one count per theme. One row per
//! document in input order (empty documents included, with zeros), then a last row whose
//! `doc` is [`TOTAL_ROW`] with the column sums.

use super::csv::{bom_writer, guard_formula};
use super::doc_order;
use crate::classify::Tagged;
use crate::ingest::Document;
use crate::themes::Theme;
use std::collections::HashMap;
use std::io::{self, Write};

/// The `doc` cell of the totals row.
pub const TOTAL_ROW: &str = "(all documents)";

/// Sentence and theme counts for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocCounts {
    /// Sentences in the document.
    pub sentences: usize,
    /// Sentences with at least one theme.
    pub tagged: usize,
    /// Sentences per theme, in [`Theme::ALL`] order.
    pub themes: [usize; Theme::ALL.len()],
}

impl DocCounts {
    fn add(&mut self, other: &DocCounts) {
        self.sentences += other.sentences;
        self.tagged += other.tagged;
        for (a, b) in self.themes.iter_mut().zip(other.themes) {
            *a += b;
        }
    }
}

/// Counts per document id, in the stable document order used by every output.
pub fn count(docs: &[Document], tagged: &[Tagged]) -> Vec<(String, DocCounts)> {
    let mut by_doc: HashMap<&str, DocCounts> = HashMap::new();
    for t in tagged {
        let c = by_doc.entry(t.sentence.doc.as_str()).or_default();
        c.sentences += 1;
        c.tagged += usize::from(!t.labels.is_empty());
        for th in &t.labels {
            c.themes[th.index()] += 1;
        }
    }
    doc_order(docs, tagged)
        .into_iter()
        .map(|id| (id.to_string(), by_doc.remove(id).unwrap_or_default()))
        .collect()
}

/// Write `summary.csv`.
pub fn write_summary(w: &mut dyn Write, docs: &[Document], tagged: &[Tagged]) -> io::Result<()> {
    let mut out = bom_writer(w)?;
    let mut header: Vec<&str> = vec!["doc", "sentences", "tagged_sentences"];
    header.extend(Theme::ALL.iter().map(|t| t.name()));
    out.write_record(&header)?;
    let mut total = DocCounts::default();
    for (id, c) in count(docs, tagged) {
        total.add(&c);
        out.write_record(row(&guard_formula(&id), &c))?;
    }
    out.write_record(row(TOTAL_ROW, &total))?;
    out.flush()
}

fn row(doc: &str, c: &DocCounts) -> Vec<String> {
    let mut r = vec![
        doc.to_string(),
        c.sentences.to_string(),
        c.tagged.to_string(),
    ];
    r.extend(c.themes.iter().map(|n| n.to_string()));
    r
}
