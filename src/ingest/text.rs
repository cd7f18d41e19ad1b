//! Plain text and Markdown: decode the bytes (UTF-8, UTF-16 with BOM, else Windows-1252)
//! and refuse files that are really binary.

use super::Extracted;

/// How many leading bytes the binary check looks at (enough for any magic number and a
/// fair sample of the content, without scanning a huge file twice).
const SNIFF_LEN: usize = 8192;

/// Share of control bytes above which a file is treated as binary rather than text.
const MAX_CONTROL_SHARE: f64 = 0.10;

/// Decode a text file; the error string is the reason shown to the user.
pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    if let Some((text, note)) = decode_utf16_bom(bytes) {
        return Ok(Extracted {
            text,
            notes: vec![note],
        });
    }
    if let Some(kind) = magic_kind(bytes) {
        return Err(format!("looks like binary ({kind}), not text"));
    }
    check_control_bytes(bytes)?;
    Ok(decode_8bit(bytes))
}

/// UTF-8 (BOM stripped) or, when that fails, Windows-1252 with a note saying so.
pub fn decode_8bit(bytes: &[u8]) -> Extracted {
    let (bytes, bom_note) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, Some("UTF-8 byte order mark removed".to_string())),
        None => (bytes, None),
    };
    let mut notes: Vec<String> = bom_note.into_iter().collect();
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            notes.push(format!(
                "decoded as Windows-1252 (not valid UTF-8 at byte {})",
                e.valid_up_to()
            ));
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        }
    };
    Extracted { text, notes }
}

/// UTF-16 LE or BE when the file starts with its byte order mark.
fn decode_utf16_bom(bytes: &[u8]) -> Option<(String, String)> {
    let (encoding, name) = if bytes.starts_with(b"\xFF\xFE") {
        (encoding_rs::UTF_16LE, "UTF-16LE")
    } else if bytes.starts_with(b"\xFE\xFF") {
        (encoding_rs::UTF_16BE, "UTF-16BE")
    } else {
        return None;
    };
    let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
    let mut note = format!("decoded as {name} (byte order mark removed)");
    if had_errors {
        note.push_str("; invalid sequences replaced with U+FFFD");
    }
    Some((text.into_owned(), note))
}

/// Name the file type when the bytes start with a well-known binary signature.
pub fn magic_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 12] = [
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"II*\0", "TIFF image"),
        (b"MM\0*", "TIFF image"),
        (
            b"PK\x03\x04",
            "ZIP archive, e.g. .docx/.xlsx: save it as PDF or text first",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "old Microsoft Office file: save it as PDF or text first",
        ),
        (b"\x1F\x8B", "gzip archive"),
        (b"\x7FELF", "executable"),
        (b"{\\rtf", "RTF document: save it as PDF or text first"),
        (b"RIFF", "RIFF media file"),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, k)| *k)
}

/// Refuse files whose head is mostly control bytes (tab, newlines, form feed, ESC and
/// NUL-in-text are tolerated; NULs are replaced later).
fn check_control_bytes(bytes: &[u8]) -> Result<(), String> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if head.is_empty() {
        return Ok(());
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    let share = control as f64 / head.len() as f64;
    if share > MAX_CONTROL_SHARE {
        let hint = if looks_like_utf16_without_bom(head) {
            "; UTF-16 without a byte order mark? re-save it as UTF-8"
        } else {
            ""
        };
        return Err(format!(
            "looks like binary ({:.0}% control bytes in the first {} bytes){hint}",
            share * 100.0,
            head.len()
        ));
    }
    Ok(())
}

/// ASCII text in UTF-16 has a NUL in every other byte.
fn looks_like_utf16_without_bom(head: &[u8]) -> bool {
    let pairs = head.len() / 2;
    if pairs < 4 {
        return false;
    }
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    even.max(odd) * 10 >= pairs * 8
}
