//! HTML: keep the main text of a page as lines, one per block element.
//!
//! The region read is the first of `<main>`, a single `<article>`, `[role=main]`, `#content`,
//! `<body>` that holds any text. Navigation and page furniture (`nav aside script style
//! noscript form svg template iframe ...`, page-level `header`/`footer`) are dropped. Block
//! elements end a line, paragraphs and headings are separated by a blank line, table cells of
//! a row are joined with ` | `, runs of spaces collapse to one, `<pre>` keeps its layout.
//! html5ever repairs broken markup the way browsers do, so any input gives some text.

use super::{text, Extracted};
use scraper::{ElementRef, Html, Node, Selector};

/// Elements whose whole subtree is never text of the document.
const DROPPED: [&str; 14] = [
    "nav", "aside", "script", "style", "noscript", "form", "svg", "template", "iframe", "object",
    "canvas", "button", "select", "head",
];

/// Page-level furniture, dropped when the region read is the whole `<body>`.
const PAGE_FURNITURE: [&str; 2] = ["header", "footer"];

/// Blocks followed by a blank line (a paragraph break for the splitter).
const PARAGRAPHS: [&str; 17] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "ul",
    "ol",
    "dl",
    "blockquote",
    "pre",
    "section",
    "article",
    "hr",
    "figure",
];

/// Blocks that end a line.
const LINES: [&str; 14] = [
    "div",
    "li",
    "tr",
    "dt",
    "dd",
    "caption",
    "address",
    "figcaption",
    "summary",
    "details",
    "center",
    "main",
    "header",
    "footer",
];

/// Decode the bytes like a text file, parse, and flatten the main region to lines.
pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let decoded = text::extract(bytes)?;
    let html = Html::parse_document(&decoded.text);
    let (root, region) = main_region(&html);
    let mut out = LineWriter::default();
    out.walk(root, region == "body");
    let mut notes = decoded.notes;
    notes.push(format!("extracted text from HTML <{region}>"));
    Ok(Extracted {
        text: out.finish(),
        notes,
    })
}

/// Pick the element holding the page's own content, and a name for it in notes.
fn main_region(html: &Html) -> (ElementRef<'_>, &'static str) {
    let candidates: [(&str, &'static str, bool); 5] = [
        ("main", "main", false),
        ("article", "article", true),
        ("[role=main]", "role=main", false),
        ("#content", "#content", false),
        ("body", "body", false),
    ];
    for (css, name, must_be_single) in candidates {
        let Ok(selector) = Selector::parse(css) else {
            continue;
        };
        let mut found = html.select(&selector);
        let Some(first) = found.next() else { continue };
        if must_be_single && found.next().is_some() {
            continue;
        }
        if first.text().any(|t| !t.trim().is_empty()) {
            return (first, name);
        }
    }
    (html.root_element(), "html")
}

/// Builds the text while walking the tree: collapses spaces and places line breaks.
#[derive(Default)]
struct LineWriter {
    out: String,
    /// Newlines owed before the next character (0, 1 or 2).
    breaks: usize,
    /// A space is owed before the next character.
    space: bool,
    /// A ` | ` cell separator is owed before the next character.
    cell_sep: bool,
    /// Cells seen so far in each open table row (a stack, for nested tables).
    row_cells: Vec<usize>,
    /// Depth of open `<pre>` elements, where whitespace is kept.
    pre: usize,
}

impl LineWriter {
    /// Depth-first walk with an explicit stack, so deeply nested markup cannot overflow.
    fn walk(&mut self, root: ElementRef<'_>, drop_furniture: bool) {
        let mut stack = vec![(*root, false)];
        while let Some((node, closing)) = stack.pop() {
            match node.value() {
                Node::Text(t) if !closing => self.push_text(t),
                Node::Element(el) => {
                    let name = el.name();
                    if closing {
                        self.close(name);
                        continue;
                    }
                    let hidden =
                        el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true");
                    let furniture = drop_furniture && PAGE_FURNITURE.contains(&name);
                    if DROPPED.contains(&name) || hidden || furniture {
                        continue;
                    }
                    self.open(name);
                    stack.push((node, true));
                    let children: Vec<_> = node.children().collect();
                    stack.extend(children.into_iter().rev().map(|c| (c, false)));
                }
                _ => {}
            }
        }
    }

    fn open(&mut self, name: &str) {
        match name {
            "br" => self.breaks = (self.breaks + 1).min(2),
            "tr" => self.row_cells.push(0),
            "td" | "th" => {
                if let Some(n) = self.row_cells.last_mut() {
                    self.cell_sep |= *n > 0;
                    *n += 1;
                }
            }
            "pre" => self.pre += 1,
            _ => {}
        }
        self.block_break(name);
    }

    fn close(&mut self, name: &str) {
        match name {
            "tr" => {
                self.row_cells.pop();
            }
            "pre" => self.pre = self.pre.saturating_sub(1),
            _ => {}
        }
        self.block_break(name);
    }

    /// Blocks start and end on their own line.
    fn block_break(&mut self, name: &str) {
        let level = if PARAGRAPHS.contains(&name) {
            2
        } else if LINES.contains(&name) {
            1
        } else {
            0
        };
        self.breaks = self.breaks.max(level);
        if level > 0 {
            self.cell_sep = false;
        }
    }

    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if self.pre > 0 && c == '\n' {
                self.breaks = (self.breaks + 1).min(2);
            } else if c.is_whitespace() && self.pre == 0 {
                self.space = true;
            } else {
                self.push_char(c);
            }
        }
    }

    fn push_char(&mut self, c: char) {
        if !self.out.is_empty() {
            if self.breaks > 0 {
                self.out.extend(std::iter::repeat_n('\n', self.breaks));
            } else if self.cell_sep {
                self.out.push_str(" | ");
            } else if self.space {
                self.out.push(' ');
            }
        }
        self.breaks = 0;
        self.space = false;
        self.cell_sep = false;
        self.out.push(c);
    }

    fn finish(mut self) -> String {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }
}
