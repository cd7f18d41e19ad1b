//! PDF: the text layer, via pdf-extract (lopdf underneath).
//!
//! PDF parsers meet hostile and broken files, and pdf-extract panics on some of them, so the
//! extraction runs under `catch_unwind` and a panic becomes an ordinary error. A file with
//! no `%%EOF` marker near its end is refused as truncated before parsing, because lopdf can
//! rebuild a damaged cross-reference table and would then return part of the text silently.

use super::Extracted;
use pdf_extract::{Document, PlainTextOutput};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The PDF spec lets `%%EOF` sit anywhere in the last 1024 bytes (trailing junk is common).
const EOF_WINDOW: usize = 1024;

/// Extract the text layer; the error string is the reason shown to the user.
pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    if !bytes.starts_with(b"%PDF-") {
        return Err("not a PDF (no %PDF- header)".to_string());
    }
    if !has_eof_marker(bytes) {
        return Err("PDF is truncated (no %%EOF marker at the end); download it again".to_string());
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| extract_unchecked(bytes)));
    let (text, pages) = match outcome {
        Ok(result) => result?,
        Err(panic) => {
            return Err(format!(
                "PDF is damaged (the PDF reader failed: {})",
                panic_message(&panic)
            ))
        }
    };
    if text.trim().is_empty() {
        return Err("PDF has no text layer (scanned image?); run OCR first".to_string());
    }
    Ok(Extracted {
        text,
        notes: vec![format!("extracted text from PDF ({pages} page(s))")],
    })
}

/// Parse, refuse encrypted files we cannot open, and write all pages as plain text.
fn extract_unchecked(bytes: &[u8]) -> Result<(String, usize), String> {
    let encrypted =
        || "PDF is encrypted (password required); save an unprotected copy first".to_string();
    let mut doc = Document::load_mem(bytes).map_err(|e| {
        if mentions_encryption(bytes) {
            encrypted()
        } else {
            format!("PDF is damaged or truncated: {e}")
        }
    })?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(encrypted());
    }
    let pages = doc.get_pages().len();
    if pages == 0 {
        return Err("PDF has no pages (damaged?)".to_string());
    }
    let mut text = String::new();
    pdf_extract::output_doc(&doc, &mut PlainTextOutput::new(&mut text))
        .map_err(|e| format!("cannot extract text from PDF: {e}"))?;
    Ok((text, pages))
}

/// lopdf reports a wrong password in several ways; an `/Encrypt` entry settles which it is.
fn mentions_encryption(bytes: &[u8]) -> bool {
    bytes.windows(8).any(|w| w == b"/Encrypt")
}

fn has_eof_marker(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(EOF_WINDOW)..];
    tail.windows(5).any(|w| w == b"%%EOF")
}

/// The text of a caught panic, for the error message.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}
