//! End-to-end runs of the `complaint-tagger tag` and `merge` binaries.

use complaint_tagger::split::{check_segmentation, Sentence};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_complaint-tagger"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("binary runs");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("JSON line")).collect()
}

fn read_lines(path: &Path) -> Vec<Value> {
    json_lines(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

#[test]
fn pre_split_sentences_keep_their_fields_and_gain_labels_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        concat!(
            r#"{"doc":"a","i":0,"start":0,"end":30,"text":"The reply was late and rude.","source":"x"}"#, "\n",
            r#"{"doc":"a","i":1,"text":"The meeting closed at 8pm."}"#, "\n",
        ),
    )
    .unwrap();
    let out = run(bin().args(["tag", "--quiet", "--model", "keywords", "--sentences"]).arg(&input));
    assert!(out.status.success());
    let lines = json_lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["source"], "x");
    assert_eq!(lines[0]["start"], 0);
    assert_eq!(lines[0]["labels"], serde_json::json!(["staff_conduct", "delay"]));
    assert_eq!(lines[1]["labels"], serde_json::json!([]));
    assert_eq!(lines[1]["scores"].as_object().unwrap().len(), 11);
}

#[test]
fn shipped_head_tags_with_its_own_thresholds() {
    let head: Value = serde_json::from_str(&std::fs::read_to_string(root().join("models/head/head.json")).unwrap()).unwrap();
    let thresholds: Vec<f64> = head["thresholds"].as_array().unwrap().iter().map(|t| t.as_f64().unwrap()).collect();
    let themes: Vec<String> = head["labels"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let texts = [
        "Her stage two complaint was answered four months late, far outside the 20 working day timescale.",
        "The officer disclosed Mr B's medical records to his neighbour, a breach of data protection.",
        "Apologies for absence were received from Councillor Jones.",
    ];
    let lines: Vec<String> = texts.iter().enumerate().map(|(i, t)| serde_json::json!({"doc": "d", "i": i, "text": t}).to_string()).collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let out = run(bin().args(["tag", "--quiet", "--sentences"]).arg(&input).arg("--out").arg(dir.path().join("o")));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tagged = read_lines(&dir.path().join("o/sentences.jsonl"));
    for row in &tagged {
        let scores = row["scores"].as_object().unwrap();
        let expected: Vec<&str> = themes
            .iter()
            .zip(&thresholds)
            .filter(|(t, th)| scores[t.as_str()].as_f64().unwrap() + 1e-4 >= **th)
            .map(|(t, _)| t.as_str())
            .collect();
        let labels: Vec<&str> = row["labels"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        assert_eq!(labels, expected, "labels must be the scores over each theme's threshold");
        assert!(scores.values().all(|s| (0.0..=1.0).contains(&s.as_f64().unwrap())));
    }
    let labels_of = |i: usize| tagged[i]["labels"].as_array().unwrap().clone();
    assert!(labels_of(0).contains(&"delay".into()), "{:?}", labels_of(0));
    assert!(labels_of(1).contains(&"confidentiality".into()), "{:?}", labels_of(1));
    assert!(labels_of(2).is_empty(), "{:?}", labels_of(2));
}

/// The text offsets refer to: the exported copy when ingest changed the bytes, else the file.
fn document_text(out: &Path, fixtures: &Path, doc: &str) -> String {
    let copy = out.join("texts").join(format!("{doc}.txt"));
    if copy.exists() {
        return std::fs::read_to_string(copy).unwrap();
    }
    let file = std::fs::read_dir(fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_stem().unwrap() == doc)
        .unwrap();
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn bad_inputs_are_reported_and_every_readable_one_is_tagged_in_full() {
    let fixtures = root().join("tests/fixtures/ingest");
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = run(bin().args(["tag", "--quiet", "--model", "keywords"]).arg(&fixtures).arg("--out").arg(&out_dir));
    assert_eq!(out.status.code(), Some(1), "some inputs fail, so exit 1");
    let errors = read_lines(&out_dir.join("errors.jsonl"));
    let failed: Vec<&str> = errors.iter().map(|e| e["path"].as_str().unwrap()).collect();
    for bad in ["png_renamed.txt", "encrypted.pdf", "truncated.pdf", "scanned.pdf"] {
        assert!(failed.iter().any(|p| p.ends_with(bad)), "{bad} not in {failed:?}");
    }
    assert!(errors.iter().all(|e| !e["reason"].as_str().unwrap().is_empty()));
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(out_dir.join("run.json")).unwrap()).unwrap();
    let docs: Vec<&str> = manifest["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert!(docs.len() >= 10, "{docs:?}");
    let sentences: Vec<Sentence> = read_lines(&out_dir.join("sentences.jsonl"))
        .into_iter()
        .map(|v| serde_json::from_value(v).unwrap())
        .collect();
    for doc in &docs {
        let text = document_text(&out_dir, &fixtures, doc);
        let mine: Vec<Sentence> = sentences.iter().filter(|s| s.doc == *doc).cloned().collect();
        check_segmentation(&text, &mine).unwrap_or_else(|e| panic!("{doc}: {e}"));
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("png_renamed.txt"), "errors are named on stderr too: {stderr}");
}

#[test]
fn shards_merge_into_the_same_output_as_one_run() {
    let corpus = root().join("tests/fixtures/ingest");
    let dir = tempfile::tempdir().unwrap();
    let tag = |extra: &[&str], out: &str| {
        run(bin().args(["tag", "--quiet", "--model", "keywords"]).arg(&corpus).args(extra).arg("--out").arg(dir.path().join(out)));
    };
    tag(&[], "whole");
    tag(&["--shard", "1/2"], "s1");
    tag(&["--shard", "2/2"], "s2");
    let merged = run(bin().arg("merge").arg(dir.path().join("s1")).arg(dir.path().join("s2")).arg("--out").arg(dir.path().join("merged")));
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    let sorted = |name: &str| {
        let mut lines: Vec<String> = read_lines(&dir.path().join(name).join("sentences.jsonl")).iter().map(Value::to_string).collect();
        lines.sort();
        lines
    };
    let (s1, s2) = (sorted("s1"), sorted("s2"));
    assert!(!s1.is_empty() && !s2.is_empty(), "both shards get documents");
    assert_eq!(sorted("merged"), sorted("whole"));
    let errors = |name: &str| read_lines(&dir.path().join(name).join("errors.jsonl")).len();
    assert_eq!(errors("merged"), errors("whole"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(bin().arg("tag")).status.code(), Some(2));
    assert_eq!(run(bin().args(["tag", "x.txt", "--shard", "3/2"])).status.code(), Some(2));
}

#[test]
fn a_damaged_fine_tuned_encoder_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let head = dir.path().join("head");
    std::fs::create_dir(&head).unwrap();
    std::fs::copy(root().join("models/head/head.json"), head.join("head.json")).unwrap();
    let artifact: Value = serde_json::from_str(&std::fs::read_to_string(head.join("head.json")).unwrap()).unwrap();
    let file = artifact["encoder"]["weights_file"].as_str().expect("the shipped head carries a fine-tuned encoder");
    std::fs::write(head.join(file), b"not the weights").unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, r#"{"doc":"d","i":0,"text":"The reply was late."}"#).unwrap();
    let out = run(bin().args(["tag", "--quiet", "--sentences"]).arg(&input).arg("--head").arg(&head));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(file) && stderr.contains("sha256"), "{stderr}");
}
