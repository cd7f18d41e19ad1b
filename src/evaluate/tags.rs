//! Tag evaluation: compare predicted themes with gold themes sentence by sentence and compute
//! the multi-label metrics scikit-learn computes (`precision_recall_fscore_support` with
//! `zero_division=0`, `accuracy_score`, `hamming_loss`), identical to 1e-9.
//!
//! Everything is built on [`Tally`], a sum of confusion counts that can be added up over
//! sentences or documents: the point estimate is the tally of all sentences, a bootstrap
//! replicate is the sum of resampled document tallies, and both go through [`Tally::metrics`].

use crate::classify::Tagged;
use crate::evaluate::bootstrap::{bootstrap_ci, BootstrapCi};
use crate::split::Sentence;
use crate::themes::Theme;
use ndarray::{Array2, ArrayView1, ArrayView2};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Number of themes, the column count of label matrices.
pub const N_THEMES: usize = Theme::ALL.len();

/// How many examples an error message lists before giving only the count.
const SHOWN: usize = 10;

/// A gold sentence: the sentence with its offsets plus the themes annotators gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelledSentence {
    /// The sentence, with its document id, position and offsets.
    #[serde(flatten)]
    pub sentence: Sentence,
    /// The gold themes (may be empty).
    pub labels: Vec<Theme>,
}

/// One predicted sentence, the part of a classifier's output that evaluation needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// Document id, matched with the gold sentence's.
    pub doc: String,
    /// Position of the sentence in its document, matched with the gold sentence's.
    pub i: usize,
    /// Sentence text, checked against the gold text to catch misaligned files.
    pub text: String,
    /// Predicted themes (may be empty).
    pub labels: Vec<Theme>,
    /// Probability per theme when the classifier gave one; used to rank errors.
    #[serde(default)]
    pub scores: BTreeMap<Theme, f32>,
}

impl From<Tagged> for Prediction {
    fn from(t: Tagged) -> Self {
        Prediction { doc: t.sentence.doc, i: t.sentence.i, text: t.sentence.text, labels: t.labels, scores: t.scores }
    }
}

/// Everything that can make an evaluation impossible; each names the file or side, the
/// sentence and the offending value so the user can fix the input.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// A line is not the JSON object the format requires.
    #[error("{path} line {line}: malformed JSON record: {message}")]
    Json { path: PathBuf, line: usize, message: String },
    /// A label or score key is not one of the eleven themes.
    #[error("{path} line {line} (doc {doc:?}, i {i}): unknown theme {value:?} in {field} (expected one of: {list})",
        list = Theme::ALL.map(|t| t.name()).join(", "))]
    UnknownTheme { path: PathBuf, line: usize, doc: String, i: usize, field: &'static str, value: String },
    /// The same (doc, i) occurs twice in one input.
    #[error("{source_name}: (doc {doc:?}, i {i}) occurs twice, at {unit} {first} and {unit} {again}")]
    Duplicate { source_name: String, unit: &'static str, doc: String, i: usize, first: usize, again: usize },
    /// Gold and predictions do not describe the same sentences.
    #[error("gold and predictions do not match:{0}")]
    Mismatch(Mismatch),
    /// Documents asked for that have no gold sentence (a typo in a doc list or split file?).
    #[error("{count} document(s) asked for have no gold sentences: {shown}", count = .0.len(), shown = list_some(.0))]
    UnknownDocs(Vec<String>),
    /// Label matrices of different shapes or not one column per theme.
    #[error("label matrices must both be n x {N_THEMES}: gold is {gold:?}, predicted is {pred:?}")]
    Shape { gold: (usize, usize), pred: (usize, usize) },
    /// No sentence is left to evaluate (empty gold file or a filter that matched nothing).
    #[error("nothing to evaluate: no gold sentences{0}")]
    Empty(String),
    /// A bootstrap was asked for with zero resamples.
    #[error("the bootstrap needs at least one resample")]
    NoResamples,
}

/// The ways gold and predictions disagree about which sentences exist, all found in one pass
/// so the user sees every problem at once.
#[derive(Debug, Default)]
pub struct Mismatch {
    /// Gold sentences with no prediction.
    pub missing: Vec<(String, usize)>,
    /// Predictions with no gold sentence.
    pub extra: Vec<(String, usize)>,
    /// Sentences whose gold and predicted texts differ: (doc, i, gold text, predicted text).
    pub text_differs: Vec<(String, usize, String, String)>,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys = |v: &[(String, usize)]| list_some(&v.iter().map(|(d, i)| format!("(doc {d:?}, i {i})")).collect::<Vec<_>>());
        if !self.missing.is_empty() {
            write!(f, "\n  {} gold sentence(s) have no prediction: {}", self.missing.len(), keys(&self.missing))?;
        }
        if !self.extra.is_empty() {
            write!(f, "\n  {} prediction(s) have no gold sentence: {}", self.extra.len(), keys(&self.extra))?;
        }
        if !self.text_differs.is_empty() {
            write!(f, "\n  {} sentence(s) have different gold and predicted text:", self.text_differs.len())?;
            for (doc, i, g, p) in self.text_differs.iter().take(SHOWN) {
                write!(f, "\n    (doc {doc:?}, i {i}): gold {g:?} vs predicted {p:?}")?;
            }
        }
        Ok(())
    }
}

/// First [`SHOWN`] items joined, with "and N more" so long lists stay readable.
fn list_some(items: &[String]) -> String {
    let mut s = items.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > SHOWN {
        let _ = write!(s, ", and {} more", items.len() - SHOWN);
    }
    s
}

/// Precision, recall and F1 of one theme, one average or one sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    /// tp / (tp + fp), 0 when nothing was predicted.
    pub precision: f64,
    /// tp / (tp + fn), 0 when there is nothing to find.
    pub recall: f64,
    /// 2tp / (2tp + fp + fn), 0 when both are empty.
    pub f1: f64,
}

impl Prf {
    fn plus(self, o: Prf) -> Prf {
        Prf { precision: self.precision + o.precision, recall: self.recall + o.recall, f1: self.f1 + o.f1 }
    }
    fn times(self, w: f64) -> Prf {
        Prf { precision: self.precision * w, recall: self.recall * w, f1: self.f1 * w }
    }
    fn over(self, w: f64) -> Prf {
        Prf { precision: self.precision / w, recall: self.recall / w, f1: self.f1 / w }
    }
}

/// Weighted mean of scores, all zero when the weights sum to zero (scikit-learn's
/// `zero_division=0` for a weighted average with no support).
fn weighted_mean(items: impl IntoIterator<Item = (Prf, f64)>) -> Prf {
    let (sum, total) = items.into_iter().fold((Prf::default(), 0.0), |(s, t), (p, w)| (s.plus(p.times(w)), t + w));
    if total == 0.0 { Prf::default() } else { sum.over(total) }
}

/// `num / den`, 0 when `den` is 0, as scikit-learn does with `zero_division=0`.
fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 { 0.0 } else { num as f64 / den as f64 }
}

/// Confusion counts of one theme (or of one sentence across themes); additive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Predicted and in gold.
    pub tp: u64,
    /// Predicted, not in gold.
    pub fp: u64,
    /// In gold, not predicted.
    #[serde(rename = "fn")]
    pub fn_: u64,
}

impl Counts {
    /// The single P/R/F1 formula every average uses (scikit-learn's, F1 from counts).
    pub fn prf(&self) -> Prf {
        Prf {
            precision: ratio(self.tp, self.tp + self.fp),
            recall: ratio(self.tp, self.tp + self.fn_),
            f1: ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_),
        }
    }
    /// Gold occurrences (scikit-learn's support).
    pub fn support(&self) -> u64 {
        self.tp + self.fn_
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    fn of(gold: bool, pred: bool) -> Counts {
        Counts { tp: (gold && pred) as u64, fp: (!gold && pred) as u64, fn_: (gold && !pred) as u64 }
    }
}

/// Sums over a set of sentences from which every metric follows; adding two tallies gives the
/// tally of the union, which is what makes per-document bootstrap cheap.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Confusion counts per theme, in [`Theme::ALL`] order.
    pub themes: [Counts; N_THEMES],
    /// Number of sentences.
    pub sentences: u64,
    /// Sentences whose predicted set equals the gold set.
    pub exact: u64,
    /// Sum over sentences of each sentence's own P/R/F1 (for the samples average).
    pub sample_sum: Prf,
}

impl Tally {
    /// Count one sentence given its gold and predicted label rows (one bool per theme).
    pub fn add_row(&mut self, gold: ArrayView1<bool>, pred: ArrayView1<bool>) {
        let mut row = Counts::default();
        for ((c, &g), &p) in self.themes.iter_mut().zip(gold).zip(pred) {
            let one = Counts::of(g, p);
            c.add(one);
            row.add(one);
        }
        self.sentences += 1;
        self.exact += (row.fp + row.fn_ == 0) as u64;
        self.sample_sum = self.sample_sum.plus(row.prf());
    }

    /// Add another tally (e.g. another document) into this one.
    pub fn add(&mut self, o: &Tally) {
        self.themes.iter_mut().zip(&o.themes).for_each(|(a, b)| a.add(*b));
        self.sentences += o.sentences;
        self.exact += o.exact;
        self.sample_sum = self.sample_sum.plus(o.sample_sum);
    }

    /// Tally of every row of two n x 11 label matrices.
    pub fn from_matrices(gold: ArrayView2<bool>, pred: ArrayView2<bool>) -> Result<Tally, EvalError> {
        if gold.dim() != pred.dim() || gold.ncols() != N_THEMES {
            return Err(EvalError::Shape { gold: gold.dim(), pred: pred.dim() });
        }
        let mut t = Tally::default();
        gold.outer_iter().zip(pred.outer_iter()).for_each(|(g, p)| t.add_row(g, p));
        Ok(t)
    }

    /// All metrics of these sentences; ratios over zero sentences are 0.
    pub fn metrics(&self) -> TagMetrics {
        let themes: Vec<ThemeScore> = Theme::ALL
            .iter()
            .zip(&self.themes)
            .map(|(&theme, c)| ThemeScore { theme, scores: c.prf(), support: c.support(), predicted: c.tp + c.fp, counts: *c })
            .collect();
        let mut all = Counts::default();
        self.themes.iter().for_each(|c| all.add(*c));
        let n = self.sentences;
        TagMetrics {
            micro: all.prf(),
            macro_: weighted_mean(themes.iter().map(|t| (t.scores, 1.0))),
            weighted: weighted_mean(themes.iter().map(|t| (t.scores, t.support as f64))),
            samples: if n == 0 { Prf::default() } else { self.sample_sum.over(n as f64) },
            exact_match: ratio(self.exact, n),
            hamming_loss: ratio(all.fp + all.fn_, n * N_THEMES as u64),
            sentences: n,
            support: all.support(),
            predicted: all.tp + all.fp,
            themes,
        }
    }
}

/// Scores of one theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeScore {
    /// The theme.
    pub theme: Theme,
    /// Its precision, recall and F1.
    #[serde(flatten)]
    pub scores: Prf,
    /// Gold sentences with this theme.
    pub support: u64,
    /// Sentences predicted with this theme.
    pub predicted: u64,
    /// The confusion counts behind the scores.
    #[serde(flatten)]
    pub counts: Counts,
}

/// Every metric of one evaluation: per theme, the four scikit-learn averages, subset accuracy
/// and Hamming loss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagMetrics {
    /// One entry per theme in [`Theme::ALL`] order, including themes with no support.
    pub themes: Vec<ThemeScore>,
    /// Scores of the pooled counts of all themes.
    pub micro: Prf,
    /// Unweighted mean over the eleven themes.
    #[serde(rename = "macro")]
    pub macro_: Prf,
    /// Mean over themes weighted by support.
    pub weighted: Prf,
    /// Mean over sentences of each sentence's scores (a sentence with no gold and no
    /// predicted labels scores 0, as in scikit-learn with `zero_division=0`).
    pub samples: Prf,
    /// Share of sentences whose predicted set equals the gold set (subset accuracy).
    pub exact_match: f64,
    /// Share of (sentence, theme) cells predicted wrongly.
    pub hamming_loss: f64,
    /// Number of sentences evaluated.
    pub sentences: u64,
    /// Gold labels in total.
    pub support: u64,
    /// Predicted labels in total.
    pub predicted: u64,
}

/// Metrics straight from n x 11 gold and predicted label matrices: the fast path for
/// cross-validation and threshold tuning.
pub fn metrics_from_matrices(gold: ArrayView2<bool>, pred: ArrayView2<bool>) -> Result<TagMetrics, EvalError> {
    Ok(Tally::from_matrices(gold, pred)?.metrics())
}

/// (micro F1, macro F1) of two label matrices built by the caller: the two numbers
/// cross-validation ranks models by. Panics on matrices not both n x 11, a programming error.
pub fn f1_from_matrices(gold: &Array2<bool>, pred: &Array2<bool>) -> (f64, f64) {
    let m = metrics_from_matrices(gold.view(), pred.view()).unwrap_or_else(|e| panic!("{e}"));
    (m.micro.f1, m.macro_.f1)
}

/// Whether a mistake added a theme that is not in gold or left out one that is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Predicted, not in gold.
    FalsePositive,
    /// In gold, not predicted.
    FalseNegative,
}

/// One wrong decision, for people to read when deciding what to fix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorCase {
    /// The theme decided wrongly.
    pub theme: Theme,
    /// False positive or false negative.
    pub kind: ErrorKind,
    /// Document id.
    pub doc: String,
    /// Sentence position in the document.
    pub i: usize,
    /// Sentence text.
    pub text: String,
    /// The classifier's probability for the theme, if it gave scores.
    pub score: Option<f32>,
}

impl ErrorCase {
    /// Order: theme, false positives before false negatives, then the most confident mistake
    /// first (highest score for a false positive, lowest for a false negative), unscored last.
    fn order(&self, o: &Self) -> Ordering {
        let conf = |e: &Self| e.score.map(|s| if e.kind == ErrorKind::FalsePositive { -s } else { s });
        let by_score = match (conf(self), conf(o)) {
            (Some(a), Some(b)) => a.total_cmp(&b),
            (a, b) => a.is_none().cmp(&b.is_none()),
        };
        (self.theme, self.kind).cmp(&(o.theme, o.kind)).then(by_score).then_with(|| (&self.doc, self.i).cmp(&(&o.doc, o.i)))
    }
}

/// Result of [`evaluate`]: metrics, optional bootstrap intervals and the mistakes.
#[derive(Debug, Clone, Serialize)]
pub struct TagReport {
    /// The point estimates.
    pub metrics: TagMetrics,
    /// Number of documents evaluated.
    pub documents: usize,
    /// 95% bootstrap intervals, once [`TagReport::with_bootstrap`] has run.
    pub ci: Option<BootstrapCi>,
    /// Per-document tallies, the input of the bootstrap.
    #[serde(skip)]
    pub doc_tallies: Vec<Tally>,
    /// Every false positive and false negative, sorted (see `--errors`).
    #[serde(skip)]
    pub errors: Vec<ErrorCase>,
}

impl TagReport {
    /// Add bootstrap intervals (resampling documents `resamples` times from `seed`).
    pub fn with_bootstrap(mut self, resamples: usize, seed: u64) -> Result<TagReport, EvalError> {
        self.ci = Some(bootstrap_ci(&self.doc_tallies, resamples, seed)?);
        Ok(self)
    }
}

type Key<'a> = (&'a str, usize);

/// Error for the first (doc, i) that occurs twice; `at(k)` is where record `k` came from.
fn ensure_unique<'a>(
    keys: impl Iterator<Item = Key<'a>>,
    source_name: &str,
    unit: &'static str,
    at: impl Fn(usize) -> usize,
) -> Result<HashMap<Key<'a>, usize>, EvalError> {
    let mut seen = HashMap::new();
    for (k, key) in keys.enumerate() {
        if let Some(&first) = seen.get(&key) {
            let (doc, i) = key;
            let (first, again) = (at(first), at(k));
            return Err(EvalError::Duplicate { source_name: source_name.into(), unit, doc: doc.into(), i, first, again });
        }
        seen.insert(key, k);
    }
    Ok(seen)
}

/// Theme flags of a label list, one per theme in [`Theme::ALL`] order.
fn row(labels: &[Theme]) -> [bool; N_THEMES] {
    let mut r = [false; N_THEMES];
    labels.iter().for_each(|t| r[t.index()] = true);
    r
}

/// Compare predictions with gold, keeping only documents in `docs` when given (then only
/// those documents' gold sentences need predictions, and other predictions are ignored).
pub fn evaluate(gold: &[LabelledSentence], pred: &[Prediction], docs: Option<&HashSet<String>>) -> Result<TagReport, EvalError> {
    let wanted = |doc: &str| docs.is_none_or(|d| d.contains(doc));
    ensure_unique(gold.iter().map(|g| (g.sentence.doc.as_str(), g.sentence.i)), "gold", "record", |k| k + 1)?;
    let pred_at = ensure_unique(pred.iter().map(|p| (p.doc.as_str(), p.i)), "predictions", "record", |k| k + 1)?;
    let gold: Vec<&LabelledSentence> = gold.iter().filter(|g| wanted(&g.sentence.doc)).collect();
    check_docs(docs, &gold)?;
    let pairs = pair_up(&gold, pred, &pred_at, &wanted)?;

    let mut doc_index: HashMap<&str, usize> = HashMap::new();
    let mut doc_tallies: Vec<Tally> = Vec::new();
    let mut errors = Vec::new();
    for (g, p) in &pairs {
        let (gr, pr) = (row(&g.labels), row(&p.labels));
        let d = *doc_index.entry(&g.sentence.doc).or_insert_with(|| {
            doc_tallies.push(Tally::default());
            doc_tallies.len() - 1
        });
        doc_tallies[d].add_row(ArrayView1::from(&gr), ArrayView1::from(&pr));
        errors.extend(mistakes(g, p, &gr, &pr));
    }
    errors.sort_by(ErrorCase::order);
    let mut all = Tally::default();
    doc_tallies.iter().for_each(|t| all.add(t));
    Ok(TagReport { metrics: all.metrics(), documents: doc_tallies.len(), ci: None, doc_tallies, errors })
}

/// Every document asked for must have gold sentences, and something must be left.
fn check_docs(docs: Option<&HashSet<String>>, gold: &[&LabelledSentence]) -> Result<(), EvalError> {
    if let Some(docs) = docs {
        let present: HashSet<&str> = gold.iter().map(|g| g.sentence.doc.as_str()).collect();
        let mut absent: Vec<String> = docs.iter().filter(|d| !present.contains(d.as_str())).cloned().collect();
        if !absent.is_empty() {
            absent.sort();
            return Err(EvalError::UnknownDocs(absent));
        }
    }
    if gold.is_empty() {
        let why = if docs.is_some() { " in the documents asked for" } else { "" };
        return Err(EvalError::Empty(why.into()));
    }
    Ok(())
}

/// Match each kept gold sentence with its prediction, collecting every mismatch.
fn pair_up<'a>(
    gold: &[&'a LabelledSentence],
    pred: &'a [Prediction],
    pred_at: &HashMap<Key<'_>, usize>,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Vec<(&'a LabelledSentence, &'a Prediction)>, EvalError> {
    let mut m = Mismatch::default();
    let mut pairs = Vec::with_capacity(gold.len());
    for g in gold {
        let s = &g.sentence;
        match pred_at.get(&(s.doc.as_str(), s.i)).map(|&k| &pred[k]) {
            None => m.missing.push((s.doc.clone(), s.i)),
            Some(p) if p.text != s.text => m.text_differs.push((s.doc.clone(), s.i, s.text.clone(), p.text.clone())),
            Some(p) => pairs.push((*g, p)),
        }
    }
    let gold_keys: HashSet<Key> = gold.iter().map(|g| (g.sentence.doc.as_str(), g.sentence.i)).collect();
    m.extra = pred.iter().filter(|p| wanted(&p.doc) && !gold_keys.contains(&(p.doc.as_str(), p.i))).map(|p| (p.doc.clone(), p.i)).collect();
    if m.missing.is_empty() && m.extra.is_empty() && m.text_differs.is_empty() {
        Ok(pairs)
    } else {
        Err(EvalError::Mismatch(m))
    }
}

/// The false positives and false negatives of one sentence.
fn mistakes<'a>(g: &'a LabelledSentence, p: &'a Prediction, gr: &'a [bool], pr: &'a [bool]) -> impl Iterator<Item = ErrorCase> + 'a {
    Theme::ALL.into_iter().filter(|t| gr[t.index()] != pr[t.index()]).map(move |theme| ErrorCase {
        theme,
        kind: if pr[theme.index()] { ErrorKind::FalsePositive } else { ErrorKind::FalseNegative },
        doc: g.sentence.doc.clone(),
        i: g.sentence.i,
        text: g.sentence.text.clone(),
        score: p.scores.get(&theme).copied(),
    })
}

/// Gold line as written: labels stay strings so an unknown theme can be reported with its line.
#[derive(Deserialize)]
struct RawGold {
    doc: String,
    i: usize,
    start: usize,
    end: usize,
    text: String,
    labels: Vec<String>,
}

/// Prediction line as written; fields other than these are ignored.
#[derive(Deserialize)]
struct RawPred {
    doc: String,
    i: usize,
    text: String,
    labels: Vec<String>,
    #[serde(default)]
    scores: Option<BTreeMap<String, f32>>,
}

/// Where a record came from, for error messages.
struct At<'a> {
    path: &'a Path,
    line: usize,
    doc: &'a str,
    i: usize,
}

impl At<'_> {
    fn theme(&self, field: &'static str, name: &str) -> Result<Theme, EvalError> {
        name.parse().map_err(|_| EvalError::UnknownTheme {
            path: self.path.into(),
            line: self.line,
            doc: self.doc.into(),
            i: self.i,
            field,
            value: name.into(),
        })
    }
    fn themes(&self, names: &[String]) -> Result<Vec<Theme>, EvalError> {
        let mut v = names.iter().map(|n| self.theme("labels", n)).collect::<Result<Vec<_>, _>>()?;
        v.sort();
        v.dedup();
        Ok(v)
    }
}

/// Non-blank lines of a JSON-lines file parsed as `T`, with their 1-based line numbers;
/// duplicate (doc, i) keys are rejected here, where line numbers are known.
fn read_jsonl<T: DeserializeOwned>(path: &Path, key: impl Fn(&T) -> Key) -> Result<Vec<(usize, T)>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io { path: path.into(), source })?;
    let mut records = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let rec = serde_json::from_str(line).map_err(|e| EvalError::Json { path: path.into(), line: n + 1, message: e.to_string() })?;
        records.push((n + 1, rec));
    }
    let name = path.display().to_string();
    ensure_unique(records.iter().map(|(_, r)| key(r)), &name, "line", |k| records[k].0)?;
    Ok(records)
}

/// Read a gold file (JSON lines `{"doc","i","start","end","text","labels"}`).
pub fn read_gold(path: &Path) -> Result<Vec<LabelledSentence>, EvalError> {
    let raw = read_jsonl::<RawGold>(path, |r| (&r.doc, r.i))?;
    raw.into_iter()
        .map(|(line, r)| {
            let labels = At { path, line, doc: &r.doc, i: r.i }.themes(&r.labels)?;
            Ok(LabelledSentence { sentence: Sentence { doc: r.doc, i: r.i, start: r.start, end: r.end, text: r.text }, labels })
        })
        .collect()
}

/// Read a predictions file (JSON lines with at least `doc`, `i`, `text`, `labels`, optionally
/// `scores` {theme: probability}; other fields are ignored).
pub fn read_predictions(path: &Path) -> Result<Vec<Prediction>, EvalError> {
    let raw = read_jsonl::<RawPred>(path, |r| (&r.doc, r.i))?;
    raw.into_iter()
        .map(|(line, r)| {
            let at = At { path, line, doc: &r.doc, i: r.i };
            let labels = at.themes(&r.labels)?;
            let scores = r.scores.unwrap_or_default().into_iter().map(|(k, v)| Ok((at.theme("scores", &k)?, v))).collect::<Result<_, EvalError>>()?;
            Ok(Prediction { labels, scores, doc: r.doc, i: r.i, text: r.text })
        })
        .collect()
}
