//! Baseline: a transparent phrase list per theme (`models/baselines/keywords.json`).

use super::{thresholds::DEFAULT_THRESHOLD, Classifier};
use crate::themes::Theme;
use anyhow::{Context, Result};
use ndarray::Array2;
use std::collections::BTreeMap;
use std::path::Path;

/// Tags a theme when one of its phrases occurs in the sentence at word boundaries.
pub struct KeywordClassifier {
    phrases: Vec<Vec<String>>,
}

impl KeywordClassifier {
    /// Read the phrase file: `{"theme": ["phrase", ...], ...}` (keys starting with `_` are comments).
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read keyword list {}", path.display()))?;
        let map: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(&text).with_context(|| format!("{} is not a JSON object of phrase lists", path.display()))?;
        let mut phrases = vec![Vec::new(); Theme::ALL.len()];
        for (key, value) in map.into_iter().filter(|(k, _)| !k.starts_with('_')) {
            let theme: Theme = key.parse().with_context(|| format!("{}: bad key", path.display()))?;
            let list: Vec<String> = serde_json::from_value(value)
                .with_context(|| format!("{}: {key} must be a list of phrases", path.display()))?;
            phrases[theme.index()] = list.into_iter().map(|p| p.to_lowercase()).collect();
        }
        Ok(KeywordClassifier { phrases })
    }

    fn score_one(&self, text: &str) -> Vec<f32> {
        let lower = text.to_lowercase();
        self.phrases.iter().map(|list| if list.iter().any(|p| contains_phrase(&lower, p)) { 1.0 } else { 0.0 }).collect()
    }
}

/// Whether `phrase` occurs in `text` with no letter or digit directly before or after it.
pub fn contains_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

impl Classifier for KeywordClassifier {
    fn name(&self) -> &str {
        "keywords"
    }

    fn scores(&self, texts: &[&str]) -> Result<Array2<f32>> {
        let flat: Vec<f32> = texts.iter().flat_map(|t| self.score_one(t)).collect();
        Ok(Array2::from_shape_vec((texts.len(), Theme::ALL.len()), flat)?)
    }

    fn thresholds(&self) -> [f32; 11] {
        [DEFAULT_THRESHOLD; 11]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_only_at_word_boundaries() {
        assert!(contains_phrase("the response was late.", "late"));
        assert!(!contains_phrase("the template was updated", "late"));
        assert!(contains_phrase("staff were rude", "rude"));
        assert!(!contains_phrase("crude estimates", "rude"));
    }
}
