//! The Rust encoder reproduces Python sentence-transformers' embeddings (reference made by
//! tests/fixtures/parity/make_reference.py with the pins in STACK.md).

use complaint_tagger::encode::{Encoder, EncoderOptions, Forward, MiniLmEncoder};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct Reference {
    i: usize,
    text: String,
    tokens: usize,
    embedding: Vec<f32>,
}

fn references() -> Vec<Reference> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parity/reference.jsonl");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("reference line"))
        .collect()
}

fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| *x as f64 * *y as f64).sum();
    let norm = |v: &[f32]| v.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    dot / (norm(a) * norm(b))
}

/// The worst cosine to the Python reference over every reference sentence, with that forward pass.
fn check_against_reference(forward: Forward) {
    let refs = references();
    assert!(refs.len() >= 30, "need at least 30 reference sentences");
    assert!(refs.iter().any(|r| r.tokens >= 256), "need a sentence truncated at 256 tokens");
    let encoder = MiniLmEncoder::load(&EncoderOptions { batch_size: 8, forward, ..Default::default() }).expect("run `make model` first");
    let texts: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
    let ours = encoder.encode(&texts).expect("encode");
    assert_eq!(ours.dim(), (refs.len(), 384));
    let mut worst = (1.0f64, 0usize);
    for (r, row) in refs.iter().zip(ours.rows()) {
        let c = cosine(row.as_slice().unwrap(), &r.embedding);
        if c < worst.0 {
            worst = (c, r.i);
        }
        let norm: f32 = row.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "sentence {} not normalised: {norm}", r.i);
    }
    eprintln!("{forward:?}: min cosine {:.7} (sentence {})", worst.0, worst.1);
    assert!(worst.0 >= 0.9999, "{forward:?}: sentence {} cosine {}", worst.1, worst.0);
}

#[test]
fn fused_embeddings_match_sentence_transformers() {
    check_against_reference(Forward::Fused);
}

#[test]
fn rust_bert_embeddings_match_sentence_transformers() {
    check_against_reference(Forward::RustBert);
}

/// Fine-tuning changes the var store in place between validation passes; the fused pass must
/// see those changes rather than a copy taken at load time.
#[test]
fn the_fused_pass_follows_weights_changed_after_loading() {
    let refs = references();
    let texts: Vec<&str> = refs.iter().take(8).map(|r| r.text.as_str()).collect();
    let mut encoder = MiniLmEncoder::load(&EncoderOptions { batch_size: 8, ..Default::default() }).unwrap();
    let before = encoder.encode(&texts).unwrap();
    let variables = encoder.var_store_mut().variables();
    for name in ["encoder.layer.2.attention.self.key.weight", "encoder.layer.4.intermediate.dense.weight"] {
        let mut weight = variables[name].shallow_clone();
        tch::no_grad(|| {
            let _ = weight.g_mul_scalar_(0.5);
        });
    }
    let after = encoder.encode(&texts).unwrap();
    let tokens = encoder.tokenize(&texts).unwrap();
    let batch = encoder.make_batch(&tokens.iter().map(Vec::as_slice).collect::<Vec<_>>());
    let reference = tch::no_grad(|| complaint_tagger::encode::bert::l2_normalise(&encoder.pooled(&batch, false).unwrap()));
    let reference: Vec<f32> = Vec::try_from(reference.flatten(0, -1)).unwrap();
    for (k, row) in after.rows().into_iter().enumerate() {
        let changed = cosine(row.as_slice().unwrap(), before.row(k).as_slice().unwrap());
        assert!(changed < 0.9999, "sentence {k}: halving two weight matrices left the vector unchanged ({changed})");
        let agrees = cosine(row.as_slice().unwrap(), &reference[k * 384..(k + 1) * 384]);
        assert!(agrees > 0.99999, "sentence {k}: fused pass {agrees} from rust-bert's on the changed weights");
    }
}

#[test]
fn results_come_back_in_input_order_whatever_the_batching() {
    let refs = references();
    let texts: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
    let one = MiniLmEncoder::load(&EncoderOptions { batch_size: 1, ..Default::default() }).unwrap().encode(&texts).unwrap();
    let many = MiniLmEncoder::load(&EncoderOptions { batch_size: 64, ..Default::default() }).unwrap().encode(&texts).unwrap();
    for (a, b) in one.rows().into_iter().zip(many.rows()) {
        assert!(cosine(a.as_slice().unwrap(), b.as_slice().unwrap()) > 0.99999);
    }
}

#[test]
fn a_pool_of_workers_gives_the_same_vectors_in_the_same_order() {
    use complaint_tagger::encode::EncoderPool;
    let refs = references();
    let texts: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
    let pool = EncoderPool::load(&EncoderOptions { workers: 3, threads: 1, batch_size: 4, ..Default::default() }).unwrap();
    assert_eq!(pool.workers(), 3);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let pooled = pool.encode_observed(&texts, &|n| { done.fetch_add(n, std::sync::atomic::Ordering::Relaxed); }).unwrap();
    assert_eq!(done.into_inner(), texts.len(), "progress counts every sentence once");
    for (r, row) in refs.iter().zip(pooled.rows()) {
        assert!(cosine(row.as_slice().unwrap(), &r.embedding) >= 0.9999, "sentence {}", r.i);
    }
}

/// Context goes after the sentence as a second segment, within the 256-token limit, and only
/// the sentence's own tokens are pooled.
#[test]
fn context_is_a_second_segment_after_the_sentence() {
    let encoder = MiniLmEncoder::load(&EncoderOptions { forward: Forward::RustBert, ..Default::default() }).unwrap();
    let long = "complaint ".repeat(300);
    let texts = ["It did neither.", "It did neither.", long.as_str()];
    let contexts = [None, Some("The Council should have explained its decision or reviewed it."), Some("Some context.")];
    let plain = encoder.tokenize(&texts).unwrap();
    let paired = encoder.tokenize_with_context(&texts, &contexts, 48).unwrap();
    assert_eq!(paired[0].ids, plain[0], "no context: the sentence's tokens alone");
    assert_eq!(paired[1].pooled, plain[1].len());
    assert_eq!(&paired[1].ids[..plain[1].len()], plain[1].as_slice(), "the sentence comes first");
    assert!(paired[1].ids.len() > plain[1].len() + 5, "the context follows");
    assert_eq!(paired[1].ids.last(), plain[1].last(), "and ends with [SEP]");
    assert_eq!(paired[2].ids.len(), 256, "a sentence at the limit leaves no room for context");
    let rows: Vec<&[i64]> = paired.iter().map(|p| p.ids.as_slice()).collect();
    let pooled: Vec<usize> = paired.iter().map(|p| p.pooled).collect();
    let with_context = tch::no_grad(|| encoder.pooled(&encoder.make_pair_batch(&rows[..2], &pooled[..2]), false).unwrap());
    let alone = tch::no_grad(|| encoder.pooled(&encoder.make_batch(&rows[..1]), false).unwrap());
    let row = |t: &tch::Tensor, k: i64| Vec::<f32>::try_from(t.get(k)).unwrap();
    assert!(cosine(&row(&with_context, 0), &row(&alone, 0)) > 0.99999, "padding in a pair batch changes nothing");
    let moved = cosine(&row(&with_context, 1), &row(&alone, 0));
    assert!(moved < 0.999 && moved > 0.5, "context shifts the sentence's vector without replacing it ({moved})");
    let fused = MiniLmEncoder::load(&EncoderOptions::default()).unwrap().encode_tokens(&paired[..2], &|_| {}).unwrap();
    for k in 0..2 {
        let agrees = cosine(fused.row(k).as_slice().unwrap(), &row(&with_context, k as i64));
        assert!(agrees > 0.99999, "input {k}: the fused pass reads context like rust-bert's ({agrees})");
    }
}
