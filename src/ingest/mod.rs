//! Ingest: read files of any supported format into plain-text documents.
//!
//! Two steps, so the caller can read in parallel: [`collect_inputs`] turns the paths on the
//! command line into [`InputSource`]s with unique ids (cheap, sequential, deterministic), and
//! [`read_document`] reads one source into a [`Document`] (run it under rayon).
//!
//! What every format guarantees about [`Document::text`]:
//! - line endings are `\n` (CRLF and lone CR are normalised, the way Python's text mode reads
//!   a file), so offsets computed in Python on the original `.txt` file match ours;
//! - NUL bytes are replaced by spaces (one for one, so offsets do not move);
//! - any change from the bytes on disk adds a line to [`Document::notes`]; a document with
//!   notes (or from stdin) gets its text written to `texts/<id>.txt` by export, so offsets
//!   always trace back to a file.
//!
//! Empty and whitespace-only inputs are not errors: they give a document whose text has no
//! sentences, with the note [`NOTE_EMPTY`].

pub mod html;
pub mod pdf;
pub mod sources;
pub mod text;

use serde::Serialize;
use std::io::Read;
use std::path::PathBuf;

pub use sources::{collect_inputs, InputSource, Origin};

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

/// The note added to a document that holds no text, so reports can say why it has no sentences.
pub const NOTE_EMPTY: &str = "empty document (no text)";

/// An input that could not be read; the rest of the batch goes on without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}: {reason}", path.display())]
pub struct InputError {
    /// The path as given or found (`-` for stdin).
    pub path: PathBuf,
    /// What went wrong, in words a user can act on.
    pub reason: String,
}

impl InputError {
    /// Build an error for `path` with a human-readable reason.
    pub fn new(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        InputError {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

/// The formats ingest understands; each has one module with an `extract` function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Plain text or Markdown (`.txt`, `.md`).
    Text,
    /// A web page (`.html`, `.htm`).
    Html,
    /// A PDF with a text layer.
    Pdf,
}

impl Format {
    /// The format a file extension stands for (case-insensitive), `None` if unsupported.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "md" => Some(Format::Text),
            "html" | "htm" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// Guess the format from the first bytes, for stdin and files without a known extension.
    pub fn sniff(bytes: &[u8]) -> Format {
        let head = &bytes[..bytes.len().min(1024)];
        if head.starts_with(b"%PDF-") {
            return Format::Pdf;
        }
        let lower = String::from_utf8_lossy(head)
            .trim_start_matches('\u{feff}')
            .trim_start()
            .to_ascii_lowercase();
        if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
            Format::Html
        } else {
            Format::Text
        }
    }
}

/// What a format reader returns: the text and notes about how it was obtained.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The document text, before the line-ending and NUL clean-up done here.
    pub text: String,
    /// Notes about decoding or extraction.
    pub notes: Vec<String>,
}

/// Extensions accepted, for error messages and directory walks.
pub const SUPPORTED_EXTENSIONS: [&str; 5] = ["txt", "md", "html", "htm", "pdf"];

/// Read one source into a document: the bytes, the format, the text clean-up.
/// Errors name the path and say what to do where there is something to do.
pub fn read_document(src: &InputSource) -> Result<Document, InputError> {
    let bytes = read_bytes(src)?;
    let format = choose_format(src, &bytes);
    let extracted = match format {
        Format::Text => text::extract(&bytes),
        Format::Html => html::extract(&bytes),
        Format::Pdf => pdf::extract(&bytes),
    }
    .map_err(|reason| InputError::new(src.display_path(), reason))?;
    let path = match &src.origin {
        Origin::File(p) => Some(p.clone()),
        Origin::Stdin => None,
    };
    let (text, notes) = finish_text(extracted);
    Ok(Document {
        id: src.id.clone(),
        path,
        text,
        notes,
    })
}

/// Bytes of a file or of stdin, with an error that names the source.
fn read_bytes(src: &InputSource) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    let result = match &src.origin {
        Origin::File(p) => std::fs::read(p).map(|b| bytes = b),
        Origin::Stdin => std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ()),
    };
    result.map_err(|e| InputError::new(src.display_path(), format!("cannot read: {e}")))?;
    Ok(bytes)
}

/// PDF magic always wins (a PDF saved as `.txt` is still a PDF); otherwise the extension
/// decides, and content sniffing covers stdin and unknown extensions.
fn choose_format(src: &InputSource, bytes: &[u8]) -> Format {
    if bytes.starts_with(b"%PDF-") {
        return Format::Pdf;
    }
    src.format_hint.unwrap_or_else(|| Format::sniff(bytes))
}

/// Shared clean-up after any format: newlines to `\n`, NUL to space, a note for empty text.
fn finish_text(extracted: Extracted) -> (String, Vec<String>) {
    let Extracted { text, mut notes } = extracted;
    let (text, crlf) = normalise_newlines(text);
    if crlf {
        notes.push("line endings normalised to \\n".to_string());
    }
    let nuls = text.matches('\0').count();
    let text = if nuls > 0 {
        notes.push(format!("replaced {nuls} NUL character(s) with spaces"));
        text.replace('\0', " ")
    } else {
        text
    };
    if text.trim().is_empty() {
        notes.push(NOTE_EMPTY.to_string());
    }
    (text, notes)
}

/// CRLF and lone CR to LF; returns whether anything changed.
fn normalise_newlines(text: String) -> (String, bool) {
    if !text.contains('\r') {
        return (text, false);
    }
    (text.replace("\r\n", "\n").replace('\r', "\n"), true)
}
