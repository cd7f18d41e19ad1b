//! The splitter against the project's gold segmentation (`eval/gold.jsonl` over
//! `corpus/<doc>.txt`): sentence F1 >= 0.98, boundary F1 >= 0.99, and the segmentation
//! contract on every document.

use complaint_tagger::evaluate::split::{evaluate, read_sentences};
use complaint_tagger::split::{check_segmentation, RuleSplitter, Splitter};
use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn dev_corpus_f1_and_invariant() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let gold = read_sentences(&root.join("eval/gold.jsonl")).expect("eval/gold.jsonl");
    let docs: BTreeSet<&str> = gold.iter().map(|s| s.doc.as_str()).collect();
    assert!(docs.len() >= 100, "expected the dev corpus, found {} documents", docs.len());
    let mut predicted = Vec::new();
    for doc in &docs {
        let path = root.join("corpus").join(format!("{doc}.txt"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let sentences = RuleSplitter.split(doc, &text);
        if let Err(err) = check_segmentation(&text, &sentences) {
            panic!("{doc}: {err}");
        }
        predicted.extend(sentences);
    }
    let report = evaluate(&gold, &predicted);
    eprintln!(
        "dev corpus: sentence F1 {:.4} (P {:.4} R {:.4}), boundary F1 {:.4} (P {:.4} R {:.4})",
        report.sentences.f1, report.sentences.precision, report.sentences.recall,
        report.boundaries.f1, report.boundaries.precision, report.boundaries.recall
    );
    assert!(report.sentences.f1 >= 0.98, "sentence F1 {:.4} < 0.98", report.sentences.f1);
    assert!(report.boundaries.f1 >= 0.99, "boundary F1 {:.4} < 0.99", report.boundaries.f1);
}
