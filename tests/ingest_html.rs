//! HTML inputs: main-region choice, dropped furniture, block layout, broken markup.

use complaint_tagger::ingest::{collect_inputs, html, read_document, Document};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ingest")
        .join(name)
}

fn read(path: &Path) -> Document {
    let (sources, errors) = collect_inputs(&[path.to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    read_document(&sources[0]).unwrap_or_else(|e| panic!("{e}"))
}

fn lines(doc: &Document) -> Vec<&str> {
    doc.text.lines().filter(|l| !l.is_empty()).collect()
}

#[test]
fn council_minutes_page_keeps_the_main_content_as_lines() {
    let doc = read(&fixture("council_minutes.html"));
    assert_eq!(doc.id, "council_minutes");
    assert!(
        doc.notes.iter().any(|n| n.contains("HTML <main>")),
        "{:?}",
        doc.notes
    );
    let l = lines(&doc);
    assert_eq!(l[0], "Minutes: Audit and Governance Committee");
    for expected in [
        "45. Annual Complaints Report 2022/23",
        "The Head of Customer Services introduced the report, which set out the complaints received in 2022/23.",
        "Members noted that complaints about delays in repairs had risen by 18 per cent, and that three complaints had been upheld by the Local Government & Social Care Ombudsman.",
        "Complaints by stage",
        "Stage | 2021/22 | 2022/23",
        "Stage 1 | 412 | 455",
        "Stage 2 | 37 | 41",
        "RESOLVED:",
        "That the report be noted.",
        "That officers report back on repair timescales in September.",
    ] {
        assert!(l.contains(&expected), "missing line {expected:?} in {l:#?}");
    }
    for furniture in [
        "Home",
        "Meetings",
        "Cookies",
        "Related documents",
        "trackPageView",
        "Skip to content",
        "Example Borough Council",
    ] {
        assert!(
            !doc.text.contains(furniture),
            "{furniture:?} should be dropped: {:?}",
            doc.text
        );
    }
    assert!(
        doc.text.contains("2024 7.00 pm\n\n45. Annual"),
        "paragraphs are separated by a blank line: {:?}",
        doc.text
    );
}

#[test]
fn broken_markup_with_scripts_styles_and_nav_is_cleaned_without_panicking() {
    let doc = read(&fixture("broken_markup.html"));
    for dropped in [
        "NAV TEXT",
        "SCRIPT TEXT",
        "STYLE TEXT",
        "NOSCRIPT TEXT",
        "FORM",
        "SVG TEXT",
        "ASIDE TEXT",
        "FOOTER TEXT",
        "HEADER TEXT",
        "written",
    ] {
        assert!(
            !doc.text.contains(dropped),
            "{dropped:?} leaked: {:?}",
            doc.text
        );
    }
    let l = lines(&doc);
    assert!(
        l.iter().any(
            |x| x.starts_with("First paragraph with bold and italic text and an unclosed span")
        ),
        "{l:#?}"
    );
    assert!(
        l.iter()
            .any(|x| x.contains("entities: \u{a3}5 <tag> spaced \u{2019}quote\u{2019} \u{a9}")),
        "{l:#?}"
    );
    for expected in [
        "A div",
        "with a break",
        "Item one",
        "Item two",
        "Cell A | Cell B | Cell C",
        "Head 1 | Head 2",
    ] {
        assert!(l.contains(&expected), "missing {expected:?} in {l:#?}");
    }
    assert!(
        !doc.text.contains("  "),
        "runs of spaces collapse: {:?}",
        doc.text
    );
    assert!(
        l.iter().all(|x| x.trim() == *x),
        "no leading/trailing spaces: {l:#?}"
    );
}

#[test]
fn region_falls_back_from_main_to_article_role_content_and_body() {
    let cases = [
        (
            "<body><nav>N</nav><article><p>In article.</p></article><p>Outside.</p></body>",
            "article",
            "In article.",
        ),
        (
            "<body><div role=main><p>Role main.</p></div><p>Outside.</p></body>",
            "role=main",
            "Role main.",
        ),
        (
            "<body><div id=content><p>Content div.</p></div><p>Outside.</p></body>",
            "#content",
            "Content div.",
        ),
        (
            "<body><article>One.</article><article>Two.</article></body>",
            "body",
            "One.\n\nTwo.",
        ),
        (
            "<body><main>  </main><p>Body text.</p></body>",
            "body",
            "Body text.",
        ),
    ];
    for (src, region, expected) in cases {
        let got = html::extract(src.as_bytes()).unwrap();
        assert!(
            got.notes.iter().any(|n| n.contains(&format!("<{region}>"))),
            "{src}: {:?}",
            got.notes
        );
        assert_eq!(got.text.trim_end(), expected, "{src}");
    }
}

#[test]
fn pre_keeps_its_layout_and_br_breaks_lines() {
    let got = html::extract(b"<p>a<br>b<br><br><br>c</p><pre>x  y\n  z</pre>").unwrap();
    assert_eq!(got.text, "a\nb\n\nc\n\nx  y\n  z\n");
}

#[test]
fn windows_1252_html_is_decoded_with_a_note() {
    let got = html::extract(b"<p>Refund of \xa3120 \x96 \x93late\x94.</p>").unwrap();
    assert_eq!(
        got.text,
        "Refund of \u{a3}120 \u{2013} \u{201c}late\u{201d}.\n"
    );
    assert!(
        got.notes.iter().any(|n| n.contains("Windows-1252")),
        "{:?}",
        got.notes
    );
}

#[test]
fn deeply_nested_markup_does_not_overflow_the_stack() {
    let depth = 10_000; // html5ever is quadratic in nesting depth; 10k levels is ~20k open elements
    let src = format!(
        "{}deep text{}",
        "<div><span>".repeat(depth),
        "</span></div>".repeat(depth)
    );
    let got = html::extract(src.as_bytes()).unwrap();
    assert_eq!(got.text.trim(), "deep text");
}

#[test]
fn html_without_text_is_an_empty_document_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.html");
    std::fs::write(&path, "<html><head><title>T</title><script>x()</script></head><body><nav>menu</nav></body></html>").unwrap();
    let doc = read(&path);
    assert_eq!(doc.text.trim(), "");
    assert!(
        doc.notes.iter().any(|n| n.contains("empty document")),
        "{:?}",
        doc.notes
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    #[test]
    fn any_bytes_as_html_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
        let _ = html::extract(&bytes);
    }

    #[test]
    fn any_tag_soup_never_panics_and_has_no_double_spaces(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "<p>", "</p>", "<div>", "</div>", "<td>", "<tr>", "<table>", "</table>", "<br>", "<script>",
            "</script>", "<nav>", "</nav>", "text ", " more", "&amp;", "&lt;", "<li>", "<pre>", "</pre>",
            "\n", "  ", "<!--", "-->", "<b", ">", "\"", "<main>", "</main>",
        ]), 0..60)
    ) {
        let src: String = parts.concat();
        let got = html::extract(src.as_bytes()).unwrap();
        let outside_pre = !src.contains("<pre>");
        proptest::prop_assert!(!outside_pre || !got.text.contains("  "), "{:?} -> {:?}", src, got.text);
    }
}
