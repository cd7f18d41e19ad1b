//! Bring a reviewer's corrections in `tagged.csv` back into the gold set (`gold.jsonl`).
//!
//! Rules, so a merge can neither duplicate nor lose a sentence:
//! - `review_labels` holds theme names separated by `;` or `,` (any case); empty means no
//!   correction; `none` means the sentence has no theme.
//! - A row whose (doc, i) is in the gold set must have the same text (after undoing the CSV
//!   formula guard and CRLF line endings); its correction replaces the gold labels.
//! - A row of a document the gold set does not have is new. A new document is added whole,
//!   and only when at least one of its rows carries a correction: its rows must cover
//!   i = 0..n with offsets, and rows left uncorrected keep the model's `labels` column.
//!   New documents are appended after the existing ones in the CSV's order; existing
//!   lines keep their order and any extra fields.
//! - Conflicts: unknown theme names, bad rows, text that differs from gold, a row of a gold
//!   document whose i the gold set lacks (the segmentation differs), the same (doc, i) twice
//!   with different text or different corrections, a new document with gaps.
//! - All or nothing: with any conflict the gold file is not written (fix the CSV and run
//!   again; re-running a merged CSV changes nothing). Otherwise it is replaced atomically
//!   (temporary file in the same folder, then rename).

use super::csv::{unguard_formula, REVIEW_LABELS};
use crate::themes::Theme;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One line of the gold file; fields other than the six known ones are kept as they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldSentence {
    /// Document id.
    pub doc: String,
    /// Sentence number in the document, from 0.
    pub i: usize,
    /// First character (Unicode scalar values).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The sentence text.
    pub text: String,
    /// Gold themes, in [`Theme::ALL`] order.
    pub labels: Vec<Theme>,
    /// Any other fields a gold line carries, written back unchanged.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A reviewer's verdict on one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Correction {
    /// `review_labels` left empty: the model's labels stand.
    Unchanged,
    /// The themes the sentence should have (empty for `none`).
    Labels(Vec<Theme>),
}

/// One data row of a reviewed `tagged.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    /// Line of the row in the CSV file (header is line 1), for messages.
    pub line: u64,
    /// Document id.
    pub doc: String,
    /// Sentence number.
    pub i: usize,
    /// Offsets, needed only for sentences new to the gold set.
    pub start: Option<usize>,
    /// One past the last character.
    pub end: Option<usize>,
    /// The sentence text with the formula guard removed.
    pub text: String,
    /// The model's labels (the `labels` column), used for unreviewed rows of new documents.
    pub model_labels: Vec<Theme>,
    /// What the reviewer said.
    pub correction: Correction,
}

/// Something that stops a merge; each names the CSV line(s) involved (`line`, `lines`: line
/// numbers in the CSV, header = 1; `doc`, `i`: the sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// A row that could not be read (bad number, unknown theme, missing offsets...).
    BadRow { line: u64, reason: String },
    /// The row's text is not the gold text of that (doc, i).
    TextDiffers {
        line: u64,
        doc: String,
        i: usize,
        gold: String,
        review: String,
    },
    /// The document is in the gold set but this sentence number is not.
    NotInGold { line: u64, doc: String, i: usize },
    /// The same (doc, i) appears twice with different text.
    DuplicateText {
        lines: (u64, u64),
        doc: String,
        i: usize,
    },
    /// The same sentence corrected twice with different themes.
    DuplicateCorrection {
        lines: (u64, u64),
        doc: String,
        i: usize,
        first: Vec<Theme>,
        second: Vec<Theme>,
    },
    /// A new document whose rows do not cover i = 0..n.
    IncompleteNewDoc { doc: String, missing: Vec<usize> },
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conflict::BadRow { line, reason } => write!(f, "line {line}: {reason}"),
            Conflict::TextDiffers { line, doc, i, gold, review } => {
                write!(f, "line {line}: {doc} #{i}: text differs from gold (gold {gold:?}, csv {review:?})")
            }
            Conflict::NotInGold { line, doc, i } => write!(
                f,
                "line {line}: {doc} #{i}: the gold set has this document but no sentence {i} (segmentation differs)"
            ),
            Conflict::DuplicateText { lines: (a, b), doc, i } => {
                write!(f, "lines {a} and {b}: {doc} #{i} appears twice with different text")
            }
            Conflict::DuplicateCorrection { lines: (a, b), doc, i, first, second } => write!(
                f,
                "lines {a} and {b}: {doc} #{i} corrected twice differently ({} vs {})",
                label_list(first),
                label_list(second)
            ),
            Conflict::IncompleteNewDoc { doc, missing } => {
                let shown: Vec<String> = missing.iter().take(10).map(|i| i.to_string()).collect();
                let more = if missing.len() > 10 { ", ..." } else { "" };
                write!(f, "new document {doc}: rows missing for i = {}{more} (was the CSV filtered?)", shown.join(", "))
            }
        }
    }
}

fn label_list(labels: &[Theme]) -> String {
    if labels.is_empty() {
        return "none".to_string();
    }
    labels
        .iter()
        .map(|t| t.name())
        .collect::<Vec<_>>()
        .join(";")
}

/// The result of merging: the new gold set and what changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeOutcome {
    /// The merged gold set, in file order.
    pub gold: Vec<GoldSentence>,
    /// Rows that carried a correction.
    pub corrections: usize,
    /// Existing gold sentences whose labels changed.
    pub changed: usize,
    /// Corrections that matched the gold labels already.
    pub unchanged: usize,
    /// Sentences appended (from new documents).
    pub added: usize,
    /// New documents appended.
    pub added_docs: usize,
    /// New documents left out because none of their rows was reviewed.
    pub skipped_docs: Vec<String>,
    /// Everything that blocks writing.
    pub conflicts: Vec<Conflict>,
}

/// A file-level failure (cannot read, not a CSV, wrong header, bad gold line); `path` names
/// the file, `line` the gold line (from 1).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Reading or writing a file failed.
    #[error("cannot {action} {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// The CSV could not be parsed or lacks a needed column.
    #[error("{}: {reason}", path.display())]
    Csv { path: PathBuf, reason: String },
    /// A gold line is not valid.
    #[error("{}:{line}: {reason}", path.display())]
    Gold {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

/// Read a gold JSONL file; blank lines are skipped, a repeated (doc, i) is an error.
pub fn read_gold(path: &Path) -> Result<Vec<GoldSentence>, ImportError> {
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Io {
        action: "read",
        path: path.into(),
        source,
    })?;
    let mut seen = HashSet::new();
    let mut gold = Vec::new();
    for (k, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let bad = |reason: String| ImportError::Gold {
            path: path.into(),
            line: k + 1,
            reason,
        };
        let g: GoldSentence = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        if !seen.insert((g.doc.clone(), g.i)) {
            return Err(bad(format!(
                "{} #{} appears twice in the gold file",
                g.doc, g.i
            )));
        }
        gold.push(g);
    }
    Ok(gold)
}

/// Parse a reviewed CSV (UTF-8 with or without BOM, or Windows-1252 as older Excel saves;
/// `,` or `;` delimited). Rows that cannot be read become conflicts, not errors.
pub fn read_review_csv(path: &Path) -> Result<(Vec<ReviewRow>, Vec<Conflict>), ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        action: "read",
        path: path.into(),
        source,
    })?;
    let text = crate::ingest::text::decode_8bit(&bytes).text;
    parse_review_csv(&text).map_err(|reason| ImportError::Csv {
        path: path.into(),
        reason,
    })
}

/// Parse CSV text; the error is for a file that is not a review CSV at all.
pub fn parse_review_csv(text: &str) -> Result<(Vec<ReviewRow>, Vec<Conflict>), String> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if !first_line.contains(',') && first_line.contains(';') {
        b';'
    } else {
        b','
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| format!("cannot read the header: {e}"))?
        .clone();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let need =
        |name: &str| col(name).ok_or_else(|| format!("no {name:?} column (is this a tagged.csv?)"));
    let cols = Columns {
        doc: need("doc")?,
        i: need("i")?,
        text: need("text")?,
        review: need(REVIEW_LABELS)?,
        start: col("start"),
        end: col("end"),
        labels: col("labels"),
    };
    let mut rows = Vec::new();
    let mut conflicts = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => match cols.parse(&r) {
                Ok(row) => rows.push(row),
                Err(reason) => conflicts.push(Conflict::BadRow {
                    line: line_of(&r),
                    reason,
                }),
            },
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                conflicts.push(Conflict::BadRow {
                    line,
                    reason: format!("cannot parse the row: {e}"),
                })
            }
        }
    }
    Ok((rows, conflicts))
}

/// Column positions in the reviewed CSV.
struct Columns {
    doc: usize,
    i: usize,
    text: usize,
    review: usize,
    start: Option<usize>,
    end: Option<usize>,
    labels: Option<usize>,
}

impl Columns {
    fn parse(&self, r: &::csv::StringRecord) -> Result<ReviewRow, String> {
        let get = |k: usize| r.get(k).unwrap_or("");
        let number = |k: Option<usize>, name: &str| -> Result<Option<usize>, String> {
            match k.map(get).map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => s
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{name} is not a whole number: {s:?}")),
            }
        };
        let i = number(Some(self.i), "i")?.ok_or("i is empty")?;
        let correction = parse_correction(get(self.review))?;
        let model_labels = match self.labels.map(get) {
            Some(s) => parse_themes(s).map_err(|e| format!("labels column: {e}"))?,
            None => Vec::new(),
        };
        Ok(ReviewRow {
            line: line_of(r),
            doc: unguard_formula(get(self.doc)).to_string(),
            i,
            start: number(self.start, "start")?,
            end: number(self.end, "end")?,
            text: unguard_formula(get(self.text)).replace("\r\n", "\n"),
            model_labels,
            correction,
        })
    }
}

fn line_of(r: &::csv::StringRecord) -> u64 {
    r.position().map_or(0, |p| p.line())
}

/// `""` -> no correction, `none` -> no themes, else themes split on `;` or `,`.
pub fn parse_correction(cell: &str) -> Result<Correction, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(Correction::Unchanged);
    }
    if cell.eq_ignore_ascii_case("none") {
        return Ok(Correction::Labels(Vec::new()));
    }
    parse_themes(cell)
        .map(Correction::Labels)
        .map_err(|e| format!("{REVIEW_LABELS}: {e}"))
}

/// Theme names split on `;` or `,`, any case, sorted into [`Theme::ALL`] order, no repeats.
fn parse_themes(cell: &str) -> Result<Vec<Theme>, String> {
    let mut themes = Vec::new();
    for name in cell
        .split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let theme: Theme = name
            .to_ascii_lowercase()
            .parse()
            .map_err(|e: crate::themes::UnknownTheme| e.to_string())?;
        themes.push(theme);
    }
    themes.sort();
    themes.dedup();
    Ok(themes)
}

/// Merge reviewed rows into a gold set (pure: no files). See the module doc for the rules.
pub fn merge(gold: &[GoldSentence], rows: &[ReviewRow]) -> MergeOutcome {
    let mut out = MergeOutcome {
        gold: gold.to_vec(),
        ..MergeOutcome::default()
    };
    let index: HashMap<(&str, usize), usize> = gold
        .iter()
        .enumerate()
        .map(|(k, g)| ((g.doc.as_str(), g.i), k))
        .collect();
    let gold_docs: HashSet<&str> = gold.iter().map(|g| g.doc.as_str()).collect();
    let rows = dedupe_rows(rows, &mut out.conflicts);
    out.corrections = rows
        .iter()
        .filter(|r| r.correction != Correction::Unchanged)
        .count();
    let mut new_docs: Vec<(&str, Vec<&ReviewRow>)> = Vec::new();
    for row in rows {
        if let Some(&k) = index.get(&(row.doc.as_str(), row.i)) {
            apply_correction(&mut out, k, row);
        } else if gold_docs.contains(row.doc.as_str()) {
            out.conflicts.push(Conflict::NotInGold {
                line: row.line,
                doc: row.doc.clone(),
                i: row.i,
            });
        } else {
            match new_docs.iter_mut().find(|(d, _)| *d == row.doc) {
                Some((_, v)) => v.push(row),
                None => new_docs.push((row.doc.as_str(), vec![row])),
            }
        }
    }
    for (doc, doc_rows) in new_docs {
        append_new_doc(&mut out, doc, doc_rows);
    }
    out
}

/// Keep one row per (doc, i); report repeats that disagree on text or correction.
fn dedupe_rows<'a>(rows: &'a [ReviewRow], conflicts: &mut Vec<Conflict>) -> Vec<&'a ReviewRow> {
    let mut first: BTreeMap<(&str, usize), usize> = BTreeMap::new();
    let mut kept: Vec<&ReviewRow> = Vec::new();
    for row in rows {
        let Some(&k) = first.get(&(row.doc.as_str(), row.i)) else {
            first.insert((row.doc.as_str(), row.i), kept.len());
            kept.push(row);
            continue;
        };
        let earlier = kept[k];
        let lines = (earlier.line, row.line);
        let (doc, i) = (row.doc.clone(), row.i);
        if earlier.text != row.text {
            conflicts.push(Conflict::DuplicateText { lines, doc, i });
        } else if let (Correction::Labels(a), Correction::Labels(b)) =
            (&earlier.correction, &row.correction)
        {
            if a != b {
                conflicts.push(Conflict::DuplicateCorrection {
                    lines,
                    doc,
                    i,
                    first: a.clone(),
                    second: b.clone(),
                });
            }
        } else if earlier.correction == Correction::Unchanged {
            kept[k] = row;
        }
    }
    kept
}

fn apply_correction(out: &mut MergeOutcome, k: usize, row: &ReviewRow) {
    let g = &mut out.gold[k];
    if g.text != row.text {
        out.conflicts.push(Conflict::TextDiffers {
            line: row.line,
            doc: row.doc.clone(),
            i: row.i,
            gold: g.text.clone(),
            review: row.text.clone(),
        });
        return;
    }
    if let Correction::Labels(labels) = &row.correction {
        if g.labels == *labels {
            out.unchanged += 1;
        } else {
            g.labels = labels.clone();
            out.changed += 1;
        }
    }
}

/// Append a reviewed new document whole, or note it as skipped when nobody reviewed it.
fn append_new_doc(out: &mut MergeOutcome, doc: &str, mut rows: Vec<&ReviewRow>) {
    if rows.iter().all(|r| r.correction == Correction::Unchanged) {
        out.skipped_docs.push(doc.to_string());
        return;
    }
    rows.sort_by_key(|r| r.i);
    let present: HashSet<usize> = rows.iter().map(|r| r.i).collect();
    let n = rows.last().map_or(0, |r| r.i + 1);
    let missing: Vec<usize> = (0..n).filter(|i| !present.contains(i)).collect();
    if !missing.is_empty() {
        out.conflicts.push(Conflict::IncompleteNewDoc {
            doc: doc.to_string(),
            missing,
        });
        return;
    }
    let mut added = Vec::new();
    for r in rows {
        let (Some(start), Some(end)) = (r.start, r.end) else {
            let reason = format!(
                "{doc} #{} is new to the gold set but has no start/end offsets",
                r.i
            );
            out.conflicts.push(Conflict::BadRow {
                line: r.line,
                reason,
            });
            return;
        };
        let labels = match &r.correction {
            Correction::Labels(l) => l.clone(),
            Correction::Unchanged => r.model_labels.clone(),
        };
        let extra = serde_json::Map::new();
        added.push(GoldSentence {
            doc: doc.to_string(),
            i: r.i,
            start,
            end,
            text: r.text.clone(),
            labels,
            extra,
        });
    }
    out.added += added.len();
    out.added_docs += 1;
    out.gold.extend(added);
}

/// Gold lines in the style of Python's `json.dumps(..., ensure_ascii=False)`, the style of the
/// existing gold files, so a merge's diff shows only the lines that changed.
pub fn to_gold_line(g: &GoldSentence) -> String {
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, PythonStyle);
    g.serialize(&mut ser).expect("gold sentences serialise");
    String::from_utf8(buf).expect("serde_json writes UTF-8")
}

/// `", "` and `": "` separators, like Python's json module.
struct PythonStyle;

impl serde_json::ser::Formatter for PythonStyle {
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
}

/// Replace `path` with the gold set: write a temporary file beside it, sync, rename.
pub fn write_gold_atomic(path: &Path, gold: &[GoldSentence]) -> Result<(), ImportError> {
    let io_err = |source| ImportError::Io {
        action: "write",
        path: path.into(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "gold.jsonl".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        for g in gold {
            w.write_all(to_gold_line(g).as_bytes())?;
            w.write_all(b"\n")?;
        }
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io_err)
}

/// Read both files, merge, and (unless `dry_run` or there are conflicts) write the gold file.
/// Returns the outcome; `written` tells whether the gold file was replaced.
pub fn import_review(
    csv_path: &Path,
    gold_path: &Path,
    dry_run: bool,
) -> Result<(MergeOutcome, bool), ImportError> {
    let gold = read_gold(gold_path)?;
    let (rows, mut bad_rows) = read_review_csv(csv_path)?;
    let mut outcome = merge(&gold, &rows);
    bad_rows.append(&mut outcome.conflicts);
    outcome.conflicts = bad_rows;
    let write =
        !dry_run && outcome.conflicts.is_empty() && (outcome.changed > 0 || outcome.added > 0);
    if write {
        write_gold_atomic(gold_path, &outcome.gold)?;
    }
    Ok((outcome, write))
}
