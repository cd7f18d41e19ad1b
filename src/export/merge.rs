//! Join the output directories of `tag --shard K/N` runs into one set of outputs.

use super::run_manifest::RunManifest;
use super::texts::relative_path;
use crate::classify::Tagged;
use crate::ingest::{Document, InputError};
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Everything the shard directories held, reassembled, ready for [`super::write_all`].
#[derive(Debug)]
pub struct Merged {
    /// Documents of every shard, ordered by id (text only where `texts/` kept it).
    pub docs: Vec<Document>,
    /// Sentences grouped by document in `docs` order.
    pub tagged: Vec<Tagged>,
    /// Every shard's unreadable inputs.
    pub errors: Vec<InputError>,
    /// The thresholds all shards used.
    pub thresholds: [f32; 11],
}

#[derive(Deserialize)]
struct ErrorLine {
    path: PathBuf,
    reason: String,
}

/// Read shard outputs; a document in two shards or shards with different thresholds is an error.
pub fn merge_runs(dirs: &[PathBuf]) -> Result<Merged> {
    let mut docs = BTreeMap::new();
    let mut sentences: BTreeMap<String, Vec<Tagged>> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut thresholds: Option<[f32; 11]> = None;
    for dir in dirs {
        let manifest: RunManifest = read_json(&dir.join("run.json"))?;
        if thresholds.is_some_and(|t| t != manifest.thresholds) {
            bail!("{} was tagged with different thresholds from the other shards (a different model?)", dir.display());
        }
        thresholds = Some(manifest.thresholds);
        for entry in manifest.documents {
            let text = std::fs::read_to_string(dir.join("texts").join(relative_path(&entry.id))).unwrap_or_default();
            let doc = Document { id: entry.id.clone(), path: entry.path, text, notes: entry.notes };
            if docs.insert(entry.id.clone(), doc).is_some() {
                bail!("document {:?} appears in more than one shard (last seen in {})", entry.id, dir.display());
            }
        }
        for tagged in read_lines::<Tagged>(&dir.join("sentences.jsonl"))? {
            sentences.entry(tagged.sentence.doc.clone()).or_default().push(tagged);
        }
        errors.extend(read_lines::<ErrorLine>(&dir.join("errors.jsonl"))?.into_iter().map(|e| InputError::new(e.path, e.reason)));
    }
    let known: BTreeSet<&String> = docs.keys().collect();
    if let Some(stray) = sentences.keys().find(|d| !known.contains(d)) {
        bail!("sentences of document {stray:?} have no entry in any run.json");
    }
    let tagged = docs.keys().flat_map(|id| sentences.remove(id).unwrap_or_default()).collect();
    let thresholds = thresholds.context("no shard directories given")?;
    Ok(Merged { docs: docs.into_values().collect(), tagged, errors, thresholds })
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {} (is this a `tag --out` directory?)", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not valid", path.display()))
}

fn read_lines<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).with_context(|| format!("{}: line {}: not valid", path.display(), n + 1)))
        .collect()
}
