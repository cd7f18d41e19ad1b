//! The 48 English "Golden Rules" of the pragmatic segmenter: each rule's text must split into
//! exactly the listed sentences, each a trimmed slice of the input at its offsets.

use complaint_tagger::split::{check_segmentation, RuleSplitter, Splitter};

fn assert_splits(text: &str, expected: &[&str]) {
    let sentences = RuleSplitter.split("golden", text);
    check_segmentation(text, &sentences).expect("segmentation contract");
    let got: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(got, expected, "input: {text:?}");
}

/// Golden rule 1: Simple period to end sentence.
#[test]
fn rule_01_simple_period_to_end_sentence() {
    assert_splits(
        r#"Hello World. My name is Jonas."#,
        &[r#"Hello World."#, r#"My name is Jonas."#],
    );
}

/// Golden rule 2: Question mark to end sentence.
#[test]
fn rule_02_question_mark_to_end_sentence() {
    assert_splits(
        r#"What is your name? My name is Jonas."#,
        &[r#"What is your name?"#, r#"My name is Jonas."#],
    );
}

/// Golden rule 3: Exclamation point to end sentence.
#[test]
fn rule_03_exclamation_point_to_end_sentence() {
    assert_splits(
        r#"There it is! I found it."#,
        &[r#"There it is!"#, r#"I found it."#],
    );
}

/// Golden rule 4: One letter upper case abbreviations.
#[test]
fn rule_04_one_letter_upper_case_abbreviations() {
    assert_splits(
        r#"My name is Jonas E. Smith."#,
        &[r#"My name is Jonas E. Smith."#],
    );
}

/// Golden rule 5: One letter lower case abbreviations.
#[test]
fn rule_05_one_letter_lower_case_abbreviations() {
    assert_splits(
        r#"Please turn to p. 55."#,
        &[r#"Please turn to p. 55."#],
    );
}

/// Golden rule 6: Two letter lower case abbreviations in the middle of a sentence.
#[test]
fn rule_06_two_letter_lower_case_abbreviations_in_the_middle_of() {
    assert_splits(
        r#"Were Jane and co. at the party?"#,
        &[r#"Were Jane and co. at the party?"#],
    );
}

/// Golden rule 7: Two letter upper case abbreviations in the middle of a sentence.
#[test]
fn rule_07_two_letter_upper_case_abbreviations_in_the_middle_of() {
    assert_splits(
        r#"They closed the deal with Pitt, Briggs & Co. at noon."#,
        &[r#"They closed the deal with Pitt, Briggs & Co. at noon."#],
    );
}

/// Golden rule 8: Two letter lower case abbreviations at the end of a sentence.
#[test]
fn rule_08_two_letter_lower_case_abbreviations_at_the_end_of_a() {
    assert_splits(
        r#"Let's ask Jane and co. They should know."#,
        &[r#"Let's ask Jane and co."#, r#"They should know."#],
    );
}

/// Golden rule 9: Two letter upper case abbreviations at the end of a sentence.
#[test]
fn rule_09_two_letter_upper_case_abbreviations_at_the_end_of_a() {
    assert_splits(
        r#"They closed the deal with Pitt, Briggs & Co. It closed yesterday."#,
        &[r#"They closed the deal with Pitt, Briggs & Co."#, r#"It closed yesterday."#],
    );
}

/// Golden rule 10: Two letter (prepositive) abbreviations.
#[test]
fn rule_10_two_letter_prepositive_abbreviations() {
    assert_splits(
        r#"I can see Mt. Fuji from here."#,
        &[r#"I can see Mt. Fuji from here."#],
    );
}

/// Golden rule 11: Two letter (prepositive & postpositive) abbreviations.
#[test]
fn rule_11_two_letter_prepositive_postpositive_abbreviations() {
    assert_splits(
        r#"St. Michael's Church is on 5th st. near the light."#,
        &[r#"St. Michael's Church is on 5th st. near the light."#],
    );
}

/// Golden rule 12: Possesive two letter abbreviations.
#[test]
fn rule_12_possesive_two_letter_abbreviations() {
    assert_splits(
        r#"That is JFK Jr.'s book."#,
        &[r#"That is JFK Jr.'s book."#],
    );
}

/// Golden rule 13: Multi-period abbreviations in the middle of a sentence.
#[test]
fn rule_13_multi_period_abbreviations_in_the_middle_of_a_senten() {
    assert_splits(
        r#"I visited the U.S.A. last year."#,
        &[r#"I visited the U.S.A. last year."#],
    );
}

/// Golden rule 14: Multi-period abbreviations at the end of a sentence.
#[test]
fn rule_14_multi_period_abbreviations_at_the_end_of_a_sentence() {
    assert_splits(
        r#"I live in the E.U. How about you?"#,
        &[r#"I live in the E.U."#, r#"How about you?"#],
    );
}

/// Golden rule 15: U.S. as sentence boundary.
#[test]
fn rule_15_u_s_as_sentence_boundary() {
    assert_splits(
        r#"I live in the U.S. How about you?"#,
        &[r#"I live in the U.S."#, r#"How about you?"#],
    );
}

/// Golden rule 16: U.S. as non sentence boundary with next word capitalized.
#[test]
fn rule_16_u_s_as_non_sentence_boundary_with_next_word_capitali() {
    assert_splits(
        r#"I work for the U.S. Government in Virginia."#,
        &[r#"I work for the U.S. Government in Virginia."#],
    );
}

/// Golden rule 17: U.S. as non sentence boundary.
#[test]
fn rule_17_u_s_as_non_sentence_boundary() {
    assert_splits(
        r#"I have lived in the U.S. for 20 years."#,
        &[r#"I have lived in the U.S. for 20 years."#],
    );
}

/// Golden rule 18: A.M. / P.M. as non sentence boundary and sentence boundary.
#[test]
fn rule_18_a_m_p_m_as_non_sentence_boundary_and_sentence_bounda() {
    assert_splits(
        r#"At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then went to the store."#,
        &[r#"At 5 a.m. Mr. Smith went to the bank."#, r#"He left the bank at 6 P.M."#, r#"Mr. Smith then went to the store."#],
    );
}

/// Golden rule 19: Number as non sentence boundary.
#[test]
fn rule_19_number_as_non_sentence_boundary() {
    assert_splits(
        r#"She has $100.00 in her bag."#,
        &[r#"She has $100.00 in her bag."#],
    );
}

/// Golden rule 20: Number as sentence boundary.
#[test]
fn rule_20_number_as_sentence_boundary() {
    assert_splits(
        r#"She has $100.00. It is in her bag."#,
        &[r#"She has $100.00."#, r#"It is in her bag."#],
    );
}

/// Golden rule 21: Parenthetical inside sentence.
#[test]
fn rule_21_parenthetical_inside_sentence() {
    assert_splits(
        r#"He teaches science (He previously worked for 5 years as an engineer.) at the local University."#,
        &[r#"He teaches science (He previously worked for 5 years as an engineer.) at the local University."#],
    );
}

/// Golden rule 22: Email addresses.
#[test]
fn rule_22_email_addresses() {
    assert_splits(
        r#"Her email is Jane.Doe@example.com. I sent her an email."#,
        &[r#"Her email is Jane.Doe@example.com."#, r#"I sent her an email."#],
    );
}

/// Golden rule 23: Web addresses.
#[test]
fn rule_23_web_addresses() {
    assert_splits(
        r#"The site is: https://www.example.50.com/new-site/awesome_content.html. Please check it out."#,
        &[r#"The site is: https://www.example.50.com/new-site/awesome_content.html."#, r#"Please check it out."#],
    );
}

/// Golden rule 24: Single quotations inside sentence.
#[test]
fn rule_24_single_quotations_inside_sentence() {
    assert_splits(
        r#"She turned to him, 'This is great.' she said."#,
        &[r#"She turned to him, 'This is great.' she said."#],
    );
}

/// Golden rule 25: Double quotations inside sentence.
#[test]
fn rule_25_double_quotations_inside_sentence() {
    assert_splits(
        r#"She turned to him, "This is great." she said."#,
        &[r#"She turned to him, "This is great." she said."#],
    );
}

/// Golden rule 26: Double quotations at the end of a sentence.
#[test]
fn rule_26_double_quotations_at_the_end_of_a_sentence() {
    assert_splits(
        r#"She turned to him, "This is great." She held the book out to show him."#,
        &[r#"She turned to him, "This is great.""#, r#"She held the book out to show him."#],
    );
}

/// Golden rule 27: Double punctuation (exclamation point).
#[test]
fn rule_27_double_punctuation_exclamation_point() {
    assert_splits(
        r#"Hello!! Long time no see."#,
        &[r#"Hello!!"#, r#"Long time no see."#],
    );
}

/// Golden rule 28: Double punctuation (question mark).
#[test]
fn rule_28_double_punctuation_question_mark() {
    assert_splits(
        r#"Hello?? Who is there?"#,
        &[r#"Hello??"#, r#"Who is there?"#],
    );
}

/// Golden rule 29: Double punctuation (exclamation point / question mark).
#[test]
fn rule_29_double_punctuation_exclamation_point_question_mark() {
    assert_splits(
        r#"Hello!? Is that you?"#,
        &[r#"Hello!?"#, r#"Is that you?"#],
    );
}

/// Golden rule 30: Double punctuation (question mark / exclamation point).
#[test]
fn rule_30_double_punctuation_question_mark_exclamation_point() {
    assert_splits(
        r#"Hello?! Is that you?"#,
        &[r#"Hello?!"#, r#"Is that you?"#],
    );
}

/// Golden rule 31: List (period followed by parens and no period to end item).
#[test]
fn rule_31_list_period_followed_by_parens_and_no_period_to_end() {
    assert_splits(
        r#"1.) The first item 2.) The second item"#,
        &[r#"1.) The first item"#, r#"2.) The second item"#],
    );
}

/// Golden rule 32: List (period followed by parens and period to end item).
#[test]
fn rule_32_list_period_followed_by_parens_and_period_to_end_ite() {
    assert_splits(
        r#"1.) The first item. 2.) The second item."#,
        &[r#"1.) The first item."#, r#"2.) The second item."#],
    );
}

/// Golden rule 33: List (parens and no period to end item).
#[test]
fn rule_33_list_parens_and_no_period_to_end_item() {
    assert_splits(
        r#"1) The first item 2) The second item"#,
        &[r#"1) The first item"#, r#"2) The second item"#],
    );
}

/// Golden rule 34: List (parens and period to end item).
#[test]
fn rule_34_list_parens_and_period_to_end_item() {
    assert_splits(
        r#"1) The first item. 2) The second item."#,
        &[r#"1) The first item."#, r#"2) The second item."#],
    );
}

/// Golden rule 35: List (period to mark list and no period to end item).
#[test]
fn rule_35_list_period_to_mark_list_and_no_period_to_end_item() {
    assert_splits(
        r#"1. The first item 2. The second item"#,
        &[r#"1. The first item"#, r#"2. The second item"#],
    );
}

/// Golden rule 36: List (period to mark list and period to end item).
#[test]
fn rule_36_list_period_to_mark_list_and_period_to_end_item() {
    assert_splits(
        r#"1. The first item. 2. The second item."#,
        &[r#"1. The first item."#, r#"2. The second item."#],
    );
}

/// Golden rule 37: List with bullet.
#[test]
fn rule_37_list_with_bullet() {
    assert_splits(
        r#"• 9. The first item • 10. The second item"#,
        &[r#"• 9. The first item"#, r#"• 10. The second item"#],
    );
}

/// Golden rule 38: List with hypthen.
#[test]
fn rule_38_list_with_hypthen() {
    assert_splits(
        r#"⁃9. The first item ⁃10. The second item"#,
        &[r#"⁃9. The first item"#, r#"⁃10. The second item"#],
    );
}

/// Golden rule 39: Alphabetical list.
#[test]
fn rule_39_alphabetical_list() {
    assert_splits(
        r#"a. The first item b. The second item c. The third list item"#,
        &[r#"a. The first item"#, r#"b. The second item"#, r#"c. The third list item"#],
    );
}

/// Golden rule 40: Geo Coordinates.
#[test]
fn rule_40_geo_coordinates() {
    assert_splits(
        r#"You can find it at N°. 1026.253.553. That is where the treasure is."#,
        &[r#"You can find it at N°. 1026.253.553."#, r#"That is where the treasure is."#],
    );
}

/// Golden rule 41: Named entities with an exclamation point.
#[test]
fn rule_41_named_entities_with_an_exclamation_point() {
    assert_splits(
        r#"She works at Yahoo! in the accounting department."#,
        &[r#"She works at Yahoo! in the accounting department."#],
    );
}

/// Golden rule 42: I as a sentence boundary and I as an abbreviation.
#[test]
fn rule_42_i_as_a_sentence_boundary_and_i_as_an_abbreviation() {
    assert_splits(
        r#"We make a good team, you and I. Did you see Albert I. Jones yesterday?"#,
        &[r#"We make a good team, you and I."#, r#"Did you see Albert I. Jones yesterday?"#],
    );
}

/// Golden rule 43: Ellipsis at end of quotation.
#[test]
fn rule_43_ellipsis_at_end_of_quotation() {
    assert_splits(
        r#"Thoreau argues that by simplifying one’s life, “the laws of the universe will appear less complex. . . .”"#,
        &[r#"Thoreau argues that by simplifying one’s life, “the laws of the universe will appear less complex. . . .”"#],
    );
}

/// Golden rule 44: Ellipsis with square brackets.
#[test]
fn rule_44_ellipsis_with_square_brackets() {
    assert_splits(
        r#""Bohr [...] used the analogy of parallel stairways [...]" (Smith 55)."#,
        &[r#""Bohr [...] used the analogy of parallel stairways [...]" (Smith 55)."#],
    );
}

/// Golden rule 45: Ellipsis as sentence boundary (standard ellipsis rules).
#[test]
fn rule_45_ellipsis_as_sentence_boundary_standard_ellipsis_rule() {
    assert_splits(
        r#"If words are left off at the end of a sentence, and that is all that is omitted, indicate the omission with ellipsis marks (preceded and followed by a space) and then indicate the end of the sentence with a period . . . . Next sentence."#,
        &[r#"If words are left off at the end of a sentence, and that is all that is omitted, indicate the omission with ellipsis marks (preceded and followed by a space) and then indicate the end of the sentence with a period . . . ."#, r#"Next sentence."#],
    );
}

/// Golden rule 46: Ellipsis as sentence boundary (non-standard ellipsis rules).
#[test]
fn rule_46_ellipsis_as_sentence_boundary_non_standard_ellipsis() {
    assert_splits(
        r#"I never meant that.... She left the store."#,
        &[r#"I never meant that...."#, r#"She left the store."#],
    );
}

/// Golden rule 47: Ellipsis as non sentence boundary.
#[test]
fn rule_47_ellipsis_as_non_sentence_boundary() {
    assert_splits(
        r#"I wasn’t really ... well, what I mean...see . . . what I'm saying, the thing is . . . I didn’t mean it."#,
        &[r#"I wasn’t really ... well, what I mean...see . . . what I'm saying, the thing is . . . I didn’t mean it."#],
    );
}

/// Golden rule 48: 4-dot ellipsis.
#[test]
fn rule_48_4_dot_ellipsis() {
    assert_splits(
        r#"One further habit which was somewhat weakened . . . was that of combining words into self-interpreting compounds. . . . The practice was not abandoned. . . ."#,
        &[r#"One further habit which was somewhat weakened . . . was that of combining words into self-interpreting compounds."#, r#". . . The practice was not abandoned. . . ."#],
    );
}
