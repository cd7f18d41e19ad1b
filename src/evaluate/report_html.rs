//! A one-file HTML report of a tag evaluation (inline CSS and SVG, no script, nothing loaded
//! from the network) so results can be mailed or archived and opened anywhere.

use crate::evaluate::bootstrap::{Interval, PrfInterval};
use crate::evaluate::tags::{ErrorCase, ErrorKind, Prf, TagReport};
use crate::themes::Theme;
use std::fmt::Write as _;

const CSS: &str = "
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:980px;color:#222;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd}
.sub{color:#666;margin-top:0}
.cards{display:flex;flex-wrap:wrap;gap:.8em}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:9em}
.card b{display:block;font-size:1.6em} .card span{color:#666;font-size:.85em}
svg text{font-size:12px;fill:#222} svg .muted{fill:#999}
.f1{fill:#3b6ea8} .p{fill:#e08a2c} .r{fill:#4a9b5b} .grid{stroke:#e4e4e4} .whisker{stroke:#222;stroke-width:1.3}
.key{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:-1px}
table{border-collapse:collapse;font-variant-numeric:tabular-nums} td,th{padding:2px 8px;text-align:right}
td:first-child,th:first-child{text-align:left} tr:nth-child(even){background:#f6f6f6}
details{margin:.4em 0} summary{cursor:pointer;font-weight:600}
.errs td{text-align:left;vertical-align:top} .errs td.text{white-space:pre-wrap;max-width:40em}
";

/// Escape text for HTML element content and attributes. `://` is written `&#58;//` so the
/// file never contains a literal URL scheme and `grep -c https://` proves it loads nothing.
pub fn escape(s: &str) -> String {
    crate::html::escape_html(s).replace("://", "&#58;//")
}

/// The whole report page.
pub fn render(report: &TagReport, title: &str) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title><style>{CSS}</style></head><body>\n<h1>{t}</h1>\n<p class=\"sub\">{}</p>\n",
        escape(&subtitle(report)),
        t = escape(title)
    );
    h += &summary(report);
    h += "<h2>F1 per theme</h2>\n";
    h += &hbar_chart(&theme_rows(report, &[("f1", "F1")]));
    h += "<h2>Precision and recall per theme</h2>\n<p><span class=\"key\" style=\"background:#e08a2c\"></span>precision<span class=\"key\" style=\"background:#4a9b5b\"></span>recall</p>\n";
    h += &hbar_chart(&theme_rows(report, &[("p", "precision"), ("r", "recall")]));
    h += &numbers_table(report);
    h += &error_lists(&report.errors);
    h += "</body></html>\n";
    h
}

fn subtitle(r: &TagReport) -> String {
    let ci = match &r.ci {
        Some(ci) => format!("; 95% intervals from {} bootstrap resamples of documents (seed {})", ci.resamples, ci.seed),
        None => "; no bootstrap intervals".into(),
    };
    format!("{} sentences in {} documents, {} gold and {} predicted labels{ci}", r.metrics.sentences, r.documents, r.metrics.support, r.metrics.predicted)
}

/// "0.812 [0.700, 0.900]" or "0.812" without an interval.
fn with_ci(x: f64, ci: Option<Interval>) -> String {
    match ci {
        Some(iv) => format!("{x:.3} [{:.3}, {:.3}]", iv.low, iv.high),
        None => format!("{x:.3}"),
    }
}

fn summary(r: &TagReport) -> String {
    let ci = r.ci.as_ref();
    let m = &r.metrics;
    let cards = [
        ("micro F1", with_ci(m.micro.f1, ci.map(|c| c.micro.f1))),
        ("macro F1", with_ci(m.macro_.f1, ci.map(|c| c.macro_.f1))),
        ("samples F1", with_ci(m.samples.f1, ci.map(|c| c.samples.f1))),
        ("exact match", with_ci(m.exact_match, ci.map(|c| c.exact_match))),
        ("Hamming loss", format!("{:.4}", m.hamming_loss)),
    ];
    let mut h = String::from("<div class=\"cards\">");
    for (name, value) in cards {
        let (head, rest) = value.split_once(' ').unwrap_or((&value, ""));
        let _ = write!(h, "<div class=\"card\"><span>{}</span><b>{}</b><span>{}</span></div>", escape(name), escape(head), escape(rest));
    }
    h + "</div>\n"
}

/// One row of a horizontal bar chart.
struct ChartRow {
    label: String,
    bars: Vec<Bar>,
    note: String,
    muted: bool,
}

/// One bar: a value in 0..1, its CSS class, its interval and a tooltip.
struct Bar {
    value: f64,
    class: &'static str,
    ci: Option<Interval>,
    tip: String,
}

/// Chart rows per theme with one bar per `(class, metric name)`; class selects the metric.
fn theme_rows(r: &TagReport, series: &[(&'static str, &str)]) -> Vec<ChartRow> {
    r.metrics
        .themes
        .iter()
        .map(|t| {
            let ci = r.ci.as_ref().map(|c| c.themes[t.theme.index()].ci);
            let bars = series
                .iter()
                .map(|&(class, name)| {
                    let (value, iv) = pick(t.scores, ci, class);
                    Bar { value, class, ci: iv, tip: format!("{} {name} {}", t.theme, with_ci(value, iv)) }
                })
                .collect();
            let note = if t.support == 0 { format!("no gold, {} predicted", t.predicted) } else { format!("n={} ({} predicted)", t.support, t.predicted) };
            ChartRow { label: t.theme.name().into(), bars, note, muted: t.support == 0 }
        })
        .collect()
}

/// The metric a bar class stands for, with its interval.
fn pick(s: Prf, ci: Option<PrfInterval>, class: &str) -> (f64, Option<Interval>) {
    match class {
        "p" => (s.precision, ci.map(|c| c.precision)),
        "r" => (s.recall, ci.map(|c| c.recall)),
        _ => (s.f1, ci.map(|c| c.f1)),
    }
}

/// Horizontal bars on a 0..1 axis with interval whiskers and a note right of each row.
fn hbar_chart(rows: &[ChartRow]) -> String {
    const LABEL_W: f64 = 130.0;
    const PLOT_W: f64 = 520.0;
    const BAR_H: f64 = 13.0;
    const GAP: f64 = 9.0;
    let x = |v: f64| LABEL_W + v.clamp(0.0, 1.0) * PLOT_W;
    let height: f64 = rows.iter().map(|r| r.bars.len() as f64 * BAR_H + GAP).sum::<f64>() + 22.0;
    let mut s = format!("<svg width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\" role=\"img\">", w = LABEL_W + PLOT_W + 200.0);
    for k in 0..=4 {
        let v = k as f64 / 4.0;
        let _ = write!(s, "<line class=\"grid\" x1=\"{0}\" x2=\"{0}\" y1=\"0\" y2=\"{1}\"/><text x=\"{0}\" y=\"{2}\" text-anchor=\"middle\">{v:.2}</text>", x(v), height - 18.0, height - 4.0);
    }
    let mut y = GAP / 2.0;
    for row in rows {
        let mid = y + row.bars.len() as f64 * BAR_H / 2.0;
        let class = if row.muted { " class=\"muted\"" } else { "" };
        let _ = write!(s, "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"{class}>{}</text>", LABEL_W - 6.0, mid + 4.0, escape(&row.label));
        for bar in &row.bars {
            let _ = write!(s, "<rect class=\"{}\" x=\"{LABEL_W}\" y=\"{y}\" width=\"{:.1}\" height=\"{}\"><title>{}</title></rect>", bar.class, x(bar.value) - LABEL_W, BAR_H - 2.0, escape(&bar.tip));
            if let Some(iv) = bar.ci {
                let cy = y + (BAR_H - 2.0) / 2.0;
                let _ = write!(s, "<path class=\"whisker\" d=\"M{lo:.1} {a:.1}V{b:.1}M{lo:.1} {cy:.1}H{hi:.1}M{hi:.1} {a:.1}V{b:.1}\"/>", lo = x(iv.low), hi = x(iv.high), a = cy - 4.0, b = cy + 4.0);
            }
            y += BAR_H;
        }
        let _ = write!(s, "<text x=\"{}\" y=\"{}\"{class}>{}</text>", LABEL_W + PLOT_W + 10.0, mid + 4.0, escape(&row.note));
        y += GAP;
    }
    s + "</svg>\n"
}

fn numbers_table(r: &TagReport) -> String {
    let ci = r.ci.as_ref();
    let mut h = String::from("<h2>All numbers</h2>\n<table><tr><th>theme / average</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>predicted</th></tr>\n");
    let mut row = |name: &str, s: Prf, iv: Option<PrfInterval>, support: u64, predicted: u64| {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{support}</td><td>{predicted}</td></tr>",
            escape(name),
            with_ci(s.precision, iv.map(|c| c.precision)),
            with_ci(s.recall, iv.map(|c| c.recall)),
            with_ci(s.f1, iv.map(|c| c.f1))
        );
    };
    for t in &r.metrics.themes {
        row(t.theme.name(), t.scores, ci.map(|c| c.themes[t.theme.index()].ci), t.support, t.predicted);
    }
    let m = &r.metrics;
    for (name, s, iv) in [
        ("micro average", m.micro, ci.map(|c| c.micro)),
        ("macro average", m.macro_, ci.map(|c| c.macro_)),
        ("weighted average", m.weighted, ci.map(|c| c.weighted)),
        ("samples average", m.samples, ci.map(|c| c.samples)),
    ] {
        row(name, s, iv, m.support, m.predicted);
    }
    let _ = write!(h, "</table>\n<p>Exact match (subset accuracy) {}; Hamming loss {:.4}.</p>\n", with_ci(m.exact_match, ci.map(|c| c.exact_match)), m.hamming_loss);
    h
}

/// One collapsible section per theme with its false positives and false negatives.
fn error_lists(errors: &[ErrorCase]) -> String {
    let mut h = format!("<h2>Mistakes ({})</h2>\n", errors.len());
    for theme in Theme::ALL {
        let of = |kind| errors.iter().filter(move |e| e.theme == theme && e.kind == kind);
        let (fp, fnn) = (of(ErrorKind::FalsePositive).count(), of(ErrorKind::FalseNegative).count());
        if fp + fnn == 0 {
            continue;
        }
        let _ = writeln!(h, "<details><summary>{} — {fp} false positive(s), {fnn} false negative(s)</summary>", escape(theme.name()));
        for (kind, title) in [(ErrorKind::FalsePositive, "Predicted but not in gold"), (ErrorKind::FalseNegative, "In gold but not predicted")] {
            if of(kind).next().is_none() {
                continue;
            }
            let _ = write!(h, "<h3>{title}</h3>\n<table class=\"errs\"><tr><th>doc</th><th>i</th><th>score</th><th>text</th></tr>\n");
            for e in of(kind) {
                let score = e.score.map_or("–".to_string(), |s| format!("{s:.3}"));
                let _ = writeln!(h, "<tr><td>{}</td><td>{}</td><td>{score}</td><td class=\"text\">{}</td></tr>", escape(&e.doc), e.i, escape(&e.text));
            }
            h += "</table>\n";
        }
        h += "</details>\n";
    }
    h
}
