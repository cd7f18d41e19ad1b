//! List markers (bullets, "1.", "4.2.3", "(a)", "ii)") at the start of an item: they never
//! end a sentence themselves, they start one, and a run of them ("b." after "a.") marks
//! flattened list items on one line.

/// How an ordinal marker is written, so "2." continues "1." but not "(1)".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// "1." / "a."
    Dot,
    /// "1)" / "a)"
    Paren,
    /// "1.)"
    DotParen,
    /// "(1)" / "(a)"
    Enclosed,
    /// "3   Title": a bare number followed by a wide gap.
    Bare,
    /// "4.2.3": a dotted section number.
    Dotted,
}

/// What a marker counts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A bullet glyph or dash.
    Bullet,
    /// A number, with its value.
    Number(u32),
    /// A letter (a = 1), which may also read as a roman numeral (value in the second field).
    Letter(u32, Option<u32>),
    /// A roman numeral of more than one letter.
    Roman(u32),
}

/// A list marker found at the start of some text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    /// What it counts with.
    pub kind: Kind,
    /// How it is written.
    pub style: Style,
    /// Its length in bytes (without the whitespace after it).
    pub len: usize,
}

/// Glyphs that mark a bullet wherever they stand, even inside a flattened line.
pub fn is_strong_bullet(c: char) -> bool {
    matches!(c, '•' | '●' | '▪' | '◦' | '⁃' | '‣' | '■' | '□' | '►' | '➢' | '○' | '◆' | '✓' | '\u{f0b7}')
}

/// Glyphs that mark a bullet only at the start of a line and before whitespace.
fn is_weak_bullet(c: char) -> bool {
    matches!(c, '-' | '*' | '–' | '—' | '·' | '>' | '+')
}

impl Marker {
    /// Whether `next` is the item that follows `self` in the same list ("b." after "a.").
    pub fn is_followed_by(&self, next: &Marker) -> bool {
        if self.style != next.style {
            return false;
        }
        let succ = |a: u32, b: u32| b == a + 1;
        match (self.kind, next.kind) {
            (Kind::Number(a), Kind::Number(b)) => succ(a, b),
            (Kind::Letter(a, ra), Kind::Letter(b, rb)) => {
                succ(a, b) || matches!((ra, rb), (Some(x), Some(y)) if succ(x, y))
            }
            (Kind::Letter(_, Some(a)), Kind::Roman(b)) | (Kind::Roman(a), Kind::Roman(b)) => succ(a, b),
            (Kind::Roman(a), Kind::Letter(_, Some(b))) => succ(a, b),
            _ => false,
        }
    }

    /// Whether this marker opens a list ("1.", "a)", "(i)", or a bullet).
    pub fn is_first(&self) -> bool {
        match self.kind {
            Kind::Bullet => true,
            Kind::Number(n) => n == 1 && self.style != Style::Bare,
            Kind::Letter(n, roman) => n == 1 || roman == Some(1),
            Kind::Roman(n) => n == 1,
        }
    }
}

/// Parse the marker at the very start of `s`, if any. A marker must be followed by
/// whitespace (strong bullets need not be) and then by more text, except for bullets.
pub fn parse(s: &str) -> Option<Marker> {
    let first = s.chars().next()?;
    if is_strong_bullet(first) {
        return Some(Marker { kind: Kind::Bullet, style: Style::Dot, len: first.len_utf8() });
    }
    if is_weak_bullet(first) {
        let rest = &s[first.len_utf8()..];
        return starts_with_space(rest).then_some(Marker { kind: Kind::Bullet, style: Style::Dot, len: first.len_utf8() });
    }
    let marker = if first == '(' { enclosed(s) } else if first.is_ascii_digit() { numeric(s) } else { alphabetic(s) }?;
    followed_by_text(&s[marker.len..]).then_some(marker)
}

fn starts_with_space(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_whitespace)
}

/// Whitespace, then something that is not whitespace.
fn followed_by_text(s: &str) -> bool {
    starts_with_space(s) && !s.trim_start().is_empty()
}

/// The count of leading bytes of `s` that satisfy `pred`, at most `max`.
fn run_len(s: &str, max: usize, pred: impl Fn(u8) -> bool) -> usize {
    s.bytes().take(max + 1).take_while(|&b| pred(b)).count()
}

fn numeric(s: &str) -> Option<Marker> {
    let digits = run_len(s, 3, |b| b.is_ascii_digit());
    if digits == 0 || digits > 3 {
        return None;
    }
    let value: u32 = s[..digits].parse().ok()?;
    let rest = &s[digits..];
    let number = |style, len| Some(Marker { kind: Kind::Number(value), style, len });
    if rest.starts_with(".)") {
        return number(Style::DotParen, digits + 2);
    }
    if rest.starts_with(')') {
        return number(Style::Paren, digits + 1);
    }
    if let Some(len) = dotted_len(s) {
        return number(Style::Dotted, len);
    }
    if rest.starts_with('.') {
        return number(Style::Dot, digits + 1);
    }
    let gap = rest.bytes().take_while(|&b| b == b' ' || b == b'\t').count();
    (gap >= 2 || rest.starts_with('\t')).then_some(Marker { kind: Kind::Number(value), style: Style::Bare, len: digits })
}

/// Length of a section number with at least two parts ("4.2", "4.2.3", "4.2."), if `s`
/// starts with one.
fn dotted_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let (mut pos, mut parts) = (0usize, 0usize);
    loop {
        let digits = run_len(&s[pos..], 3, |b| b.is_ascii_digit());
        if digits == 0 || digits > 3 {
            break;
        }
        pos += digits;
        parts += 1;
        if bytes.get(pos) == Some(&b'.') && bytes.get(pos + 1).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        } else {
            break;
        }
    }
    if parts < 2 {
        return None;
    }
    if bytes.get(pos) == Some(&b'.') {
        pos += 1;
    }
    Some(pos)
}

fn enclosed(s: &str) -> Option<Marker> {
    let close = s[1..].bytes().take(6).position(|b| b == b')')? + 1;
    let inner = &s[1..close];
    let kind = if inner.bytes().all(|b| b.is_ascii_digit()) && !inner.is_empty() && inner.len() <= 3 {
        Kind::Number(inner.parse().ok()?)
    } else {
        letter_or_roman(inner)?
    };
    Some(Marker { kind, style: Style::Enclosed, len: close + 1 })
}

fn alphabetic(s: &str) -> Option<Marker> {
    let letters = run_len(s, 6, |b| b.is_ascii_lowercase());
    if letters == 0 || letters > 6 {
        return None;
    }
    let kind = letter_or_roman(&s[..letters])?;
    let rest = &s[letters..];
    let (style, extra) = if rest.starts_with(".)") {
        (Style::DotParen, 2)
    } else if rest.starts_with(')') {
        (Style::Paren, 1)
    } else if rest.starts_with('.') {
        (Style::Dot, 1)
    } else {
        return None;
    };
    Some(Marker { kind, style, len: letters + extra })
}

/// A single lowercase letter, or a lowercase roman numeral.
fn letter_or_roman(s: &str) -> Option<Kind> {
    let bytes = s.as_bytes();
    if bytes.len() == 1 && bytes[0].is_ascii_lowercase() {
        return Some(Kind::Letter(u32::from(bytes[0] - b'a') + 1, roman_value(s)));
    }
    roman_value(s).map(Kind::Roman)
}

/// The value of a lowercase roman numeral up to 39, written canonically.
fn roman_value(s: &str) -> Option<u32> {
    const UNITS: [&str; 10] = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    let tens = s.bytes().take_while(|&b| b == b'x').count();
    if tens > 3 {
        return None;
    }
    let unit = UNITS.iter().position(|u| *u == &s[tens..])?;
    let value = (tens * 10 + unit) as u32;
    (value > 0).then_some(value)
}
