//! The trained head: one-vs-rest logistic regression on frozen sentence embeddings.

use super::artifact::HeadArtifact;
use super::Classifier;
use crate::encode::{Encoder, EncoderPool};
use ndarray::{Array1, Array2, ArrayView2, Axis};

/// Weights of eleven logistic regressions sharing one input (the sentence embedding).
#[derive(Debug, Clone, PartialEq)]
pub struct LinearHead {
    /// `[11, dim]` one row of weights per theme.
    pub weights: Array2<f32>,
    /// `[11]` intercepts.
    pub bias: Array1<f32>,
}

impl LinearHead {
    /// Probabilities `[n, 11]` for embeddings `[n, dim]`.
    pub fn predict(&self, embeddings: ArrayView2<f32>) -> Array2<f32> {
        let mut logits = embeddings.dot(&self.weights.t());
        logits += &self.bias.view().insert_axis(Axis(0));
        logits.mapv_inplace(sigmoid);
        logits
    }
}

/// Logistic function, written to stay finite for large |x|.
pub fn sigmoid(x: f32) -> f32 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// The shipped classifier: the encoder plus a trained [`LinearHead`] and its thresholds.
pub struct HeadClassifier {
    encoder: EncoderPool,
    head: LinearHead,
    thresholds: [f32; 11],
}

impl HeadClassifier {
    /// Pair a loaded encoder with a head artifact.
    pub fn new(encoder: EncoderPool, artifact: &HeadArtifact) -> Self {
        HeadClassifier { encoder, head: artifact.linear_head(), thresholds: artifact.thresholds }
    }
}

impl Classifier for HeadClassifier {
    fn name(&self) -> &str {
        "head"
    }

    fn scores(&self, texts: &[&str]) -> anyhow::Result<Array2<f32>> {
        let embeddings = self.encoder.encode(texts)?;
        Ok(self.head.predict(embeddings.view()))
    }

    fn thresholds(&self) -> [f32; 11] {
        self.thresholds
    }
}
