//! One-vs-rest logistic regression with class weighting and L2, fitted with full-batch Adam.
//!
//! All eleven themes are fitted at once as matrix products; the loss is convex, so a fixed
//! schedule from zero weights converges to the same optimum every time (deterministic).

use crate::classify::head::{sigmoid, LinearHead};
use ndarray::{Array1, Array2, ArrayView2, Axis};

/// Settings of one fit.
#[derive(Debug, Clone, Copy)]
pub struct LogisticSettings {
    /// Inverse regularisation strength, as scikit-learn's `C` (penalty = ||w||^2 / (2 C n)).
    pub c: f32,
    /// Full-batch optimisation steps.
    pub steps: usize,
    /// Peak Adam learning rate (cosine-decayed to zero).
    pub learning_rate: f32,
}

impl Default for LogisticSettings {
    fn default() -> Self {
        LogisticSettings { c: 1.0, steps: 400, learning_rate: 0.05 }
    }
}

/// Per-sample weights that make each theme's positives and negatives weigh the same in total
/// (scikit-learn's `class_weight="balanced"`): rare themes are not ignored.
pub fn balanced_weights(labels: ArrayView2<f32>) -> Array2<f32> {
    let n = labels.nrows() as f32;
    let mut weights = Array2::<f32>::zeros(labels.raw_dim());
    for (theme, column) in labels.axis_iter(Axis(1)).enumerate() {
        let positives = column.sum().clamp(1.0, n - 1.0);
        let (w_pos, w_neg) = (n / (2.0 * positives), n / (2.0 * (n - positives)));
        weights.column_mut(theme).assign(&column.mapv(|y| if y > 0.5 { w_pos } else { w_neg }));
    }
    weights
}

/// Fit the head on embeddings `[n, dim]` and 0/1 labels `[n, 11]`.
pub fn fit(x: ArrayView2<f32>, y: ArrayView2<f32>, settings: LogisticSettings) -> LinearHead {
    let (n, dim) = x.dim();
    let themes = y.ncols();
    let sample_weights = balanced_weights(y);
    let l2 = 1.0 / (settings.c * n as f32);
    let mut head = LinearHead { weights: Array2::zeros((themes, dim)), bias: Array1::zeros(themes) };
    let mut adam = Adam::new(themes, dim);
    for step in 0..settings.steps {
        let probabilities = head.predict(x);
        let residual = (&probabilities - &y) * &sample_weights / n as f32;
        let grad_w = residual.t().dot(&x) + &head.weights * l2;
        let grad_b = residual.sum_axis(Axis(0));
        let progress = step as f32 / settings.steps as f32;
        let lr = settings.learning_rate * 0.5 * (1.0 + (std::f32::consts::PI * progress).cos());
        adam.step(&mut head, &grad_w, &grad_b, lr);
    }
    head
}

/// Weighted mean binary cross-entropy plus the L2 term: what [`fit`] minimises (for tests).
pub fn objective(head: &LinearHead, x: ArrayView2<f32>, y: ArrayView2<f32>, c: f32) -> f64 {
    let weights = balanced_weights(y);
    let logits = x.dot(&head.weights.t()) + &head.bias.view().insert_axis(Axis(0));
    let n = x.nrows() as f64;
    let mut loss = 0.0f64;
    ndarray::Zip::from(&logits).and(&y).and(&weights).for_each(|&z, &t, &w| {
        let p = sigmoid(z).clamp(1e-7, 1.0 - 1e-7) as f64;
        loss -= w as f64 * (t as f64 * p.ln() + (1.0 - t as f64) * (1.0 - p).ln());
    });
    let penalty = head.weights.mapv(|v| (v as f64).powi(2)).sum() / (2.0 * c as f64 * n);
    loss / n + penalty
}

/// Adam state for the head's weights and bias.
struct Adam {
    m_w: Array2<f32>,
    v_w: Array2<f32>,
    m_b: Array1<f32>,
    v_b: Array1<f32>,
    t: i32,
}

impl Adam {
    const BETA1: f32 = 0.9;
    const BETA2: f32 = 0.999;
    const EPS: f32 = 1e-8;

    fn new(themes: usize, dim: usize) -> Self {
        Adam {
            m_w: Array2::zeros((themes, dim)),
            v_w: Array2::zeros((themes, dim)),
            m_b: Array1::zeros(themes),
            v_b: Array1::zeros(themes),
            t: 0,
        }
    }

    fn step(&mut self, head: &mut LinearHead, grad_w: &Array2<f32>, grad_b: &Array1<f32>, lr: f32) {
        self.t += 1;
        let correction1 = 1.0 - Self::BETA1.powi(self.t);
        let correction2 = 1.0 - Self::BETA2.powi(self.t);
        update(&mut head.weights, &mut self.m_w, &mut self.v_w, grad_w, lr, correction1, correction2);
        update(&mut head.bias, &mut self.m_b, &mut self.v_b, grad_b, lr, correction1, correction2);
    }
}

fn update<D: ndarray::Dimension>(
    param: &mut ndarray::Array<f32, D>,
    m: &mut ndarray::Array<f32, D>,
    v: &mut ndarray::Array<f32, D>,
    grad: &ndarray::Array<f32, D>,
    lr: f32,
    correction1: f32,
    correction2: f32,
) {
    ndarray::Zip::from(param).and(m).and(v).and(grad).for_each(|p, m, v, &g| {
        *m = Adam::BETA1 * *m + (1.0 - Adam::BETA1) * g;
        *v = Adam::BETA2 * *v + (1.0 - Adam::BETA2) * g * g;
        *p -= lr * (*m / correction1) / ((*v / correction2).sqrt() + Adam::EPS);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    fn toy(n: usize, seed: u64) -> (Array2<f32>, Array2<f32>) {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let x = Array2::from_shape_fn((n, 4), |_| rng.gen_range(-1.0..1.0f32));
        // theme 0 depends on feature 0, theme 1 on feature 1 (rare), theme 2 never occurs.
        let y = Array2::from_shape_fn((n, 3), |(i, t)| match t {
            0 => (x[[i, 0]] > 0.0) as u8 as f32,
            1 => (x[[i, 1]] > 0.7) as u8 as f32,
            _ => 0.0,
        });
        (x, y)
    }

    #[test]
    fn learns_separable_themes_and_reduces_the_objective() {
        let (x, y) = toy(400, 1);
        let settings = LogisticSettings { c: 10.0, ..Default::default() };
        let zero = LinearHead { weights: Array2::zeros((3, 4)), bias: Array1::zeros(3) };
        let head = fit(x.view(), y.view(), settings);
        assert!(objective(&head, x.view(), y.view(), 10.0) < 0.5 * objective(&zero, x.view(), y.view(), 10.0));
        let p = head.predict(x.view());
        let accuracy = |t: usize| (0..400).filter(|&i| (p[[i, t]] >= 0.5) == (y[[i, t]] > 0.5)).count() as f32 / 400.0;
        assert!(accuracy(0) > 0.95, "theme 0 accuracy {}", accuracy(0));
        assert!(accuracy(1) > 0.9, "rare theme accuracy {}", accuracy(1));
        assert!(head.weights[[0, 0]] > 0.0 && head.weights[[1, 1]] > 0.0);
    }

    #[test]
    fn stronger_regularisation_shrinks_weights_and_fit_is_deterministic() {
        let (x, y) = toy(200, 2);
        let loose = fit(x.view(), y.view(), LogisticSettings { c: 10.0, ..Default::default() });
        let tight = fit(x.view(), y.view(), LogisticSettings { c: 0.01, ..Default::default() });
        let norm = |h: &LinearHead| h.weights.mapv(|v| v * v).sum();
        assert!(norm(&tight) < norm(&loose));
        assert_eq!(fit(x.view(), y.view(), LogisticSettings::default()), fit(x.view(), y.view(), LogisticSettings::default()));
    }

    #[test]
    fn balanced_weights_equalise_classes() {
        let (_, y) = toy(300, 3);
        let w = balanced_weights(y.view());
        let pos: f32 = (0..300).filter(|&i| y[[i, 1]] > 0.5).map(|i| w[[i, 1]]).sum();
        let neg: f32 = (0..300).filter(|&i| y[[i, 1]] < 0.5).map(|i| w[[i, 1]]).sum();
        assert!((pos - neg).abs() < 1e-2 * pos, "pos {pos} neg {neg}");
    }
}
