//! `complaint-tagger train`: fit the classifier head (and tune the zero-shot baseline) on gold data.

use super::encoder_flags::EncoderFlags;
use crate::train::finetune::{finetune, FinetuneSettings};
use crate::train::{tune_zero_shot, train_head, TrainOptions};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Train the classifier: a head on frozen sentence embeddings, or (--finetune) encoder and head end to end.
///
/// Frozen: one-vs-rest logistic regression with balanced class weights; the L2 strength C and a
/// threshold per theme are chosen by cross-validation grouped by document on the train split
/// only. Writes OUT/head.json (weights, thresholds, encoder sha256, training-data hash, CV
/// scores). --finetune trains the encoder with the head (BCE, AdamW, warm-up), chooses the
/// epoch count on a document-grouped validation part of the train split, retrains on all of it
/// and also writes OUT/encoder.safetensors (fp16). With --zero-shot it also tunes the zero-shot baseline's thresholds on the train
/// split (models/baselines/zero-shot-thresholds.json).
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Gold sentences: JSON lines {"doc","i","text","labels":[...]}.
    #[arg(long, default_value = "eval/gold.jsonl")]
    pub gold: PathBuf,
    /// Document splits: doc<TAB>train|dev|test per line.
    #[arg(long, default_value = "eval/splits.tsv")]
    pub splits: PathBuf,
    /// Output directory for head.json.
    #[arg(long, default_value = "models/head")]
    pub out: PathBuf,
    /// Seed for folds and every other random choice.
    #[arg(long, default_value_t = 13)]
    pub seed: u64,
    /// Document-grouped cross-validation folds.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Candidate values of C (inverse L2 strength, as scikit-learn's), comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "0.1,0.3,1,3,10,30")]
    pub c: Vec<f32>,
    /// Also tune the zero-shot baseline's thresholds on the train split and write them here.
    #[arg(long, value_name = "FILE")]
    pub zero_shot: Option<PathBuf>,
    /// Fine-tune the encoder with the head end to end (writes OUT/encoder.safetensors, fp16).
    #[arg(long)]
    pub finetune: bool,
    /// Fine-tuning: most epochs tried when choosing the epoch count on validation
    /// (validation micro-F1 still rose at epoch 5 on the shipped data, so 6 leaves room).
    #[arg(long, default_value_t = 6)]
    pub epochs: usize,
    /// Fine-tuning: peak learning rate of the encoder.
    #[arg(long, default_value_t = 5e-5)]
    pub lr: f64,
    /// Fine-tuning: sentences per step.
    #[arg(long, default_value_t = 16)]
    pub batch: usize,
    /// Fine-tuning: keep the model trained on the fitting part instead of retraining on the
    /// whole train split (halves the time).
    #[arg(long)]
    pub no_retrain: bool,
    /// Fine-tuning: give the retrained model the thresholds tuned on the validation part
    /// (by default it cuts every theme at 0.5, because those thresholds were tuned on the
    /// selection model and did worse on dev).
    #[arg(long)]
    pub validation_thresholds: bool,
    /// Fine-tuning, experimental: let the model read the previous sentence as a second segment
    /// after the sentence (up to 48 tokens; only the sentence is pooled). Measures whether
    /// context helps: on the validation part it tied with no context (best micro-F1 0.678 vs
    /// 0.675) at about twice the encoding cost, so the tagger does not use such models.
    #[arg(long)]
    pub previous_sentence: bool,
    /// No progress bars.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub encoder: EncoderFlags,
}

/// Run `train`.
pub fn run(args: TrainArgs) -> Result<ExitCode> {
    let options = TrainOptions {
        gold: args.gold,
        splits: args.splits,
        out: args.out,
        seed: args.seed,
        folds: args.folds,
        c_grid: args.c,
        encoder: args.encoder.options(),
        quiet: args.quiet,
        command: std::env::args().collect::<Vec<_>>().join(" "),
    };
    if args.finetune {
        let settings = FinetuneSettings { max_epochs: args.epochs, encoder_lr: args.lr, batch_size: args.batch, retrain: !args.no_retrain, validation_thresholds: args.validation_thresholds, previous_sentence: args.previous_sentence, ..Default::default() };
        let artifact = finetune(&options, &settings)?;
        eprintln!("fine-tuned: {}; wrote {}", artifact.training.cv, options.out.display());
        return Ok(ExitCode::SUCCESS);
    }
    let artifact = train_head(&options)?;
    let cv = &artifact.training.cv;
    eprintln!(
        "frozen head: C={} CV micro-F1 {:.3} macro-F1 {:.3}; dev {}; wrote {}",
        cv["chosen"]["c"], cv["chosen"]["micro_f1"].as_f64().unwrap_or(f64::NAN), cv["chosen"]["macro_f1"].as_f64().unwrap_or(f64::NAN),
        cv["dev"], options.out.join(crate::classify::artifact::HEAD_FILE).display()
    );
    if let Some(path) = args.zero_shot {
        tune_zero_shot(&options, &path)?;
        eprintln!("zero-shot thresholds tuned on train, wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
