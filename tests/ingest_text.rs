//! Text inputs: encodings, BOMs, NUL bytes, line endings, binary files, empty files.

use complaint_tagger::ingest::{collect_inputs, read_document, Document, InputError, NOTE_EMPTY};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ingest")
        .join(name)
}

fn read(path: &Path) -> Result<Document, InputError> {
    let (sources, errors) = collect_inputs(&[path.to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(sources.len(), 1);
    read_document(&sources[0])
}

fn read_fixture(name: &str) -> Document {
    read(&fixture(name)).unwrap_or_else(|e| panic!("{name} should read: {e}"))
}

fn has_note(doc: &Document, needle: &str) -> bool {
    doc.notes.iter().any(|n| n.contains(needle))
}

#[test]
fn empty_and_whitespace_files_are_documents_with_a_note() {
    let empty = read_fixture("empty.txt");
    assert_eq!(empty.text, "");
    assert_eq!(empty.id, "empty");
    assert!(has_note(&empty, NOTE_EMPTY), "{:?}", empty.notes);
    let ws = read_fixture("whitespace.txt");
    assert!(ws.text.trim().is_empty());
    assert!(
        !ws.text.contains('\r'),
        "CRLF should be normalised: {:?}",
        ws.text
    );
    assert!(has_note(&ws, NOTE_EMPTY), "{:?}", ws.notes);
}

#[test]
fn plain_utf8_text_is_returned_unchanged_without_notes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.txt");
    let body = "Members noted the report.\nThe caf\u{e9} closed \u{2013} \u{a3}5.\n";
    std::fs::write(&path, body).unwrap();
    let doc = read(&path).unwrap();
    assert_eq!(doc.text, body);
    assert!(doc.notes.is_empty(), "{:?}", doc.notes);
    assert_eq!(doc.path.as_deref(), Some(path.as_path()));
}

#[test]
fn png_renamed_to_txt_is_refused_as_binary() {
    let err = read(&fixture("png_renamed.txt")).unwrap_err();
    assert!(
        err.reason.contains("looks like binary (PNG image)"),
        "{}",
        err.reason
    );
    assert!(err.to_string().contains("png_renamed.txt"), "{err}");
}

#[test]
fn many_control_bytes_are_refused_with_a_share() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blob.txt");
    let bytes: Vec<u8> = (0..4000u32).map(|k| (k * 7 % 32) as u8).collect();
    std::fs::write(&path, bytes).unwrap();
    let err = read(&path).unwrap_err();
    assert!(
        err.reason.starts_with("looks like binary ("),
        "{}",
        err.reason
    );
    assert!(err.reason.contains("control bytes"), "{}", err.reason);
}

#[test]
fn utf16_without_bom_gets_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u16.txt");
    let bytes: Vec<u8> = "Complaints were upheld."
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    std::fs::write(&path, bytes).unwrap();
    let err = read(&path).unwrap_err();
    assert!(
        err.reason.contains("UTF-16 without a byte order mark"),
        "{}",
        err.reason
    );
}

#[test]
fn invalid_utf8_is_decoded_as_windows_1252_with_a_note() {
    let doc = read_fixture("windows1252.txt");
    assert!(
        doc.text
            .contains("The council\u{2019}s response was \u{201c}unacceptable\u{201d}"),
        "{:?}",
        doc.text
    );
    assert!(
        doc.text.contains("refund of \u{a3}120 \u{2013} promised"),
        "{:?}",
        doc.text
    );
    assert!(!doc.text.contains('\u{fffd}'));
    assert!(has_note(&doc, "decoded as Windows-1252"), "{:?}", doc.notes);
}

#[test]
fn utf16_with_bom_is_decoded_both_byte_orders() {
    let expected =
        "Complaints about delay rose by 12% (\u{a3}4,000 in remedies).\nThe caf\u{e9} closed.\n";
    for (name, enc) in [
        ("utf16le_bom.txt", "UTF-16LE"),
        ("utf16be_bom.txt", "UTF-16BE"),
    ] {
        let doc = read_fixture(name);
        assert_eq!(doc.text, expected, "{name}");
        assert!(has_note(&doc, enc), "{name}: {:?}", doc.notes);
    }
}

#[test]
fn utf8_bom_is_stripped_and_noted() {
    let doc = read_fixture("utf8_bom.md");
    assert_eq!(doc.text, "# Complaints\n\nThe caf\u{e9} was closed.\n");
    assert!(has_note(&doc, "byte order mark"), "{:?}", doc.notes);
}

#[test]
fn nul_bytes_become_spaces_so_offsets_do_not_move() {
    let raw = std::fs::read(fixture("nul_bytes.txt")).unwrap();
    let doc = read_fixture("nul_bytes.txt");
    assert_eq!(
        doc.text,
        "Members noted the report.\nThe  complaint was upheld.\n"
    );
    assert_eq!(
        doc.text.chars().count(),
        raw.len(),
        "one character per byte for ASCII input"
    );
    assert!(has_note(&doc, "replaced 3 NUL"), "{:?}", doc.notes);
}

#[test]
fn crlf_and_lone_cr_are_normalised_to_lf() {
    let doc = read_fixture("crlf.txt");
    assert_eq!(
        doc.text,
        "Agenda item 5\n\nMinutes:\nThe committee noted the report.\nOld Mac line\nend.\n"
    );
    assert!(has_note(&doc, "line endings normalised"), "{:?}", doc.notes);
}

#[test]
fn twenty_megabyte_single_line_is_read_in_reasonable_time() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "The complainant said the council's reply was late and unhelpful. ";
    let body = sentence.repeat(20 * 1024 * 1024 / sentence.len() + 1);
    assert!(body.len() >= 20 * 1024 * 1024);
    for name in ["huge.txt", "huge.html"] {
        let path = dir.path().join(name);
        std::fs::write(&path, &body).unwrap();
        let started = std::time::Instant::now();
        let doc = read(&path).unwrap();
        let took = started.elapsed();
        assert_eq!(doc.text.trim_end(), body.trim_end(), "{name}");
        assert!(took.as_secs() < 30, "{name} took {took:?}");
        eprintln!("{name}: {} MB read in {took:?}", body.len() / (1024 * 1024));
    }
}
