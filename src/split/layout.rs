//! Layout: which line breaks end a unit. Headings, list items, table rows and page furniture
//! end at their line break; a hard-wrapped sentence runs on over its line breaks. The output
//! is a list of blocks (byte ranges, trimmed) that [`super::rules`] then cuts at punctuation.

use super::markers;

/// One line of the text and what its shape says about its role.
#[derive(Debug)]
struct Line<'a> {
    /// Byte offset of the line's first non-whitespace character.
    start: usize,
    /// Byte offset just after its last non-whitespace character.
    end: usize,
    /// The trimmed content.
    content: &'a str,
    /// Width in characters including indentation (for the wrap-width test).
    width: usize,
}

/// How the wrap test sees a document: lines longer than this were filled to the margin.
const MAX_SCAN: usize = 400;

/// Cut `text` into blocks: byte ranges, trimmed, in order, that together hold every
/// non-whitespace character. A block ends at a blank line or at a line break that ends a
/// heading, list item, table row or page-furniture line.
pub fn blocks(text: &str) -> Vec<(usize, usize)> {
    let lines = lines(text);
    let wrap_width = wrap_width(&lines);
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for (k, line) in lines.iter().enumerate() {
        let Some(line) = line else {
            out.extend(current.take());
            continue;
        };
        current = Some(match current {
            Some((start, _)) => (start, line.end),
            None => (line.start, line.end),
        });
        let next = lines.get(k + 1).and_then(Option::as_ref);
        if next.is_some_and(|next| breaks_between(line, next, wrap_width)) {
            out.extend(current.take());
        }
    }
    out.extend(current);
    out
}

/// The lines of `text` (`None` for blank ones); a trailing "\r" counts as whitespace.
fn lines(text: &str) -> Vec<Option<Line<'_>>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split('\n') {
        let lead = raw.len() - raw.trim_start().len();
        let content = raw.trim();
        out.push((!content.is_empty()).then(|| Line {
            start: offset + lead,
            end: offset + lead + content.len(),
            content,
            width: raw[..lead].chars().count() + content.chars().take(MAX_SCAN).count(),
        }));
        offset += raw.len() + 1;
    }
    out
}

/// The margin of hard-wrapped text: a high percentile of the widths of lines that clearly
/// run on (the next line starts in lower case). `usize::MAX` when nothing shows wrapping.
fn wrap_width(lines: &[Option<Line<'_>>]) -> usize {
    let mut widths: Vec<usize> = lines
        .windows(2)
        .filter_map(|pair| match pair {
            [Some(line), Some(next)] if runs_on(line, next) => Some(line.width),
            _ => None,
        })
        .collect();
    widths.sort_unstable();
    match widths.len() {
        0 => usize::MAX,
        // Too few to trust a percentile: the widest is the best guess at the margin.
        n if n < 10 => widths[n - 1],
        n => widths[n * 9 / 10],
    }
}

/// Whether `line` plainly runs on into `next`: prose broken before a lower-case word.
fn runs_on(line: &Line<'_>, next: &Line<'_>) -> bool {
    starts_lowercase(next.content)
        && !matches!(last_significant(line.content), '.' | ':' | ';' | '?' | '!')
        && !is_columnar(line.content)
}

/// Whether the break between two adjacent non-blank lines ends a unit.
fn breaks_between(line: &Line<'_>, next: &Line<'_>, wrap_width: usize) -> bool {
    let this = line.content;
    if is_bare_marker(this) {
        return false;
    }
    if markers::parse(next.content).is_some() || is_furniture(this) || is_furniture(next.content) {
        return true;
    }
    if is_columnar(this) || is_columnar(next.content) || is_caps_heading(this) != is_caps_heading(next.content) {
        return true;
    }
    let last = last_significant(this);
    match last {
        ':' => return true,
        '.' | '?' | '!' | '…' => return false,
        ';' => return !starts_lowercase(next.content),
        _ => {}
    }
    if starts_lowercase(next.content) || last == ',' || ends_with_link_word(this) {
        return false;
    }
    !would_not_fit(line, next, wrap_width)
}

/// Whether the first word of `next` would have overflowed the margin after `line`, so the
/// break is the wrap's, not the author's.
fn would_not_fit(line: &Line<'_>, next: &Line<'_>, wrap_width: usize) -> bool {
    let first_word = next.content.split_whitespace().next().map_or(0, |w| w.chars().count());
    wrap_width != usize::MAX && line.width + 1 + first_word > wrap_width
}

/// The last character that is not a closing bracket or quote.
fn last_significant(content: &str) -> char {
    content
        .chars()
        .rev()
        .find(|c| !matches!(c, ')' | ']' | '"' | '\'' | '”' | '’'))
        .unwrap_or(' ')
}

fn starts_lowercase(content: &str) -> bool {
    content.chars().next().is_some_and(char::is_lowercase)
}

/// A line that is only a bullet or number: its item continues on the next line.
fn is_bare_marker(content: &str) -> bool {
    content.len() <= 16
        && content.chars().count() <= 4
        && (content.chars().all(markers::is_strong_bullet)
            || markers::parse(&format!("{content} x")).is_some_and(|m| m.len == content.len()))
}

/// Words after which a sentence cannot end, so a line ending in one runs on.
fn ends_with_link_word(content: &str) -> bool {
    const LINK_WORDS: &[&str] = &[
        "and", "or", "of", "the", "to", "for", "in", "with", "by", "a", "an", "on", "at", "from", "that",
        "&", "between", "as", "its", "their", "his", "her", "which", "who", "is", "are", "was", "were",
        "be", "been", "has", "have", "had", "not", "will", "would", "than", "into", "about", "under",
        "this", "these", "those", "our", "your", "but", "nor", "per", "via", "whether", "said", "also",
        "any", "all", "each", "every", "some", "no", "such", "my", "if", "when", "where", "while",
    ];
    let last = content.rsplit(char::is_whitespace).next().unwrap_or("");
    last.len() <= 8 && LINK_WORDS.contains(&last.to_lowercase().as_str())
}

/// Page furniture: "Page 12", "Page 3 of 20", "- 12 -", "12", "Agenda Item 7".
fn is_furniture(content: &str) -> bool {
    if content.len() > 40 {
        return false;
    }
    let lower = content.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().filter(|w| *w != "-" && *w != "–").collect();
    let numeric = |w: &str| !w.is_empty() && w.len() <= 5 && w.chars().all(|c| c.is_ascii_alphanumeric()) && w.chars().any(|c| c.is_ascii_digit());
    match words.as_slice() {
        [n] => numeric(n.trim_matches(|c| c == '-' || c == '–')),
        ["page", n] => numeric(n),
        ["page", n, "of", m] => numeric(n) && numeric(m),
        ["agenda", "item", n] => numeric(n) || n.len() <= 2,
        ["agenda", "item", n, "page", m] => numeric(n) && numeric(m),
        _ => false,
    }
}

/// A flattened table row or a label with a value in a column: text with a wide internal gap
/// that is not the double space after a full stop.
fn is_columnar(content: &str) -> bool {
    let body = match markers::parse(content) {
        Some(marker) => content[marker.len..].trim_start(),
        None => content,
    };
    let bytes = body.as_bytes();
    let scan = bytes.len().min(MAX_SCAN * 4);
    // A code before the first gap ("CAB19/24  To Receive") labels a heading, not a column.
    let first_token = bytes.iter().take(scan).position(u8::is_ascii_whitespace).unwrap_or(scan);
    let coded = bytes[..first_token].iter().any(u8::is_ascii_digit);
    (1..scan.saturating_sub(2)).any(|k| {
        let gap = bytes[k] == b'\t' || (bytes[k] == b' ' && bytes[k + 1] == b' ');
        let after_label = matches!(bytes[k - 1], b'.' | b'?' | b'!' | b':' | b' ' | b'\t');
        gap && !after_label && !(coded && k == first_token)
    })
}

/// A heading in capitals ("4. ANNUAL COMPLAINTS REPORT 2022/23", "RESOLVED:").
fn is_caps_heading(content: &str) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in content.chars().take(MAX_SCAN) {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    upper >= 4 && upper * 10 >= (upper + lower) * 7
}
