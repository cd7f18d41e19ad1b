//! PDF inputs: text layer, encrypted, truncated, scanned, damaged; never a panic.

use complaint_tagger::ingest::{collect_inputs, pdf, read_document, Document, InputError};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ingest")
        .join(name)
}

fn read(path: &Path) -> Result<Document, InputError> {
    let (sources, errors) = collect_inputs(&[path.to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    read_document(&sources[0])
}

#[test]
fn text_pdf_gives_its_text_layer() {
    let doc = read(&fixture("minutes.pdf")).unwrap();
    assert_eq!(doc.id, "minutes");
    for expected in [
        "Members noted that 14 complaints were about delays in completing assessments.",
        "paid \u{a3}250 for the time and trouble caused.",
        "Resolved: that the annual complaints report be noted.",
    ] {
        assert!(
            doc.text.contains(expected),
            "missing {expected:?} in {:?}",
            doc.text
        );
    }
    assert!(
        doc.notes
            .iter()
            .any(|n| n == "extracted text from PDF (2 page(s))"),
        "{:?}",
        doc.notes
    );
}

#[test]
fn encrypted_pdf_is_a_clear_error() {
    let err = read(&fixture("encrypted.pdf")).unwrap_err();
    assert!(
        err.reason.contains("PDF is encrypted (password required)"),
        "{}",
        err.reason
    );
    assert!(err.to_string().contains("encrypted.pdf"), "{err}");
}

#[test]
fn encrypted_fixture_really_needs_its_password() {
    let bytes = std::fs::read(fixture("encrypted.pdf")).unwrap();
    let doc = pdf_extract::Document::load_mem(&bytes).unwrap();
    assert!(doc.is_encrypted());
    assert!(
        doc.clone().decrypt("").is_err(),
        "empty password must not open it"
    );
    assert!(
        doc.clone().decrypt("secret").is_ok(),
        "the user password opens it"
    );
}

#[test]
fn pdf_encrypted_with_an_empty_user_password_is_read() {
    let doc = read(&fixture("encrypted_owner_only.pdf")).unwrap();
    assert!(
        doc.text.contains("delays in completing assessments"),
        "{:?}",
        doc.text
    );
}

#[test]
fn truncated_pdf_is_a_clear_error() {
    let err = read(&fixture("truncated.pdf")).unwrap_err();
    assert!(err.reason.contains("PDF is truncated"), "{}", err.reason);
    assert!(err.to_string().contains("truncated.pdf"), "{err}");
}

#[test]
fn scanned_pdf_without_text_layer_asks_for_ocr() {
    let err = read(&fixture("scanned.pdf")).unwrap_err();
    assert_eq!(
        err.reason,
        "PDF has no text layer (scanned image?); run OCR first"
    );
}

#[test]
fn pdf_saved_as_txt_is_still_read_as_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("actually_pdf.txt");
    std::fs::copy(fixture("minutes.pdf"), &path).unwrap();
    let doc = read(&path).unwrap();
    assert!(doc.text.contains("delays in completing assessments"));
}

#[test]
fn damaged_pdfs_give_errors_or_text_but_never_panic() {
    let good = std::fs::read(fixture("minutes.pdf")).unwrap();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut ok, mut failed) = (0, 0);
    for round in 0..300 {
        let mut bytes = good.clone();
        match round % 3 {
            0 => {
                for _ in 0..1 + next() % 8 {
                    let at = 10 + (next() as usize) % (bytes.len() - 10);
                    bytes[at] = next() as u8;
                }
            }
            1 => {
                let cut = 10 + (next() as usize) % (bytes.len() - 10);
                bytes.truncate(cut);
                bytes.extend_from_slice(b"\n%%EOF\n");
            }
            _ => {
                let at = 10 + (next() as usize) % (bytes.len() - 20);
                let len = (next() as usize) % 64;
                bytes.drain(at..(at + len).min(bytes.len() - 8));
            }
        }
        match pdf::extract(&bytes) {
            Ok(_) => ok += 1,
            Err(reason) => {
                assert!(!reason.is_empty());
                failed += 1;
            }
        }
    }
    eprintln!("damaged PDFs: {ok} read, {failed} refused");
    assert!(failed > 0, "some damage must be detected");
}

#[test]
fn non_pdf_bytes_are_refused() {
    assert!(pdf::extract(b"hello").unwrap_err().contains("not a PDF"));
    assert!(pdf::extract(b"%PDF-1.4\ngarbage\n%%EOF").is_err());
}
