//! Labelled sentences and their train/dev/test split, read from `eval/gold.jsonl` and `eval/splits.tsv`
//! (the gold reader is the evaluator's, so training and scoring check gold files the same way).

pub use crate::evaluate::tags::{read_gold, LabelledSentence};
use crate::themes::Theme;
use anyhow::{bail, Context, Result};
use ndarray::Array2;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// Read `doc<TAB>split` lines (a `doc	split` header is allowed); every value must be train, dev or test.
pub fn read_splits(path: &Path) -> Result<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read splits file {}", path.display()))?;
    let mut splits = BTreeMap::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let (doc, split) = line
            .split_once('\t')
            .with_context(|| format!("{}: line {}: expected doc<TAB>split", path.display(), n + 1))?;
        if n == 0 && doc == "doc" {
            continue;
        }
        if !matches!(split.trim(), "train" | "dev" | "test") {
            bail!("{}: line {}: split {:?} is not train, dev or test", path.display(), n + 1, split);
        }
        if splits.insert(doc.to_string(), split.trim().to_string()).is_some() {
            bail!("{}: line {}: document {doc:?} listed twice", path.display(), n + 1);
        }
    }
    Ok(splits)
}

/// The sentences of one split; a gold document missing from the splits file is an error.
pub fn select_split<'a>(
    gold: &'a [LabelledSentence],
    splits: &BTreeMap<String, String>,
    split: &str,
) -> Result<Vec<&'a LabelledSentence>> {
    let mut chosen = Vec::new();
    for sentence in gold {
        let assigned = splits
            .get(&sentence.sentence.doc)
            .with_context(|| format!("document {:?} has gold sentences but no split", sentence.sentence.doc))?;
        if assigned == split {
            chosen.push(sentence);
        }
    }
    Ok(chosen)
}

/// 0/1 label matrix `[n, 11]`.
pub fn label_matrix(sentences: &[&LabelledSentence]) -> Array2<f32> {
    let mut y = Array2::zeros((sentences.len(), Theme::ALL.len()));
    for (row, s) in sentences.iter().enumerate() {
        for theme in &s.labels {
            y[[row, theme.index()]] = 1.0;
        }
    }
    y
}

/// sha256 over (doc, i, text, labels) of the sentences, so an artifact names its exact data.
pub fn data_sha256(sentences: &[&LabelledSentence]) -> String {
    let mut hasher = Sha256::new();
    for s in sentences {
        let labels: Vec<&str> = s.labels.iter().map(|t| t.name()).collect();
        hasher.update(format!("{}\t{}\t{}\t{}\n", s.sentence.doc, s.sentence.i, s.sentence.text, labels.join(",")));
    }
    hex::encode(hasher.finalize())
}
