//! The text a type-in answer expects, reduced from field HTML as Anki reduces it: sounds and
//! text-to-speech dropped, line breaks made spaces, tags stripped, entities decoded, ends
//! trimmed.

use std::sync::LazyLock;

use regex::Regex;

use super::entities::decode_strict;

/// `[sound:file]`, and `[anki:tts options]text[/anki:tts]` as Anki's card parser reads it.
static AUDIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        \[sound:[^\]]+\]
        |
        \[anki:tts
            (?: \] | [\ \t\r\n]+ (?: [^\]\ \t\r\n=]+ = (?: "[^"]*" | [^\]\ \t\r\n"]* ) [\ \t\r\n]* )* \] )
            (?s:.*?)
        \[/anki:tts\]"#,
    )
    .expect("the pattern is valid")
});

static LINE_BREAKS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?si)(?:\n|<br\s?/?>|</?div>)+").expect("the pattern is valid"));

/// Comments, style and script elements with their contents, and any other tag.
static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?si)<!--.*?-->|<style.*?>.*?</style>|<script.*?>.*?</script>|<.*?>")
        .expect("the pattern is valid")
});

/// The plain text a learner is to type for field HTML `html`.
pub(super) fn expected_text(html: &str) -> String {
    let without_audio = AUDIO.replace_all(html, "");
    let one_line = LINE_BREAKS.replace_all(&without_audio, " ");
    let stripped = MARKUP.replace_all(&one_line, "");
    let decoded = if stripped.contains('&') {
        // A non-breaking space an entity gave is a space; one written as a character stays.
        decode_strict(&stripped).map_or(stripped.to_string(), |text| text.replace('\u{a0}', " "))
    } else {
        stripped.to_string()
    };
    decoded.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_and_line_breaks_become_spaces() {
        assert_eq!(expected_text("<div>123</div>"), "123");
        assert_eq!(expected_text("<b>x</b><br>y<div>z</div>"), "x y z");
        assert_eq!(expected_text("a<BR />b\n\nc"), "a b c");
        assert_eq!(
            expected_text("a<!-- note --><style>p{}</style><script>x()</script>b"),
            "ab"
        );
    }

    #[test]
    fn sounds_and_speech_are_not_typed() {
        assert_eq!(
            expected_text(
                "[sound:a.mp3]hi [anki:tts lang=en_US voices=\"A B\"]hello[/anki:tts] there"
            ),
            "hi  there"
        );
        assert_eq!(expected_text("[sound:]"), "[sound:]");
        assert_eq!(
            expected_text("[anki:ttsx]a[/anki:tts]"),
            "[anki:ttsx]a[/anki:tts]"
        );
    }

    #[test]
    fn entities_decode_unless_one_is_unknown() {
        assert_eq!(expected_text("1 &nbsp;2"), "1  2");
        assert_eq!(expected_text("AT&T&nbsp;x"), "AT&T&nbsp;x");
        assert_eq!(expected_text("a\u{a0}b"), "a\u{a0}b");
    }

    #[test]
    fn ends_are_trimmed() {
        assert_eq!(expected_text("  spaced <br> "), "spaced");
    }
}
