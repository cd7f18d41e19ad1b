//! TEMPORARY until the evaluator lands.
use ndarray::Array2;
/// micro, macro F1.
pub fn f1_from_matrices(gold: &Array2<bool>, pred: &Array2<bool>) -> (f64, f64) {
    let mut tot = (0usize, 0usize, 0usize);
    let mut macro_sum = 0.0;
    for t in 0..gold.ncols() {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for i in 0..gold.nrows() {
            match (gold[[i, t]], pred[[i, t]]) { (true, true) => tp += 1, (false, true) => fp += 1, (true, false) => fn_ += 1, _ => {} }
        }
        tot.0 += tp; tot.1 += fp; tot.2 += fn_;
        if tp + fp + fn_ > 0 { macro_sum += 2.0 * tp as f64 / (2 * tp + fp + fn_) as f64; }
    }
    (2.0 * tot.0 as f64 / ((2 * tot.0 + tot.1 + tot.2).max(1)) as f64, macro_sum / gold.ncols() as f64)
}
