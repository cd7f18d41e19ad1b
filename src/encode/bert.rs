//! all-MiniLM-L6-v2 on rust-bert's BERT: tokenise, forward, mean-pool, normalise.

use super::batch::length_sorted_batches;
use super::model_files::{ModelFiles, PRETRAINED_WEIGHTS_SHA256};
use super::fused::FusedBert;
use super::{parse_device, EncodeError, Encoder, EncoderOptions, Forward, MAX_TOKENS};
use ndarray::Array2;
use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use tch::{nn, Device, Kind, Tensor};
use tokenizers::{Tokenizer, TruncationParams};

/// Token ids and attention mask of one padded batch, ready for the forward pass.
pub struct TokenBatch {
    /// `[batch, seq]` token ids (0 is [PAD]).
    pub ids: Tensor,
    /// `[batch, seq]` 1 for real tokens, 0 for padding.
    pub mask: Tensor,
    /// `[batch, seq]` BERT segment: 0 for the sentence, 1 for context after it.
    pub token_types: Tensor,
    /// `[batch, seq]` 1 for the tokens averaged into the sentence vector (the sentence's own).
    pub pool_mask: Tensor,
}

/// One model input: token ids, of which the first `pooled` are the sentence itself and the
/// rest (if any) context it may attend to.
#[derive(Debug, Clone)]
pub struct PairTokens {
    /// [CLS] sentence [SEP] (context [SEP]).
    pub ids: Vec<i64>,
    /// How many leading ids belong to the sentence (and are pooled).
    pub pooled: usize,
}

/// The sentence encoder: a tokenizer, BERT weights in a var store, and run settings.
pub struct MiniLmEncoder {
    tokenizer: Tokenizer,
    var_store: nn::VarStore,
    bert: BertModel<BertEmbeddings>,
    fused: Option<FusedBert>,
    hidden_size: usize,
    batch_size: usize,
}

impl MiniLmEncoder {
    /// Load the encoder from local files only; a missing or corrupt file is an error naming it.
    pub fn load(options: &EncoderOptions) -> Result<Self, EncodeError> {
        let files = ModelFiles::locate(&options.model_dir, options.weights.as_deref())?;
        if options.weights.is_none() {
            check_pretrained_weights(&files)?;
        }
        Self::load_unchecked(options)
    }

    /// Load without re-checking the pretrained weights' sha256 (for copies of a checked model).
    pub fn load_unchecked(options: &EncoderOptions) -> Result<Self, EncodeError> {
        let files = ModelFiles::locate(&options.model_dir, options.weights.as_deref())?;
        if options.threads > 0 {
            tch::set_num_threads(options.threads as i32);
        }
        let device = parse_device(&options.device)?;
        let tokenizer = load_tokenizer(&files)?;
        let config = load_config(&files)?;
        let mut var_store = nn::VarStore::new(device);
        let bert = BertModel::<BertEmbeddings>::new_with_optional_pooler(var_store.root(), &config, false);
        var_store
            .load(&files.weights)
            .map_err(|e| EncodeError::ModelCorrupt { path: files.weights.clone(), reason: e.to_string() })?;
        // Loading adopts the file's precision; fine-tuned weights ship as fp16 but run in fp32.
        var_store.float();
        let fused = match options.forward {
            Forward::Fused => Some(fused_view(&var_store, &config, &files)?),
            Forward::RustBert => None,
        };
        Ok(MiniLmEncoder {
            tokenizer,
            var_store,
            bert,
            fused,
            hidden_size: config.hidden_size as usize,
            batch_size: options.batch_size.max(1),
        })
    }

    /// The weights, for training code that fine-tunes them.
    pub fn var_store_mut(&mut self) -> &mut nn::VarStore {
        &mut self.var_store
    }

    /// The weights, read-only (e.g. to save a fine-tuned copy).
    pub fn var_store(&self) -> &nn::VarStore {
        &self.var_store
    }

    /// Token ids per text, truncated at [`MAX_TOKENS`] with [CLS]/[SEP], no padding.
    pub fn tokenize(&self, texts: &[&str]) -> Result<Vec<Vec<i64>>, EncodeError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| EncodeError::Tokenizer(e.to_string()))?;
        Ok(encodings.iter().map(|e| e.get_ids().iter().map(|&id| id as i64).collect()).collect())
    }

    /// Token ids of each sentence followed by up to `max_context` tokens of its context as a
    /// second segment: [CLS] sentence [SEP] context [SEP]. The sentence comes first so that its
    /// tokens keep the positions they have without context.
    pub fn tokenize_with_context(&self, texts: &[&str], contexts: &[Option<&str>], max_context: usize) -> Result<Vec<PairTokens>, EncodeError> {
        let sentences = self.tokenize(texts)?;
        let sep = self.tokenizer.token_to_id("[SEP]").ok_or_else(|| EncodeError::Tokenizer("no [SEP] token".into()))? as i64;
        let context_texts: Vec<&str> = contexts.iter().map(|c| c.unwrap_or("")).collect();
        let context_tokens = self.tokenizer.encode_batch(context_texts, false).map_err(|e| EncodeError::Tokenizer(e.to_string()))?;
        Ok(sentences
            .into_iter()
            .zip(context_tokens)
            .map(|(mut ids, context)| {
                let pooled = ids.len();
                let room = MAX_TOKENS.saturating_sub(pooled + 1).min(max_context);
                let context: Vec<i64> = context.get_ids().iter().take(room).map(|&id| id as i64).collect();
                if !context.is_empty() {
                    ids.extend(context);
                    ids.push(sep);
                }
                PairTokens { ids, pooled }
            })
            .collect())
    }

    /// Pad token id lists into one batch on the model's device; every token is pooled.
    pub fn make_batch(&self, token_ids: &[&[i64]]) -> TokenBatch {
        let lengths: Vec<usize> = token_ids.iter().map(|t| t.len()).collect();
        self.make_pair_batch(token_ids, &lengths)
    }

    /// Pad inputs into one batch whose first `pooled[k]` tokens of row k are the sentence.
    pub fn make_pair_batch(&self, token_ids: &[&[i64]], pooled: &[usize]) -> TokenBatch {
        let width = token_ids.iter().map(|t| t.len()).max().unwrap_or(1).max(1);
        let mut ids = vec![0i64; token_ids.len() * width];
        let mut mask = vec![0i64; token_ids.len() * width];
        let mut types = vec![0i64; token_ids.len() * width];
        let mut pool = vec![0i64; token_ids.len() * width];
        for (row, (tokens, &own)) in token_ids.iter().zip(pooled).enumerate() {
            let at = row * width;
            ids[at..at + tokens.len()].copy_from_slice(tokens);
            mask[at..at + tokens.len()].fill(1);
            types[at + own..at + tokens.len()].fill(1);
            pool[at..at + own].fill(1);
        }
        let shape = [token_ids.len() as i64, width as i64];
        let device = self.var_store.device();
        let tensor = |values: &[i64]| Tensor::from_slice(values).reshape(shape).to_device(device);
        TokenBatch { ids: tensor(&ids), mask: tensor(&mask), token_types: tensor(&types), pool_mask: tensor(&pool) }
    }

    /// Mean-pooled sentence vectors `[batch, hidden]` before normalisation; `train` enables
    /// dropout and keeps the autograd graph, for fine-tuning.
    pub fn pooled(&self, batch: &TokenBatch, train: bool) -> Result<Tensor, EncodeError> {
        let output = self
            .bert
            .forward_t(Some(&batch.ids), Some(&batch.mask), Some(&batch.token_types), None, None, None, None, train)
            .map_err(|e| EncodeError::Config(format!("BERT forward pass failed: {e}")))?;
        Ok(mean_pool(&output.hidden_state, &batch.pool_mask))
    }

    /// L2-normalised embeddings of one batch, flattened row after row.
    pub fn encode_batch(&self, token_ids: &[&[i64]]) -> Result<Vec<f32>, EncodeError> {
        self.encode_token_batch(&self.make_batch(token_ids))
    }

    /// L2-normalised vectors of a prepared batch (with or without context), flattened.
    pub fn encode_token_batch(&self, batch: &TokenBatch) -> Result<Vec<f32>, EncodeError> {
        let vectors = match &self.fused {
            Some(fused) => tch::no_grad(|| fused.pooled(batch)),
            None => tch::no_grad(|| self.pooled(batch, false))?,
        };
        let normalised = l2_normalise(&vectors).to_kind(Kind::Float).to_device(Device::Cpu);
        Ok(Vec::<f32>::try_from(normalised.flatten(0, -1))?)
    }

    /// One L2-normalised row per tokenised input, in input order, batched by length;
    /// `done(n)` is called as each batch of `n` finishes.
    pub fn encode_tokens(&self, inputs: &[PairTokens], done: &dyn Fn(usize)) -> Result<Array2<f32>, EncodeError> {
        let lengths: Vec<usize> = inputs.iter().map(|t| t.ids.len()).collect();
        let mut out = Array2::<f32>::zeros((inputs.len(), self.hidden_size));
        for batch in length_sorted_batches(&lengths, self.batch_size) {
            let rows: Vec<&[i64]> = batch.iter().map(|&i| inputs[i].ids.as_slice()).collect();
            let pooled: Vec<usize> = batch.iter().map(|&i| inputs[i].pooled).collect();
            scatter_rows(&mut out, &batch, &self.encode_token_batch(&self.make_pair_batch(&rows, &pooled))?);
            done(batch.len());
        }
        Ok(out)
    }
}

impl Encoder for MiniLmEncoder {
    fn dim(&self) -> usize {
        self.hidden_size
    }

    fn encode_observed(&self, texts: &[&str], done: &dyn Fn(usize)) -> Result<Array2<f32>, EncodeError> {
        let inputs: Vec<PairTokens> = self.tokenize(texts)?.into_iter().map(|ids| PairTokens { pooled: ids.len(), ids }).collect();
        self.encode_tokens(&inputs, done)
    }
}

/// Put a batch's flattened vectors back at their inputs' rows.
pub fn scatter_rows(out: &mut Array2<f32>, batch: &[usize], flat: &[f32]) {
    let dim = out.ncols();
    for (row, &input_index) in batch.iter().enumerate() {
        out.row_mut(input_index).assign(&ndarray::ArrayView1::from(&flat[row * dim..(row + 1) * dim]));
    }
}

/// Average of the token vectors that the mask marks as real (sentence-transformers' mean pooling).
pub fn mean_pool(hidden: &Tensor, mask: &Tensor) -> Tensor {
    let mask = mask.unsqueeze(-1).to_kind(hidden.kind());
    let summed = (hidden * &mask).sum_dim_intlist([1i64].as_slice(), false, hidden.kind());
    let counts = mask.sum_dim_intlist([1i64].as_slice(), false, hidden.kind()).clamp_min(1e-9);
    summed / counts
}

/// Rows scaled to unit length, as sentence-transformers' Normalize module does.
pub fn l2_normalise(vectors: &Tensor) -> Tensor {
    let norms = vectors.norm_scalaropt_dim(2, [1i64].as_slice(), true).clamp_min(1e-12);
    vectors / norms
}

/// The fused forward pass over the var store's own tensors (shared, so training updates show).
fn fused_view(var_store: &nn::VarStore, config: &BertConfig, files: &ModelFiles) -> Result<FusedBert, EncodeError> {
    // rust-bert fixes BERT's layer-norm epsilon at 1e-12 (config.json agrees); so does this.
    let eps = 1e-12;
    FusedBert::from_variables(&var_store.variables(), config.num_hidden_layers as usize, config.hidden_size, config.num_attention_heads, eps)
        .map_err(|reason| EncodeError::ModelCorrupt { path: files.weights.clone(), reason })
}

fn check_pretrained_weights(files: &ModelFiles) -> Result<(), EncodeError> {
    let actual = files.weights_sha256()?;
    if actual != PRETRAINED_WEIGHTS_SHA256 {
        return Err(EncodeError::ModelCorrupt {
            path: files.weights.clone(),
            reason: format!("sha256 {actual} does not match the pinned {PRETRAINED_WEIGHTS_SHA256}"),
        });
    }
    Ok(())
}

fn load_tokenizer(files: &ModelFiles) -> Result<Tokenizer, EncodeError> {
    let corrupt = |reason: String| EncodeError::ModelCorrupt { path: files.tokenizer.clone(), reason };
    let mut tokenizer = Tokenizer::from_file(&files.tokenizer).map_err(|e| corrupt(e.to_string()))?;
    // tokenizer.json pads and truncates at 128; sentence-transformers uses no padding and 256.
    tokenizer.with_padding(None);
    tokenizer
        .with_truncation(Some(TruncationParams { max_length: MAX_TOKENS, ..Default::default() }))
        .map_err(|e| corrupt(e.to_string()))?;
    Ok(tokenizer)
}

fn load_config(files: &ModelFiles) -> Result<BertConfig, EncodeError> {
    let text = std::fs::read_to_string(&files.config)
        .map_err(|e| EncodeError::ModelCorrupt { path: files.config.clone(), reason: e.to_string() })?;
    serde_json::from_str::<BertConfig>(&text)
        .map_err(|e| EncodeError::ModelCorrupt { path: files.config.clone(), reason: e.to_string() })
}
