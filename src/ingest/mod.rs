//! Ingest: read files of any supported format into plain-text documents.

use std::path::PathBuf;

/// A document as the rest of the pipeline sees it: an id, where it came from, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Stable id: file name without extension, or its path relative to the directory given.
    pub id: String,
    /// The file it was read from (`None` for stdin).
    pub path: Option<PathBuf>,
    /// The text all offsets refer to (extracted text for HTML/PDF).
    pub text: String,
    /// Notes about how the text was obtained (e.g. "decoded as Windows-1252").
    pub notes: Vec<String>,
}
