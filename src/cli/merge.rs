//! `complaint-tagger merge`: join `tag --shard K/N` output directories into one.

use crate::export::merge::merge_runs;
use crate::export::{write_all, ExportInput};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Join the output directories of sharded `tag --shard K/N --out DIR` runs into one set of
/// outputs (sentences.jsonl, tagged.csv, review.html, summary.csv, errors.jsonl, texts/),
/// as if the whole batch had been tagged in one run. Documents are ordered by id.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard output directories.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Where to write the merged outputs.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Run `merge`.
pub fn run(args: MergeArgs) -> Result<ExitCode> {
    let merged = merge_runs(&args.dirs)?;
    write_all(&args.out, &ExportInput { docs: &merged.docs, tagged: &merged.tagged, errors: &merged.errors, thresholds: &merged.thresholds })?;
    eprintln!(
        "merged {} shards: {} documents, {} sentences, {} failed inputs; outputs in {}",
        args.dirs.len(), merged.docs.len(), merged.tagged.len(), merged.errors.len(), args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
