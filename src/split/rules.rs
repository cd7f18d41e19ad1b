//! Rules: cut a block of text at sentence punctuation. A full stop ends a sentence unless an
//! abbreviation, initial, number or list marker explains it; "?" and "!" end one unless a
//! lower-case word follows; bullets and the next number of a flattened list start a new one.

use super::abbreviations::{self as abbr, Abbrev};
use super::markers::{self, Marker};
use super::{layout, sentences_from_byte_spans, Sentence, Splitter};

/// The rule-based splitter for council minutes: [`layout`] blocks cut by punctuation rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleSplitter;

impl Splitter for RuleSplitter {
    fn split(&self, doc: &str, text: &str) -> Vec<Sentence> {
        sentences_from_byte_spans(doc, text, &split_spans(text))
    }
}

/// The sentences of `text` as trimmed byte spans, in order.
pub fn split_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let anonymised = abbr::anonymised_names(text);
    for (start, end) in layout::blocks(text) {
        split_block(text, start, end, &anonymised, &mut spans);
    }
    spans
}

/// How far back to look for the word before a full stop (keeps the scan linear).
const MAX_WORD: usize = 64;

/// Characters that may close a quotation or bracket after the sentence's last stop.
fn is_closer(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '»')
}

/// Characters that may open a quotation or bracket before a word.
fn is_opener(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '«')
}

/// A scan over one block, pushing sentence spans as it finds boundaries.
struct BlockScan<'a> {
    text: &'a str,
    end: usize,
    sentence_start: usize,
    /// The list marker that opened the current sentence, for spotting the next item inline.
    marker: Option<Marker>,
    /// "Mr X"-style names used elsewhere in the document without a full stop.
    anonymised: &'a abbr::AnonymisedNames,
    out: &'a mut Vec<(usize, usize)>,
}

fn split_block(text: &str, start: usize, end: usize, anonymised: &abbr::AnonymisedNames, out: &mut Vec<(usize, usize)>) {
    let mut scan = BlockScan { text, end, sentence_start: start, marker: None, anonymised, out };
    let mut pos = scan.begin_sentence(start);
    while pos < end {
        pos = scan.step(pos);
    }
    scan.close(end);
}

impl BlockScan<'_> {
    fn char_at(&self, pos: usize) -> Option<char> {
        self.text[pos..self.end].chars().next()
    }

    fn char_before(&self, pos: usize) -> Option<char> {
        self.text[self.sentence_start..pos].chars().next_back()
    }

    /// Start a sentence at `pos` (not whitespace); returns where scanning resumes, past any
    /// list markers, whose full stops are not sentence ends.
    fn begin_sentence(&mut self, pos: usize) -> usize {
        self.sentence_start = pos;
        self.marker = None;
        let mut cursor = pos;
        for _ in 0..2 {
            let Some(marker) = markers::parse(&self.text[cursor..self.end]) else { break };
            if self.marker.is_none_or(|m| m.kind == markers::Kind::Bullet) {
                self.marker = Some(marker);
            }
            cursor += marker.len;
            cursor = self.skip_space(cursor);
        }
        cursor
    }

    fn skip_space(&self, mut pos: usize) -> usize {
        while let Some(c) = self.char_at(pos) {
            if !c.is_whitespace() {
                break;
            }
            pos += c.len_utf8();
        }
        pos
    }

    /// End the current sentence at `end` (trimmed back over whitespace).
    fn close(&mut self, end: usize) {
        let trimmed = self.text[self.sentence_start..end].trim_end();
        if !trimmed.is_empty() {
            self.out.push((self.sentence_start, self.sentence_start + trimmed.len()));
        }
    }

    /// Cut before `next` (a non-whitespace position) and start a sentence there.
    fn cut(&mut self, end: usize, next: usize) -> usize {
        self.close(end);
        self.begin_sentence(next)
    }

    /// Look at the character at `pos`; returns the next position to look at.
    fn step(&mut self, pos: usize) -> usize {
        let Some(c) = self.char_at(pos) else { return self.end };
        let after = pos + c.len_utf8();
        match c {
            '.' | '?' | '!' | '…' => self.terminator(pos),
            ':' => self.colon(after),
            c if c.is_whitespace() => self.list_item_after_space(after),
            _ => after,
        }
    }

    /// After whitespace: a bullet glyph, or the next marker of the current list, starts a
    /// new item even with no full stop before it.
    fn list_item_after_space(&mut self, pos: usize) -> usize {
        let Some(c) = self.char_at(pos) else { return pos };
        if c.is_whitespace() || pos == self.sentence_start {
            return pos;
        }
        if markers::is_strong_bullet(c) {
            return self.cut(pos, pos);
        }
        if c.is_ascii_alphanumeric() || c == '(' {
            if let (Some(current), Some(next)) = (self.marker, markers::parse(&self.text[pos..self.end])) {
                if current.is_followed_by(&next) {
                    return self.cut(pos, pos);
                }
            }
        }
        pos
    }

    /// A colon followed by the first item of a list ends the lead-in.
    fn colon(&mut self, after: usize) -> usize {
        let next = self.skip_space(after);
        if next == after || next >= self.end {
            return after;
        }
        match markers::parse(&self.text[next..self.end]) {
            Some(marker) if marker.is_first() => self.cut(after, next),
            _ => after,
        }
    }

    /// A run of ".", "?", "!", "…" at `pos`, with any spaced ellipsis and closers after it.
    fn terminator(&mut self, pos: usize) -> usize {
        let attached = self.char_before(pos).is_some_and(|c| !c.is_whitespace());
        let bytes = self.text.as_bytes();
        let (mut cursor, mut dots, mut strong) = (pos, 0usize, false);
        while let Some(c) = self.char_at(cursor) {
            match c {
                '.' => dots += 1,
                '…' => dots += 3,
                '?' | '!' => strong = true,
                _ => break,
            }
            cursor += c.len_utf8();
        }
        let single_stop = cursor == pos + 1 && bytes[pos] == b'.';
        let run_end = cursor;
        // A spaced ellipsis ". . ." continues the run.
        let mut spaced = 0usize;
        while cursor + 1 < self.end && bytes[cursor] == b' ' && bytes[cursor + 1] == b'.' {
            cursor += 2;
            spaced += 1;
            while cursor < self.end && bytes[cursor] == b'.' {
                cursor += 1;
                spaced += 1;
            }
        }
        while let Some(c) = self.char_at(cursor).filter(|&c| is_closer(c)) {
            cursor += c.len_utf8();
        }
        let next = self.skip_space(cursor);
        if next == cursor || next >= self.end {
            return cursor.max(pos + 1);
        }
        if self.is_table_cell_end(cursor, next) {
            return next;
        }
        let follower = Follower::at(&self.text[next..self.end]);
        let boundary_at = if strong {
            (!follower.lowercase).then_some(cursor)
        } else if single_stop && attached && spaced >= 3 {
            // "compounds. . . . The": the stop ends the sentence, the ellipsis opens the next.
            follower.capital.then_some(run_end)
        } else if dots + spaced >= 4 || dots + spaced == 2 {
            // "that.... She" and ". . . . Next" end a sentence; a typo'd ".." too.
            (!follower.lowercase).then_some(cursor)
        } else if dots + spaced == 3 {
            // A three-dot ellipsis marks an omission inside the sentence.
            None
        } else {
            self.full_stop_ends(pos, &follower).then_some(cursor)
        };
        match boundary_at {
            Some(end) => {
                let start = self.skip_space(end);
                self.cut(end, start)
            }
            None => cursor,
        }
    }

    /// Whether the gap from `from` to `next` separates cells of a flattened table row
    /// ("Economic Dev.      16", "complaint. | Yes |") rather than sentences.
    fn is_table_cell_end(&self, from: usize, next: usize) -> bool {
        let gap = &self.text[from..next];
        let wide = gap.len() >= 3 && !gap.contains('\n');
        let bytes = self.text.as_bytes();
        bytes[next] == b'|' || (wide && bytes[next].is_ascii_digit())
    }

    /// Whether the single full stop at `pos` ends a sentence, given what follows it.
    fn full_stop_ends(&self, pos: usize, follower: &Follower) -> bool {
        if follower.lowercase {
            return false;
        }
        let word = self.word_before(pos);
        if follower.digit {
            return !abbr::precedes_numbers(word);
        }
        // A word standing alone before a capital ("No." as an answer) is not an abbreviation,
        // except in the "No. Item" header of a minutes table.
        let alone = pos - word.len() == self.sentence_start;
        if alone && abbr::is_number_column_header(word, follower.word) {
            return false;
        }
        match abbr::classify(word) {
            Some(Abbrev::Prepositive) => return false,
            Some(Abbrev::PreNumber | Abbrev::Ordinary) if !alone => return follower.starter,
            _ => {}
        }
        if let Some(upper) = abbr::time_of_day(word) {
            return if upper { follower.capital } else { follower.starter };
        }
        if abbr::is_dotted_letters(word) {
            return follower.starter;
        }
        let mut letters = word.chars();
        if let (Some(letter), None) = (letters.next(), letters.next()) {
            if letter.is_alphabetic() {
                let previous = self.word_before(pos - word.len()).trim_end_matches(',');
                // "you and I." is the pronoun; "Appendix A." names an appendix.
                let pronoun = letter == 'I' && previous.chars().next().is_some_and(char::is_lowercase);
                // "Mrs Z." ends a sentence in a decision that calls her "Mrs Z" elsewhere.
                let anonymised = self.anonymised.contains(previous, letter);
                return pronoun || anonymised || abbr::is_letter_label(previous) || follower.starter;
            }
        }
        true
    }

    /// The word that ends at `end` (a full stop's position): the non-space text before it,
    /// without opening brackets or quotes, at most [`MAX_WORD`] bytes.
    fn word_before(&self, end: usize) -> &str {
        // Callers step back by a word's length, which can land inside a multi-byte character
        // when that word was cut at MAX_WORD; the word then ends at the character's start.
        let mut end = end.max(self.sentence_start);
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let mut start = end;
        let text = &self.text[self.sentence_start..end];
        for (k, c) in text.char_indices().rev() {
            if c.is_whitespace() || end - (self.sentence_start + k) > MAX_WORD {
                break;
            }
            start = self.sentence_start + k;
        }
        // Skip whitespace before a word when asked for the previous word.
        let word = &self.text[start..end];
        if word.is_empty() && end > self.sentence_start {
            let trimmed = self.text[self.sentence_start..end].trim_end();
            return self.word_before(self.sentence_start + trimmed.len());
        }
        word.trim_start_matches(is_opener)
    }
}

/// What follows a candidate sentence end.
struct Follower<'a> {
    /// The next word (letters, digits and apostrophes).
    word: &'a str,
    lowercase: bool,
    digit: bool,
    capital: bool,
    /// The next word usually starts a sentence ("The", "It", "However").
    starter: bool,
}

impl<'a> Follower<'a> {
    fn at(rest: &'a str) -> Self {
        let body = rest.trim_start_matches(|c: char| is_opener(c));
        let first = body.chars().next();
        let word_end = body
            .char_indices()
            .take(MAX_WORD)
            .find(|(_, c)| !c.is_alphanumeric() && *c != '\'' && *c != '’')
            .map_or(body.len().min(MAX_WORD * 4), |(k, _)| k);
        let word = body.get(..word_end).unwrap_or("");
        let lowercase = first.is_some_and(char::is_lowercase);
        Follower {
            word,
            lowercase,
            digit: first.is_some_and(|c| c.is_ascii_digit()),
            capital: !lowercase,
            starter: first.is_some_and(char::is_uppercase) && abbr::is_sentence_starter(word),
        }
    }
}
