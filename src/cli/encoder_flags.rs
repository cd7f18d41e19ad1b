//! Flags shared by every subcommand that runs the encoder.

use crate::encode::{model_files::default_model_dir, EncoderOptions, Forward};
use clap::Args;
use std::path::PathBuf;

/// Where the encoder is and how to run it.
#[derive(Debug, Args, Clone)]
pub struct EncoderFlags {
    /// Encoder directory (model.safetensors, config.json, tokenizer.json) [default: MODELS/all-MiniLM-L6-v2, where MODELS is $COMPLAINT_TAGGER_MODELS or ./models]
    #[arg(long, value_name = "DIR")]
    pub model_dir: Option<PathBuf>,
    /// Sentences per forward pass (sorted by length first, so padding stays small).
    #[arg(long, default_value_t = 64)]
    pub batch_size: usize,
    /// Encoder copies working in parallel, one per thread (0: one per core).
    #[arg(long, default_value_t = 0)]
    pub workers: usize,
    /// torch threads per worker (0: the cores shared out among the workers).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Device: cpu, cuda or cuda:N (CUDA needs a GPU; the bundled torch has CUDA support).
    #[arg(long, default_value = "cpu")]
    pub device: String,
    /// Inference forward pass: fused (torch's fused encoder-layer kernel, the fast default) or
    /// rust-bert (the plain module, kept as the reference); both give the same vectors.
    #[arg(long, value_enum, default_value_t = Forward::Fused)]
    pub forward: Forward,
}

impl EncoderFlags {
    /// The options these flags describe.
    pub fn options(&self) -> EncoderOptions {
        EncoderOptions {
            model_dir: self.model_dir.clone().unwrap_or_else(default_model_dir),
            weights: None,
            batch_size: self.batch_size,
            workers: self.workers,
            threads: self.threads,
            device: self.device.clone(),
            forward: self.forward,
        }
    }
}
