//! The kinds of text seen in council minutes, one test per kind: layout, hard wrapping,
//! abbreviations and numbers, quotes and brackets, and the offset contract.

use complaint_tagger::split::{check_segmentation, RuleSplitter, Splitter};

fn split(text: &str) -> Vec<String> {
    let sentences = RuleSplitter.split("case", text);
    check_segmentation(text, &sentences).expect("segmentation contract");
    sentences.into_iter().map(|s| s.text).collect()
}

fn assert_splits(text: &str, expected: &[&str]) {
    assert_eq!(split(text), expected, "input: {text:?}");
}

#[test]
fn heading_lines_are_their_own_sentences() {
    assert_splits(
        "Agenda item\n4. ANNUAL COMPLAINTS REPORT 2022/23\nMinutes:\nThe Committee considered the report.\nRESOLVED:\nThat the report be noted.",
        &["Agenda item", "4. ANNUAL COMPLAINTS REPORT 2022/23", "Minutes:", "The Committee considered the report.", "RESOLVED:", "That the report be noted."],
    );
}

#[test]
fn numbered_paragraph_number_stays_with_first_sentence() {
    assert_splits(
        "1.1 The council received 83 complaints. Most were resolved at stage one.\n4.2.3 Two were escalated.",
        &["1.1 The council received 83 complaints.", "Most were resolved at stage one.", "4.2.3 Two were escalated."],
    );
}

#[test]
fn bullets_without_full_stops_end_at_their_line() {
    assert_splits(
        "The main themes were:\n• delay in responding\n- poor communication\n* staff attitude\n(a) missed bins\ni) lost post\na) late repairs",
        &["The main themes were:", "• delay in responding", "- poor communication", "* staff attitude", "(a) missed bins", "i) lost post", "a) late repairs"],
    );
}

#[test]
fn flattened_bullets_on_one_line_are_split() {
    assert_splits(
        "The Council will: • apologise to Mr X • pay Mr X £300 • review its procedures",
        &["The Council will:", "• apologise to Mr X", "• pay Mr X £300", "• review its procedures"],
    );
    assert_splits(
        "The landlord must: a. apologise to the resident b. pay the resident £650 c. review its policy",
        &["The landlord must:", "a. apologise to the resident", "b. pay the resident £650", "c. review its policy"],
    );
}

#[test]
fn multi_line_bullet_item_stays_whole() {
    assert_splits(
        "• the landlord did not respond to repeated\n  requests for repairs\n• it did not keep records",
        &["• the landlord did not respond to repeated\n  requests for repairs", "• it did not keep records"],
    );
}

#[test]
fn flattened_table_rows_are_one_sentence_each() {
    assert_splits(
        "Service                    2021/22   2022/23\nHousing                         54        61\nRegulation and Economic Dev.    16         8",
        &["Service                    2021/22   2022/23", "Housing                         54        61", "Regulation and Economic Dev.    16         8"],
    );
}

#[test]
fn page_furniture_lines_are_their_own_sentences() {
    let text = "The Committee noted the figures for the\nPage 12\nAgenda Item 7\nyear. Members asked questions.";
    let got = split(text);
    assert!(got.contains(&"Page 12".to_string()), "{got:?}");
    assert!(got.contains(&"Agenda Item 7".to_string()), "{got:?}");
}

#[test]
fn hard_wrapped_sentence_runs_over_line_breaks() {
    let text = "The Head of Customer Services said that the council had received more\ncomplaints about the refuse service than in any previous year. The Senior\nPolicy Officer asked Members to note two small corrections to the report\n(Document \"P\") before it was published.";
    assert_splits(
        text,
        &[
            "The Head of Customer Services said that the council had received more\ncomplaints about the refuse service than in any previous year.",
            "The Senior\nPolicy Officer asked Members to note two small corrections to the report\n(Document \"P\") before it was published.",
        ],
    );
}

#[test]
fn line_break_after_heading_ends_it() {
    assert_splits(
        "Background\nThe council received 12 complaints in the year about the way it handled repairs.",
        &["Background", "The council received 12 complaints in the year about the way it handled repairs."],
    );
}

#[test]
fn crlf_line_endings() {
    let text = "Minutes:\r\nThe report was noted.\r\nRESOLVED:\r\nThat the report be\r\nnoted.\r\n";
    assert_splits(text, &["Minutes:", "The report was noted.", "RESOLVED:", "That the report be\r\nnoted."]);
}

#[test]
fn titles_and_initials_do_not_end_sentences() {
    assert_splits(
        "Cllr. Jones asked Mr. Smith and Mrs. Patel about it. Dr. Brown and J. Smith replied. It was noted.",
        &["Cllr. Jones asked Mr. Smith and Mrs. Patel about it.", "Dr. Brown and J. Smith replied.", "It was noted."],
    );
}

#[test]
fn reference_abbreviations_before_numbers() {
    assert_splits(
        "See No. 5 at para. 3.2 on p.12 and s.20 of the Act. The council agreed.",
        &["See No. 5 at para. 3.2 on p.12 and s.20 of the Act.", "The council agreed."],
    );
}

#[test]
fn latin_and_common_abbreviations() {
    assert_splits(
        "Some areas, e.g. St. Ives, i.e. the west, had approx. 40 cases vs. 30 last year. Staff from Amey Ltd. attended.",
        &["Some areas, e.g. St. Ives, i.e. the west, had approx. 40 cases vs. 30 last year.", "Staff from Amey Ltd. attended."],
    );
    assert_splits(
        "Bins, bags etc. were collected. The service recovered.",
        &["Bins, bags etc. were collected.", "The service recovered."],
    );
}

#[test]
fn times_and_months() {
    assert_splits(
        "The meeting started at 7.00 p.m. and ended at 8.40 p.m. The next meeting is in Jan. 2024 at 10.30am.",
        &["The meeting started at 7.00 p.m. and ended at 8.40 p.m.", "The next meeting is in Jan. 2024 at 10.30am."],
    );
}

#[test]
fn numbers_money_dates_and_percentages_do_not_split() {
    assert_splits(
        "It paid £1,234.56 on 01.04.2023, 3.5% more than in 2022/23. 41 of the 83 complaints were upheld.",
        &["It paid £1,234.56 on 01.04.2023, 3.5% more than in 2022/23.", "41 of the 83 complaints were upheld."],
    );
}

#[test]
fn urls_and_emails_do_not_split() {
    assert_splits(
        "Write to complaints@example.gov.uk or see https://www.example.gov.uk/complaints.html. Calls are free.",
        &["Write to complaints@example.gov.uk or see https://www.example.gov.uk/complaints.html.", "Calls are free."],
    );
}

#[test]
fn ellipsis_inside_and_at_end() {
    assert_splits(
        "He said the service was ... adequate. She left... Then she came back.",
        &["He said the service was ... adequate.", "She left... Then she came back."],
    );
}

#[test]
fn closing_quotes_and_brackets_after_full_stop() {
    assert_splits(
        "\"We were not told.\" she said. The figures are attached (see Appendix A.) The report was noted.",
        &["\"We were not told.\" she said.", "The figures are attached (see Appendix A.)", "The report was noted."],
    );
    assert_splits(
        "The resident said \"nobody called back.\" \"It was awful,\" she added.",
        &["The resident said \"nobody called back.\"", "\"It was awful,\" she added."],
    );
}

#[test]
fn sentences_beginning_with_digit_or_quote() {
    assert_splits(
        "Complaints rose to 83. 27% were about delay. 'Most were resolved,' the officer said.",
        &["Complaints rose to 83.", "27% were about delay.", "'Most were resolved,' the officer said."],
    );
}

#[test]
fn anonymised_people_and_appendix_letters_end_sentences() {
    assert_splits(
        "The council should apologise to Mr X. It should pay him £300. Details are in Appendix B. Members noted them.",
        &["The council should apologise to Mr X.", "It should pay him £300.", "Details are in Appendix B.", "Members noted them."],
    );
}

#[test]
fn question_and_exclamation_marks() {
    assert_splits(
        "Why did complaints rise? The officer did not know! Members were concerned.",
        &["Why did complaints rise?", "The officer did not know!", "Members were concerned."],
    );
}

#[test]
fn offsets_count_characters_not_bytes() {
    let text = "Café £5 fee. Naïve résumé — ok.";
    let sentences = RuleSplitter.split("d", text);
    check_segmentation(text, &sentences).expect("contract");
    assert_eq!(sentences.len(), 2);
    assert_eq!((sentences[1].start, sentences[1].end), (13, 31));
    assert_eq!(sentences[1].i, 1);
    assert!(sentences.iter().all(|s| s.doc == "d"));
}

#[test]
fn whitespace_only_and_empty_inputs_give_no_sentences() {
    assert!(split("").is_empty());
    assert!(split(" \n\r\n\t ").is_empty());
}

/// Found by proptest: a word cut at the length limit must not leave an offset inside a
/// multi-byte character (this panicked before).
#[test]
fn long_words_of_astral_characters_do_not_panic() {
    use complaint_tagger::split::{check_segmentation, RuleSplitter, Splitter};
    for text in ["𠀀   .  . . . ", "e.g. 𣯢   . ?!", "Mr. e.g. 𣯢𣯢𣯢𣯢𣯢𣯢𣯢𣯢𣯢𣯢𣯢𣯢𣯢𣯢𣯢𣯢𣯢𣯢. Next", &("𣯢".repeat(40) + ". . e.g. ")] {
        let sentences = RuleSplitter.split("t", text);
        check_segmentation(text, &sentences).unwrap();
    }
}

#[test]
fn an_anonymised_name_at_a_sentence_end_is_not_an_initial() {
    assert_splits(
        "Mrs Z complained to the Council. The Council wrote to Mrs Z. Sending reminders was fault.",
        &["Mrs Z complained to the Council.", "The Council wrote to Mrs Z.", "Sending reminders was fault."],
    );
}

#[test]
fn an_initial_before_a_surname_stays_in_its_sentence() {
    assert_splits("The report was presented by Mr J. Hurst, Head of Service.", &["The report was presented by Mr J. Hurst, Head of Service."]);
}

#[test]
fn a_minutes_table_header_no_item_is_one_unit() {
    assert_splits("No. Item\n\n1. Apologies for absence", &["No. Item", "1. Apologies for absence"]);
}
