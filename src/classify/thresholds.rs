//! Per-theme decision thresholds that maximise F1 on held-out (out-of-fold) scores.

/// Threshold used when a theme has no positive example to tune on.
pub const DEFAULT_THRESHOLD: f32 = 0.5;

/// The score cut that maximises F1 of `score >= cut` against `gold`, with its F1.
///
/// Sweeps the distinct scores from high to low, so it is O(n log n); the cut is placed halfway
/// between neighbouring scores so that it generalises rather than sitting on one example.
pub fn best_f1_threshold(scores: &[f32], gold: &[bool]) -> (f32, f64) {
    let positives = gold.iter().filter(|&&g| g).count();
    if positives == 0 {
        return (DEFAULT_THRESHOLD, 0.0);
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let (mut tp, mut fp) = (0usize, 0usize);
    let (mut best_cut, mut best_f1) = (DEFAULT_THRESHOLD, -1.0f64);
    for (rank, &i) in order.iter().enumerate() {
        if gold[i] { tp += 1 } else { fp += 1 }
        let next = order.get(rank + 1).map(|&j| scores[j]);
        if next == Some(scores[i]) {
            continue; // ties must be cut together
        }
        let f1 = 2.0 * tp as f64 / (2 * tp + fp + (positives - tp)) as f64;
        if f1 > best_f1 {
            best_f1 = f1;
            best_cut = next.map_or(scores[i], |n| (scores[i] + n) / 2.0);
        }
    }
    (best_cut, best_f1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separable_scores_get_a_cut_between_the_classes() {
        let scores = [0.9, 0.8, 0.3, 0.2, 0.7];
        let gold = [true, true, false, false, true];
        let (cut, f1) = best_f1_threshold(&scores, &gold);
        assert!((f1 - 1.0).abs() < 1e-12);
        assert!(cut > 0.3 && cut <= 0.7, "cut {cut}");
    }

    #[test]
    fn ties_are_never_split_and_no_positives_gives_default() {
        let (cut, f1) = best_f1_threshold(&[0.5, 0.5, 0.1], &[true, false, false]);
        assert!((f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!(cut <= 0.5 && cut > 0.1);
        assert_eq!(best_f1_threshold(&[0.4, 0.6], &[false, false]), (DEFAULT_THRESHOLD, 0.0));
    }
}
