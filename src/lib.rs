//! complaint-tagger: split council minutes into sentences, tag complaint themes, and measure
//! how right those tags are.
//!
//! The pipeline runs one way through plain types:
//! [`ingest`] (files -> [`ingest::Document`]) -> [`split`] (-> [`split::Sentence`]) ->
//! [`encode`] (sentences -> embeddings) -> [`classify`] (-> [`classify::Tagged`]) ->
//! [`export`] (files people open) or [`evaluate`] (scores against a gold set).

pub mod classify;
pub mod cli;
pub mod encode;
pub mod evaluate;
pub mod export;
pub mod html;
pub mod ingest;
pub mod pipeline;
pub mod progress;
pub mod records;
pub mod split;
pub mod themes;
pub mod train;

pub use themes::Theme;
