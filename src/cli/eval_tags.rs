//! `complaint-tagger eval tags`: score predicted themes against a gold file.

use crate::cli::EXIT_USAGE;
use crate::evaluate::bootstrap::Interval;
use crate::evaluate::report_html;
use crate::evaluate::tags::{evaluate, read_gold, read_predictions, Prf, TagReport};
use anyhow::{bail, Context};
use crate::train::data::read_splits;
use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Score predicted themes against gold themes: per-theme precision, recall, F1 and support,
/// micro/macro/weighted/samples averages (as scikit-learn computes them with
/// zero_division=0), exact match and Hamming loss, with 95% bootstrap intervals over
/// documents.
#[derive(Debug, clap::Args)]
#[command(after_help = "Sentences are matched by (doc, i). A gold sentence without a prediction, a prediction \
without a gold sentence, a (doc, i) twice in one file, different texts for the same (doc, i), an unknown theme \
or a malformed line is an error that names the file, line and sentence; nothing is scored as zero silently.")]
pub struct EvalTagsArgs {
    /// Gold file, JSON lines: {"doc","i","start","end","text","labels":[theme,...]}.
    #[arg(long, value_name = "GOLD.jsonl")]
    pub gold: PathBuf,
    /// Predictions, JSON lines with at least {"doc","i","text","labels":[theme,...]} and
    /// optionally "scores":{theme: probability} (used to rank mistakes); other fields are ignored.
    #[arg(long, value_name = "PRED.jsonl")]
    pub pred: PathBuf,
    /// Print every number as one JSON object on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Write every false positive and false negative to FILE as JSON lines
    /// {"theme","kind":"false_positive"|"false_negative","doc","i","text","score"}, sorted by
    /// theme, false positives first, most confident mistake first (score null when absent).
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Write a self-contained HTML report (charts, numbers, mistakes per theme) to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Bootstrap resamples of documents for the 95% percentile intervals; 0 turns them off.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub bootstrap: usize,
    /// Seed of the bootstrap's random generator (ChaCha8); same seed, same intervals.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Evaluate only the documents listed in FILE, one doc id per line (blank lines and lines
    /// starting with # are skipped). Only their gold sentences need predictions.
    #[arg(long, value_name = "FILE", conflicts_with = "splits")]
    pub docs: Option<PathBuf>,
    /// Split file with lines `doc<TAB>split`, split one of train, dev, test (an optional first
    /// line `doc<TAB>split` is a header); evaluate only the documents of --split.
    #[arg(long, value_name = "splits.tsv", requires = "split")]
    pub splits: Option<PathBuf>,
    /// Which split of --splits to evaluate (e.g. test).
    #[arg(long, value_name = "NAME", requires = "splits")]
    pub split: Option<String>,
}

/// Run `eval tags`: exit 2 when an input file named on the command line does not exist,
/// an error (exit 1 from main) when an input is malformed or gold and predictions disagree.
pub fn run(args: EvalTagsArgs) -> anyhow::Result<ExitCode> {
    let inputs = [Some(&args.gold), Some(&args.pred), args.docs.as_ref(), args.splits.as_ref()];
    if let Some(missing) = inputs.into_iter().flatten().find(|p| !p.is_file()) {
        eprintln!("error: {} does not exist or is not a file", missing.display());
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let gold = read_gold(&args.gold)?;
    let pred = read_predictions(&args.pred)?;
    let docs = match (&args.docs, &args.splits, &args.split) {
        (Some(path), _, _) => Some(read_doc_list(path)?),
        (None, Some(path), Some(split)) => Some(read_split(path, split)?),
        _ => None,
    };
    let mut report = evaluate(&gold, &pred, docs.as_ref())
        .with_context(|| format!("comparing gold {} with predictions {}", args.gold.display(), args.pred.display()))?;
    if args.bootstrap > 0 {
        report = report.with_bootstrap(args.bootstrap, args.seed)?;
    }
    if let Some(path) = &args.errors {
        write_errors(path, &report)?;
    }
    if let Some(path) = &args.html {
        let title = format!("Theme tags: {} vs {}", args.pred.display(), args.gold.display());
        std::fs::write(path, report_html::render(&report, &title)).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let out = if args.json { serde_json::to_string_pretty(&report)? + "\n" } else { table(&report) };
    std::io::stdout().write_all(out.as_bytes()).context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// Doc ids of a one-id-per-line file.
fn read_doc_list(path: &Path) -> anyhow::Result<HashSet<String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read doc list {}", path.display()))?;
    let docs: HashSet<String> = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from).collect();
    if docs.is_empty() {
        bail!("doc list {} names no documents", path.display());
    }
    Ok(docs)
}

/// Doc ids whose split is `split` in a `doc<TAB>split` file (read by the same parser as `train`).
fn read_split(path: &Path, split: &str) -> anyhow::Result<HashSet<String>> {
    let splits = read_splits(path)?;
    let docs: HashSet<String> = splits.iter().filter(|(_, s)| s.as_str() == split).map(|(d, _)| d.clone()).collect();
    if docs.is_empty() {
        let present: BTreeSet<&str> = splits.values().map(String::as_str).collect();
        bail!("split file {} has no documents in split {split:?} (splits present: {})", path.display(), present.into_iter().collect::<Vec<_>>().join(", "));
    }
    Ok(docs)
}

fn write_errors(path: &Path, report: &TagReport) -> anyhow::Result<()> {
    let mut out = String::new();
    for e in &report.errors {
        out += &serde_json::to_string(e)?;
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("cannot write errors file {}", path.display()))
}

/// "0.812 [0.700-0.900]", or the bare value without an interval.
fn cell(x: f64, ci: Option<Interval>) -> String {
    ci.map_or(format!("{x:.3}"), |iv| format!("{x:.3} [{:.3}-{:.3}]", iv.low, iv.high))
}

/// The human-readable table: one row per theme, then the averages and set-level scores.
fn table(r: &TagReport) -> String {
    let ci = r.ci.as_ref();
    let m = &r.metrics;
    let mut rows: Vec<(String, Prf, Option<Interval>, u64, u64)> =
        m.themes.iter().map(|t| (t.theme.name().to_string(), t.scores, ci.map(|c| c.themes[t.theme.index()].ci.f1), t.support, t.predicted)).collect();
    for (name, s, iv) in [
        ("micro avg", m.micro, ci.map(|c| c.micro.f1)),
        ("macro avg", m.macro_, ci.map(|c| c.macro_.f1)),
        ("weighted avg", m.weighted, ci.map(|c| c.weighted.f1)),
        ("samples avg", m.samples, ci.map(|c| c.samples.f1)),
    ] {
        rows.push((name.into(), s, iv, m.support, m.predicted));
    }
    let f1_head = if ci.is_some() { "F1 [95% CI]" } else { "F1" };
    let f1_w = rows.iter().map(|r| cell(r.1.f1, r.2).len()).max().unwrap_or(0).max(f1_head.len());
    let mut s = format!("{:<16} {:>9} {:>9}  {:<f1_w$} {:>8} {:>9}\n", "theme", "precision", "recall", f1_head, "support", "predicted");
    for (k, (name, p, iv, support, predicted)) in rows.iter().enumerate() {
        if k == m.themes.len() {
            s.push('\n');
        }
        s += &format!("{name:<16} {:>9.3} {:>9.3}  {:<f1_w$} {support:>8} {predicted:>9}\n", p.precision, p.recall, cell(p.f1, *iv));
    }
    s += &format!("\nexact match (subset accuracy) {}   Hamming loss {:.4}\n", cell(m.exact_match, ci.map(|c| c.exact_match)), m.hamming_loss);
    s += &format!("{} sentences in {} documents", m.sentences, r.documents);
    s += &ci.map_or(String::new(), |c| format!("; intervals: {} bootstrap resamples of documents, seed {}", c.resamples, c.seed));
    s + "\n"
}
