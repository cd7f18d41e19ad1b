//! `run.json`: what a run read and how it decided, so shard outputs can be merged exactly.

use crate::ingest::Document;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// One document of the run, without its text (that is in the input file or `texts/`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentEntry {
    /// Document id.
    pub id: String,
    /// File it was read from (absent for stdin).
    pub path: Option<PathBuf>,
    /// How the text was obtained (decoding, extraction, empty).
    pub notes: Vec<String>,
}

/// The run's documents in order and the thresholds that turned scores into labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunManifest {
    /// Every document read, in output order.
    pub documents: Vec<DocumentEntry>,
    /// Per-theme thresholds, in theme order.
    pub thresholds: [f32; 11],
}

impl RunManifest {
    /// Describe a run's documents and thresholds.
    pub fn new(docs: &[Document], thresholds: &[f32; 11]) -> Self {
        let documents = docs
            .iter()
            .map(|d| DocumentEntry { id: d.id.clone(), path: d.path.clone(), notes: d.notes.clone() })
            .collect();
        RunManifest { documents, thresholds: *thresholds }
    }
}
