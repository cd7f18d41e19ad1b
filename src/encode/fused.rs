//! Inference-only BERT forward pass on torch's fused encoder-layer kernel.
//!
//! rust-bert's BERT runs attention, GELU and layer norms as separate ops on padded batches.
//! torch ships the whole post-norm encoder layer as one native op
//! (`_transformer_encoder_layer_fwd`, the kernel behind PyTorch's "fast path"), which also
//! is what PyTorch's own fast path runs. Padding is masked per key (batches are sorted by
//! length, so there is little of it; tch passes an absent mask as an undefined tensor, which
//! torch rejects for nested, unpadded input, so that route is closed from Rust for now).
//! Training still uses rust-bert's module, which keeps autograd; this path reads the same
//! weights and gives the same numbers (`tests/encode_parity.rs`).

use std::collections::HashMap;
use super::bert::TokenBatch;
use tch::{Kind, Tensor};

/// One encoder layer's weights, sharing storage with the var store so that fine-tuning
/// steps are seen at once (Q, K and V are stacked per call, a copy far cheaper than a layer).
struct FusedLayer {
    query_key_value_weights: [Tensor; 3],
    query_key_value_biases: [Tensor; 3],
    proj_weight: Tensor,
    proj_bias: Tensor,
    norm1_weight: Tensor,
    norm1_bias: Tensor,
    ffn1_weight: Tensor,
    ffn1_bias: Tensor,
    ffn2_weight: Tensor,
    ffn2_bias: Tensor,
    norm2_weight: Tensor,
    norm2_bias: Tensor,
}

/// The embedding tables and layers of a BERT encoder, ready for the fused forward pass.
pub struct FusedBert {
    word_embeddings: Tensor,
    position_embeddings: Tensor,
    token_type_embeddings: Tensor,
    embeddings_norm_weight: Tensor,
    embeddings_norm_bias: Tensor,
    layers: Vec<FusedLayer>,
    hidden_size: i64,
    num_heads: i64,
    eps: f64,
}

impl FusedBert {
    /// Copy the weights out of a loaded BERT var store (names as in the HF checkpoint).
    pub fn from_variables(
        variables: &HashMap<String, Tensor>,
        layer_count: usize,
        hidden_size: i64,
        num_heads: i64,
        eps: f64,
    ) -> Result<Self, String> {
        let get = |name: &str| -> Result<Tensor, String> {
            variables
                .get(name)
                .map(Tensor::detach)
                .ok_or_else(|| format!("weight {name} is missing from the encoder"))
        };
        let layer = |i: usize| -> Result<FusedLayer, String> {
            let p = format!("encoder.layer.{i}");
            let attention = |part: &str, what: &str| get(&format!("{p}.attention.self.{part}.{what}"));
            Ok(FusedLayer {
                query_key_value_weights: [attention("query", "weight")?, attention("key", "weight")?, attention("value", "weight")?],
                query_key_value_biases: [attention("query", "bias")?, attention("key", "bias")?, attention("value", "bias")?],
                proj_weight: get(&format!("{p}.attention.output.dense.weight"))?,
                proj_bias: get(&format!("{p}.attention.output.dense.bias"))?,
                norm1_weight: get(&format!("{p}.attention.output.LayerNorm.weight"))?,
                norm1_bias: get(&format!("{p}.attention.output.LayerNorm.bias"))?,
                ffn1_weight: get(&format!("{p}.intermediate.dense.weight"))?,
                ffn1_bias: get(&format!("{p}.intermediate.dense.bias"))?,
                ffn2_weight: get(&format!("{p}.output.dense.weight"))?,
                ffn2_bias: get(&format!("{p}.output.dense.bias"))?,
                norm2_weight: get(&format!("{p}.output.LayerNorm.weight"))?,
                norm2_bias: get(&format!("{p}.output.LayerNorm.bias"))?,
            })
        };
        Ok(FusedBert {
            word_embeddings: get("embeddings.word_embeddings.weight")?,
            position_embeddings: get("embeddings.position_embeddings.weight")?,
            token_type_embeddings: get("embeddings.token_type_embeddings.weight")?,
            embeddings_norm_weight: get("embeddings.LayerNorm.weight")?,
            embeddings_norm_bias: get("embeddings.LayerNorm.bias")?,
            layers: (0..layer_count).map(layer).collect::<Result<_, _>>()?,
            hidden_size,
            num_heads,
            eps,
        })
    }

    /// Mean-pooled vectors `[batch, hidden]` of a padded batch, averaged over its pool mask.
    pub fn pooled(&self, batch: &TokenBatch) -> Tensor {
        let padding = batch.mask.eq(0);
        let mut hidden = self.embed(&batch.ids, &batch.token_types);
        for layer in &self.layers {
            hidden = self.layer_forward(layer, &hidden, &padding);
        }
        super::bert::mean_pool(&hidden, &batch.pool_mask)
    }

    fn embed(&self, ids: &Tensor, token_types: &Tensor) -> Tensor {
        let positions = Tensor::arange(ids.size()[1], (Kind::Int64, ids.device())).unsqueeze(0);
        let words = Tensor::embedding(&self.word_embeddings, ids, -1, false, false);
        let places = Tensor::embedding(&self.position_embeddings, &positions, -1, false, false);
        let segments = Tensor::embedding(&self.token_type_embeddings, token_types, -1, false, false);
        let sum = words + places + segments;
        sum.layer_norm([self.hidden_size].as_slice(), Some(&self.embeddings_norm_weight), Some(&self.embeddings_norm_bias), self.eps, false)
    }

    fn layer_forward(&self, layer: &FusedLayer, hidden: &Tensor, padding: &Tensor) -> Tensor {
        Tensor::internal_transformer_encoder_layer_fwd(
            hidden,
            self.hidden_size,
            self.num_heads,
            &Tensor::cat(&layer.query_key_value_weights, 0),
            &Tensor::cat(&layer.query_key_value_biases, 0),
            &layer.proj_weight,
            &layer.proj_bias,
            true,
            false,
            self.eps,
            &layer.norm1_weight,
            &layer.norm1_bias,
            &layer.norm2_weight,
            &layer.norm2_bias,
            &layer.ffn1_weight,
            &layer.ffn1_bias,
            &layer.ffn2_weight,
            &layer.ffn2_bias,
            Some(padding),
            1,
        )
    }
}
