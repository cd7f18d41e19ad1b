//! Export: write tagged sentences to files people open (JSON lines, CSV, HTML).
//!
//! [`write_all`] fills an output directory with:
//! - `sentences.jsonl`: every sentence with its offsets, labels and scores ([`jsonl`]);
//! - `tagged.csv`: the same for Excel, with empty review columns ([`csv`]);
//! - `summary.csv`: counts per document and theme ([`summary`]);
//! - `texts/<doc>.txt`: the text offsets refer to, wherever it differs from a file on disk ([`texts`]);
//! - `errors.jsonl`: inputs that could not be read ([`jsonl`]);
//! - `review.html`: a self-contained page to review doubtful tags ([`review_html`]).
//!
//! [`review_import`] brings a reviewed `tagged.csv` back into the gold set.

pub mod csv;
pub mod jsonl;
pub mod merge;
pub mod review_html;
pub mod review_import;
pub mod run_manifest;
pub mod summary;
pub mod texts;

use crate::classify::Tagged;
use crate::ingest::{Document, InputError};
use crate::themes::Theme;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Per-theme decision thresholds in [`Theme::ALL`] order (what made a score a label).
pub type Thresholds = [f32; Theme::ALL.len()];

/// The threshold used when the classifier gives none.
pub const DEFAULT_THRESHOLDS: Thresholds = [0.5; Theme::ALL.len()];

/// UTF-8 byte order mark: Excel needs it to read a CSV as UTF-8 rather than the ANSI code page.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Everything the export stage needs, borrowed from the pipeline.
#[derive(Debug, Clone, Copy)]
pub struct ExportInput<'a> {
    /// Every document read (including empty ones), in input order.
    pub docs: &'a [Document],
    /// Every sentence with its labels and scores, grouped by document in `docs` order.
    pub tagged: &'a [Tagged],
    /// Inputs that could not be read.
    pub errors: &'a [InputError],
    /// Thresholds that turned scores into labels (for the review page's uncertainty order).
    pub thresholds: &'a Thresholds,
}

/// A failure to write one output file; names the file.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}", path.display())]
pub struct ExportError {
    /// The file or directory that could not be written.
    pub path: PathBuf,
    /// What the operating system or encoder said.
    #[source]
    pub source: io::Error,
}

/// Write every output into `out_dir` (created if needed); returns the files written.
pub fn write_all(out_dir: &Path, input: &ExportInput<'_>) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(out_dir).map_err(|source| ExportError {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    let mut emit = |name: &str, f: &dyn Fn(&mut dyn Write) -> io::Result<()>| {
        let path = out_dir.join(name);
        write_file(&path, f)?;
        written.push(path);
        Ok::<(), ExportError>(())
    };
    emit("sentences.jsonl", &|w| {
        jsonl::write_sentences(w, input.tagged)
    })?;
    emit("tagged.csv", &|w| csv::write_tagged(w, input.tagged))?;
    emit("summary.csv", &|w| {
        summary::write_summary(w, input.docs, input.tagged)
    })?;
    emit("errors.jsonl", &|w| jsonl::write_errors(w, input.errors))?;
    emit("review.html", &|w| {
        w.write_all(review_html::render(input.docs, input.tagged, input.thresholds).as_bytes())
    })?;
    emit("run.json", &|w| {
        serde_json::to_writer_pretty(&mut *w, &run_manifest::RunManifest::new(input.docs, input.thresholds))?;
        w.write_all(b"\n")
    })?;
    written.extend(texts::write_texts(&out_dir.join("texts"), input.docs)?);
    Ok(written)
}

/// Create `path`, run the writer through a buffer, and flush, naming the file on failure.
pub(crate) fn write_file(
    path: &Path,
    f: &dyn Fn(&mut dyn Write) -> io::Result<()>,
) -> Result<(), ExportError> {
    let result = File::create(path).and_then(|file| {
        let mut w = BufWriter::new(file);
        f(&mut w)?;
        w.flush()
    });
    result.map_err(|source| ExportError {
        path: path.to_path_buf(),
        source,
    })
}

/// Document ids in a stable order: as in `docs`, then any only seen in `tagged`.
pub(crate) fn doc_order<'a>(docs: &'a [Document], tagged: &'a [Tagged]) -> Vec<&'a str> {
    let mut seen = std::collections::HashSet::new();
    docs.iter()
        .map(|d| d.id.as_str())
        .chain(tagged.iter().map(|t| t.sentence.doc.as_str()))
        .filter(|id| seen.insert(*id))
        .collect()
}

/// A theme's score, 0 when the classifier left it out.
pub(crate) fn score(t: &Tagged, theme: Theme) -> f32 {
    t.scores.get(&theme).copied().unwrap_or(0.0)
}
