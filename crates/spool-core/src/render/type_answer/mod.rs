//! Anki's type-in answers: the answer side compares what the learner typed with what the card
//! expected, character by character, in the HTML Anki shows: what was typed on top with its
//! wrong characters marked and dashes for the missing ones, an arrow, and what was expected
//! with the missed characters marked.

mod entities;
mod expected;
mod matcher;

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use entities::escape_minimal;
use matcher::{EditKind, edits};

/// What a type-in card expects typed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TypeAnswer {
    /// The expected answer's HTML, as the field holds it (or the card's cloze deletions,
    /// joined); [`compare_answer`] reduces it to text.
    pub expected: String,
    /// Whether accents and other combining characters must be typed too; Anki's
    /// `{{type:nc:Field}}` lets them be left out.
    pub combining: bool,
}

impl TypeAnswer {
    /// The comparison the answer side shows for `typed`.
    pub fn compare(&self, typed: &str) -> String {
        compare_answer(&self.expected, typed, self.combining)
    }
}

/// Anki's comparison of `typed` with the answer `expected` (field HTML), as the HTML Anki shows:
/// `<code id=typeans>` holding the expected text alone when nothing was typed, in a
/// `typeGood` span when it was typed exactly, and otherwise the typed text, the
/// `typearrow` and the expected text, in `typeGood`, `typeBad` and `typeMissed` spans.
/// Without `combining`, combining characters are neither required nor compared.
pub fn compare_answer(expected: &str, typed: &str, combining: bool) -> String {
    let expected = expected::expected_text(expected);
    let inner = if typed.is_empty() {
        escape_minimal(&expected)
    } else if combining {
        compare(
            &Spelling::composed(&expected),
            &typed.nfc().collect::<Vec<_>>(),
        )
    } else {
        let typed: Vec<char> = typed.nfkd().filter(|&c| !is_combining_mark(c)).collect();
        compare(&Spelling::without_combining(&expected), &typed)
    };
    format!("<code id=typeans>{inner}</code>")
}

/// The expected text as it is compared: its characters, and how they are shown.
struct Spelling<'a> {
    compared: Vec<char>,
    /// The whole text, as shown when it was typed exactly.
    shown: Cow<'a, str>,
    /// For each compared character, the text that shows it when that is not the character
    /// alone: with its combining characters, when the comparison leaves them out.
    shown_per_char: Option<Vec<String>>,
}

impl<'a> Spelling<'a> {
    /// In composed form (NFC), so that "é" typed one way equals "é" written the other.
    fn composed(text: &'a str) -> Self {
        let composed: String = text.nfc().collect();
        Self {
            compared: composed.chars().collect(),
            shown: Cow::Owned(composed),
            shown_per_char: None,
        }
    }

    /// Decomposed (NFKD) with combining characters left out of the comparison, as the typed
    /// text is then; each remaining character keeps the combining ones that followed it, for
    /// showing.
    fn without_combining(text: &'a str) -> Self {
        let mut compared = Vec::new();
        let mut shown_per_char: Vec<String> = Vec::new();
        for c in text.nfkd() {
            if is_combining_mark(c) {
                if let Some(base) = shown_per_char.last_mut() {
                    base.push(c);
                }
            } else {
                compared.push(c);
                shown_per_char.push(c.to_string());
            }
        }
        Self {
            shown: Cow::Borrowed(text),
            compared,
            shown_per_char: Some(shown_per_char),
        }
    }

    fn text(&self, range: Range<usize>) -> String {
        self.compared[range].iter().collect()
    }

    /// How the expected text shows its characters in `range`. A piece of it by characters
    /// starts with the one its combining characters follow, so needs no detaching.
    fn shown(&self, range: Range<usize>) -> String {
        match &self.shown_per_char {
            Some(shown) => shown[range].concat(),
            None => detached(&self.text(range)).into_owned(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Good,
    Bad,
    Missed,
}

impl Mark {
    fn class(self) -> &'static str {
        match self {
            Mark::Good => "typeGood",
            Mark::Bad => "typeBad",
            Mark::Missed => "typeMissed",
        }
    }
}

/// The comparison of a typed text that is not empty, in the same form as `expected`.
fn compare(expected: &Spelling<'_>, typed: &[char]) -> String {
    if typed == expected.compared {
        return span(Mark::Good, &expected.shown);
    }
    let mut typed_line = String::new();
    let mut expected_line = String::new();
    for edit in edits(typed, &expected.compared) {
        let typed_mark = match edit.kind {
            EditKind::Equal => Mark::Good,
            EditKind::Delete | EditKind::Replace => Mark::Bad,
            EditKind::Insert => Mark::Missed,
        };
        let typed_text = match edit.kind {
            EditKind::Insert => "-".repeat(edit.expected.len()),
            _ => typed[edit.typed].iter().collect(),
        };
        typed_line.push_str(&span(typed_mark, &detached(&typed_text)));
        let expected_mark = match edit.kind {
            EditKind::Equal => Mark::Good,
            EditKind::Delete => continue,
            EditKind::Insert | EditKind::Replace => Mark::Missed,
        };
        expected_line.push_str(&span(expected_mark, &expected.shown(edit.expected)));
    }
    format!("{typed_line}<br><span id=typearrow>&darr;</span><br>{expected_line}")
}

/// `text`, with a no-break space before a combining character it starts with, so that the
/// character does not join the end of the span before it.
fn detached(text: &str) -> Cow<'_, str> {
    if text.chars().next().is_some_and(is_combining_mark) {
        Cow::Owned(format!("\u{a0}{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn span(mark: Mark, text: &str) -> String {
    format!(
        "<span class={}>{}</span>",
        mark.class(),
        escape_minimal(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARROW: &str = "<br><span id=typearrow>&darr;</span><br>";

    fn code(inner: &str) -> String {
        format!("<code id=typeans>{inner}</code>")
    }

    #[test]
    fn the_exact_answer_is_one_good_span() {
        assert_eq!(
            compare_answer("Madrid", "Madrid", true),
            code("<span class=typeGood>Madrid</span>")
        );
        assert_eq!(
            compare_answer("source &lt;dir&gt;/bin", "source <dir>/bin", true),
            code("<span class=typeGood>source &lt;dir&gt;/bin</span>")
        );
    }

    #[test]
    fn nothing_typed_shows_the_expected_text_alone() {
        assert_eq!(
            compare_answer("<div>1 &amp; 2</div>", "", true),
            code("1 &amp; 2")
        );
    }

    #[test]
    fn a_typo_is_bad_above_and_missed_below() {
        assert_eq!(
            compare_answer("Madrid", "madird", true),
            code(&format!(
                "<span class=typeBad>m</span><span class=typeGood>ad</span>\
                 <span class=typeMissed>-</span><span class=typeGood>i</span>\
                 <span class=typeBad>r</span><span class=typeGood>d</span>{ARROW}\
                 <span class=typeMissed>M</span><span class=typeGood>ad</span>\
                 <span class=typeMissed>r</span><span class=typeGood>i</span>\
                 <span class=typeGood>d</span>"
            ))
        );
    }

    #[test]
    fn missing_characters_are_dashes_one_per_character() {
        assert_eq!(
            compare_answer("нос", "нс", true),
            code(&format!(
                "<span class=typeGood>н</span><span class=typeMissed>-</span>\
                 <span class=typeGood>с</span>{ARROW}<span class=typeGood>н</span>\
                 <span class=typeMissed>о</span><span class=typeGood>с</span>"
            ))
        );
    }

    #[test]
    fn extra_characters_are_bad_and_absent_below() {
        assert_eq!(
            compare_answer("123", "1123", true),
            code(&format!(
                "<span class=typeBad>1</span><span class=typeGood>123</span>{ARROW}\
                 <span class=typeGood>123</span>"
            ))
        );
    }

    #[test]
    fn accents_compare_in_composed_form() {
        // "é" typed as "e" and a combining acute equals the precomposed "é".
        assert_eq!(
            compare_answer("caf\u{e9}", "cafe\u{301}", true),
            code("<span class=typeGood>caf\u{e9}</span>")
        );
        assert_eq!(
            compare_answer("\u{e9}", "e", true),
            code(&format!(
                "<span class=typeBad>e</span>{ARROW}<span class=typeMissed>\u{e9}</span>"
            ))
        );
    }

    #[test]
    fn a_leading_combining_character_is_kept_apart() {
        // No precomposed "q" with an acute exists, so the accent stays a character of its own.
        assert_eq!(
            compare_answer("q", "q\u{301}", true),
            code(&format!(
                "<span class=typeGood>q</span><span class=typeBad>\u{a0}\u{301}</span>{ARROW}\
                 <span class=typeGood>q</span>"
            ))
        );
    }

    #[test]
    fn without_combining_accents_are_not_required_but_shown() {
        assert_eq!(
            compare_answer("שִׁנּוּן", "שנון", false),
            code("<span class=typeGood>שִׁנּוּן</span>")
        );
        assert_eq!(
            compare_answer("ば", "は", false),
            code("<span class=typeGood>ば</span>")
        );
        assert_eq!(
            compare_answer("חוֹף", "חופ", false),
            code(&format!(
                "<span class=typeGood>חו</span><span class=typeBad>פ</span>{ARROW}\
                 <span class=typeGood>חוֹ</span><span class=typeMissed>ף</span>"
            ))
        );
    }

    #[test]
    fn a_cloze_with_two_deletions_is_compared_as_its_joined_answers() {
        let cloze = TypeAnswer {
            expected: "Tokyo, Kyoto".into(),
            combining: true,
        };
        assert_eq!(
            cloze.compare("Tokyo, Kyoto"),
            code("<span class=typeGood>Tokyo, Kyoto</span>")
        );
        assert_eq!(
            cloze.compare("Tokio, Osaka"),
            code(&format!(
                "<span class=typeGood>Tok</span><span class=typeBad>i</span>\
                 <span class=typeGood>o, </span><span class=typeBad>Osaka</span>{ARROW}\
                 <span class=typeGood>Tok</span><span class=typeMissed>y</span>\
                 <span class=typeGood>o, </span><span class=typeMissed>Kyoto</span>"
            ))
        );
    }
}
