//! Split: a document's text into sentences that keep their character offsets.

use serde::{Deserialize, Serialize};

/// A sentence of a document: `text == document.text[start..end]` in Unicode scalar values
/// (the way Python indexes a str), so any output traces back to the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Document id (file name without extension, or relative path).
    pub doc: String,
    /// Position of the sentence in its document, from 0.
    pub i: usize,
    /// First character, counted in Unicode scalar values.
    pub start: usize,
    /// One past the last character, in Unicode scalar values.
    pub end: usize,
    /// The sentence text, exactly as in the document between `start` and `end`.
    pub text: String,
}
