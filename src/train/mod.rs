//! Train: fit the classifier head on gold sentences, choosing settings by grouped cross-validation.
//!
//! Everything is chosen on the train split only (regularisation and per-theme thresholds by
//! document-grouped cross-validation); dev is scored for information, test is never read.

pub mod data;
pub mod finetune;
pub mod folds;
pub mod logistic;

use crate::classify::artifact::{EncoderRef, HeadArtifact, TrainingInfo};
use crate::classify::head::LinearHead;
use crate::classify::thresholds::best_f1_threshold;
use crate::encode::model_files::ENCODER_NAME;
use crate::encode::{Encoder, EncoderOptions, EncoderPool, ModelFiles};
use crate::evaluate::tags::f1_from_matrices;
use crate::progress;
use anyhow::{bail, Result};
use data::{data_sha256, label_matrix, read_gold, read_splits, select_split, LabelledSentence};
use logistic::LogisticSettings;
use ndarray::{Array2, ArrayView2, Axis};
use serde_json::json;
use std::path::PathBuf;

/// What to train on and where to put the result.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Gold sentences with labels.
    pub gold: PathBuf,
    /// Document to split assignments.
    pub splits: PathBuf,
    /// Directory for `head.json`.
    pub out: PathBuf,
    /// Seed of every random choice.
    pub seed: u64,
    /// Number of document-grouped folds.
    pub folds: usize,
    /// Candidate values of the inverse regularisation strength C.
    pub c_grid: Vec<f32>,
    /// The encoder whose embeddings the head reads.
    pub encoder: EncoderOptions,
    /// Hide progress bars.
    pub quiet: bool,
    /// The command line, recorded in the artifact.
    pub command: String,
}

/// Scores of one candidate setting under cross-validation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CvScore {
    /// The C value tried.
    pub c: f32,
    /// Micro-F1 of out-of-fold predictions with per-theme tuned thresholds.
    pub micro_f1: f64,
    /// Macro-F1 of the same.
    pub macro_f1: f64,
    #[serde(skip)]
    thresholds: [f32; 11],
}

/// Train the head, write `head.json`, and return the artifact (with CV and dev scores).
pub fn train_head(options: &TrainOptions) -> Result<HeadArtifact> {
    let gold = read_gold(&options.gold)?;
    let splits = read_splits(&options.splits)?;
    let train = training_sentences(&gold, &splits, options)?;
    if options.c_grid.is_empty() {
        bail!("give at least one value of C to try (--c)");
    }
    let dev = select_split(&gold, &splits, "dev")?;
    let encoder = EncoderPool::load(&options.encoder)?;
    let x_train = embed(&encoder, &train, "train", options.quiet)?;
    let y_train = label_matrix(&train);
    let docs: Vec<&str> = train.iter().map(|s| s.sentence.doc.as_str()).collect();
    let fold_of = folds::grouped_folds(&docs, options.folds, options.seed);
    let cv = cross_validate(x_train.view(), y_train.view(), &fold_of, &options.c_grid, options.quiet);
    let best = choose(&cv);
    let head = logistic::fit(x_train.view(), y_train.view(), LogisticSettings { c: best.c, ..Default::default() });
    let dev_scores = score_split(&encoder, &head, &dev, &best.thresholds, options.quiet)?;
    let artifact = HeadArtifact::from_head(&head, best.thresholds, encoder_ref(options)?, TrainingInfo {
        data_sha256: data_sha256(&train),
        seed: options.seed,
        sentences: train.len(),
        documents: count_docs(&train),
        settings: json!({"c": best.c, "c_grid": options.c_grid, "folds": options.folds,
                         "class_weight": "balanced", "solver": "L-BFGS (argmin), gradient tolerance 1e-6"}),
        cv: json!({"per_c": cv, "chosen": {"c": best.c, "micro_f1": best.micro_f1, "macro_f1": best.macro_f1},
                   "dev": dev_scores}),
        command: options.command.clone(),
    });
    artifact.save(&options.out)?;
    Ok(artifact)
}

/// The train split's sentences; an empty train split is an error naming both files.
pub fn training_sentences<'a>(
    gold: &'a [LabelledSentence],
    splits: &std::collections::BTreeMap<String, String>,
    options: &TrainOptions,
) -> Result<Vec<&'a LabelledSentence>> {
    let train = select_split(gold, splits, "train")?;
    if train.is_empty() {
        bail!("no gold sentence of {} is in a document that {} assigns to train", options.gold.display(), options.splits.display());
    }
    Ok(train)
}

/// Embeddings of the sentences' texts, with a progress bar.
pub fn embed(encoder: &dyn Encoder, sentences: &[&LabelledSentence], what: &str, quiet: bool) -> Result<Array2<f32>> {
    let texts: Vec<&str> = sentences.iter().map(|s| s.sentence.text.as_str()).collect();
    embed_texts(encoder, &texts, what, quiet)
}

/// Embeddings of model inputs, with a progress bar.
pub fn embed_texts(encoder: &dyn Encoder, texts: &[&str], what: &str, quiet: bool) -> Result<Array2<f32>> {
    let bar = progress::bar(texts.len() as u64, "sentences", quiet);
    bar.set_message(format!("encode {what}"));
    let x = encoder.encode_observed(texts, &|n| bar.inc(n as u64))?;
    bar.finish_and_clear();
    Ok(x)
}

/// Out-of-fold scores for every C, with thresholds tuned on those scores.
fn cross_validate(x: ArrayView2<f32>, y: ArrayView2<f32>, fold_of: &[usize], grid: &[f32], quiet: bool) -> Vec<CvScore> {
    let k = fold_of.iter().max().map_or(1, |m| m + 1);
    let bar = progress::bar((grid.len() * k) as u64, "fits", quiet);
    bar.set_message("cross-val");
    let scores = grid
        .iter()
        .map(|&c| {
            let oof = out_of_fold(x, y, fold_of, k, LogisticSettings { c, ..Default::default() }, &|| bar.inc(1));
            let thresholds = tune_thresholds(oof.view(), y);
            let (micro_f1, macro_f1) = f1_from_matrices(&to_bool(y), &apply_thresholds(oof.view(), &thresholds));
            CvScore { c, micro_f1, macro_f1, thresholds }
        })
        .collect();
    bar.finish_and_clear();
    scores
}

/// Probabilities for every row from a head that did not see that row's fold.
fn out_of_fold(x: ArrayView2<f32>, y: ArrayView2<f32>, fold_of: &[usize], k: usize, settings: LogisticSettings, tick: &dyn Fn()) -> Array2<f32> {
    let mut oof = Array2::zeros(y.raw_dim());
    for fold in 0..k {
        let (held, kept): (Vec<usize>, Vec<usize>) = (0..fold_of.len()).partition(|&i| fold_of[i] == fold);
        let head = logistic::fit(x.select(Axis(0), &kept).view(), y.select(Axis(0), &kept).view(), settings);
        let p = head.predict(x.select(Axis(0), &held).view());
        for (row, &i) in held.iter().enumerate() {
            oof.row_mut(i).assign(&p.row(row));
        }
        tick();
    }
    oof
}

/// Per-theme thresholds maximising each theme's F1 on the given scores.
pub fn tune_thresholds(scores: ArrayView2<f32>, y: ArrayView2<f32>) -> [f32; 11] {
    let mut thresholds = [0.5f32; 11];
    for (t, threshold) in thresholds.iter_mut().enumerate() {
        let gold: Vec<bool> = y.column(t).iter().map(|&v| v > 0.5).collect();
        *threshold = best_f1_threshold(&scores.column(t).to_vec(), &gold).0;
    }
    thresholds
}

/// Boolean predictions from scores and per-theme thresholds.
pub fn apply_thresholds(scores: ArrayView2<f32>, thresholds: &[f32; 11]) -> Array2<bool> {
    Array2::from_shape_fn(scores.raw_dim(), |(i, t)| scores[[i, t]] >= thresholds[t])
}

fn to_bool(y: ArrayView2<f32>) -> Array2<bool> {
    y.mapv(|v| v > 0.5)
}

/// Highest CV micro-F1; ties go to the stronger regularisation (smaller C).
fn choose(cv: &[CvScore]) -> &CvScore {
    cv.iter()
        .max_by(|a, b| a.micro_f1.total_cmp(&b.micro_f1).then(b.c.total_cmp(&a.c)))
        .expect("the C grid is not empty")
}

fn score_split(
    encoder: &dyn Encoder,
    head: &LinearHead,
    sentences: &[&LabelledSentence],
    thresholds: &[f32; 11],
    quiet: bool,
) -> Result<serde_json::Value> {
    if sentences.is_empty() {
        return Ok(json!(null));
    }
    let p = head.predict(embed(encoder, sentences, "dev", quiet)?.view());
    let (micro, macro_) = f1_from_matrices(&to_bool(label_matrix(sentences).view()), &apply_thresholds(p.view(), thresholds));
    Ok(json!({"sentences": sentences.len(), "micro_f1": micro, "macro_f1": macro_}))
}

fn encoder_ref(options: &TrainOptions) -> Result<EncoderRef> {
    let files = ModelFiles::locate(&options.encoder.model_dir, options.encoder.weights.as_deref())?;
    Ok(EncoderRef { name: ENCODER_NAME.into(), weights_sha256: files.weights_sha256()?, weights_file: None })
}

fn count_docs(sentences: &[&LabelledSentence]) -> usize {
    sentences.iter().map(|s| s.sentence.doc.as_str()).collect::<std::collections::BTreeSet<_>>().len()
}

/// Tune the zero-shot baseline's per-theme thresholds on the train split and write them.
pub fn tune_zero_shot(options: &TrainOptions, path: &std::path::Path) -> Result<()> {
    use crate::classify::zero_shot::{ZeroShotClassifier, ZeroShotThresholds};
    use crate::classify::Classifier;
    let gold = read_gold(&options.gold)?;
    let splits = read_splits(&options.splits)?;
    let train = training_sentences(&gold, &splits, options)?;
    let descriptions = path.with_file_name("zero-shot.json");
    let classifier = ZeroShotClassifier::load(EncoderPool::load(&options.encoder)?, &descriptions, [0.5; 11])?;
    let texts: Vec<&str> = train.iter().map(|s| s.sentence.text.as_str()).collect();
    let scores = classifier.scores(&texts)?;
    let tuned = ZeroShotThresholds {
        thresholds: tune_thresholds(scores.view(), label_matrix(&train).view()),
        provenance: json!({"split": "train", "sentences": train.len(), "data_sha256": data_sha256(&train),
                           "descriptions": descriptions, "command": options.command}),
    };
    std::fs::write(path, serde_json::to_string_pretty(&tuned)? + "\n")
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    Ok(())
}
