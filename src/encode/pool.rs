//! Several copies of the encoder working through one list of batches, one per worker thread.
//!
//! torch's thread pool is process-wide and a model is `Send` but not `Sync`, so the fastest
//! layout measured on small machines (STACK.md) is one model per worker with
//! workers x torch threads = cores: each worker runs its batches single-threaded, with no
//! synchronisation inside the forward pass.

use super::batch::length_sorted_batches;
use super::{EncodeError, Encoder, EncoderOptions, MiniLmEncoder};
use ndarray::Array2;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

/// A pool of identical encoders; encodes like one, faster on several cores.
pub struct EncoderPool {
    workers: Vec<Mutex<MiniLmEncoder>>,
    dim: usize,
    batch_size: usize,
}

/// Workers and torch threads per worker for the options: 0 workers means one per core, and
/// 0 threads means the cores shared out among the workers.
pub fn layout(options: &EncoderOptions) -> (usize, usize) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let workers = if options.workers == 0 { cores } else { options.workers };
    let threads = if options.threads == 0 { (cores / workers).max(1) } else { options.threads };
    (workers.max(1), threads)
}

impl EncoderPool {
    /// Load one model per worker and set torch's thread count for the chosen layout.
    pub fn load(options: &EncoderOptions) -> Result<Self, EncodeError> {
        let (workers, threads) = layout(options);
        let single = EncoderOptions { threads, ..options.clone() };
        let first = MiniLmEncoder::load(&single)?;
        let dim = first.dim();
        let mut pool = vec![Mutex::new(first)];
        // The weights were checked by the first load; the copies come from the same files.
        for _ in 1..workers {
            pool.push(Mutex::new(MiniLmEncoder::load_unchecked(&single)?));
        }
        Ok(EncoderPool { workers: pool, dim, batch_size: options.batch_size.max(1) })
    }

    /// How many models work in parallel.
    pub fn workers(&self) -> usize {
        self.workers.len()
    }
}

impl Encoder for EncoderPool {
    fn dim(&self) -> usize {
        self.dim
    }

    fn encode_observed(&self, texts: &[&str], done: &dyn Fn(usize)) -> Result<Array2<f32>, EncodeError> {
        let tokens = self.workers[0].lock().expect("encoder lock").tokenize(texts)?;
        let lengths: Vec<usize> = tokens.iter().map(Vec::len).collect();
        // Longest batches first: the workers then finish together on short ones instead of
        // one idling while the other runs the longest batch last.
        let mut batches = length_sorted_batches(&lengths, self.batch_size);
        batches.reverse();
        let next = AtomicUsize::new(0);
        let mut out = Array2::<f32>::zeros((texts.len(), self.dim));
        std::thread::scope(|scope| {
            let (sender, receiver) = mpsc::channel();
            for worker in &self.workers {
                let (sender, next, batches, tokens) = (sender.clone(), &next, &batches, &tokens);
                scope.spawn(move || {
                    let encoder = worker.lock().expect("encoder lock");
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(batch) = batches.get(k) else { break };
                        let rows: Vec<&[i64]> = batch.iter().map(|&i| tokens[i].as_slice()).collect();
                        if sender.send((k, encoder.encode_batch(&rows))).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            for (k, result) in receiver {
                super::bert::scatter_rows(&mut out, &batches[k], &result?);
                done(batches[k].len());
            }
            Ok::<(), EncodeError>(())
        })?;
        Ok(out)
    }
}
