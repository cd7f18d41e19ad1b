//! `complaint-tagger tag`: tag documents (or pre-split sentences) with complaint themes.

use super::encoder_flags::EncoderFlags;
use crate::classify::{labels_from_scores, load_classifier, Classifier, ModelKind};
use crate::encode::model_files::models_root;
use crate::records::{read_records, SentenceRecord};
use super::{EXIT_OK, EXIT_SOME_FAILED};
use crate::export::jsonl::write_sentences;
use crate::export::{write_all, ExportInput};
use crate::pipeline::{tag_inputs, Shard};
use crate::split::RuleSplitter;
use anyhow::{Context, Result};
use clap::Args;
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Tag every sentence of council documents with complaint themes.
///
/// Reads files and directories (recursively) of .txt/.md, .html/.htm and .pdf, or `-` for
/// stdin; splits them into sentences and tags each. With --out DIR it writes
/// sentences.jsonl, tagged.csv (Excel, with review columns), review.html (open in a browser),
/// summary.csv, texts/<doc>.txt (extracted text of HTML/PDF and decoded inputs) and
/// errors.jsonl; without --out it prints the sentences as JSON lines to stdout.
///
/// With --sentences FILE.jsonl, classifies pre-split sentences instead (JSON lines with doc,
/// i, text; start/end and any other fields are kept) and writes them with "labels" (the
/// themes) and "scores" (a probability per theme), to stdout or OUT/sentences.jsonl.
///
/// Exit codes: 0 every input tagged; 1 some inputs failed (named on stderr and in
/// errors.jsonl; the others are tagged); 2 usage error.
#[derive(Debug, Args)]
pub struct TagArgs {
    /// Files or directories to tag (`-` for stdin).
    #[arg(value_name = "PATH", required_unless_present = "sentences", conflicts_with = "sentences")]
    pub paths: Vec<PathBuf>,
    /// Tag only shard K of N (by a stable hash of the document id), for array jobs; join the
    /// shards' output directories with `complaint-tagger merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Pre-split sentences to classify (`-` for stdin).
    #[arg(long, value_name = "FILE.jsonl")]
    pub sentences: Option<PathBuf>,
    /// Output directory (default: JSON lines on stdout).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Classifier: the shipped trained head, or a baseline.
    #[arg(long, value_enum, default_value_t = ModelKind::Head)]
    pub model: ModelKind,
    /// Head artifact directory for --model head [default: MODELS/head]
    #[arg(long, value_name = "DIR")]
    pub head: Option<PathBuf>,
    /// Directory of shipped models (head/, baselines/, all-MiniLM-L6-v2/) [default: $COMPLAINT_TAGGER_MODELS, else ./models]
    #[arg(long, value_name = "DIR")]
    pub models: Option<PathBuf>,
    /// No progress bars.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub encoder: EncoderFlags,
}

/// Run `tag`.
pub fn run(args: TagArgs) -> Result<ExitCode> {
    let classifier = load_model(&args)?;
    if let Some(input) = &args.sentences {
        let records = read_records(input)?;
        let tagged = tag_records(classifier.as_ref(), records)?;
        write_records(&tagged, args.out.as_deref())?;
        return Ok(ExitCode::SUCCESS);
    }
    let run = tag_inputs(&args.paths, &RuleSplitter, classifier.as_ref(), args.shard, args.quiet)?;
    for error in &run.errors {
        eprintln!("error: {error}");
    }
    match &args.out {
        Some(dir) => {
            let thresholds = classifier.thresholds();
            write_all(dir, &ExportInput { docs: &run.docs, tagged: &run.tagged, errors: &run.errors, thresholds: &thresholds })?;
            eprintln!(
                "tagged {} sentences of {} documents ({} inputs failed); outputs in {}",
                run.tagged.len(), run.docs.len(), run.errors.len(), dir.display()
            );
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write_sentences(&mut out, &run.tagged)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::from(if run.errors.is_empty() { EXIT_OK } else { EXIT_SOME_FAILED }))
}

/// The classifier the flags ask for, from the models directory.
pub fn load_model(args: &TagArgs) -> Result<Box<dyn Classifier + Send>> {
    let root = args.models.clone().unwrap_or_else(models_root);
    let mut encoder = args.encoder.options();
    if args.encoder.model_dir.is_none() {
        encoder.model_dir = root.join("all-MiniLM-L6-v2");
    }
    load_classifier(args.model, &root, args.head.as_deref(), &encoder)
}

/// Records with "labels" and "scores" set by the classifier (other fields untouched).
pub fn tag_records(classifier: &dyn Classifier, records: Vec<SentenceRecord>) -> Result<Vec<SentenceRecord>> {
    let texts: Vec<&str> = records.iter().map(|r| r.text.as_str()).collect();
    let scores = classifier.scores(&texts)?;
    let thresholds = classifier.thresholds();
    Ok(records
        .into_iter()
        .zip(scores.rows())
        .map(|(mut record, row)| {
            let row = row.to_vec();
            let labels = labels_from_scores(&row, &thresholds);
            let by_theme: serde_json::Map<String, Value> =
                crate::Theme::ALL.iter().map(|t| (t.name().to_string(), json!(round4(row[t.index()])))).collect();
            record.extra.insert("labels".into(), json!(labels));
            record.extra.insert("scores".into(), Value::Object(by_theme));
            record
        })
        .collect())
}

/// Scores to 4 decimals keep outputs readable without losing anything a threshold can see.
fn round4(x: f32) -> f64 {
    (x as f64 * 1e4).round() / 1e4
}

fn write_records(records: &[SentenceRecord], out: Option<&Path>) -> Result<()> {
    let mut sink: Box<dyn Write> = match out {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            let path = dir.join("sentences.jsonl");
            Box::new(std::io::BufWriter::new(std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?))
        }
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    for record in records {
        writeln!(sink, "{}", serde_json::to_string(record)?)?;
    }
    sink.flush()?;
    Ok(())
}
