//! Thin entry point: parse flags, hand them to the library, turn the result into an exit code.

use clap::Parser;
use complaint_tagger::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(cli::EXIT_SOME_FAILED)
        }
    }
}
