//! `complaint-tagger train` on a small slice of the gold set: deterministic, self-describing.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A gold file and split file with a few documents per split, written into `dir`.
fn small_gold(dir: &Path) -> (PathBuf, PathBuf) {
    let gold = std::fs::read_to_string(root().join("eval/gold.jsonl")).unwrap();
    let splits = std::fs::read_to_string(root().join("eval/splits.tsv")).unwrap();
    let mut chosen: Vec<(String, String)> = Vec::new();
    for split in ["train", "dev"] {
        let docs = splits.lines().filter_map(|l| l.split_once('\t')).filter(|(_, s)| *s == split);
        chosen.extend(docs.take(if split == "train" { 6 } else { 2 }).map(|(d, s)| (d.to_string(), s.to_string())));
    }
    let keep = |line: &&str| {
        let v: Value = serde_json::from_str(line).unwrap();
        chosen.iter().any(|(d, _)| v["doc"] == d.as_str())
    };
    let gold_path = dir.join("gold.jsonl");
    std::fs::write(&gold_path, gold.lines().filter(keep).collect::<Vec<_>>().join("\n")).unwrap();
    let splits_path = dir.join("splits.tsv");
    std::fs::write(&splits_path, chosen.iter().map(|(d, s)| format!("{d}\t{s}\n")).collect::<String>()).unwrap();
    (gold_path, splits_path)
}

fn train(gold: &Path, splits: &Path, out: &Path) -> Value {
    train_with(&["--folds", "3", "--c", "0.3,3"], gold, splits, out)
}

fn train_with(flags: &[&str], gold: &Path, splits: &Path, out: &Path) -> Value {
    let status = Command::new(env!("CARGO_BIN_EXE_complaint-tagger"))
        .args(["train", "--quiet"])
        .args(flags)
        .arg("--gold").arg(gold)
        .arg("--splits").arg(splits)
        .arg("--out").arg(out)
        .status()
        .unwrap();
    assert!(status.success());
    serde_json::from_str(&std::fs::read_to_string(out.join("head.json")).unwrap()).unwrap()
}

#[test]
fn training_is_deterministic_and_records_its_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let (gold, splits) = small_gold(dir.path());
    let first = train(&gold, &splits, &dir.path().join("a"));
    let second = train(&gold, &splits, &dir.path().join("b"));
    assert_eq!(first["weights"], second["weights"], "same data and seed, same weights");
    assert_eq!(first["thresholds"], second["thresholds"]);
    assert_eq!(first["thresholds"].as_array().unwrap().len(), 11);
    assert_eq!(first["encoder"]["weights_sha256"], complaint_tagger::encode::model_files::PRETRAINED_WEIGHTS_SHA256);
    assert_eq!(first["training"]["cv"]["per_c"].as_array().unwrap().len(), 2, "one CV score per C tried");
    assert!(first["training"]["cv"]["dev"]["micro_f1"].is_number());
    assert_eq!(first["training"]["documents"], 6);
    assert_eq!(first["training"]["data_sha256"].as_str().unwrap().len(), 64);
}

/// Fine-tuning is seeded end to end: the same data and seed give bit-identical encoder
/// weights and head, and the artifact tags text.
#[test]
fn fine_tuning_is_deterministic_and_its_artifact_tags() {
    let dir = tempfile::tempdir().unwrap();
    let (gold, splits) = small_gold(dir.path());
    let flags = ["--finetune", "--epochs", "1", "--no-retrain"];
    let first = train_with(&flags, &gold, &splits, &dir.path().join("a"));
    let second = train_with(&flags, &gold, &splits, &dir.path().join("b"));
    assert_eq!(first["encoder"]["weights_sha256"], second["encoder"]["weights_sha256"], "same fine-tuned encoder");
    assert_ne!(first["encoder"]["weights_sha256"], complaint_tagger::encode::model_files::PRETRAINED_WEIGHTS_SHA256, "the encoder was trained");
    assert_eq!(first["weights"], second["weights"]);
    assert_eq!(first["thresholds"], second["thresholds"]);
    let output = Command::new(env!("CARGO_BIN_EXE_complaint-tagger"))
        .args(["tag", "--quiet", "--head"])
        .arg(dir.path().join("a"))
        .args(["--sentences"])
        .arg(&gold)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines = String::from_utf8(output.stdout).unwrap().lines().count();
    assert_eq!(lines, std::fs::read_to_string(&gold).unwrap().lines().count(), "one tagged line per gold sentence");
}

/// Run `train` on a one-sentence gold file and split line that it must refuse; its stderr.
fn refused_training(gold_line: &str, split_line: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(&gold, gold_line).unwrap();
    let splits = dir.path().join("splits.tsv");
    std::fs::write(&splits, split_line).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_complaint-tagger"))
        .args(["train", "--quiet"]).arg("--gold").arg(&gold).arg("--splits").arg(&splits).arg("--out").arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn gold_with_an_unknown_theme_is_refused_with_its_location() {
    let stderr = refused_training(r#"{"doc":"d","i":0,"start":0,"end":4,"text":"Late","labels":["delays"]}"#, "d\ttrain\n");
    assert!(stderr.contains("gold.jsonl") && stderr.contains("delays"), "{stderr}");
}

#[test]
fn an_empty_train_split_is_refused_naming_both_files() {
    let stderr = refused_training(r#"{"doc":"d","i":0,"start":0,"end":4,"text":"Late","labels":["delay"]}"#, "d\tdev\n");
    assert!(stderr.contains("gold.jsonl") && stderr.contains("splits.tsv") && stderr.contains("train"), "{stderr}");
}
