//! One note field drawn on its own, as the editor shows it in place of (or under) its HTML.
//!
//! The field's markup, pictures, maths and sounds look as on a card, but in the editor's
//! type rather than a note type's card style: a field is shared by every card of its note,
//! and Anki's editor, too, shows fields in its own plain style.

use super::code::highlight_code_blocks;
use super::page::document;
use super::sound::{Side, with_play_buttons};

/// The editor's look for a drawn field: the window's text and input colours.
const FIELD_CSS: &str = "
body { margin: 10px; }
.field { font-family: 'DejaVu Sans', sans-serif; font-size: 16px; line-height: 1.35;
    color: #24262a; background-color: #ffffff; text-align: left; }
.nightMode.field { color: #e3e3e6; background-color: #17181b; }
";

/// Whether the field reads differently drawn than as its source: it has tags, entities,
/// maths or sounds. A field of plain words is its own best view and is left as an editor.
pub fn has_formatting(html: &str) -> bool {
    let last_close = html.rfind('>');
    let tag = html.match_indices('<').any(|(at, _)| {
        let opens = html
            .as_bytes()
            .get(at + 1)
            .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'/' || b == b'!');
        opens && last_close.is_some_and(|close| close > at)
    });
    // Entity names are short, so only a few bytes past each `&` are looked at.
    let entity = html.match_indices('&').any(|(at, _)| {
        let after = &html.as_bytes()[at + 1..];
        let window = &after[..after.len().min(LONGEST_ENTITY + 1)];
        window
            .iter()
            .position(|&b| b == b';')
            .and_then(|end| std::str::from_utf8(&window[..end]).ok())
            .is_some_and(is_entity_name)
    });
    tag || entity || html.contains("\\(") || html.contains("\\[") || html.contains("[sound:")
}

/// The longest entity name HTML has (`CounterClockwiseContourIntegral`), near enough.
const LONGEST_ENTITY: usize = 32;

/// `amp`, `lt`, `#39`, `#x1F600`: the part of an entity between `&` and `;`.
fn is_entity_name(name: &str) -> bool {
    let (digits, radix) = match name.strip_prefix('#') {
        Some(number) => match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (number, 10),
        },
        None => {
            return !name.is_empty()
                && name.len() <= LONGEST_ENTITY
                && name.bytes().all(|b| b.is_ascii_alphanumeric());
        }
    };
    !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix))
}

/// The whole page that draws `html`, one field of a note.
pub fn page(html: &str, dark: bool) -> String {
    let sounded = with_play_buttons(html, Side::Question);
    document(
        &[FIELD_CSS],
        "field",
        dark,
        &highlight_code_blocks(&sounded.html),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_entities_maths_and_sounds_are_formatting_and_plain_words_are_not() {
        for formatted in [
            "<b>bold</b>",
            "a<br>b",
            "</div>",
            "Rust &amp; Python",
            "&lt;Barrier&gt;",
            "caf&#233;",
            "&#x1F600;",
            r"\(x^2\)",
            r"\[\sum\]",
            "[sound:hello.mp3]",
        ] {
            assert!(has_formatting(formatted), "{formatted}");
        }
        for plain in [
            "",
            "What does join() do?",
            "a < b and b > c",
            "fish & chips; peas",
            "x &= 3;",
            "2 <3",
            "<i",
        ] {
            assert!(!has_formatting(plain), "{plain}");
        }
    }

    #[test]
    fn a_field_page_is_in_the_editors_style_with_sounds_as_buttons() {
        let page = page("<b>Hi</b> [sound:a.mp3]", false);
        assert!(
            page.contains("<body class=\"field\"><div id=\"qa\"><b>Hi</b> "),
            "{page}"
        );
        assert!(page.contains("class=\"replay-button"), "{page}");
        assert!(!page.contains("[sound:"), "{page}");
        assert!(page.contains(FIELD_CSS), "{page}");
    }

    #[test]
    fn the_dark_theme_marks_the_field_as_night_mode() {
        assert!(page("x", true).contains("<body class=\"field nightMode night_mode\">"));
    }

    #[test]
    fn code_in_a_field_is_coloured_as_on_a_card() {
        let page = page("<pre><code class=\"language-rust\">fn</code></pre>", false);
        assert!(
            page.contains("<span class=\"hl-keyword\">fn</span>"),
            "{page}"
        );
    }
}
