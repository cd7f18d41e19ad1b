//! Length-sorted batching: sentences of similar length share a batch, so padding stays small.

/// Indices of the inputs grouped into batches of at most `batch_size`, shortest first.
/// Ties keep input order, so the grouping is deterministic.
pub fn length_sorted_batches(lengths: &[usize], batch_size: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..lengths.len()).collect();
    order.sort_by_key(|&i| lengths[i]);
    order.chunks(batch_size.max(1)).map(<[usize]>::to_vec).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_index_once_and_batches_sorted_by_length() {
        let lengths = [5, 1, 9, 3, 3, 7, 2];
        let batches = length_sorted_batches(&lengths, 3);
        let mut seen: Vec<usize> = batches.concat();
        let flat_lengths: Vec<usize> = seen.iter().map(|&i| lengths[i]).collect();
        assert!(flat_lengths.windows(2).all(|w| w[0] <= w[1]));
        assert!(batches.iter().all(|b| b.len() <= 3));
        seen.sort();
        assert_eq!(seen, (0..lengths.len()).collect::<Vec<_>>());
        assert_eq!(batches[0], vec![1, 6, 3]);
        assert_eq!(batches[1], vec![4, 0, 5], "equal lengths (3 and 4) keep input order");
    }
}
