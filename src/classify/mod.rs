//! Classify: turn sentences (and their embeddings) into themes with a probability each.

use crate::split::Sentence;
use crate::themes::Theme;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A sentence with the themes a classifier gave it and its probability for every theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tagged {
    /// The sentence, with its document id and offsets.
    #[serde(flatten)]
    pub sentence: Sentence,
    /// Themes whose score passed that theme's threshold, in [`Theme::ALL`] order.
    pub labels: Vec<Theme>,
    /// Probability (0..1) for every theme, keyed in [`Theme::ALL`] order.
    pub scores: BTreeMap<Theme, f32>,
}

pub mod artifact;
pub mod head;
pub mod keywords;
pub mod thresholds;
pub mod zero_shot;

use ndarray::Array2;

/// A theme classifier: scores every theme for every text, and says where each theme's cut is.
pub trait Classifier {
    /// Short name shown in reports (`head`, `keywords`, `zero-shot`).
    fn name(&self) -> &str;
    /// `[texts, 11]` scores in 0..1, columns in [`Theme::ALL`] order.
    fn scores(&self, texts: &[&str]) -> anyhow::Result<Array2<f32>>;
    /// Per-theme decision thresholds: a theme is tagged when its score is >= its threshold.
    fn thresholds(&self) -> [f32; 11];
}

/// Turn a score matrix into tagged sentences using the classifier's thresholds.
pub fn tag_sentences(sentences: Vec<Sentence>, scores: &Array2<f32>, thresholds: &[f32; 11]) -> Vec<Tagged> {
    sentences
        .into_iter()
        .zip(scores.rows())
        .map(|(sentence, row)| Tagged {
            sentence,
            labels: labels_from_scores(row.as_slice().expect("score rows are contiguous"), thresholds),
            scores: Theme::ALL.iter().map(|&t| (t, row[t.index()])).collect(),
        })
        .collect()
}

/// Themes whose score reaches that theme's threshold, in [`Theme::ALL`] order.
pub fn labels_from_scores(scores: &[f32], thresholds: &[f32; 11]) -> Vec<Theme> {
    Theme::ALL.into_iter().filter(|t| scores[t.index()] >= thresholds[t.index()]).collect()
}

/// Which classifier `tag` and `eval` use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelKind {
    /// The shipped trained model (models/head/: head.json, and fine-tuned encoder weights when
    /// the artifact names them).
    Head,
    /// Transparent phrase lists (models/baselines/keywords.json).
    Keywords,
    /// Cosine similarity to theme descriptions (models/baselines/zero-shot.json).
    ZeroShot,
}

/// Load the chosen classifier from the models root (the head from `head_dir` when given),
/// with its encoder when it needs one.
pub fn load_classifier(
    kind: ModelKind,
    models_root: &std::path::Path,
    head_dir: Option<&std::path::Path>,
    encoder: &crate::encode::EncoderOptions,
) -> anyhow::Result<Box<dyn Classifier + Send>> {
    use crate::encode::EncoderPool;
    let baselines = models_root.join("baselines");
    Ok(match kind {
        ModelKind::Keywords => Box::new(keywords::KeywordClassifier::load(&baselines.join("keywords.json"))?),
        ModelKind::ZeroShot => {
            let tuned = zero_shot::ZeroShotClassifier::read_thresholds(&baselines.join(zero_shot::THRESHOLDS_FILE))?;
            let encoder = EncoderPool::load(encoder)?;
            Box::new(zero_shot::ZeroShotClassifier::load(encoder, &baselines.join("zero-shot.json"), tuned.thresholds)?)
        }
        ModelKind::Head => {
            let dir = head_dir.map_or_else(|| models_root.join("head"), std::path::Path::to_path_buf);
            let artifact = artifact::HeadArtifact::load(&dir)?;
            let options = artifact.encoder_options(&dir, encoder)?;
            Box::new(head::HeadClassifier::new(EncoderPool::load(&options)?, &artifact))
        }
    })
}
