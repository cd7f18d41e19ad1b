//! `complaint-tagger embed`: print the encoder's vector for every input sentence.

use super::encoder_flags::EncoderFlags;
use crate::encode::{Encoder, EncoderPool};
use crate::records::{open_lines, read_records, SentenceRecord};
use anyhow::{Context, Result};
use clap::Args;
use serde_json::json;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Embed sentences with all-MiniLM-L6-v2 (mean pooling, L2-normalised), one JSON line each.
///
/// Input is JSON lines with "doc", "i", "text" (a `.jsonl` file, e.g. the output of `split`),
/// or plain text with one sentence per line (any other file, or `-` with --lines).
/// Output: {"doc","i","text","embedding":[384 floats]} per sentence, in input order.
#[derive(Debug, Args)]
pub struct EmbedArgs {
    /// Input file (`-` for stdin).
    pub input: PathBuf,
    /// Treat the input as one sentence per line even if it is named .jsonl.
    #[arg(long)]
    pub lines: bool,
    /// Print model-load time, encoding time and throughput (load and one warm-up batch
    /// excluded) as JSON on stderr.
    #[arg(long)]
    pub stats: bool,
    #[command(flatten)]
    pub encoder: EncoderFlags,
}

/// Run `embed`.
pub fn run(args: EmbedArgs) -> Result<ExitCode> {
    let records = if args.lines || !is_jsonl(&args.input) {
        read_plain_lines(&args.input)?
    } else {
        read_records(&args.input)?
    };
    let loading = std::time::Instant::now();
    let encoder = EncoderPool::load(&args.encoder.options())?;
    let load_seconds = loading.elapsed().as_secs_f64();
    let texts: Vec<&str> = records.iter().map(|r| r.text.as_str()).collect();
    if args.stats {
        // Time the steady state, after one warm-up batch, as bench/st_encode.py does for Python.
        encoder.encode(&texts[..texts.len().min(args.encoder.batch_size)])?;
    }
    let started = std::time::Instant::now();
    let vectors = encoder.encode(&texts)?;
    let seconds = started.elapsed().as_secs_f64();
    if args.stats {
        let stats = json!({"encoder": "complaint-tagger", "sentences": texts.len(), "seconds": seconds, "load_seconds": load_seconds,
                           "sentences_per_s": texts.len() as f64 / seconds, "workers": encoder.workers(), "threads_per_worker": crate::encode::pool::layout(&args.encoder.options()).1,
                           "batch": args.encoder.batch_size, "device": args.encoder.device, "forward": args.encoder.forward});
        eprintln!("{stats}");
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (record, vector) in records.iter().zip(vectors.rows()) {
        let line = json!({"doc": record.doc, "i": record.i, "text": record.text, "embedding": vector.to_vec()});
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn is_jsonl(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("jsonl" | "json"))
}

/// One record per non-empty line; doc is the file stem (or "stdin"), i the line's position.
fn read_plain_lines(path: &Path) -> Result<Vec<SentenceRecord>> {
    let doc = if path.as_os_str() == "-" { "stdin".to_string() } else { path.file_stem().unwrap_or_default().to_string_lossy().into_owned() };
    let mut records = Vec::new();
    for (n, line) in open_lines(path)?.lines().enumerate() {
        let line = line.with_context(|| format!("{}: line {}: not UTF-8 text", path.display(), n + 1))?;
        if !line.trim().is_empty() {
            records.push(SentenceRecord { doc: doc.clone(), i: records.len(), text: line, extra: Default::default() });
        }
    }
    Ok(records)
}
