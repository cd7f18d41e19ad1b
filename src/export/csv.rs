//! `tagged.csv`: one row per sentence for reviewers in Excel, and the CSV conventions shared
//! with `summary.csv` and the review import (BOM, formula-injection guard).
//!
//! Columns: `doc, i, start, end, text, labels` (`;`-joined), one column per theme named after
//! it holding the score with 3 decimals, then empty `review_labels` and `review_note` for the
//! reviewer. Scores rather than 0/1: a reviewer sorts a theme's column to find near misses.
//!
//! Formula injection: a cell that starts with `= + - @`, tab or CR would be run as a formula
//! by Excel, so it gets a leading `'` (the OWASP mitigation). A cell that already starts with
//! `'` gets one too, so [`unguard_formula`] can strip exactly one and get the text back.

use super::{score, UTF8_BOM};
use crate::classify::Tagged;
use crate::themes::Theme;
use std::borrow::Cow;
use std::io::{self, Write};

/// Header of the reviewer's corrections column (`;`/`,`-separated themes, `none`, or empty).
pub const REVIEW_LABELS: &str = "review_labels";
/// Header of the reviewer's free-text note column.
pub const REVIEW_NOTE: &str = "review_note";

/// Characters that make a spreadsheet treat a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Prefix `'` to a cell Excel would evaluate (or that starts with `'` itself).
pub fn guard_formula(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(c) if FORMULA_START.contains(&c) || c == '\'' => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Undo [`guard_formula`]: drop one leading `'`.
pub fn unguard_formula(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// Themes as written in the `labels` column.
pub fn join_labels(labels: &[Theme]) -> String {
    labels
        .iter()
        .map(|t| t.name())
        .collect::<Vec<_>>()
        .join(";")
}

/// A CSV writer on `w` with the UTF-8 BOM already written.
pub fn bom_writer(w: &mut dyn Write) -> io::Result<::csv::Writer<&mut dyn Write>> {
    w.write_all(UTF8_BOM)?;
    Ok(::csv::WriterBuilder::new().from_writer(w))
}

/// Write `tagged.csv`.
pub fn write_tagged(w: &mut dyn Write, tagged: &[Tagged]) -> io::Result<()> {
    let mut out = bom_writer(w)?;
    let mut header: Vec<&str> = vec!["doc", "i", "start", "end", "text", "labels"];
    header.extend(Theme::ALL.iter().map(|t| t.name()));
    header.extend([REVIEW_LABELS, REVIEW_NOTE]);
    out.write_record(&header)?;
    for t in tagged {
        let s = &t.sentence;
        let mut row: Vec<String> = vec![
            guard_formula(&s.doc).into_owned(),
            s.i.to_string(),
            s.start.to_string(),
            s.end.to_string(),
            guard_formula(&s.text).into_owned(),
            join_labels(&t.labels),
        ];
        row.extend(Theme::ALL.iter().map(|&th| format!("{:.3}", score(t, th))));
        row.extend([String::new(), String::new()]);
        out.write_record(&row)?;
    }
    out.flush()
}
