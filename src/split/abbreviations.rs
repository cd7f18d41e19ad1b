//! Abbreviations and the words around a full stop that tell whether it ends a sentence.
//! Lists are lowercase, without the final full stop; lookups ignore case unless noted.

/// How an abbreviation behaves before a capitalised word or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abbrev {
    /// Stands before a name or example and never ends a sentence there ("Mr.", "Cllr.", "e.g.").
    Prepositive,
    /// Stands before a number ("No. 5", "para. 3.2", "p. 12", "Sept. 2023"); before a word it
    /// ends a sentence only when the word usually starts one.
    PreNumber,
    /// Ends a sentence only before a word that usually starts one ("approx.", "U.S.").
    Ordinary,
}

/// Titles and Latin abbreviations that precede what they qualify.
const PREPOSITIVE: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "cllr", "coun", "clr", "councillor", "prof", "rev", "revd", "mt", "st", "sgt",
    "capt", "col", "gen", "lt", "hon", "rt", "messrs", "fr", "supt", "insp", "det", "gov", "sen", "rep",
    "e.g", "i.e", "eg", "ie", "cf", "viz", "vs", "v", "n.b", "nb", "approx", "ca", "c.f",
];

/// Abbreviations that are followed by a number.
const PRE_NUMBER: &[&str] = &[
    "no", "nos", "n°", "p", "pp", "para", "paras", "s", "ss", "art", "arts", "reg", "regs", "vol", "fig",
    "figs", "sch", "ch", "cl", "c", "ref", "tel", "ext", "sec", "sect", "pt", "op", "min", "mins", "max",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "ca",
    "tab", "app", "r", "rm", "nr", "no's", "item", "ver", "v",
];

/// Other common abbreviations that rarely end a sentence.
const ORDINARY: &[&str] = &[
    "dept", "est", "govt", "misc", "info", "ave", "assoc", "corp", "mon", "tue", "tues", "wed", "thu",
    "thur", "thurs", "fri", "sat", "sun", "hrs", "yr", "yrs", "wk", "wks", "mth", "mths", "dir", "mgr",
    "asst", "inc", "co", "jr", "sr", "al", "gov", "admin", "temp", "ft", "sq", "km", "cm", "mm", "kg",
    "oz", "lb", "lbs", "e", "w", "n", "nw", "ne", "sw", "se", "resp", "incl", "excl", "cont",
    "tbc", "bros", "ltd",
];

/// Words that label a lettered thing ("Appendix A.", "Option B."), so the letter after them
/// is a name of its own rather than an initial.
const LETTER_LABELS: &[&str] = &[
    "appendix", "appendices", "annex", "annexe", "schedule", "table", "figure", "part", "section",
    "option", "options", "stage", "category", "grade", "class", "type", "level", "plan", "phase",
    "band", "zone", "block", "item", "document", "doc",
    "ward", "unit", "plot", "flat", "room", "area", "group", "panel", "vitamin", "exhibit", "list",
];

/// Words that usually start a sentence: after an ambiguous abbreviation they tip the balance
/// towards a boundary ("Co. It closed", "U.S. How about").
const SENTENCE_STARTERS: &[&str] = &[
    "the", "this", "that", "these", "those", "there", "then", "thus", "he", "she", "it", "its", "they",
    "their", "we", "our", "i", "you", "your", "a", "an", "in", "on", "at", "as", "by", "for", "from",
    "of", "to", "with", "if", "when", "while", "where", "what", "which", "who", "why", "how", "but",
    "and", "or", "so", "however", "also", "although", "after", "before", "during", "since", "some",
    "all", "any", "each", "every", "not", "his", "her", "my", "did", "do", "does", "is", "are", "was",
    "were", "has", "have", "had", "can", "could", "will", "would", "should", "may", "might", "must",
    "please", "let", "yes", "further", "following", "once", "under", "upon", "within", "overall",
    "finally", "here", "now", "today", "one", "two", "three", "members", "officers", "councillors",
    "there", "both", "no", "many", "most", "other", "such", "following", "given", "because",
];

/// Titles that ombudsman decisions put before a single letter to anonymise a person ("Mrs Z").
const PERSON_TITLES: &[&str] = &["mr", "mrs", "ms", "mx", "miss", "dr"];

/// Column headers that follow "No." in the header row of a minutes table ("No. Item").
const NUMBER_COLUMN_HEADERS: &[&str] = &["item", "items", "title", "subject", "minute", "description", "report"];

/// Title-and-letter names ("mrs z") that a document uses without a full stop after the letter,
/// which marks the letter as an anonymised name rather than an initial.
#[derive(Debug, Default)]
pub struct AnonymisedNames(std::collections::HashSet<(String, char)>);

impl AnonymisedNames {
    /// Whether `title` + `letter` is one of the document's anonymised names.
    pub fn contains(&self, title: &str, letter: char) -> bool {
        !self.0.is_empty() && self.0.contains(&(title.trim_end_matches('.').to_lowercase(), letter))
    }
}

/// Collect the anonymised names of a document: a person's title, then a capital letter followed
/// by anything but a full stop or another letter ("Mrs Z complained", "Mr X's", "Ms Y,").
pub fn anonymised_names(text: &str) -> AnonymisedNames {
    let mut names = std::collections::HashSet::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        let title = word.trim_start_matches(|c: char| !c.is_alphanumeric()).trim_end_matches('.');
        if !contains(PERSON_TITLES, title) {
            continue;
        }
        let Some(next) = words.peek() else { break };
        let mut chars = next.chars();
        if let Some(letter) = chars.next().filter(char::is_ascii_uppercase) {
            if chars.next().map_or(true, |c| c != '.' && !c.is_alphanumeric()) {
                names.insert((title.to_lowercase(), letter));
            }
        }
    }
    AnonymisedNames(names)
}

/// Whether "No." followed by `next` is the header of a numbered table column ("No. Item").
pub fn is_number_column_header(word: &str, next: &str) -> bool {
    word.eq_ignore_ascii_case("no") && contains(NUMBER_COLUMN_HEADERS, next)
}

fn contains(list: &[&str], word: &str) -> bool {
    let lower = word.to_lowercase();
    list.contains(&lower.as_str())
}

/// The kind of abbreviation `word` (the text before a full stop, without it) is, if any.
pub fn classify(word: &str) -> Option<Abbrev> {
    if word.len() > 12 {
        return None;
    }
    if contains(PREPOSITIVE, word) {
        Some(Abbrev::Prepositive)
    } else if contains(PRE_NUMBER, word) {
        Some(Abbrev::PreNumber)
    } else if contains(ORDINARY, word) {
        Some(Abbrev::Ordinary)
    } else {
        None
    }
}

/// Whether a full stop after `word` need not end a sentence before a number.
pub fn precedes_numbers(word: &str) -> bool {
    word.len() <= 12 && (contains(PRE_NUMBER, word) || contains(PREPOSITIVE, word))
}

/// Whether `word` names a lettered item, so "Appendix A." can end a sentence.
pub fn is_letter_label(word: &str) -> bool {
    word.len() <= 12 && contains(LETTER_LABELS, word)
}

/// Whether `word` usually starts a sentence.
pub fn is_sentence_starter(word: &str) -> bool {
    word.len() <= 12 && contains(SENTENCE_STARTERS, word)
}

/// Whether `word` is dotted letters like "U.S", "e.g", "a.m" (the final stop removed).
pub fn is_dotted_letters(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        if part.chars().count() != 1 || !part.chars().all(char::is_alphabetic) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// Whether `word` is "a.m"/"p.m" in either case; the flag says upper case ("P.M").
pub fn time_of_day(word: &str) -> Option<bool> {
    let lower = word.to_lowercase();
    matches!(lower.as_str(), "a.m" | "p.m").then(|| word.chars().any(char::is_uppercase))
}
