//! `review.html`: one self-contained page to review tags, doubtful ones first.
//!
//! Safe with hostile text: the sentences travel as JSON inside
//! `<script type="application/json">` with `<`, `>` and `&` written as `\u003c` etc., so no
//! minutes text can close the script element, and the list is built with `textContent`
//! only. A Content-Security-Policy forbids every network request, so the page works offline
//! and an injected element could not fetch anything either.
//!
//! The chart (inline SVG, drawn here so it shows without JavaScript) has a stacked bar per
//! document with a segment per theme; clicking a segment filters the list to that document
//! and theme. The filter state lives in the URL hash (`#theme=delay&doc=x&min=0.3&sort=doc`)
//! so a view can be bookmarked, shared and tested.
//!
//! Which sentences show: with no `min`, those labelled with the chosen theme (any theme when
//! none is chosen); with `min`, those whose score for the theme (highest score when no theme)
//! is at least `min`, so `min=0.3` brings near misses in. Default order is by uncertainty:
//! the distance of the score from its threshold, for the chosen theme or the closest theme.

use super::{doc_order, score, Thresholds};
use crate::classify::Tagged;
use crate::ingest::Document;
use crate::themes::Theme;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

/// One colour per theme in [`Theme::ALL`] order (Tableau 10 plus one), for chart and chips.
pub const THEME_COLOURS: [&str; 11] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#17becf",
];

/// Longest document label drawn in the chart; the full id is in the tooltip.
const LABEL_CHARS: usize = 34;

/// The data block the page script reads; short keys keep big corpora small.
#[derive(Serialize)]
struct PageData<'a> {
    themes: Vec<&'static str>,
    colours: &'static [&'static str; 11],
    thresholds: &'a Thresholds,
    docs: Vec<&'a str>,
    sentences: Vec<SentenceData<'a>>,
}

#[derive(Serialize)]
struct SentenceData<'a> {
    /// Index into `docs`.
    d: usize,
    i: usize,
    t: &'a str,
    /// Index of the previous / next sentence of the same document in `sentences`, or -1.
    p: i64,
    n: i64,
    /// Label indices into `themes`.
    l: Vec<usize>,
    /// Scores in theme order, rounded to 3 decimals.
    s: Vec<f64>,
}

/// The whole page as a string.
pub fn render(docs: &[Document], tagged: &[Tagged], thresholds: &Thresholds) -> String {
    let order = doc_order(docs, tagged);
    let data = page_data(&order, tagged, thresholds);
    let json = serde_json::to_string(&data).expect("page data is plain strings and numbers");
    let summary = format!(
        "{} documents, {} sentences, {} with at least one theme.",
        order.len(),
        tagged.len(),
        tagged.iter().filter(|t| !t.labels.is_empty()).count()
    );
    fill_template(
        TEMPLATE,
        &[
            ("SUMMARY", &escape_html(&summary)),
            ("CHART", &chart_svg(&order, tagged)),
            ("STYLE", STYLE),
            ("SCRIPT", SCRIPT),
            ("DATA", &escape_script_json(&json)),
        ],
    )
}

/// Replace `{{KEY}}` markers of the template in one pass, so text inserted for one marker
/// (a document id, say) is never searched for another.
fn fill_template(template: &str, values: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let Some(len) = rest[open..].find("}}") else {
            break;
        };
        let key = &rest[open + 2..open + len];
        out.push_str(&rest[..open]);
        match values.iter().find(|(k, _)| *k == key) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&rest[open..open + len + 2]),
        }
        rest = &rest[open + len + 2..];
    }
    out.push_str(rest);
    out
}

fn page_data<'a>(
    order: &[&'a str],
    tagged: &'a [Tagged],
    thresholds: &'a Thresholds,
) -> PageData<'a> {
    let doc_index: HashMap<&str, usize> = order.iter().enumerate().map(|(k, d)| (*d, k)).collect();
    let mut sentences: Vec<SentenceData> = tagged
        .iter()
        .map(|t| SentenceData {
            d: doc_index[t.sentence.doc.as_str()],
            i: t.sentence.i,
            t: &t.sentence.text,
            p: -1,
            n: -1,
            l: t.labels.iter().map(|th| th.index()).collect(),
            s: Theme::ALL
                .iter()
                .map(|&th| rounded_score(score(t, th)))
                .collect(),
        })
        .collect();
    link_neighbours(&mut sentences);
    PageData {
        themes: Theme::ALL.iter().map(|t| t.name()).collect(),
        colours: &THEME_COLOURS,
        thresholds,
        docs: order.to_vec(),
        sentences,
    }
}

/// Three decimals for the page; a non-finite score (a classifier bug) shows as 0, not null.
fn rounded_score(x: f32) -> f64 {
    if x.is_finite() {
        (f64::from(x) * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}

/// Point each sentence at the one before and after it in its document (by `i`).
fn link_neighbours(sentences: &mut [SentenceData]) {
    let mut idx: Vec<usize> = (0..sentences.len()).collect();
    idx.sort_by_key(|&k| (sentences[k].d, sentences[k].i));
    for w in idx.windows(2) {
        let (a, b) = (w[0], w[1]);
        if sentences[a].d == sentences[b].d {
            sentences[a].n = b as i64;
            sentences[b].p = a as i64;
        }
    }
}

/// JSON that is safe inside a `<script>` element: no `<`, `>`, `&` or line separators.
pub fn escape_script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

pub use crate::html::escape_html;

/// Stacked horizontal bars: one `<g class="bar" data-doc>` per document, one `<rect
/// class="seg" data-doc data-theme>` per theme it has, and a legend of the themes.
fn chart_svg(order: &[&str], tagged: &[Tagged]) -> String {
    const LABEL_W: usize = 260;
    const BAR_W: usize = 560;
    const ROW_H: usize = 22;
    const LEGEND_H: usize = 56;
    let mut counts: HashMap<&str, [usize; 11]> = HashMap::new();
    for t in tagged {
        let c = counts.entry(t.sentence.doc.as_str()).or_default();
        for th in &t.labels {
            c[th.index()] += 1;
        }
    }
    let max_total = counts
        .values()
        .map(|c| c.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let height = LEGEND_H + ROW_H * order.len() + 8;
    let width = LABEL_W + BAR_W + 60;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg id="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="Tagged sentences per document and theme">"#
    );
    svg.push_str(&legend_svg());
    for (row, doc) in order.iter().enumerate() {
        let y = LEGEND_H + row * ROW_H;
        let c = counts.get(doc).copied().unwrap_or_default();
        let d = escape_html(doc);
        let _ = write!(svg, r#"<g class="bar" data-doc="{d}"><title>{d}</title>"#);
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="doclabel">{}</text>"#,
            LABEL_W - 8,
            y + 15,
            escape_html(&shorten(doc))
        );
        let mut x = LABEL_W as f64;
        for th in Theme::ALL {
            let n = c[th.index()];
            if n == 0 {
                continue;
            }
            let w = n as f64 * BAR_W as f64 / max_total as f64;
            let _ = write!(
                svg,
                r#"<rect class="seg" data-doc="{d}" data-theme="{name}" x="{x:.1}" y="{}" width="{w:.1}" height="{}" fill="{fill}"><title>{d}: {name} {n}</title></rect>"#,
                y + 3,
                ROW_H - 6,
                name = th.name(),
                fill = THEME_COLOURS[th.index()],
            );
            x += w;
        }
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{}" class="total">{}</text></g>"#,
            x + 6.0,
            y + 15,
            c.iter().sum::<usize>()
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One swatch and name per theme, clickable to filter by theme alone.
fn legend_svg() -> String {
    let mut s = String::from(r#"<g class="legend">"#);
    for (k, th) in Theme::ALL.iter().enumerate() {
        let (x, y) = (8 + (k % 6) * 140, 6 + (k / 6) * 22);
        let _ = write!(
            s,
            r#"<g class="key" data-theme="{name}"><rect x="{x}" y="{y}" width="14" height="14" fill="{fill}"/><text x="{}" y="{}">{name}</text></g>"#,
            x + 20,
            y + 12,
            name = th.name(),
            fill = THEME_COLOURS[k],
        );
    }
    s.push_str("</g>");
    s
}

fn shorten(id: &str) -> String {
    if id.chars().count() <= LABEL_CHARS {
        return id.to_string();
    }
    let mut s: String = id.chars().take(LABEL_CHARS - 1).collect();
    s.push('…');
    s
}

const TEMPLATE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>complaint-tagger review</title>
<style>{{STYLE}}</style>
</head>
<body>
<header><h1>Review tagged sentences</h1><p>{{SUMMARY}} Doubtful tags come first: those whose score is closest to the threshold.</p></header>
<section id="chart-box" aria-label="Chart">{{CHART}}</section>
<section id="controls">
<label>Theme <select id="f-theme"><option value="">any theme</option></select></label>
<label>Document <select id="f-doc"><option value="">all documents</option></select></label>
<label>Minimum score <input id="f-min" type="number" min="0" max="1" step="0.05" placeholder="labelled only"></label>
<label>Order <select id="f-sort"><option value="uncertain">most doubtful first</option><option value="score">highest score first</option><option value="doc">document order</option></select></label>
<button id="f-reset" type="button">Clear filters</button>
<span id="count" aria-live="polite"></span>
</section>
<noscript><p>The sentence list needs JavaScript; the chart above works without it.</p></noscript>
<ol id="list"></ol>
<button id="more" type="button" hidden>Show more</button>
<script type="application/json" id="data">{{DATA}}</script>
<script>{{SCRIPT}}</script>
</body>
</html>
"#;

const STYLE: &str = r#"
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:0 16px 40px;color:#222}
header h1{font-size:1.4em;margin:16px 0 4px}header p{margin:0 0 12px;color:#555}
#chart-box{max-height:420px;overflow:auto;border:1px solid #ddd;border-radius:6px;padding:4px;margin-bottom:12px}
#chart text{font-size:12px;fill:#333}#chart .seg,#chart .key{cursor:pointer}#chart .seg:hover{opacity:.75}
#chart .seg.sel{stroke:#000;stroke-width:2}#chart .total{fill:#777}
#controls{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:center;position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #ddd;z-index:1}
#controls input{width:7em}#count{color:#555}
#list{list-style:none;padding:0;margin:0}
.item{border-bottom:1px solid #eee;padding:10px 0}
.meta{font-size:.85em;color:#666}.meta .doc{font-weight:600;color:#333}
.ctx{color:#888;font-size:.9em;white-space:pre-wrap}.sent{margin:3px 0;white-space:pre-wrap;font-weight:500}
.chip{display:inline-block;color:#fff;border-radius:10px;padding:0 8px;margin:2px 4px 2px 0;font-size:.8em}
.chip.none{background:#999}
.scores{display:flex;flex-wrap:wrap;gap:2px 10px;font-size:.78em;color:#777;margin-top:3px}
.scores .on{color:#000;font-weight:700}.scores .near{color:#a0522d}
#more{margin:14px 0;padding:6px 14px}
"#;

const SCRIPT: &str = r#"
(function () {
  'use strict';
  var PAGE = 200;
  var data = JSON.parse(document.getElementById('data').textContent);
  var T = data.themes, S = data.sentences, TH = data.thresholds;
  var $ = function (id) { return document.getElementById(id); };
  var ui = { theme: $('f-theme'), doc: $('f-doc'), min: $('f-min'), sort: $('f-sort'),
             list: $('list'), count: $('count'), more: $('more') };
  var shown = PAGE, current = [];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function addOptions(select, values) {
    values.forEach(function (v) { var o = el('option', '', v); o.value = v; select.appendChild(o); });
  }
  addOptions(ui.theme, T);
  addOptions(ui.doc, data.docs);

  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    return { theme: p.get('theme') || '', doc: p.get('doc') || '', min: p.get('min') || '',
             sort: p.get('sort') || 'uncertain' };
  }
  function writeHash(st) {
    var p = new URLSearchParams();
    ['theme', 'doc', 'min'].forEach(function (k) { if (st[k]) p.set(k, st[k]); });
    if (st.sort && st.sort !== 'uncertain') p.set('sort', st.sort);
    location.hash = p.toString();
  }
  function fromControls() {
    return { theme: ui.theme.value, doc: ui.doc.value, min: ui.min.value, sort: ui.sort.value };
  }
  function maxScore(s) { return Math.max.apply(null, s.s); }
  function margin(s, ti) {
    if (ti >= 0) return Math.abs(s.s[ti] - TH[ti]);
    var m = Infinity;
    for (var k = 0; k < T.length; k++) m = Math.min(m, Math.abs(s.s[k] - TH[k]));
    return m;
  }
  function matches(s, st, ti, min) {
    if (st.doc && data.docs[s.d] !== st.doc) return false;
    if (!isNaN(min)) return (ti >= 0 ? s.s[ti] : maxScore(s)) >= min;
    return ti >= 0 ? s.l.indexOf(ti) >= 0 : s.l.length > 0;
  }
  function byDoc(a, b) { return a.d - b.d || a.i - b.i; }

  function apply() {
    var st = readHash();
    ui.theme.value = T.indexOf(st.theme) >= 0 ? st.theme : '';
    ui.doc.value = data.docs.indexOf(st.doc) >= 0 ? st.doc : '';
    ui.min.value = st.min;
    ui.sort.value = st.sort;
    var ti = st.theme ? T.indexOf(st.theme) : -1;
    var unknown = (st.theme && ti < 0) || (st.doc && data.docs.indexOf(st.doc) < 0);
    var min = st.min === '' ? NaN : parseFloat(st.min);
    current = unknown ? [] : S.filter(function (s) { return matches(s, st, ti, min); });
    if (st.sort === 'doc') current.sort(byDoc);
    else if (st.sort === 'score') current.sort(function (a, b) {
      return (ti >= 0 ? b.s[ti] - a.s[ti] : maxScore(b) - maxScore(a)) || byDoc(a, b); });
    else current.sort(function (a, b) { return margin(a, ti) - margin(b, ti) || byDoc(a, b); });
    shown = PAGE;
    highlight(st);
    draw(ti);
  }
  function highlight(st) {
    document.querySelectorAll('#chart .seg').forEach(function (r) {
      var on = (!!st.theme || !!st.doc) && (!st.theme || r.getAttribute('data-theme') === st.theme) &&
               (!st.doc || r.getAttribute('data-doc') === st.doc);
      r.classList.toggle('sel', on);
    });
  }
  function draw(ti) {
    ui.list.textContent = '';
    var frag = document.createDocumentFragment();
    current.slice(0, shown).forEach(function (s) { frag.appendChild(item(s, ti)); });
    ui.list.appendChild(frag);
    ui.count.textContent = 'Showing ' + Math.min(shown, current.length) + ' of ' + current.length +
      ' matching sentences (' + S.length + ' in all)';
    ui.more.hidden = shown >= current.length;
  }
  function item(s, ti) {
    var li = el('li', 'item');
    li.setAttribute('data-doc', data.docs[s.d]);
    li.setAttribute('data-i', String(s.i));
    li.setAttribute('data-labels', s.l.map(function (k) { return T[k]; }).join(' '));
    var meta = el('div', 'meta');
    meta.appendChild(el('span', 'doc', data.docs[s.d]));
    meta.appendChild(document.createTextNode(' \u00b7 sentence ' + s.i + ' \u00b7 margin ' + margin(s, ti).toFixed(3)));
    li.appendChild(meta);
    if (s.p >= 0) li.appendChild(el('div', 'ctx prev', S[s.p].t));
    li.appendChild(el('div', 'sent', s.t));
    if (s.n >= 0) li.appendChild(el('div', 'ctx next', S[s.n].t));
    var labels = el('div', 'labels');
    if (!s.l.length) labels.appendChild(el('span', 'chip none', 'no theme'));
    s.l.forEach(function (k) {
      var c = el('span', 'chip', T[k]);
      c.style.background = data.colours[k];
      labels.appendChild(c);
    });
    li.appendChild(labels);
    var scores = el('div', 'scores');
    T.map(function (name, k) { return k; })
      .sort(function (a, b) { return s.s[b] - s.s[a]; })
      .forEach(function (k) {
        var cls = s.s[k] >= TH[k] ? 'on' : (Math.abs(s.s[k] - TH[k]) < 0.15 ? 'near' : '');
        scores.appendChild(el('span', cls, T[k] + ' ' + s.s[k].toFixed(3)));
      });
    li.appendChild(scores);
    return li;
  }

  ['theme', 'doc', 'min', 'sort'].forEach(function (k) {
    ui[k].addEventListener('change', function () { writeHash(fromControls()); });
  });
  $('f-reset').addEventListener('click', function () { writeHash({}); });
  ui.more.addEventListener('click', function () { shown += PAGE; draw(T.indexOf(readHash().theme)); });
  document.querySelectorAll('#chart .seg').forEach(function (r) {
    r.addEventListener('click', function () {
      var st = readHash();
      st.theme = r.getAttribute('data-theme');
      st.doc = r.getAttribute('data-doc');
      writeHash(st);
    });
  });
  document.querySelectorAll('#chart .key').forEach(function (k) {
    k.addEventListener('click', function () {
      var st = readHash();
      st.theme = k.getAttribute('data-theme');
      writeHash(st);
    });
  });
  window.addEventListener('hashchange', apply);
  apply();
})();
"#;
