//! Pre-split sentences read from JSON lines: the input of `tag --sentences`, `embed` and training.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::io::BufRead;
use std::path::Path;

/// One sentence line: `doc`, `i` and `text` are required; every other field is carried through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceRecord {
    /// Document id.
    pub doc: String,
    /// Position of the sentence in its document.
    pub i: usize,
    /// Sentence text.
    pub text: String,
    /// Everything else on the line (start, end, labels, ...), kept in output.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Read JSON-lines sentence records from a file (`-` for stdin), naming file and line on error.
pub fn read_records(path: &Path) -> Result<Vec<SentenceRecord>> {
    let reader = open_lines(path)?;
    let mut records = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{}: line {}: cannot read", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: SentenceRecord = serde_json::from_str(&line)
            .with_context(|| format!("{}: line {}: not a sentence record {{\"doc\",\"i\",\"text\",...}}", path.display(), n + 1))?;
        records.push(record);
    }
    check_unique_ids(path, &records)?;
    Ok(records)
}

/// Open a file or stdin (`-`) for line-by-line reading.
pub fn open_lines(path: &Path) -> Result<Box<dyn BufRead>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::BufReader::new(std::io::stdin())));
    }
    let file = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(Box::new(std::io::BufReader::new(file)))
}

fn check_unique_ids(path: &Path, records: &[SentenceRecord]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for r in records {
        if !seen.insert((r.doc.as_str(), r.i)) {
            bail!("{}: sentence (doc {:?}, i {}) appears more than once", path.display(), r.doc, r.i);
        }
    }
    Ok(())
}
