//! Cross-validation folds grouped by document: no document's sentences are on both sides.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use std::collections::BTreeMap;

/// Fold number (0..k) of every sentence, given each sentence's document.
///
/// Documents are shuffled with `seed`, then each goes to the fold with the fewest sentences so
/// far, so folds have similar sizes and the result is the same for the same seed.
pub fn grouped_folds(docs: &[&str], k: usize, seed: u64) -> Vec<usize> {
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for doc in docs {
        *sizes.entry(doc).or_default() += 1;
    }
    let mut order: Vec<(&str, usize)> = sizes.into_iter().collect();
    order.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
    let mut fold_of_doc = BTreeMap::new();
    let mut fold_sizes = vec![0usize; k.max(1)];
    for (doc, size) in order {
        let smallest = (0..fold_sizes.len()).min_by_key(|&f| fold_sizes[f]).expect("k >= 1");
        fold_sizes[smallest] += size;
        fold_of_doc.insert(doc, smallest);
    }
    docs.iter().map(|d| fold_of_doc[d]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_never_straddle_folds_and_folds_are_balanced() {
        let docs: Vec<String> = (0..40).flat_map(|d| std::iter::repeat(format!("d{d}")).take(1 + d % 7)).collect();
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let folds = grouped_folds(&refs, 5, 7);
        for (i, j) in (0..refs.len()).zip(1..refs.len()) {
            if refs[i] == refs[j] {
                assert_eq!(folds[i], folds[j]);
            }
        }
        let mut counts = [0usize; 5];
        folds.iter().for_each(|&f| counts[f] += 1);
        assert!(counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 7, "{counts:?}");
        assert_eq!(folds, grouped_folds(&refs, 5, 7));
        assert_ne!(folds, grouped_folds(&refs, 5, 8));
    }
}
