//! The files `write_all` puts in the output directory: JSONL, CSV, summary, texts, errors.

use complaint_tagger::classify::Tagged;
use complaint_tagger::export::csv::{guard_formula, unguard_formula};
use complaint_tagger::export::review_import::{parse_review_csv, Correction};
use complaint_tagger::export::summary::TOTAL_ROW;
use complaint_tagger::export::{write_all, ExportInput, DEFAULT_THRESHOLDS};
use complaint_tagger::ingest::{Document, InputError};
use complaint_tagger::split::Sentence;
use complaint_tagger::Theme;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Build a document from sentences joined by single spaces, and its tagged sentences.
fn doc(
    id: &str,
    path: Option<&str>,
    notes: &[&str],
    sentences: &[(&str, &[Theme])],
) -> (Document, Vec<Tagged>) {
    let mut text = String::new();
    let mut tagged = Vec::new();
    for (i, (s, labels)) in sentences.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        let start = text.chars().count();
        text.push_str(s);
        let end = text.chars().count();
        let scores: BTreeMap<Theme, f32> = Theme::ALL
            .iter()
            .map(|&t| {
                (
                    t,
                    if labels.contains(&t) {
                        0.9 - 0.01 * i as f32
                    } else {
                        0.1 + 0.001 * t.index() as f32
                    },
                )
            })
            .collect();
        tagged.push(Tagged {
            sentence: Sentence {
                doc: id.into(),
                i,
                start,
                end,
                text: s.to_string(),
            },
            labels: labels.to_vec(),
            scores,
        });
    }
    let d = Document {
        id: id.into(),
        path: path.map(PathBuf::from),
        text,
        notes: notes.iter().map(|n| n.to_string()).collect(),
    };
    (d, tagged)
}

struct Fixture {
    docs: Vec<Document>,
    tagged: Vec<Tagged>,
    errors: Vec<InputError>,
}

fn fixture() -> Fixture {
    use Theme::*;
    let parts = [
        doc(
            "minutes",
            Some("in/minutes.txt"),
            &[],
            &[
                ("Members noted the report.", &[]),
                (
                    "Complaints about delay rose; refunds of \u{a3}120 were late.",
                    &[Delay, Finance],
                ),
                ("=SUM(A1:A9) was typed into a form.", &[Procedure]),
                ("-5 complaints were withdrawn, said \"the officer\".", &[]),
                (
                    "'quoted start, with, commas\nand a newline.",
                    &[StaffConduct],
                ),
            ],
        ),
        doc(
            "sub/web page",
            Some("in/sub/web page.html"),
            &["extracted text from HTML <main>"],
            &[
                ("Staff were rude.", &[StaffConduct]),
                ("@mention and +44 number.", &[Communication]),
            ],
        ),
        doc(
            "empty",
            Some("in/empty.txt"),
            &["empty document (no text)"],
            &[],
        ),
        doc("stdin", None, &[], &[("Piped text about delay.", &[Delay])]),
    ];
    let mut docs = Vec::new();
    let mut tagged = Vec::new();
    for (d, t) in parts {
        docs.push(d);
        tagged.extend(t);
    }
    let errors = vec![
        InputError::new(
            "in/broken.pdf",
            "PDF is truncated (no %%EOF marker at the end); download it again",
        ),
        InputError::new(
            "in/scan \"1\".pdf",
            "PDF has no text layer (scanned image?); run OCR first",
        ),
    ];
    Fixture {
        docs,
        tagged,
        errors,
    }
}

fn export(f: &Fixture) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let input = ExportInput {
        docs: &f.docs,
        tagged: &f.tagged,
        errors: &f.errors,
        thresholds: &DEFAULT_THRESHOLDS,
    };
    let written = write_all(&out.path().join("run"), &input).unwrap();
    assert!(written.iter().all(|p| p.exists()), "{written:?}");
    out
}

fn read(out: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(out.path().join("run").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn sentences_jsonl_has_every_sentence_with_offsets_into_the_document() {
    let f = fixture();
    let out = export(&f);
    let text = read(&out, "sentences.jsonl");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), f.tagged.len());
    for (v, t) in lines.iter().zip(&f.tagged) {
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        for k in ["doc", "i", "start", "end", "text", "labels", "scores"] {
            assert!(keys.contains(&k), "{k} missing in {v}");
        }
        let d = f.docs.iter().find(|d| d.id == v["doc"]).unwrap();
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        let slice: String = d.text.chars().skip(s).take(e - s).collect();
        assert_eq!(slice, v["text"].as_str().unwrap());
        assert_eq!(v["scores"].as_object().unwrap().len(), 11);
        let back: Tagged = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(&back, t);
    }
}

#[test]
fn tagged_csv_has_bom_theme_scores_review_columns_and_formula_guard() {
    let f = fixture();
    let out = export(&f);
    let bytes = std::fs::read(out.path().join("run/tagged.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let mut r = csv::Reader::from_reader(&bytes[..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let mut expected = vec!["doc", "i", "start", "end", "text", "labels"];
    expected.extend(Theme::ALL.iter().map(|t| t.name()));
    expected.extend(["review_labels", "review_note"]);
    assert_eq!(header, expected);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), f.tagged.len());
    let texts: Vec<&str> = rows.iter().map(|r| &r[4]).collect();
    assert!(
        texts.contains(&"'=SUM(A1:A9) was typed into a form."),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"'-5 complaints were withdrawn, said \"the officer\"."),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"''quoted start, with, commas\nand a newline."),
        "{texts:?}"
    );
    assert!(texts.contains(&"'@mention and +44 number."), "{texts:?}");
    for row in &rows {
        assert!(
            !row[4].starts_with(['=', '+', '-', '@']),
            "unguarded {:?}",
            &row[4]
        );
        for k in 6..17 {
            let cell = &row[k];
            assert_eq!(
                cell.split('.').nth(1).map(str::len),
                Some(3),
                "3 decimals: {cell}"
            );
        }
        assert_eq!((&row[17], &row[18]), ("", ""));
    }
    assert_eq!(&rows[1][5], "delay;finance");
    assert_eq!(&rows[1][6 + Theme::Delay.index()], "0.890");
}

#[test]
fn formula_guard_round_trips_through_review_import() {
    for s in [
        "=1+1", "+44", "-x", "@a", "\tt", "'q", "''qq", "plain", "", "a=b",
    ] {
        assert_eq!(unguard_formula(&guard_formula(s)), s, "{s:?}");
    }
    let f = fixture();
    let out = export(&f);
    let (rows, conflicts) = parse_review_csv(&read(&out, "tagged.csv")).unwrap();
    assert!(conflicts.is_empty(), "{conflicts:?}");
    assert_eq!(rows.len(), f.tagged.len());
    for (row, t) in rows.iter().zip(&f.tagged) {
        assert_eq!(
            (row.doc.as_str(), row.i, row.text.as_str()),
            (
                t.sentence.doc.as_str(),
                t.sentence.i,
                t.sentence.text.as_str()
            )
        );
        assert_eq!(row.model_labels, t.labels);
        assert_eq!(row.correction, Correction::Unchanged);
        assert_eq!(
            (row.start, row.end),
            (Some(t.sentence.start), Some(t.sentence.end))
        );
    }
}

#[test]
fn summary_counts_sentences_and_themes_per_document_with_a_total_row() {
    let f = fixture();
    let out = export(&f);
    let bytes = std::fs::read(out.path().join("run/summary.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut r = csv::Reader::from_reader(&bytes[..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..3], ["doc", "sentences", "tagged_sentences"]);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let docs: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        docs,
        ["minutes", "sub/web page", "empty", "stdin", TOTAL_ROW]
    );
    let col = |t: Theme| 3 + t.index();
    for (row, id) in rows.iter().zip(&docs) {
        let mine: Vec<&Tagged> = f
            .tagged
            .iter()
            .filter(|t| *id == TOTAL_ROW || t.sentence.doc == *id)
            .collect();
        assert_eq!(row[1].parse::<usize>().unwrap(), mine.len(), "{id}");
        assert_eq!(
            row[2].parse::<usize>().unwrap(),
            mine.iter().filter(|t| !t.labels.is_empty()).count(),
            "{id}"
        );
        for th in Theme::ALL {
            let n = mine.iter().filter(|t| t.labels.contains(&th)).count();
            assert_eq!(row[col(th)].parse::<usize>().unwrap(), n, "{id} {th}");
        }
    }
    assert_eq!(&rows[0][col(Theme::Delay)], "1");
    assert_eq!(&rows[4][col(Theme::StaffConduct)], "2");
}

#[test]
fn texts_are_written_for_extracted_decoded_or_piped_documents_only() {
    let f = fixture();
    let out = export(&f);
    let texts = out.path().join("run/texts");
    assert_eq!(
        std::fs::read_to_string(texts.join("sub/web page.txt")).unwrap(),
        f.docs[1].text
    );
    assert_eq!(
        std::fs::read_to_string(texts.join("stdin.txt")).unwrap(),
        f.docs[3].text
    );
    assert!(
        texts.join("empty.txt").exists(),
        "noted documents are copied"
    );
    assert!(
        !texts.join("minutes.txt").exists(),
        "an unchanged text file is its own copy"
    );
}

#[test]
fn errors_jsonl_has_path_and_reason() {
    let f = fixture();
    let out = export(&f);
    let lines: Vec<serde_json::Value> = read(&out, "errors.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["path"], "in/scan \"1\".pdf");
    assert_eq!(
        lines[1]["reason"],
        "PDF has no text layer (scanned image?); run OCR first"
    );
    assert_eq!(lines[0].as_object().unwrap().len(), 2);
}

#[test]
fn text_ids_cannot_escape_the_texts_folder() {
    use complaint_tagger::export::texts::relative_path;
    assert_eq!(
        relative_path("../../etc/passwd"),
        PathBuf::from("_/_/etc/passwd.txt")
    );
    assert_eq!(relative_path("/abs"), PathBuf::from("_/abs.txt"));
    assert_eq!(relative_path("a/b.c"), PathBuf::from("a/b.c.txt"));
}
