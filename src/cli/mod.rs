//! Command-line interface: one clap struct per subcommand and the dispatch to library code.

pub mod embed;
pub mod eval_split;
pub mod eval_tags;
pub mod encoder_flags;
pub mod merge;
pub mod review;
pub mod split;
pub mod tag;
pub mod train;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Exit status when every input was processed.
pub const EXIT_OK: u8 = 0;
/// Exit status when some inputs failed (they are listed, the rest were processed).
pub const EXIT_SOME_FAILED: u8 = 1;
/// Exit status for a usage error (bad flags, missing files given on the command line).
pub const EXIT_USAGE: u8 = 2;

/// Top-level command line.
#[derive(Debug, Parser)]
#[command(name = "complaint-tagger", version, about = "Tag complaint themes in UK council minutes and reports", long_about = None,
    after_help = "Exit codes: 0 all inputs processed, 1 some inputs failed (listed on stderr / errors.jsonl), 2 usage error.")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
// Variants carry no doc comment: each subcommand's help is its Args struct's doc, in full.
pub enum Command {
    Embed(embed::EmbedArgs),
    Split(split::SplitArgs),
    /// Score outputs against gold files.
    #[command(subcommand)]
    Eval(EvalCommand),
    Tag(tag::TagArgs),
    Merge(merge::MergeArgs),
    Review(review::ReviewArgs),
    Train(train::TrainArgs),
}

/// What `eval` can score.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    Split(eval_split::EvalSplitArgs),
    Tags(eval_tags::EvalTagsArgs),
}

/// Run a parsed command line and return the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Embed(args) => embed::run(args),
        Command::Split(args) => split::run(args),
        Command::Eval(EvalCommand::Split(args)) => eval_split::run(args),
        Command::Eval(EvalCommand::Tags(args)) => eval_tags::run(args),
        Command::Tag(args) => tag::run(args),
        Command::Train(args) => train::run(args),
        Command::Review(args) => review::run(args),
        Command::Merge(args) => merge::run(args),
    }
}
