//! Anki's Japanese reading filters over `base[reading]` text: `furigana:` sets the reading
//! above its base as ruby, `kana:` keeps only readings, `kanji:` only bases. A bracket whose
//! text starts with `sound:` is an audio tag, not a reading, and stays as it is.

use std::sync::LazyLock;

use regex::{Captures, Regex};

/// A base (no spaces or `>`, so it never swallows a tag) and its reading; one leading space
/// separates readings of neighbouring words and is dropped with them, as in Anki.
static READING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r" ?([^ >]+?)\[(.+?)\]").expect("the pattern is valid"));

fn replace_readings(text: &str, keep: impl Fn(&str, &str) -> String) -> String {
    let text = text.replace("&nbsp;", " ");
    READING
        .replace_all(&text, |found: &Captures<'_>| {
            if found[2].starts_with("sound:") {
                found[0].to_string()
            } else {
                keep(&found[1], &found[2])
            }
        })
        .into_owned()
}

pub fn furigana(text: &str) -> String {
    replace_readings(text, |base, reading| {
        format!("<ruby><rb>{base}</rb><rt>{reading}</rt></ruby>")
    })
}

pub fn kana(text: &str) -> String {
    replace_readings(text, |_, reading| reading.to_string())
}

pub fn kanji(text: &str) -> String {
    replace_readings(text, |base, _| base.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_become_ruby_or_one_of_their_halves() {
        let text = "日本[にほん]の 言葉[ことば]";
        assert_eq!(
            furigana(text),
            "<ruby><rb>日本</rb><rt>にほん</rt></ruby>の<ruby><rb>言葉</rb><rt>ことば</rt></ruby>"
        );
        assert_eq!(kana(text), "にほんのことば");
        assert_eq!(kanji(text), "日本の言葉");
    }

    #[test]
    fn sound_tags_and_markup_are_left_alone() {
        assert_eq!(kana("[sound:a.mp3]"), "[sound:a.mp3]");
        assert_eq!(kanji("<b>読[よ]む</b>"), "<b>読む</b>");
        assert_eq!(kana("no readings here"), "no readings here");
    }
}
