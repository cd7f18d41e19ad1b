//! JSON lines outputs: `sentences.jsonl` (machine-readable result) and `errors.jsonl`.

use crate::classify::Tagged;
use crate::ingest::InputError;
use serde::Serialize;
use std::io::{self, Write};

/// One line per sentence: doc, i, start, end, text, labels, scores (theme -> probability).
pub fn write_sentences(w: &mut dyn Write, tagged: &[Tagged]) -> io::Result<()> {
    write_lines(w, tagged)
}

/// One line per input that could not be read: `{"path": ..., "reason": ...}`.
pub fn write_errors(w: &mut dyn Write, errors: &[InputError]) -> io::Result<()> {
    write_lines(w, errors)
}

fn write_lines<T: Serialize>(w: &mut dyn Write, items: &[T]) -> io::Result<()> {
    for item in items {
        serde_json::to_writer(&mut *w, item)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}
