//! Evaluate: score segmentations and tags against gold files.
pub mod tags;
