//! review.html: self-contained, escaped, and filtered by the URL hash in a real browser.
//!
//! The browser tests need Debian's `chromium` (`make test` installs it). Without it they
//! fail, unless CT_SKIP_BROWSER=1 is set. CT_CHROMIUM may name another binary.

use complaint_tagger::classify::Tagged;
use complaint_tagger::export::review_html::render;
use complaint_tagger::export::DEFAULT_THRESHOLDS;
use complaint_tagger::ingest::Document;
use complaint_tagger::split::Sentence;
use complaint_tagger::Theme;
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SCRIPT_PAYLOAD: &str = "<script>alert(1)</script> The officer did not reply for months.";
const IMG_PAYLOAD: &str =
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\"> Late again.";
const HOSTILE_DOC: &str = "evil\"><svg onload=alert(2)>";

/// (doc, text, labels, delay score)
fn rows() -> Vec<(&'static str, &'static str, Vec<Theme>, f32)> {
    use Theme::*;
    vec![
        ("alpha", "Members noted the annual report.", vec![], 0.05),
        ("alpha", SCRIPT_PAYLOAD, vec![Delay, Communication], 0.55),
        (
            "alpha",
            "Refunds were paid late.",
            vec![Delay, Finance],
            0.97,
        ),
        (
            "alpha",
            "Staff were rude to the complainant.",
            vec![StaffConduct],
            0.10,
        ),
        ("beta", "The officer was very helpful.", vec![], 0.45),
        ("beta", IMG_PAYLOAD, vec![Delay], 0.80),
        ("beta", "Records were wrong.", vec![Procedure], 0.02),
        (
            HOSTILE_DOC,
            "{{DATA}} </script><script>document.title='pwned'</script>",
            vec![ServiceQuality],
            0.3,
        ),
        ("empty doc", "", vec![], 0.0),
    ]
}

fn fixture() -> (Vec<Document>, Vec<Tagged>) {
    let mut docs: Vec<Document> = Vec::new();
    let mut tagged = Vec::new();
    for (doc, text, labels, delay) in rows() {
        if doc == "empty doc" {
            docs.push(Document {
                id: doc.into(),
                path: None,
                text: String::new(),
                notes: vec![],
            });
            continue;
        }
        if !docs.iter().any(|d| d.id == doc) {
            docs.push(Document {
                id: doc.into(),
                path: None,
                text: String::new(),
                notes: vec![],
            });
        }
        let i = tagged
            .iter()
            .filter(|t: &&Tagged| t.sentence.doc == doc)
            .count();
        let mut scores: BTreeMap<Theme, f32> = Theme::ALL
            .iter()
            .map(|&t| (t, if labels.contains(&t) { 0.8 } else { 0.1 }))
            .collect();
        scores.insert(Theme::Delay, delay);
        tagged.push(Tagged {
            sentence: Sentence {
                doc: doc.into(),
                i,
                start: 0,
                end: text.chars().count(),
                text: text.into(),
            },
            labels,
            scores,
        });
    }
    (docs, tagged)
}

fn page() -> String {
    let (docs, tagged) = fixture();
    render(&docs, &tagged, &DEFAULT_THRESHOLDS)
}

fn data_block(html: &str) -> serde_json::Value {
    let open = "<script type=\"application/json\" id=\"data\">";
    let start = html.find(open).expect("data block") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn page_is_self_contained_and_never_contains_raw_hostile_text() {
    let html = page();
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"),
        "no external URLs"
    );
    assert!(
        !html.contains("src=\"http") && !html.contains("<link"),
        "nothing to fetch"
    );
    assert!(html.contains("Content-Security-Policy"));
    assert!(
        !html.contains("<script>alert(1)"),
        "raw payload in the page"
    );
    assert!(!html.contains("<img src=x"), "raw payload in the page");
    assert!(!html.contains("<svg onload"), "raw doc id in the page");
    assert_eq!(
        html.matches("<script").count(),
        2,
        "only the data block and the page script"
    );
    assert_eq!(html.matches("</script>").count(), 2);
}

#[test]
fn data_block_round_trips_the_sentences() {
    let (_, tagged) = fixture();
    let data = data_block(&page());
    let sentences = data["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), tagged.len());
    assert_eq!(sentences[1]["t"], SCRIPT_PAYLOAD);
    assert_eq!(sentences[1]["p"], 0);
    assert_eq!(sentences[1]["n"], 2);
    assert_eq!(sentences[3]["n"], -1, "last sentence of its document");
    assert_eq!(sentences[4]["p"], -1, "first sentence of the next document");
    assert_eq!(data["docs"].as_array().unwrap().len(), 4);
    assert_eq!(data["themes"].as_array().unwrap().len(), 11);
    assert_eq!(sentences[2]["s"][Theme::Delay.index()], 0.97);
}

#[test]
fn chart_has_a_bar_per_document_and_segments_per_theme() {
    let dom = Html::parse_document(&page());
    let bars: Vec<_> = dom
        .select(&Selector::parse("svg#chart g.bar").unwrap())
        .collect();
    let docs: Vec<&str> = bars.iter().map(|b| b.attr("data-doc").unwrap()).collect();
    assert_eq!(docs, ["alpha", "beta", HOSTILE_DOC, "empty doc"]);
    let seg = |doc: &str, theme: &str| {
        let css = format!("rect.seg[data-theme=\"{theme}\"]");
        bars.iter()
            .find(|b| b.attr("data-doc") == Some(doc))
            .unwrap()
            .select(&Selector::parse(&css).unwrap())
            .count()
    };
    assert_eq!(seg("alpha", "delay"), 1);
    assert_eq!(seg("alpha", "discrimination"), 0);
    assert_eq!(
        bars[3]
            .select(&Selector::parse("rect.seg").unwrap())
            .count(),
        0,
        "empty doc has an empty bar"
    );
    let width = |doc: &str, theme: &str| -> f64 {
        let bar = bars
            .iter()
            .find(|b| b.attr("data-doc") == Some(doc))
            .unwrap();
        let css = format!("rect.seg[data-theme=\"{theme}\"]");
        bar.select(&Selector::parse(&css).unwrap())
            .next()
            .unwrap()
            .attr("width")
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(
        (width("alpha", "delay") - 2.0 * width("beta", "delay")).abs() < 0.2,
        "alpha has 2 delay sentences, beta 1"
    );
}

// ---------------------------------------------------------------- in a browser

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CT_CHROMIUM")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
    {
        return Some(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["chromium", "chromium-browser"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .chain([PathBuf::from("/usr/bin/chromium")])
        .find(|p| p.is_file())
}

/// The browser to use, `None` to skip (CT_SKIP_BROWSER=1), or a failing test saying what to do.
fn browser_or_skip() -> Option<PathBuf> {
    if std::env::var("CT_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("CT_SKIP_BROWSER=1: browser test skipped");
        return None;
    }
    match chromium() {
        Some(p) => Some(p),
        None => panic!(
            "chromium not found: run `make test` (it installs it with `apt-get install -y chromium`), \
             or set CT_SKIP_BROWSER=1 to skip the browser tests"
        ),
    }
}

/// Open `file#hash` headless and return the DOM after scripts ran.
fn dump_dom(browser: &Path, file: &Path, hash: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}#{hash}", file.display());
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", &url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(dom.contains("</html>"), "no DOM from chromium: {dom:?}");
    dom
}

fn write_page(dir: &Path) -> PathBuf {
    let path = dir.join("review.html");
    std::fs::write(&path, page()).unwrap();
    path
}

fn items(dom: &Html) -> Vec<scraper::ElementRef<'_>> {
    dom.select(&Selector::parse("#list li.item").unwrap())
        .collect()
}

fn text_of(el: &scraper::ElementRef, css: &str) -> String {
    el.select(&Selector::parse(css).unwrap())
        .next()
        .map(|e| e.text().collect())
        .unwrap_or_default()
}

#[test]
fn browser_shows_only_delay_sentences_as_text_and_runs_no_injected_code() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = write_page(dir.path());
    let raw = dump_dom(&browser, &file, "theme=delay");
    let dom = Html::parse_document(&raw);

    let shown = items(&dom);
    let (_, tagged) = fixture();
    let expected = tagged
        .iter()
        .filter(|t| t.labels.contains(&Theme::Delay))
        .count();
    assert_eq!(shown.len(), expected, "only the delay sentences");
    for li in &shown {
        assert!(
            li.attr("data-labels")
                .unwrap()
                .split(' ')
                .any(|l| l == "delay"),
            "{:?}",
            li.attr("data-labels")
        );
    }
    let margins: Vec<f64> = shown
        .iter()
        .map(|li| {
            let meta = text_of(li, ".meta");
            meta.rsplit("margin ").next().unwrap().parse().unwrap()
        })
        .collect();
    assert!(
        margins.windows(2).all(|w| w[0] <= w[1]),
        "most doubtful first: {margins:?}"
    );
    assert_eq!(
        text_of(&shown[0], ".sent"),
        SCRIPT_PAYLOAD,
        "score 0.55 is closest to 0.5"
    );

    let sents: Vec<String> = shown.iter().map(|li| text_of(li, ".sent")).collect();
    assert!(sents.contains(&IMG_PAYLOAD.to_string()), "{sents:?}");
    assert!(
        raw.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "payload shown as text"
    );
    assert!(raw.contains("&lt;img src=x"), "payload shown as text");
    let list = dom
        .select(&Selector::parse("#list").unwrap())
        .next()
        .unwrap();
    for css in ["script", "img", "svg", "iframe"] {
        assert_eq!(
            list.select(&Selector::parse(css).unwrap()).count(),
            0,
            "injected <{css}> in the list"
        );
    }
    let body = dom
        .select(&Selector::parse("body").unwrap())
        .next()
        .unwrap();
    assert_eq!(body.attr("data-pwned"), None, "onerror handler ran");
    assert_eq!(
        dom.select(&Selector::parse("title").unwrap())
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        "complaint-tagger review"
    );
    assert_eq!(dom.select(&Selector::parse("script").unwrap()).count(), 2);

    let bars = dom
        .select(&Selector::parse("svg#chart g.bar").unwrap())
        .count();
    assert_eq!(bars, 4, "a bar per document");
    let selected: Vec<_> = dom
        .select(&Selector::parse("svg#chart rect.seg.sel").unwrap())
        .map(|r| r.attr("data-theme").unwrap())
        .collect();
    assert!(
        !selected.is_empty() && selected.iter().all(|t| *t == "delay"),
        "{selected:?}"
    );
    let theme_select = dom
        .select(&Selector::parse("#f-theme option").unwrap())
        .count();
    assert_eq!(theme_select, 12);
    assert!(text_of(&body, "#count").starts_with(&format!("Showing {expected} of {expected}")));
}

#[test]
fn browser_filters_by_document_min_score_and_sort_from_the_hash() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = write_page(dir.path());

    let dom = Html::parse_document(&dump_dom(
        &browser,
        &file,
        "doc=beta&theme=delay&min=0.4&sort=score",
    ));
    let shown = items(&dom);
    let got: Vec<(String, String)> = shown
        .iter()
        .map(|li| {
            (
                li.attr("data-doc").unwrap().to_string(),
                text_of(li, ".sent"),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("beta".to_string(), IMG_PAYLOAD.to_string()),
            (
                "beta".to_string(),
                "The officer was very helpful.".to_string()
            )
        ],
        "beta sentences with delay score >= 0.4, highest first"
    );

    let dom = Html::parse_document(&dump_dom(&browser, &file, "min=0&sort=doc"));
    let shown = items(&dom);
    let (_, tagged) = fixture();
    assert_eq!(shown.len(), tagged.len(), "min=0 shows every sentence");
    let order: Vec<(String, String)> = shown
        .iter()
        .map(|li| {
            (
                li.attr("data-doc").unwrap().into(),
                li.attr("data-i").unwrap().into(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = tagged
        .iter()
        .map(|t| (t.sentence.doc.clone(), t.sentence.i.to_string()))
        .collect();
    assert_eq!(order, expected, "document order");
    let hostile = shown
        .iter()
        .find(|li| li.attr("data-doc") == Some(HOSTILE_DOC))
        .expect("hostile doc id kept as data");
    assert!(text_of(hostile, ".sent").contains("</script><script>"));
    assert_eq!(
        dom.select(&Selector::parse("title").unwrap())
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        "complaint-tagger review"
    );

    let dom = Html::parse_document(&dump_dom(&browser, &file, "theme=no_such_theme"));
    assert_eq!(
        items(&dom).len(),
        0,
        "an unknown theme shows nothing rather than everything"
    );
}
