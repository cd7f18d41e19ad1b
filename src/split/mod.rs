//! Split: a document's text into sentences that keep their character offsets.
//!
//! The rule-based splitter works in two stages: [`layout`] cuts the text into blocks at
//! line breaks that end a unit (headings, list items, table rows, page furniture, blank
//! lines), then [`rules`] cuts each block at sentence punctuation, using [`abbreviations`]
//! and [`markers`] to tell a full stop from an abbreviation or a list number.

pub mod abbreviations;
pub mod layout;
pub mod markers;
pub mod rules;

pub use rules::RuleSplitter;

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

/// One way of cutting a document into sentences, so callers need not know which.
pub trait Splitter: Send + Sync {
    /// Split `text` (the document called `doc`) into sentences in document order.
    fn split(&self, doc: &str, text: &str) -> Vec<Sentence>;
}

/// Turn sorted, non-overlapping byte spans of `text` into [`Sentence`]s with character
/// offsets, in one pass over the text (so the cost stays linear).
pub fn sentences_from_byte_spans(doc: &str, text: &str, spans: &[(usize, usize)]) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(spans.len());
    let (mut byte_pos, mut char_pos) = (0usize, 0usize);
    for (i, &(start, end)) in spans.iter().enumerate() {
        char_pos += text[byte_pos..start].chars().count();
        let char_start = char_pos;
        let sentence_text = &text[start..end];
        char_pos += sentence_text.chars().count();
        byte_pos = end;
        out.push(Sentence {
            doc: doc.to_string(),
            i,
            start: char_start,
            end: char_pos,
            text: sentence_text.to_string(),
        });
    }
    out
}

/// Why a segmentation breaks the contract (found by [`check_segmentation`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SegmentationError {
    /// A sentence's text is not the document's text between its offsets.
    #[error("sentence {i}: text does not match document[{start}..{end}]")]
    TextMismatch { i: usize, start: usize, end: usize },
    /// A sentence is empty or starts or ends with whitespace.
    #[error("sentence {i}: empty or not trimmed")]
    NotTrimmed { i: usize },
    /// Sentences overlap or are out of order.
    #[error("sentence {i}: starts at {start}, before the previous sentence ended at {prev_end}")]
    Overlap { i: usize, start: usize, prev_end: usize },
    /// A non-whitespace character lies in no sentence.
    #[error("character {pos} ({ch:?}) is in no sentence")]
    Dropped { pos: usize, ch: char },
}

/// Check the splitter contract on one document: every sentence is trimmed, ordered, equal to
/// its span, and every non-whitespace character lies in exactly one sentence.
pub fn check_segmentation(text: &str, sentences: &[Sentence]) -> Result<(), SegmentationError> {
    let chars: Vec<char> = text.chars().collect();
    let mut prev_end = 0usize;
    for s in sentences {
        if s.start < prev_end || s.end > chars.len() || s.start > s.end {
            return Err(SegmentationError::Overlap { i: s.i, start: s.start, prev_end });
        }
        let span = &chars[s.start..s.end];
        if !span.iter().copied().eq(s.text.chars()) {
            return Err(SegmentationError::TextMismatch { i: s.i, start: s.start, end: s.end });
        }
        let trimmed = span.first().is_some_and(|c| !c.is_whitespace())
            && span.last().is_some_and(|c| !c.is_whitespace());
        if !trimmed {
            return Err(SegmentationError::NotTrimmed { i: s.i });
        }
        if let Some(pos) = (prev_end..s.start).find(|&p| !chars[p].is_whitespace()) {
            return Err(SegmentationError::Dropped { pos, ch: chars[pos] });
        }
        prev_end = s.end;
    }
    match (prev_end..chars.len()).find(|&p| !chars[p].is_whitespace()) {
        Some(pos) => Err(SegmentationError::Dropped { pos, ch: chars[pos] }),
        None => Ok(()),
    }
}
