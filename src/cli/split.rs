//! `complaint-tagger split`: print the sentences of text files as JSON lines.

use crate::split::{RuleSplitter, Sentence, Splitter};
use anyhow::Context;
use clap::Args;
use rayon::prelude::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Split documents into sentences.
///
/// Prints one JSON object per sentence: {"doc","i","start","end","text"}, where start/end are
/// character offsets (Unicode scalar values, as Python indexes a str) and text is exactly the
/// document between them. Documents are printed in the order given (directories in sorted
/// path order). Files are read as UTF-8; invalid bytes are replaced (with a warning).
#[derive(Debug, Args)]
pub struct SplitArgs {
    /// Files, directories (searched recursively for .txt and .md files) or "-" for stdin.
    /// The document id is the file name without extension, or for files found in a directory
    /// their path relative to it without extension; stdin is "-".
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// One document to split: its id and where to read it.
#[derive(Debug)]
struct Input {
    doc: String,
    source: Option<PathBuf>,
}

/// Run `split`: 0 when every input was split, 1 when some could not be read, 2 when a path
/// given does not exist (the others are still split).
pub fn run(args: SplitArgs) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    let mut missing = false;
    let mut inputs = Vec::new();
    for path in &args.paths {
        match collect_inputs(path) {
            Ok(found) => inputs.extend(found),
            Err(err) => {
                eprintln!("error: {err:#}");
                missing |= !path.exists();
                failed = true;
            }
        }
    }
    let results: Vec<anyhow::Result<Vec<Sentence>>> = inputs
        .par_iter()
        .map(|input| {
            let text = read_input(input.source.as_deref())?;
            Ok(RuleSplitter.split(&input.doc, &text))
        })
        .collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for result in results {
        match result {
            Ok(sentences) => {
                if let Err(err) = write_sentences(&mut out, &sentences) {
                    return stdout_closed(err);
                }
            }
            Err(err) => {
                eprintln!("error: {err:#}");
                failed = true;
            }
        }
    }
    if let Err(err) = out.flush() {
        return stdout_closed(err);
    }
    Ok(ExitCode::from(if missing { super::EXIT_USAGE } else if failed { super::EXIT_SOME_FAILED } else { super::EXIT_OK }))
}

fn write_sentences(out: &mut impl Write, sentences: &[Sentence]) -> std::io::Result<()> {
    for sentence in sentences {
        serde_json::to_writer(&mut *out, sentence)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A reader that stopped early (`| head`) is not an error; anything else is.
fn stdout_closed(err: std::io::Error) -> anyhow::Result<ExitCode> {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(ExitCode::from(super::EXIT_OK))
    } else {
        Err(err).context("writing to stdout")
    }
}

/// The documents named by one command-line path.
fn collect_inputs(path: &Path) -> anyhow::Result<Vec<Input>> {
    if path.as_os_str() == "-" {
        return Ok(vec![Input { doc: "-".into(), source: None }]);
    }
    let meta = std::fs::metadata(path).with_context(|| format!("{}: cannot open", path.display()))?;
    if !meta.is_dir() {
        let doc = path.file_stem().unwrap_or(path.as_os_str()).to_string_lossy().into_owned();
        return Ok(vec![Input { doc, source: Some(path.to_path_buf()) }]);
    }
    let mut files = Vec::new();
    walk(path, &mut files)?;
    files.sort();
    Ok(files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(path).unwrap_or(&file).with_extension("");
            let doc = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            Input { doc, source: Some(file) }
        })
        .collect())
}

/// Every .txt/.md file under `dir`.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("{}: cannot list directory", dir.display()))?;
    for entry in entries {
        let path = entry.with_context(|| format!("{}: cannot list directory", dir.display()))?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "txt" || e == "md") {
            files.push(path);
        }
    }
    Ok(())
}

/// Read a document as UTF-8 text (stdin for `None`), replacing invalid bytes with a warning.
/// The only place `split` reads input, so the ingest stage can take it over in one move.
fn read_input(source: Option<&Path>) -> anyhow::Result<String> {
    let (bytes, name) = match source {
        Some(path) => (std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?, path.display().to_string()),
        None => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).context("<stdin>: cannot read")?;
            (bytes, "<stdin>".to_string())
        }
    };
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("warning: {name}: not valid UTF-8, invalid bytes replaced with U+FFFD");
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        }
    })
}
