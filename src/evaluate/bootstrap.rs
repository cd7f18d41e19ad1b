//! Bootstrap confidence intervals over documents: sentences of one document share an author,
//! a topic and a writing style, so documents (not sentences) are the units resampled.

use crate::evaluate::tags::{EvalError, Prf, Tally, TagMetrics};
use crate::themes::Theme;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Coverage of every interval.
pub const LEVEL: f64 = 0.95;

/// A percentile interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// 2.5th percentile of the resampled values.
    pub low: f64,
    /// 97.5th percentile of the resampled values.
    pub high: f64,
}

impl Interval {
    /// Whether `x` lies inside (ends included), with a little slack for rounding.
    pub fn contains(&self, x: f64) -> bool {
        self.low - 1e-12 <= x && x <= self.high + 1e-12
    }
    /// high - low.
    pub fn width(&self) -> f64 {
        self.high - self.low
    }
}

/// Intervals for precision, recall and F1 of one theme or one average.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PrfInterval {
    /// Interval of precision.
    pub precision: Interval,
    /// Interval of recall.
    pub recall: Interval,
    /// Interval of F1.
    pub f1: Interval,
}

/// Intervals of one theme.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ThemeInterval {
    /// The theme.
    pub theme: Theme,
    /// Its intervals.
    #[serde(flatten)]
    pub ci: PrfInterval,
}

/// All bootstrap intervals of an evaluation, with what is needed to reproduce them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BootstrapCi {
    /// Number of resamples.
    pub resamples: usize,
    /// Seed of the ChaCha8 generator.
    pub seed: u64,
    /// Coverage (0.95).
    pub level: f64,
    /// Documents resampled.
    pub documents: usize,
    /// Per theme, in [`Theme::ALL`] order.
    pub themes: Vec<ThemeInterval>,
    /// Micro average.
    pub micro: PrfInterval,
    /// Macro average.
    #[serde(rename = "macro")]
    pub macro_: PrfInterval,
    /// Support-weighted average.
    pub weighted: PrfInterval,
    /// Samples average.
    pub samples: PrfInterval,
    /// Subset accuracy.
    pub exact_match: Interval,
}

/// Percentile bootstrap: resample documents with replacement `resamples` times and take the
/// 2.5th and 97.5th percentiles of each metric. A theme's precision (recall) interval uses only
/// the resamples where that theme was predicted (is in gold), F1 those with either: a resample
/// without the theme says nothing about it, and counting its zero-division 0 would drag every
/// rare theme's interval down to 0. A theme never defined gets [0, 0]. Replicate `r` draws from ChaCha8 stream `r`
/// of `seed`, so the result does not depend on the number of threads.
pub fn bootstrap_ci(docs: &[Tally], resamples: usize, seed: u64) -> Result<BootstrapCi, EvalError> {
    if docs.is_empty() {
        return Err(EvalError::Empty(" (no documents to resample)".into()));
    }
    if resamples == 0 {
        return Err(EvalError::NoResamples);
    }
    let reps: Vec<TagMetrics> = (0..resamples).into_par_iter().map(|r| replicate(docs, seed, r as u64).metrics()).collect();
    let always = |_: &TagMetrics| (true, true);
    let prf = |get: &dyn Fn(&TagMetrics) -> Prf, defined: &dyn Fn(&TagMetrics) -> (bool, bool)| PrfInterval {
        precision: percentiles(reps.iter().filter(|m| defined(m).0).map(|m| get(m).precision)),
        recall: percentiles(reps.iter().filter(|m| defined(m).1).map(|m| get(m).recall)),
        f1: percentiles(reps.iter().filter(|m| defined(m).0 || defined(m).1).map(|m| get(m).f1)),
    };
    let theme = |k: usize| {
        let scores = move |m: &TagMetrics| m.themes[k].scores;
        let defined = move |m: &TagMetrics| (m.themes[k].predicted > 0, m.themes[k].support > 0);
        prf(&scores, &defined)
    };
    Ok(BootstrapCi {
        resamples,
        seed,
        level: LEVEL,
        documents: docs.len(),
        themes: Theme::ALL.iter().map(|&t| ThemeInterval { theme: t, ci: theme(t.index()) }).collect(),
        micro: prf(&|m| m.micro, &always),
        macro_: prf(&|m| m.macro_, &always),
        weighted: prf(&|m| m.weighted, &always),
        samples: prf(&|m| m.samples, &always),
        exact_match: percentiles(reps.iter().map(|m| m.exact_match)),
    })
}

/// Tally of one resample: as many documents as there are, drawn with replacement.
fn replicate(docs: &[Tally], seed: u64, stream: u64) -> Tally {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    let mut t = Tally::default();
    (0..docs.len()).for_each(|_| t.add(&docs[rng.gen_range(0..docs.len())]));
    t
}

/// The (1 - LEVEL)/2 and (1 + LEVEL)/2 quantiles with linear interpolation (numpy's default);
/// [0, 0] for no values.
fn percentiles(values: impl Iterator<Item = f64>) -> Interval {
    let mut v: Vec<f64> = values.collect();
    if v.is_empty() {
        return Interval { low: 0.0, high: 0.0 };
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let pos = p * (v.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
    };
    Interval { low: q((1.0 - LEVEL) / 2.0), high: q((1.0 + LEVEL) / 2.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_match_numpy_linear_interpolation() {
        // numpy.percentile(range(11), [2.5, 97.5]) == [0.25, 9.75]
        let iv = percentiles((0..11).map(f64::from));
        assert!((iv.low - 0.25).abs() < 1e-12 && (iv.high - 9.75).abs() < 1e-12, "{iv:?}");
        let one = percentiles([0.5].into_iter());
        assert_eq!((one.low, one.high), (0.5, 0.5));
    }
}
