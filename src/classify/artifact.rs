//! The trained head as a small JSON file: weights, thresholds, and where they came from.

use super::head::LinearHead;
use crate::encode::model_files::sha256_file;
use crate::encode::EncoderOptions;
use crate::themes::Theme;
use anyhow::{bail, Context, Result};
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Format tag written into every artifact, so an old binary refuses a newer file clearly.
pub const HEAD_FORMAT: &str = "complaint-tagger/linear-head/v1";
/// File name of the artifact inside its directory.
pub const HEAD_FILE: &str = "head.json";

/// Which encoder produced the embeddings the head was trained on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncoderRef {
    /// Model name, e.g. sentence-transformers/all-MiniLM-L6-v2.
    pub name: String,
    /// sha256 of the weights file the head expects.
    pub weights_sha256: String,
    /// Fine-tuned weights shipped beside the head (relative to the artifact directory), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights_file: Option<String>,
}

/// How the head was trained, so a result can be reproduced and checked against its data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// sha256 of the gold file's training sentences (doc, i, text, labels), in order.
    pub data_sha256: String,
    /// Seed of every random choice (folds, shuffles, initialisation).
    pub seed: u64,
    /// Sentences and documents in the training split.
    pub sentences: usize,
    pub documents: usize,
    /// Chosen settings (e.g. L2 strength), and the grid they were chosen from.
    pub settings: serde_json::Value,
    /// Cross-validation scores per setting and for the chosen one.
    pub cv: serde_json::Value,
    /// The exact command that rebuilds this artifact.
    pub command: String,
}

/// Everything the tagger needs to apply a trained head, serialised as `head.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadArtifact {
    /// Always [`HEAD_FORMAT`].
    pub format: String,
    /// Column order of weights and thresholds; must equal [`Theme::ALL`].
    pub labels: Vec<Theme>,
    pub encoder: EncoderRef,
    pub training: TrainingInfo,
    /// Per-theme decision thresholds on the predicted probability.
    pub thresholds: [f32; 11],
    /// `[11][dim]` weights.
    pub weights: Vec<Vec<f32>>,
    /// `[11]` intercepts.
    pub bias: Vec<f32>,
}

impl HeadArtifact {
    /// Read and validate `DIR/head.json`; errors name the file and the make target that rebuilds it.
    pub fn load(dir: &Path) -> Result<Self> {
        let path = dir.join(HEAD_FILE);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read classifier head {}: run `make train` to rebuild it", path.display()))?;
        let artifact: HeadArtifact = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a valid head artifact: run `make train` to rebuild it", path.display()))?;
        artifact.validate().with_context(|| format!("{} is inconsistent: run `make train` to rebuild it", path.display()))?;
        Ok(artifact)
    }

    /// Write `DIR/head.json`, creating DIR.
    pub fn save(&self, dir: &Path) -> Result<PathBuf> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let path = dir.join(HEAD_FILE);
        let json = serde_json::to_string_pretty(self)?;
        std::fs::write(&path, json + "\n").with_context(|| format!("cannot write {}", path.display()))?;
        Ok(path)
    }

    /// Build an artifact from a trained head.
    pub fn from_head(head: &LinearHead, thresholds: [f32; 11], encoder: EncoderRef, training: TrainingInfo) -> Self {
        HeadArtifact {
            format: HEAD_FORMAT.into(),
            labels: Theme::ALL.to_vec(),
            encoder,
            training,
            thresholds,
            weights: head.weights.rows().into_iter().map(|r| r.to_vec()).collect(),
            bias: head.bias.to_vec(),
        }
    }

    /// The weights as ndarray, for prediction.
    pub fn linear_head(&self) -> LinearHead {
        let dim = self.weights.first().map_or(0, Vec::len);
        let flat: Vec<f32> = self.weights.concat();
        LinearHead {
            weights: Array2::from_shape_vec((self.weights.len(), dim), flat).expect("validated shape"),
            bias: Array1::from(self.bias.clone()),
        }
    }

    /// Encoder options for this head: its fine-tuned weights (checked against the recorded
    /// sha256) when it has them, else the pretrained encoder.
    pub fn encoder_options(&self, dir: &Path, base: &EncoderOptions) -> Result<EncoderOptions> {
        if self.training.settings["finetune"]["previous_sentence"] == serde_json::json!(true) {
            bail!("{} was trained to read each sentence with the one before it, which tagging does not support yet", dir.join(HEAD_FILE).display());
        }
        let mut options = base.clone();
        if let Some(file) = &self.encoder.weights_file {
            let path = dir.join(file);
            let actual = sha256_file(&path).with_context(|| format!("fine-tuned encoder {} is missing: run `make train` to rebuild it", path.display()))?;
            if actual != self.encoder.weights_sha256 {
                bail!("{} has sha256 {actual}, but {} expects {}: the file is corrupt or from another training run", path.display(), dir.join(HEAD_FILE).display(), self.encoder.weights_sha256);
            }
            options.weights = Some(path);
        }
        Ok(options)
    }

    fn validate(&self) -> Result<()> {
        if self.format != HEAD_FORMAT {
            bail!("format {:?}, this binary reads {HEAD_FORMAT:?}", self.format);
        }
        if self.labels != Theme::ALL {
            bail!("label order {:?} differs from the eleven themes", self.labels);
        }
        let dim = self.weights.first().map_or(0, Vec::len);
        if self.weights.len() != 11 || dim == 0 || self.weights.iter().any(|r| r.len() != dim) || self.bias.len() != 11 {
            bail!("weights must be 11 rows of equal length and bias 11 values");
        }
        Ok(())
    }
}
