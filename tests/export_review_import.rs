//! Review round trip: export tagged.csv, a reviewer edits review_labels, import into gold.

use complaint_tagger::classify::Tagged;
use complaint_tagger::cli::review::{run, ImportArgs, ReviewAction, ReviewArgs};
use complaint_tagger::export::csv::write_tagged;
use complaint_tagger::export::review_import::{
    import_review, merge, parse_correction, read_gold, to_gold_line, Conflict, Correction,
    GoldSentence,
};
use complaint_tagger::split::Sentence;
use complaint_tagger::Theme;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const GOLD: &str = r#"{"doc": "beta", "i": 0, "start": 0, "end": 16, "text": "Staff were rude.", "labels": ["staff_conduct"], "annotator": "ab"}
{"doc": "beta", "i": 1, "start": 17, "end": 40, "text": "=Refunds were paid late", "labels": []}
{"doc": "alpha", "i": 0, "start": 0, "end": 25, "text": "Members noted the report.", "labels": []}
{"doc": "alpha", "i": 1, "start": 26, "end": 60, "text": "The caf\u00e9 owner waited 3 months.", "labels": ["delay"]}
"#;

fn gold_rows() -> Vec<GoldSentence> {
    GOLD.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn tagged_from(doc: &str, i: usize, start: usize, text: &str, labels: &[Theme]) -> Tagged {
    let scores: BTreeMap<Theme, f32> = Theme::ALL
        .iter()
        .map(|&t| (t, if labels.contains(&t) { 0.7 } else { 0.2 }))
        .collect();
    Tagged {
        sentence: Sentence {
            doc: doc.into(),
            i,
            start,
            end: start + text.chars().count(),
            text: text.into(),
        },
        labels: labels.to_vec(),
        scores,
    }
}

/// What the model produced: the gold documents plus a new document "gamma".
fn model_output() -> Vec<Tagged> {
    let mut t: Vec<Tagged> = gold_rows()
        .iter()
        .map(|g| tagged_from(&g.doc, g.i, g.start, &g.text, &[]))
        .collect();
    t.push(tagged_from("gamma", 0, 0, "A new report.", &[]));
    t.push(tagged_from(
        "gamma",
        1,
        14,
        "Calls were not returned.",
        &[Theme::Communication],
    ));
    t.push(tagged_from(
        "gamma",
        2,
        39,
        "+3 complaints about fees.",
        &[Theme::Finance],
    ));
    t.push(tagged_from(
        "delta",
        0,
        0,
        "Nobody reviewed this document.",
        &[Theme::Delay],
    ));
    t
}

/// Export tagged.csv and fill review_labels as a reviewer would: (doc, i) -> cell.
fn reviewed_csv(dir: &Path, edits: &[(&str, usize, &str)], drop: &[(&str, usize)]) -> PathBuf {
    let mut buf = Vec::new();
    write_tagged(&mut buf, &model_output()).unwrap();
    let mut r = csv::Reader::from_reader(&buf[..]);
    let header = r.headers().unwrap().clone();
    let col = header.iter().position(|h| h == "review_labels").unwrap();
    let path = dir.join("tagged.csv");
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&header).unwrap();
    for rec in r.records() {
        let mut rec: Vec<String> = rec.unwrap().iter().map(String::from).collect();
        let key = (
            rec[0].trim_start_matches('\'').to_string(),
            rec[1].parse::<usize>().unwrap(),
        );
        if drop.iter().any(|(d, i)| (d.to_string(), *i) == key) {
            continue;
        }
        if let Some((_, _, cell)) = edits.iter().find(|(d, i, _)| (d.to_string(), *i) == key) {
            rec[col] = cell.to_string();
        }
        w.write_record(&rec).unwrap();
    }
    w.flush().unwrap();
    path
}

fn gold_file(dir: &Path) -> PathBuf {
    let p = dir.join("gold.jsonl");
    std::fs::write(&p, GOLD).unwrap();
    p
}

fn run_cli(csv: &Path, gold: &Path, dry_run: bool) -> ExitCode {
    run(ReviewArgs {
        action: ReviewAction::Import(ImportArgs {
            csv: csv.into(),
            gold: gold.into(),
            dry_run,
        }),
    })
    .unwrap()
}

#[test]
fn corrections_change_gold_and_reviewed_new_documents_are_appended() {
    let dir = tempfile::tempdir().unwrap();
    let gold = gold_file(dir.path());
    let csv = reviewed_csv(
        dir.path(),
        &[
            ("beta", 1, "Finance; delay"),
            ("alpha", 1, "delay"),
            ("alpha", 0, "NONE"),
            ("gamma", 1, "communication,staffing"),
        ],
        &[],
    );
    assert_eq!(run_cli(&csv, &gold, false), ExitCode::from(0));
    let merged = read_gold(&gold).unwrap();
    let keys: Vec<(String, usize)> = merged.iter().map(|g| (g.doc.clone(), g.i)).collect();
    let expected: Vec<(String, usize)> = [
        ("beta", 0),
        ("beta", 1),
        ("alpha", 0),
        ("alpha", 1),
        ("gamma", 0),
        ("gamma", 1),
        ("gamma", 2),
    ]
    .iter()
    .map(|(d, i)| (d.to_string(), *i))
    .collect();
    assert_eq!(
        keys, expected,
        "existing order kept, reviewed new doc appended, unreviewed doc skipped"
    );
    assert_eq!(
        merged[1].labels,
        [Theme::Delay, Theme::Finance],
        "themes in canonical order"
    );
    assert_eq!(
        merged[0].labels,
        [Theme::StaffConduct],
        "no correction, no change"
    );
    assert_eq!(merged[2].labels, [], "none clears");
    assert_eq!(merged[5].labels, [Theme::Communication, Theme::Staffing]);
    assert_eq!(
        merged[6].labels,
        [Theme::Finance],
        "unreviewed rows of a new document keep the model's labels"
    );
    assert_eq!(
        merged[6].text, "+3 complaints about fees.",
        "formula guard removed"
    );
    assert_eq!((merged[6].start, merged[6].end), (39, 64));
    assert_eq!(
        merged[0].extra.get("annotator").and_then(|v| v.as_str()),
        Some("ab"),
        "extra fields kept"
    );

    let text = std::fs::read_to_string(&gold).unwrap();
    assert!(text.starts_with(r#"{"doc": "beta", "i": 0, "start": 0, "end": 16, "text": "Staff were rude.", "labels": ["staff_conduct"], "annotator": "ab"}"#), "{text}");
    assert!(text.contains("The café owner"), "UTF-8 kept, not escaped");
    assert_eq!(
        text.lines().nth(3).unwrap(),
        r#"{"doc": "alpha", "i": 1, "start": 26, "end": 60, "text": "The café owner waited 3 months.", "labels": ["delay"]}"#
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let before = std::fs::read(&gold).unwrap();
    let (again, written) = import_review(&csv, &gold, false).unwrap();
    assert_eq!(
        (again.changed, again.added, written),
        (0, 0, false),
        "second import is a no-op"
    );
    assert_eq!(again.unchanged, 4);
    assert!(again.conflicts.is_empty(), "{:?}", again.conflicts);
    assert_eq!(std::fs::read(&gold).unwrap(), before);
}

#[test]
fn counts_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let gold = gold_file(dir.path());
    let csv = reviewed_csv(
        dir.path(),
        &[
            ("beta", 0, "staff_conduct"),
            ("beta", 1, "finance"),
            ("gamma", 0, "none"),
        ],
        &[],
    );
    let (o, written) = import_review(&csv, &gold, true).unwrap();
    assert!(!written, "dry run writes nothing");
    assert_eq!(std::fs::read_to_string(&gold).unwrap(), GOLD);
    assert_eq!(
        (o.corrections, o.changed, o.unchanged, o.added, o.added_docs),
        (3, 1, 1, 3, 1)
    );
    assert_eq!(o.skipped_docs, ["delta"]);
    let line = complaint_tagger::cli::review::summary_line(&o);
    assert!(
        line.contains("1 changed") && line.contains("3 added") && line.contains("0 conflict"),
        "{line}"
    );
}

#[test]
fn conflicts_are_listed_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let gold = gold_file(dir.path());
    let csv = reviewed_csv(
        dir.path(),
        &[("beta", 1, "delay, nonsense"), ("gamma", 0, "delay")],
        &[("gamma", 1), ("alpha", 1)],
    );
    let mut text = std::fs::read_to_string(&csv).unwrap();
    let line =
        |rest: &str, review: &str| format!("{rest},{}{review},\n", ",".repeat(Theme::ALL.len()));
    text.push_str(&line(
        "alpha,1,26,60,The cafe owner waited 3 months.,delay",
        "finance",
    ));
    text.push_str(&line("alpha,7,0,5,Extra,", "delay"));
    text.push_str(&line("beta,0,0,16,Staff were rude.,", "delay"));
    text.push_str(&line("beta,0,0,16,Staff were rude.,", "finance"));
    text.push_str(&line("beta,x,0,16,Staff were rude.,", "finance"));
    std::fs::write(&csv, text).unwrap();
    assert_eq!(run_cli(&csv, &gold, false), ExitCode::from(1));
    assert_eq!(
        std::fs::read_to_string(&gold).unwrap(),
        GOLD,
        "gold untouched"
    );
    let (o, written) = import_review(&csv, &gold, false).unwrap();
    assert!(!written);
    let has = |f: &dyn Fn(&Conflict) -> bool| o.conflicts.iter().any(f);
    assert!(
        has(
            &|c| matches!(c, Conflict::BadRow { reason, .. } if reason.contains("unknown theme \"nonsense\""))
        ),
        "{:#?}",
        o.conflicts
    );
    assert!(
        has(
            &|c| matches!(c, Conflict::BadRow { reason, .. } if reason.contains("i is not a whole number"))
        ),
        "{:#?}",
        o.conflicts
    );
    assert!(
        has(&|c| matches!(c, Conflict::TextDiffers { doc, i: 1, .. } if doc == "alpha")),
        "{:#?}",
        o.conflicts
    );
    assert!(
        has(&|c| matches!(c, Conflict::NotInGold { doc, i: 7, .. } if doc == "alpha")),
        "{:#?}",
        o.conflicts
    );
    assert!(
        has(&|c| matches!(c, Conflict::DuplicateCorrection { doc, i: 0, .. } if doc == "beta")),
        "{:#?}",
        o.conflicts
    );
    assert!(
        has(
            &|c| matches!(c, Conflict::IncompleteNewDoc { doc, missing } if doc == "gamma" && missing == &[1])
        ),
        "{:#?}",
        o.conflicts
    );
    for c in &o.conflicts {
        assert!(
            c.to_string().contains("line") || matches!(c, Conflict::IncompleteNewDoc { .. }),
            "{c}"
        );
    }
}

#[test]
fn same_sentence_twice_with_same_correction_or_one_blank_is_fine() {
    let gold = gold_rows();
    let row = |line, cell: &str| complaint_tagger::export::review_import::ReviewRow {
        line,
        doc: "alpha".into(),
        i: 0,
        start: Some(0),
        end: Some(25),
        text: "Members noted the report.".into(),
        model_labels: vec![],
        correction: parse_correction(cell).unwrap(),
    };
    let o = merge(&gold, &[row(2, "delay"), row(3, ""), row(4, "delay")]);
    assert!(o.conflicts.is_empty(), "{:?}", o.conflicts);
    assert_eq!(o.changed, 1);
    assert_eq!(o.gold.len(), gold.len(), "never duplicates");
    assert_eq!(o.gold[2].labels, [Theme::Delay]);
    let mut other = row(5, "");
    other.text = "Different.".into();
    let o = merge(&gold, &[row(2, ""), other]);
    assert!(
        matches!(
            o.conflicts[..],
            [Conflict::DuplicateText { lines: (2, 5), .. }]
        ),
        "{:?}",
        o.conflicts
    );
}

#[test]
fn correction_cells_parse_names_separators_and_none() {
    assert_eq!(parse_correction("").unwrap(), Correction::Unchanged);
    assert_eq!(parse_correction("  ").unwrap(), Correction::Unchanged);
    assert_eq!(
        parse_correction("none").unwrap(),
        Correction::Labels(vec![])
    );
    assert_eq!(
        parse_correction("Delay ; finance,delay").unwrap(),
        Correction::Labels(vec![Theme::Delay, Theme::Finance])
    );
    let err = parse_correction("delays").unwrap_err();
    assert!(
        err.contains("unknown theme \"delays\"") && err.contains("expected one of"),
        "{err}"
    );
}

#[test]
fn excel_style_semicolon_and_windows_1252_csv_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let gold = gold_file(dir.path());
    let mut bytes = b"doc;i;start;end;text;labels;review_labels;review_note\r\n".to_vec();
    bytes.extend_from_slice(
        b"alpha;1;26;60;The caf\xe9 owner waited 3 months.;delay;Delay;checked\r\n",
    );
    let csv = dir.path().join("excel.csv");
    std::fs::write(&csv, bytes).unwrap();
    let (o, written) = import_review(&csv, &gold, false).unwrap();
    assert!(o.conflicts.is_empty(), "{:?}", o.conflicts);
    assert_eq!(o.unchanged, 1);
    assert!(!written);
}

#[test]
fn gold_lines_round_trip_in_python_json_style() {
    for g in gold_rows() {
        let line = to_gold_line(&g);
        let back: GoldSentence = serde_json::from_str(&line).unwrap();
        assert_eq!(back, g);
        assert!(line.starts_with("{\"doc\": \""), "{line}");
    }
    let g = GoldSentence {
        doc: "d".into(),
        i: 0,
        start: 0,
        end: 3,
        text: "a\"b\n\u{1}".into(),
        labels: vec![Theme::Delay, Theme::Finance],
        extra: Default::default(),
    };
    assert_eq!(
        to_gold_line(&g),
        r#"{"doc": "d", "i": 0, "start": 0, "end": 3, "text": "a\"b\n\u0001", "labels": ["delay", "finance"]}"#
    );
}

#[test]
fn missing_files_and_bad_gold_lines_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let gold = gold_file(dir.path());
    let err = import_review(&dir.path().join("nope.csv"), &gold, false).unwrap_err();
    assert!(err.to_string().contains("nope.csv"), "{err}");
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, format!("{GOLD}{{\"doc\": \"x\", \"i\": 0}}\n")).unwrap();
    let csv = reviewed_csv(dir.path(), &[], &[]);
    let err = import_review(&csv, &bad, false).unwrap_err();
    assert!(err.to_string().contains("bad.jsonl:5"), "{err}");
    let dup = dir.path().join("dup.jsonl");
    std::fs::write(&dup, format!("{GOLD}{}\n", GOLD.lines().next().unwrap())).unwrap();
    let err = import_review(&csv, &dup, false).unwrap_err();
    assert!(err.to_string().contains("appears twice"), "{err}");
    let not_csv = dir.path().join("x.csv");
    std::fs::write(&not_csv, "a,b\n1,2\n").unwrap();
    let err = import_review(&not_csv, &gold, false).unwrap_err();
    assert!(err.to_string().contains("no \"doc\" column"), "{err}");
}
