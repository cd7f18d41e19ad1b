//! Evaluate: score segmentations and tags against gold files.
pub mod tags;
pub mod bootstrap;
pub mod report_html;
pub mod split;
