//! The whole tagging pipeline as one function: inputs -> documents -> sentences -> tagged.
//!
//! Each stage runs in parallel where it can (reading and splitting per document with rayon;
//! the encoder batches sentences of all documents together, sorted by length), and a failure
//! to read one input is recorded and never stops the others.

use crate::classify::{tag_sentences, Classifier, Tagged};
use crate::ingest::{collect_inputs, read_document, Document, InputError, InputSource};
use crate::progress;
use crate::split::{Sentence, Splitter};
use anyhow::{bail, Result};
use ndarray::{concatenate, Array2, Axis};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::str::FromStr;

/// Sentences classified per call, so the progress bar moves and memory stays flat on big batches.
const CLASSIFY_CHUNK: usize = 2048;

/// One slice of a batch split across machines: shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard this run is, 1..=count.
    pub index: u32,
    /// How many shards the batch is cut into.
    pub count: u32,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let parse = || -> Option<Shard> {
            let (k, n) = s.split_once('/')?;
            Some(Shard { index: k.trim().parse().ok()?, count: n.trim().parse().ok()? })
        };
        match parse() {
            Some(shard) if shard.count >= 1 && (1..=shard.count).contains(&shard.index) => Ok(shard),
            _ => Err(format!("shard {s:?} must be K/N with 1 <= K <= N, e.g. 2/8")),
        }
    }
}

impl Shard {
    /// Whether this shard owns the document: a stable hash of its id, so every run agrees.
    pub fn owns(&self, doc_id: &str) -> bool {
        let digest = Sha256::digest(doc_id.as_bytes());
        let value = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
        value % self.count as u64 == (self.index - 1) as u64
    }
}

/// Everything one run produced, ready for export.
#[derive(Debug)]
pub struct TagRun {
    /// Every document read, in input order (empty ones included).
    pub docs: Vec<Document>,
    /// Every sentence of every document, tagged, grouped by document in `docs` order.
    pub tagged: Vec<Tagged>,
    /// Inputs that could not be read, each with its reason.
    pub errors: Vec<InputError>,
}

/// Read, split and tag every input under `paths` (files, directories, `-`).
pub fn tag_inputs(
    paths: &[PathBuf],
    splitter: &dyn Splitter,
    classifier: &dyn Classifier,
    shard: Option<Shard>,
    quiet: bool,
) -> Result<TagRun> {
    let (mut sources, mut errors) = collect_inputs(paths);
    if let Some(shard) = shard {
        sources.retain(|s| shard.owns(&s.id));
    }
    let (docs, read_errors) = read_all(&sources, quiet);
    errors.extend(read_errors);
    let sentences: Vec<Sentence> = docs.par_iter().flat_map_iter(|d| splitter.split(&d.id, &d.text)).collect();
    let tagged = classify(sentences, classifier, quiet)?;
    Ok(TagRun { docs, tagged, errors })
}

/// Read every source in parallel; keeps input order, separates failures.
fn read_all(sources: &[InputSource], quiet: bool) -> (Vec<Document>, Vec<InputError>) {
    let bar = progress::bar(sources.len() as u64, "documents", quiet);
    bar.set_message("read+split");
    let results: Vec<Result<Document, InputError>> = sources
        .par_iter()
        .map(|source| {
            let result = read_document(source);
            bar.inc(1);
            result
        })
        .collect();
    bar.finish_and_clear();
    let (mut docs, mut errors) = (Vec::new(), Vec::new());
    for result in results {
        match result {
            Ok(doc) => docs.push(doc),
            Err(err) => errors.push(err),
        }
    }
    (docs, errors)
}

/// Score every sentence and apply the classifier's thresholds.
pub fn classify(sentences: Vec<Sentence>, classifier: &dyn Classifier, quiet: bool) -> Result<Vec<Tagged>> {
    let bar = progress::bar(sentences.len() as u64, "sentences", quiet);
    bar.set_message(format!("tag ({})", classifier.name()));
    let mut parts: Vec<Array2<f32>> = Vec::new();
    for chunk in sentences.chunks(CLASSIFY_CHUNK) {
        let texts: Vec<&str> = chunk.iter().map(|s| s.text.as_str()).collect();
        parts.push(classifier.scores(&texts)?);
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    let views: Vec<_> = parts.iter().map(|p| p.view()).collect();
    let scores = if views.is_empty() { Array2::zeros((0, 11)) } else { concatenate(Axis(0), &views)? };
    if scores.nrows() != sentences.len() {
        bail!("classifier returned {} score rows for {} sentences", scores.nrows(), sentences.len());
    }
    Ok(tag_sentences(sentences, &scores, &classifier.thresholds()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_partition_documents() {
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
        let shards: Vec<Shard> = (1..=3).map(|k| format!("{k}/3").parse().unwrap()).collect();
        for id in (0..200).map(|i| format!("doc-{i}")) {
            assert_eq!(shards.iter().filter(|s| s.owns(&id)).count(), 1, "{id}");
        }
        let first = (0..300).filter(|i| shards[0].owns(&format!("doc-{i}"))).count();
        assert!((60..140).contains(&first), "shard 1 got {first} of 300");
    }
}
