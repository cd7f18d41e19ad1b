//! Tag evaluation: numbers equal scikit-learn's (fixtures computed by
//! tests/fixtures/eval_tags/make_expected.py), bad inputs are named, bootstrap behaves, and the
//! CLI writes its files.

use complaint_tagger::evaluate::tags::{
    evaluate, f1_from_matrices, metrics_from_matrices, read_gold, read_predictions, ErrorKind, EvalError, LabelledSentence, Prediction, Prf, TagMetrics, Tally,
};
use complaint_tagger::split::Sentence;
use complaint_tagger::Theme;
use ndarray::Array2;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval_tags").join(name)
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap()
}

/// (gold, predictions) of each case in expected.json.
fn case(name: &str) -> (Vec<LabelledSentence>, Vec<Prediction>) {
    match name {
        "tricky" => (read_gold(&fixture("gold.jsonl")).unwrap(), read_predictions(&fixture("pred.jsonl")).unwrap()),
        "realistic" => (read_gold(&fixture("realistic_gold.jsonl")).unwrap(), read_predictions(&fixture("realistic_pred.jsonl")).unwrap()),
        "all_empty" => {
            let gold = read_gold(&fixture("realistic_gold.jsonl")).unwrap();
            let pred = gold.iter().map(|g| prediction(g, vec![])).collect();
            (gold, pred)
        }
        _ => unreachable!(),
    }
}

fn prediction(g: &LabelledSentence, labels: Vec<Theme>) -> Prediction {
    Prediction { doc: g.sentence.doc.clone(), i: g.sentence.i, text: g.sentence.text.clone(), labels, scores: BTreeMap::new() }
}

fn close(what: &str, got: f64, want: &Value) {
    let want = want.as_f64().unwrap_or_else(|| panic!("{what}: no number in expected.json"));
    assert!((got - want).abs() <= 1e-9, "{what}: got {got}, scikit-learn {want}");
}

fn close_prf(what: &str, got: Prf, want: &Value) {
    close(&format!("{what} precision"), got.precision, &want["precision"]);
    close(&format!("{what} recall"), got.recall, &want["recall"]);
    close(&format!("{what} f1"), got.f1, &want["f1"]);
}

fn assert_matches_sklearn(case: &str, m: &TagMetrics, want: &Value) {
    for t in &m.themes {
        let w = &want["themes"][t.theme.name()];
        close_prf(&format!("{case} {}", t.theme), t.scores, w);
        assert_eq!(t.support, w["support"].as_u64().unwrap(), "{case} {} support", t.theme);
    }
    close_prf(&format!("{case} micro"), m.micro, &want["micro"]);
    close_prf(&format!("{case} macro"), m.macro_, &want["macro"]);
    close_prf(&format!("{case} weighted"), m.weighted, &want["weighted"]);
    close_prf(&format!("{case} samples"), m.samples, &want["samples"]);
    close(&format!("{case} exact match"), m.exact_match, &want["exact_match"]);
    close(&format!("{case} hamming"), m.hamming_loss, &want["hamming_loss"]);
    assert_eq!(m.sentences, want["sentences"].as_u64().unwrap());
}

/// Gold and predicted label matrices in gold order.
fn matrices(gold: &[LabelledSentence], pred: &[Prediction]) -> (Array2<bool>, Array2<bool>) {
    let by_key: BTreeMap<(&str, usize), &Prediction> = pred.iter().map(|p| ((p.doc.as_str(), p.i), p)).collect();
    let mut g = Array2::from_elem((gold.len(), 11), false);
    let mut p = g.clone();
    for (r, s) in gold.iter().enumerate() {
        s.labels.iter().for_each(|t| g[[r, t.index()]] = true);
        by_key[&(s.sentence.doc.as_str(), s.sentence.i)].labels.iter().for_each(|t| p[[r, t.index()]] = true);
    }
    (g, p)
}

#[test]
fn every_number_matches_scikit_learn_through_files_and_matrices() {
    let expected = expected();
    for name in ["tricky", "realistic", "all_empty"] {
        let (gold, pred) = case(name);
        let report = evaluate(&gold, &pred, None).unwrap();
        assert_matches_sklearn(name, &report.metrics, &expected[name]);
        let (g, p) = matrices(&gold, &pred);
        assert_matches_sklearn(&format!("{name} (matrix)"), &metrics_from_matrices(g.view(), p.view()).unwrap(), &expected[name]);
        let (micro, macro_) = f1_from_matrices(&g, &p);
        close(&format!("{name} micro (pair)"), micro, &expected[name]["micro"]["f1"]);
        close(&format!("{name} macro (pair)"), macro_, &expected[name]["macro"]["f1"]);
    }
}

#[test]
fn tricky_fixture_really_has_the_tricky_cases() {
    let (gold, pred) = case("tricky");
    let m = evaluate(&gold, &pred, None).unwrap().metrics;
    let by = |t: Theme| &m.themes[t.index()];
    assert!(by(Theme::Discrimination).support == 0 && by(Theme::Discrimination).predicted == 0);
    assert!(by(Theme::Finance).support == 0 && by(Theme::Finance).predicted > 0);
    assert!(by(Theme::Sensitivity).support > 0 && by(Theme::Sensitivity).predicted == 0);
    assert!(gold.iter().zip(&pred).any(|(g, p)| g.labels.is_empty() && p.labels.is_empty()));
    assert!(pred.iter().any(|p| p.labels.is_empty() && gold.iter().any(|g| g.sentence.i == p.i && g.sentence.doc == p.doc && !g.labels.is_empty())));
}

#[test]
fn error_list_agrees_with_counts_and_ranks_confident_mistakes_first() {
    let (gold, pred) = case("realistic");
    let report = evaluate(&gold, &pred, None).unwrap();
    for t in &report.metrics.themes {
        let of = |k| report.errors.iter().filter(|e| e.theme == t.theme && e.kind == k).collect::<Vec<_>>();
        let (fp, fnn) = (of(ErrorKind::FalsePositive), of(ErrorKind::FalseNegative));
        assert_eq!((fp.len() as u64, fnn.len() as u64), (t.counts.fp, t.counts.fn_), "{}", t.theme);
        assert!(fp.windows(2).all(|w| w[0].score >= w[1].score), "{}: false positives by falling score", t.theme);
        assert!(fnn.windows(2).all(|w| w[0].score <= w[1].score), "{}: false negatives by rising score", t.theme);
    }
    let themes: Vec<Theme> = report.errors.iter().map(|e| e.theme).collect();
    assert!(themes.windows(2).all(|w| w[0] <= w[1]), "grouped by theme");
    assert!(report.errors.iter().all(|e| e.score.is_some()), "realistic predictions carry scores");
}

#[test]
fn restricting_to_documents_scores_only_those_and_needs_only_their_predictions() {
    let (gold, pred) = case("realistic");
    let docs: Vec<String> = gold.iter().map(|g| g.sentence.doc.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    let keep: HashSet<String> = docs.iter().step_by(3).cloned().collect();
    let pred_kept: Vec<Prediction> = pred.iter().filter(|p| keep.contains(&p.doc)).cloned().collect();
    let report = evaluate(&gold, &pred_kept, Some(&keep)).unwrap();
    let gold_kept: Vec<LabelledSentence> = gold.iter().filter(|g| keep.contains(&g.sentence.doc)).cloned().collect();
    let (g, p) = matrices(&gold_kept, &pred_kept);
    let direct = metrics_from_matrices(g.view(), p.view()).unwrap();
    assert_eq!(report.documents, keep.len());
    assert_eq!(report.metrics.sentences, gold_kept.len() as u64);
    assert!((report.metrics.micro.f1 - direct.micro.f1).abs() < 1e-12 && (report.metrics.samples.f1 - direct.samples.f1).abs() < 1e-12);
    // without the filter the dropped documents' sentences are missing
    assert!(matches!(evaluate(&gold, &pred_kept, None), Err(EvalError::Mismatch(_))));
    let typo: HashSet<String> = [docs[0].clone(), "no-such-doc".to_string()].into();
    let err = evaluate(&gold, &pred, Some(&typo)).unwrap_err().to_string();
    assert!(err.contains("no-such-doc") && !err.contains(&docs[0]), "{err}");
}

/// Write `lines` to a temp file and return its path (kept alive by the TempDir).
fn temp_file(dir: &tempfile::TempDir, name: &str, lines: &[&str]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn malformed_files_are_named_with_line_sentence_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let ok = r#"{"doc":"d","i":0,"start":0,"end":1,"text":"A","labels":[]}"#;
    let cases: [(&[&str], &str, &[&str]); 4] = [
        (&[ok, "{not json"], "g1.jsonl", &["g1.jsonl", "line 2", "malformed"]),
        (&[ok, r#"{"doc":"d","i":1,"start":0,"end":1,"text":"B","labels":["delays"]}"#], "g2.jsonl", &["g2.jsonl", "line 2", "\"d\"", "i 1", "\"delays\""]),
        (&[ok, "", ok], "g3.jsonl", &["g3.jsonl", "twice", "line 1", "line 3", "i 0"]),
        (&[r#"{"doc":"d","i":0,"text":"A","labels":[]}"#], "g4.jsonl", &["g4.jsonl", "line 1", "start"]),
    ];
    for (lines, name, needles) in cases {
        let err = read_gold(&temp_file(&dir, name, lines)).unwrap_err().to_string();
        needles.iter().for_each(|n| assert!(err.contains(n), "{name}: {n:?} not in {err:?}"));
    }
    let bad_score = temp_file(&dir, "p.jsonl", &[r#"{"doc":"d","i":4,"text":"A","labels":[],"scores":{"finanse":0.2}}"#]);
    let err = read_predictions(&bad_score).unwrap_err().to_string();
    for n in ["p.jsonl", "line 1", "i 4", "\"finanse\"", "scores"] {
        assert!(err.contains(n), "{n:?} not in {err:?}");
    }
    assert!(read_gold(&dir.path().join("absent.jsonl")).unwrap_err().to_string().contains("absent.jsonl"));
}

#[test]
fn sentences_that_do_not_line_up_are_all_listed() {
    let (gold, mut pred) = case("tricky");
    pred.retain(|p| !(p.doc == "beta" && p.i == 2));
    pred[0].text.push_str(" (edited)");
    let mut extra = pred[1].clone();
    extra.i = 99;
    pred.push(extra);
    let err = evaluate(&gold, &pred, None).unwrap_err().to_string();
    for n in ["1 gold sentence(s) have no prediction", "(doc \"beta\", i 2)", "1 prediction(s) have no gold sentence", "i 99", "different gold and predicted text", "(edited)"] {
        assert!(err.contains(n), "{n:?} not in {err}");
    }
    let mut dup = case("tricky").1;
    dup.push(dup[3].clone());
    let err = evaluate(&gold, &dup, None).unwrap_err().to_string();
    assert!(err.contains("predictions") && err.contains("record 4") && err.contains("record 13"), "{err}");
    // many text mismatches: the first ten are shown with the total
    let (gold, mut pred) = case("realistic");
    pred.iter_mut().for_each(|p| p.text.push('!'));
    let err = evaluate(&gold, &pred, None).unwrap_err().to_string();
    assert!(err.contains("300 sentence(s) have different") && err.matches("vs predicted").count() == 10, "{err}");
    assert!(matches!(evaluate(&[], &[], None), Err(EvalError::Empty(_))));
}

/// Random gold and predictions: `docs` documents of 10 sentences, labels drawn per theme, a
/// prediction flipping each decision with probability 0.15.
fn synthetic(docs: usize, seed: u64) -> (Vec<LabelledSentence>, Vec<Prediction>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut gold, mut pred) = (Vec::new(), Vec::new());
    for d in 0..docs {
        for i in 0..10 {
            let labels: Vec<Theme> = Theme::ALL.into_iter().filter(|_| rng.gen_bool(0.12)).collect();
            let g = LabelledSentence { sentence: Sentence { doc: format!("doc{d}"), i, start: 0, end: 1, text: "x".into() }, labels };
            let p = Theme::ALL.into_iter().filter(|t| g.labels.contains(t) != rng.gen_bool(0.15)).collect();
            pred.push(prediction(&g, p));
            gold.push(g);
        }
    }
    (gold, pred)
}

#[test]
fn bootstrap_intervals_cover_the_estimate_shrink_with_data_and_repeat_per_seed() {
    let (gold, pred) = case("realistic");
    let report = evaluate(&gold, &pred, None).unwrap().with_bootstrap(1000, 7).unwrap();
    let ci = report.ci.as_ref().unwrap();
    let m = &report.metrics;
    assert!(ci.micro.f1.contains(m.micro.f1) && ci.macro_.f1.contains(m.macro_.f1) && ci.samples.f1.contains(m.samples.f1));
    assert!(ci.micro.f1.width() > 0.0, "24 documents must give a non-degenerate interval");
    for (t, iv) in m.themes.iter().zip(&ci.themes) {
        assert_eq!(t.theme, iv.theme);
        for (what, x, i) in [("P", t.scores.precision, iv.ci.precision), ("R", t.scores.recall, iv.ci.recall), ("F1", t.scores.f1, iv.ci.f1)] {
            assert!(i.contains(x), "{} {what} {x} outside {i:?}", t.theme);
        }
    }
    let again = evaluate(&gold, &pred, None).unwrap().with_bootstrap(1000, 7).unwrap().ci.unwrap();
    assert_eq!(&again, ci, "same seed, same intervals");
    let other = evaluate(&gold, &pred, None).unwrap().with_bootstrap(1000, 8).unwrap().ci.unwrap();
    assert_ne!(other.micro, ci.micro, "another seed, other intervals");

    let width = |docs| {
        let (g, p) = synthetic(docs, 1);
        let ci = evaluate(&g, &p, None).unwrap().with_bootstrap(500, 3).unwrap().ci.unwrap();
        (ci.micro.f1.width(), ci.macro_.f1.width())
    };
    let (small, large) = (width(20), width(400));
    assert!(large.0 < small.0 * 0.5 && large.1 < small.1 * 0.5, "widths with 20 docs {small:?}, with 400 docs {large:?}");
    assert!(matches!(evaluate(&gold, &pred, None).unwrap().with_bootstrap(0, 1), Err(EvalError::NoResamples)));
}

fn random_rows(rows: usize) -> impl Strategy<Value = Vec<(Vec<bool>, Vec<bool>)>> {
    proptest::collection::vec((proptest::collection::vec(any::<bool>(), 11), proptest::collection::vec(any::<bool>(), 11)), 1..rows)
}

proptest! {
    /// Summing per-chunk tallies (what the bootstrap does) gives the metrics of all rows, and
    /// micro/macro/hamming agree with direct formulas.
    #[test]
    fn tallies_add_up_and_agree_with_direct_formulas(rows in random_rows(60), cut in 0usize..60) {
        let n = rows.len();
        let g = Array2::from_shape_fn((n, 11), |(r, c)| rows[r].0[c]);
        let p = Array2::from_shape_fn((n, 11), |(r, c)| rows[r].1[c]);
        let whole = metrics_from_matrices(g.view(), p.view()).unwrap();
        let cut = cut.min(n);
        let mut sum = Tally::from_matrices(g.slice(ndarray::s![..cut, ..]), p.slice(ndarray::s![..cut, ..])).unwrap();
        sum.add(&Tally::from_matrices(g.slice(ndarray::s![cut.., ..]), p.slice(ndarray::s![cut.., ..])).unwrap());
        let parts = sum.metrics();
        prop_assert!((parts.samples.f1 - whole.samples.f1).abs() < 1e-12);
        prop_assert_eq!(parts.micro, whole.micro);
        let (tp, pr, gs) = (g.iter().zip(&p).filter(|(a, b)| **a && **b).count(), p.iter().filter(|b| **b).count(), g.iter().filter(|b| **b).count());
        let micro_f1 = if pr + gs == 0 { 0.0 } else { 2.0 * tp as f64 / (pr + gs) as f64 };
        prop_assert!((whole.micro.f1 - micro_f1).abs() < 1e-12);
        let wrong = g.iter().zip(&p).filter(|(a, b)| a != b).count();
        prop_assert!((whole.hamming_loss - wrong as f64 / (n * 11) as f64).abs() < 1e-12);
        let macro_f1 = whole.themes.iter().map(|t| t.scores.f1).sum::<f64>() / 11.0;
        prop_assert!((whole.macro_.f1 - macro_f1).abs() < 1e-12);
    }
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_complaint-tagger")).args(["eval", "tags"]).args(args).output().unwrap()
}

#[test]
fn cli_writes_table_json_errors_and_a_self_contained_html_page() {
    let dir = tempfile::tempdir().unwrap();
    let (gold, pred) = (fixture("gold.jsonl"), fixture("pred.jsonl"));
    let (errors, html) = (dir.path().join("errors.jsonl"), dir.path().join("report.html"));
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let out = cli(&["--gold", &s(&gold), "--pred", &s(&pred), "--errors", &s(&errors), "--html", &s(&html), "--bootstrap", "200"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("micro avg") && table.contains("discrimination") && table.contains("F1 [95% CI]"), "{table}");

    let report = evaluate(&read_gold(&gold).unwrap(), &read_predictions(&pred).unwrap(), None).unwrap();
    let lines: Vec<Value> = std::fs::read_to_string(&errors).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), report.errors.len());
    assert!(lines.iter().all(|l| l["theme"].is_string() && l["kind"].is_string() && l["doc"].is_string() && l["text"].is_string()));

    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<svg") && page.contains("</html>"));
    assert!(page.contains("&lt;script&gt;alert(") && !page.contains("<script"), "sentence text must be escaped");
    assert!(!page.contains("http://") && !page.contains("https://"));
    assert!(page.contains("<details>") && page.contains("finance"));

    let out = cli(&["--gold", &s(&gold), "--pred", &s(&pred), "--json", "--bootstrap", "50", "--seed", "5"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!((v["metrics"]["micro"]["f1"].as_f64().unwrap() - expected()["tricky"]["micro"]["f1"].as_f64().unwrap()).abs() < 1e-9);
    assert_eq!(v["ci"]["seed"], 5);
    assert_eq!(v["metrics"]["themes"].as_array().unwrap().len(), 11);
}

#[test]
fn cli_filters_by_split_and_reports_bad_inputs_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let splits = temp_file(&dir, "splits.tsv", &["doc\tsplit", "alpha\ttrain", "beta\ttest", "gamma\ttest"]);
    let (gold, pred) = (s(&fixture("gold.jsonl")), s(&fixture("pred.jsonl")));
    let out = cli(&["--gold", &gold, "--pred", &pred, "--splits", &s(&splits), "--split", "test", "--json", "--bootstrap", "0"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["documents"].as_u64(), v["metrics"]["sentences"].as_u64()), (Some(2), Some(8)));
    assert!(v["ci"].is_null());

    let out = cli(&["--gold", &gold, "--pred", &pred, "--splits", &s(&splits), "--split", "dev"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("splits.tsv") && err.contains("\"dev\"") && err.contains("test, train"), "{err}");

    let out = cli(&["--gold", &gold, "--pred", &s(&dir.path().join("nope.jsonl"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.jsonl"));

    let short_pred = temp_file(&dir, "short.jsonl", &[r#"{"doc":"alpha","i":0,"text":"Agenda Item 6","labels":[]}"#]);
    let out = cli(&["--gold", &gold, "--pred", &s(&short_pred)]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("11 gold sentence(s) have no prediction") && err.contains("short.jsonl") && err.contains("gold.jsonl"), "{err}");
}
