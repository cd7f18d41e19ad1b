//! `complaint-tagger eval split`: score a predicted segmentation against a gold one.

use crate::evaluate::split::{evaluate, read_sentences, render_table};
use anyhow::Context;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Score sentence splitting against gold.
///
/// Both files are JSON lines with {"doc","i","start","end","text"} (other fields, such as
/// "labels", are ignored). Sentence P/R/F1 counts a predicted sentence only when its
/// (doc, start, end) equals a gold sentence's; boundary P/R/F1 compares sentence end offsets,
/// leaving out each document's last one. Prints a table per document, the overall scores,
/// and every sentence found on one side only.
#[derive(Debug, Args)]
pub struct EvalSplitArgs {
    /// Gold segmentation (JSON lines).
    #[arg(long)]
    pub gold: PathBuf,
    /// Predicted segmentation (JSON lines), e.g. the output of `complaint-tagger split`.
    #[arg(long)]
    pub pred: PathBuf,
    /// Print the report as one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Run `eval split`.
pub fn run(args: EvalSplitArgs) -> anyhow::Result<ExitCode> {
    let gold = read_sentences(&args.gold).context("reading the gold segmentation")?;
    let pred = read_sentences(&args.pred).context("reading the predicted segmentation")?;
    let report = evaluate(&gold, &pred);
    let rendered = if args.json {
        serde_json::to_string_pretty(&report).context("serialising the report")? + "\n"
    } else {
        render_table(&report)
    };
    match std::io::stdout().lock().write_all(rendered.as_bytes()) {
        // A reader that stopped early (`| head`) is not an error.
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err).context("writing to stdout"),
        _ => Ok(ExitCode::from(super::EXIT_OK)),
    }
}
