//! `complaint-tagger review import`: merge a reviewer's corrections into the gold set.

use super::{EXIT_OK, EXIT_SOME_FAILED};
use crate::export::review_import::{import_review, MergeOutcome};
use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Work with reviewed output files.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// What to do with the review.
    #[command(subcommand)]
    pub action: ReviewAction,
}

/// Review subcommands.
#[derive(Debug, Subcommand)]
pub enum ReviewAction {
    /// Merge the review_labels column of a reviewed tagged.csv into a gold JSONL file.
    ///
    /// review_labels holds theme names separated by ';' or ',' (e.g. "delay;finance"); empty
    /// means no correction (the model's labels stand); "none" means no theme at all.
    /// Sentences already in the gold set must match it on doc, i and text; documents new to
    /// the gold set are appended whole (with their offsets) when at least one of their rows
    /// was reviewed, unreviewed rows keeping the model's labels. Any conflict (unknown theme,
    /// text that differs from gold, the same sentence corrected twice differently, a new
    /// document with missing rows) is listed and nothing is written: fix the CSV and run
    /// again. The gold file is replaced atomically, keeping its order and extra fields.
    /// Exit status: 0 merged (or nothing to do), 1 conflicts or unreadable files.
    Import(ImportArgs),
}

/// Arguments of `review import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The reviewed tagged.csv (UTF-8 with or without BOM, or Windows-1252; ',' or ';' separated).
    pub csv: PathBuf,
    /// The gold set to update (JSON lines: doc, i, start, end, text, labels).
    #[arg(long, value_name = "GOLD_JSONL")]
    pub gold: PathBuf,
    /// Report what would change without writing the gold file.
    #[arg(long)]
    pub dry_run: bool,
}

/// Run a `review` subcommand.
pub fn run(args: ReviewArgs) -> anyhow::Result<ExitCode> {
    match args.action {
        ReviewAction::Import(a) => run_import(a),
    }
}

fn run_import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let (outcome, written) =
        import_review(&args.csv, &args.gold, args.dry_run).with_context(|| {
            format!(
                "review import of {} into {}",
                args.csv.display(),
                args.gold.display()
            )
        })?;
    for c in &outcome.conflicts {
        eprintln!("conflict: {}: {c}", args.csv.display());
    }
    println!("{}", summary_line(&outcome));
    let action = if written {
        format!("wrote {}", args.gold.display())
    } else if !outcome.conflicts.is_empty() {
        format!(
            "{} not written: resolve the conflicts and run again",
            args.gold.display()
        )
    } else if args.dry_run {
        "dry run: nothing written".to_string()
    } else {
        format!("{} already up to date", args.gold.display())
    };
    println!("{action}");
    Ok(ExitCode::from(if outcome.conflicts.is_empty() {
        EXIT_OK
    } else {
        EXIT_SOME_FAILED
    }))
}

/// One line with every count a reviewer wants after a merge.
pub fn summary_line(o: &MergeOutcome) -> String {
    let skipped = if o.skipped_docs.is_empty() {
        String::new()
    } else {
        format!(
            "; {} new document(s) not reviewed, skipped: {}",
            o.skipped_docs.len(),
            o.skipped_docs.join(", ")
        )
    };
    format!(
        "review import: {} correction(s); {} changed, {} already as in gold, {} added ({} new document(s)), {} conflict(s){skipped}",
        o.corrections, o.changed, o.unchanged, o.added, o.added_docs, o.conflicts.len()
    )
}
