//! The split evaluation: exact-span sentence scores, boundary scores, mismatches, and gold
//! lines with extra fields.

use complaint_tagger::evaluate::split::{evaluate, read_sentences, Side};
use complaint_tagger::split::Sentence;
use std::io::Write;

fn s(doc: &str, start: usize, end: usize) -> Sentence {
    Sentence { doc: doc.into(), i: 0, start, end, text: format!("{start}-{end}") }
}

#[test]
fn scores_spans_and_boundaries() {
    // gold: [0,5) [6,10) [11,20); predicted merges the last two: [0,5) [6,20).
    let gold = vec![s("d", 0, 5), s("d", 6, 10), s("d", 11, 20)];
    let pred = vec![s("d", 0, 5), s("d", 6, 20)];
    let report = evaluate(&gold, &pred);
    assert_eq!((report.sentences.counts.tp, report.sentences.counts.fp, report.sentences.counts.fn_), (1, 1, 2));
    assert!((report.sentences.f1 - 0.4).abs() < 1e-9);
    // boundaries (last end left out): gold {5, 10}, predicted {5}.
    assert_eq!((report.boundaries.counts.tp, report.boundaries.counts.fp, report.boundaries.counts.fn_), (1, 0, 1));
    assert_eq!(report.boundaries.precision, 1.0);
    assert_eq!(report.boundaries.recall, 0.5);
    let sides: Vec<(Side, usize)> = report.mismatches.iter().map(|m| (m.side, m.start)).collect();
    assert_eq!(sides, vec![(Side::Gold, 6), (Side::Predicted, 6), (Side::Gold, 11)]);
}

#[test]
fn documents_missing_on_one_side_count_against_it() {
    let report = evaluate(&[s("a", 0, 3)], &[s("b", 0, 3)]);
    assert_eq!(report.documents.len(), 2);
    assert_eq!(report.sentences.f1, 0.0);
}

#[test]
fn gold_lines_with_labels_are_read() {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    writeln!(file, r#"{{"doc":"d","i":0,"start":0,"end":3,"text":"Hi.","labels":["delay"]}}"#).unwrap();
    writeln!(file).unwrap();
    writeln!(file, r#"{{"doc":"d","i":1,"start":4,"end":7,"text":"Yo.","labels":[]}}"#).unwrap();
    let sentences = read_sentences(file.path()).expect("readable");
    assert_eq!(sentences.len(), 2);
    assert_eq!(sentences[1].start, 4);
}

#[test]
fn bad_lines_are_reported_with_file_and_line() {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    writeln!(file, r#"{{"doc":"d","i":0,"start":0,"end":3,"text":"Hi."}}"#).unwrap();
    writeln!(file, "not json").unwrap();
    let err = read_sentences(file.path()).unwrap_err().to_string();
    assert!(err.contains(&file.path().display().to_string()) && err.contains(":2:"), "{err}");
}
