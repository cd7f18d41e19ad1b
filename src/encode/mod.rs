//! Encode: sentences to L2-normalised sentence embeddings (all-MiniLM-L6-v2).
//!
//! The pipeline is tokenizer -> BERT forward pass -> mean pooling over the attention mask ->
//! L2 normalisation, with sentence-transformers' settings so vectors match Python's.

pub mod batch;
pub mod bert;
pub mod fused;
pub mod model_files;
pub mod pool;

pub use bert::MiniLmEncoder;
pub use model_files::ModelFiles;
pub use pool::EncoderPool;

use ndarray::Array2;
use std::path::PathBuf;

/// Longest input in tokens (sentence-transformers' `max_seq_length` for all-MiniLM-L6-v2).
pub const MAX_TOKENS: usize = 256;

/// Why encoding could not be done; every variant names the file or setting involved.
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    /// A model file is absent: the fix is a make target.
    #[error("encoder model file {path} is missing: run `make model` (or `make run`) in the project root to install it")]
    ModelMissing { path: PathBuf },
    /// A model file exists but cannot be used.
    #[error("encoder model file {path} is corrupt ({reason}): delete {dir} and run `make model` to reinstall it", dir = path.parent().map(|p| p.display().to_string()).unwrap_or_default())]
    ModelCorrupt { path: PathBuf, reason: String },
    /// Tokenisation failed for a batch of sentences.
    #[error("tokenizer failed: {0}")]
    Tokenizer(String),
    /// libtorch reported an error during the forward pass.
    #[error("torch error: {0}")]
    Torch(#[from] tch::TchError),
    /// An unusable option (e.g. a CUDA device on a machine without one).
    #[error("{0}")]
    Config(String),
}

/// A sentence encoder: the one operation downstream stages need from a transformer.
pub trait Encoder {
    /// Length of every embedding vector.
    fn dim(&self) -> usize;
    /// One L2-normalised row per input text, in input order; `done(n)` is called as each
    /// batch of `n` texts finishes, to drive a progress bar.
    fn encode_observed(&self, texts: &[&str], done: &dyn Fn(usize)) -> Result<Array2<f32>, EncodeError>;
    /// One L2-normalised row per input text, in input order.
    fn encode(&self, texts: &[&str]) -> Result<Array2<f32>, EncodeError> {
        self.encode_observed(texts, &|_| {})
    }
}

/// Where the model lives and how to run it.
#[derive(Debug, Clone)]
pub struct EncoderOptions {
    /// Directory holding `model.safetensors`, `config.json` and `tokenizer.json`.
    pub model_dir: PathBuf,
    /// Weights to load instead of the directory's `model.safetensors` (a fine-tuned encoder).
    pub weights: Option<PathBuf>,
    /// Sentences per forward pass (after sorting by length, so padding stays small).
    pub batch_size: usize,
    /// Models encoding in parallel (0: one per core).
    pub workers: usize,
    /// torch intra-op threads (process-wide); 0: cores shared out among the workers, or
    /// torch's default for a single model.
    pub threads: usize,
    /// `cpu`, `cuda` or `cuda:N`.
    pub device: String,
    /// Which implementation runs the inference forward pass.
    pub forward: Forward,
}

/// The inference forward pass: both give the same vectors; `Fused` is the fast one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Forward {
    /// torch's fused encoder-layer kernel, one call per layer on length-sorted padded batches.
    #[default]
    Fused,
    /// rust-bert's BERT module on padded batches (the reference, and what training uses).
    RustBert,
}

impl Default for EncoderOptions {
    fn default() -> Self {
        EncoderOptions {
            model_dir: model_files::default_model_dir(),
            weights: None,
            batch_size: 64,
            workers: 0,
            threads: 0,
            device: "cpu".into(),
            forward: Forward::default(),
        }
    }
}

/// Parse `cpu` / `cuda` / `cuda:N` into a torch device, failing clearly when CUDA is absent.
pub fn parse_device(name: &str) -> Result<tch::Device, EncodeError> {
    let cuda_index = match name {
        "cpu" => return Ok(tch::Device::Cpu),
        "cuda" => 0,
        other => other
            .strip_prefix("cuda:")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| EncodeError::Config(format!("unknown device {other:?}: use cpu, cuda or cuda:N")))?,
    };
    if !tch::Cuda::is_available() {
        return Err(EncodeError::Config(format!("device {name:?} asked for, but no CUDA GPU is available")));
    }
    Ok(tch::Device::Cuda(cuda_index))
}
