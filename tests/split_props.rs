//! Robustness and cost: arbitrary Unicode never panics and never loses a character, and the
//! work grows linearly with the input (a generous time ratio between n and 4n, so a
//! quadratic scan fails while machine noise does not), and 20 MB inputs finish in seconds.

use complaint_tagger::split::{check_segmentation, RuleSplitter, Splitter};
use proptest::prelude::*;
use std::time::Instant;

/// Text built from pieces that stress the rules: punctuation, markers, controls, combining marks.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        Just(". ".to_string()), Just("...".to_string()), Just(" . . . ".to_string()), Just("?!".to_string()),
        Just("\n".to_string()), Just("\r\n".to_string()), Just("\n\n".to_string()), Just("\u{0}".to_string()),
        Just("\u{301}".to_string()), Just("• ".to_string()), Just("1. ".to_string()), Just("(a) ".to_string()),
        Just("Mr. ".to_string()), Just("e.g. ".to_string()), Just("\"".to_string()), Just(")".to_string()),
        Just("   ".to_string()), Just("Page 3".to_string()), Just(": ".to_string()), Just("| ".to_string()),
        "[A-Za-z]{1,8}".prop_map(|s| s), "[0-9]{1,4}".prop_map(|s| s),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_unicode_keeps_the_contract(text in any::<String>()) {
        let sentences = RuleSplitter.split("p", &text);
        prop_assert!(check_segmentation(&text, &sentences).is_ok(), "{:?}", check_segmentation(&text, &sentences));
    }

    #[test]
    fn tricky_text_keeps_the_contract(text in tricky_text()) {
        let sentences = RuleSplitter.split("p", &text);
        prop_assert!(check_segmentation(&text, &sentences).is_ok(), "{:?}", check_segmentation(&text, &sentences));
        for (k, s) in sentences.iter().enumerate() {
            prop_assert_eq!(s.i, k);
        }
    }
}

/// Minutes prose with abbreviations and numbers, repeated; hard-wrapped every two units if asked.
fn sample(wrapped: bool, repeats: usize) -> String {
    let unit = "The Committee noted that Cllr. Smith asked about para. 3.2 of the report, e.g. the 12% rise in 2022/23 to £1,234.56 at 10.30am. Officers said approx. 40 cases were upheld (see Appendix A.) The report was noted... Members asked why? ";
    let mut text = String::with_capacity(unit.len() * repeats);
    for k in 0..repeats {
        text.push_str(unit);
        if wrapped && k % 2 == 1 {
            text.push('\n');
        }
    }
    text
}

/// Seconds to split `text`, best of two runs.
fn time_split(text: &str) -> f64 {
    (0..2)
        .map(|_| {
            let t = Instant::now();
            let sentences = RuleSplitter.split("t", text);
            let secs = t.elapsed().as_secs_f64();
            drop(sentences);
            secs
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn cost_scales_linearly() {
    for wrapped in [false, true] {
        let small = sample(wrapped, 5_000);
        let large = sample(wrapped, 20_000);
        let (ts, tl) = (time_split(&small), time_split(&large));
        // 4x the input may take at most 12x the time (linear would be 4x; quadratic 16x).
        // Times under 20 ms are floored: at that scale a page fault or a busy neighbour core
        // decides the ratio, while a quadratic path would take seconds at these sizes.
        assert!(tl <= 12.0 * ts.max(0.02), "wrapped={wrapped}: {ts:.4}s for n, {tl:.4}s for 4n");
    }
}

#[test]
fn twenty_megabytes_in_seconds() {
    let one_line = sample(false, 20_000_000 / 220);
    let wrapped: String = one_line.split(' ').enumerate().map(|(k, w)| if k % 12 == 11 { format!("{w}\n") } else { format!("{w} ") }).collect();
    for (name, text) in [("single line", &one_line), ("hard-wrapped", &wrapped)] {
        assert!(text.len() >= 19_000_000);
        let t = Instant::now();
        let sentences = RuleSplitter.split("big", text);
        let secs = t.elapsed().as_secs_f64();
        assert!(sentences.len() > 100_000, "{name}: {} sentences", sentences.len());
        assert!(secs < 30.0, "{name}: {secs:.1}s for {} bytes", text.len());
    }
}

#[test]
fn pathological_runs_do_not_blow_up() {
    for unit in [".", " .", "a.", "• ", "1. ", "(", "\n", "  ", "Mr. "] {
        let small = unit.repeat(200_000);
        let large = unit.repeat(800_000);
        let (ts, tl) = (time_split(&small), time_split(&large));
        assert!(tl <= 12.0 * ts.max(0.02), "{unit:?}: {ts:.4}s for n, {tl:.4}s for 4n");
        check_segmentation(&small, &RuleSplitter.split("p", &small)).expect("contract");
    }
}
