//! Baseline: cosine similarity between a sentence and short descriptions of each theme.

use super::Classifier;
use crate::encode::{Encoder, EncoderPool};
use crate::themes::Theme;
use anyhow::{Context, Result};
use ndarray::{Array2, Axis};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// File (in models/baselines) holding the tuned zero-shot thresholds.
pub const THRESHOLDS_FILE: &str = "zero-shot-thresholds.json";

/// Per-theme thresholds for the zero-shot scores, tuned on the train split only.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ZeroShotThresholds {
    /// Threshold per theme, in [`Theme::ALL`] order.
    pub thresholds: [f32; 11],
    /// Where they came from (split, data hash, command).
    pub provenance: serde_json::Value,
}

/// Scores each theme by the best cosine similarity to that theme's descriptions.
pub struct ZeroShotClassifier {
    encoder: EncoderPool,
    /// `[descriptions, dim]` embedded descriptions.
    descriptions: Array2<f32>,
    /// Theme of each description row.
    owners: Vec<Theme>,
    thresholds: [f32; 11],
}

impl ZeroShotClassifier {
    /// Embed the descriptions in `path` (`{"theme": ["description", ...]}`); thresholds come separately.
    pub fn load(encoder: EncoderPool, path: &Path, thresholds: [f32; 11]) -> Result<Self> {
        let (owners, texts) = read_descriptions(path)?;
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let descriptions = encoder.encode(&refs)?;
        Ok(ZeroShotClassifier { encoder, descriptions, owners, thresholds })
    }

    /// Read tuned thresholds, naming the file and the fix on error.
    pub fn read_thresholds(path: &Path) -> Result<ZeroShotThresholds> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read zero-shot thresholds {}: run `make train` to tune them", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("{} is not a zero-shot threshold file", path.display()))
    }
}

fn read_descriptions(path: &Path) -> Result<(Vec<Theme>, Vec<String>)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read theme descriptions {}", path.display()))?;
    let map: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&text).with_context(|| format!("{} is not a JSON object", path.display()))?;
    let (mut owners, mut texts) = (Vec::new(), Vec::new());
    for (key, value) in map.into_iter().filter(|(k, _)| !k.starts_with('_')) {
        let theme: Theme = key.parse().with_context(|| format!("{}: bad key", path.display()))?;
        let list: Vec<String> = serde_json::from_value(value).with_context(|| format!("{}: {key} must be a list", path.display()))?;
        owners.extend(std::iter::repeat(theme).take(list.len()));
        texts.extend(list);
    }
    Ok((owners, texts))
}

impl Classifier for ZeroShotClassifier {
    fn name(&self) -> &str {
        "zero-shot"
    }

    fn scores(&self, texts: &[&str]) -> Result<Array2<f32>> {
        let cosines = self.encoder.encode(texts)?.dot(&self.descriptions.t());
        let mut scores = Array2::<f32>::zeros((texts.len(), Theme::ALL.len()));
        for (column, theme) in cosines.axis_iter(Axis(1)).zip(&self.owners) {
            let mut target = scores.column_mut(theme.index());
            target.zip_mut_with(&column, |s, &c| *s = s.max(c.clamp(0.0, 1.0)));
        }
        Ok(scores)
    }

    fn thresholds(&self) -> [f32; 11] {
        self.thresholds
    }
}
