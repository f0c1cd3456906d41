//! Line breaks between a field's HTML and the plain text a person edits it as.
//!
//! Fields are HTML, where a typed newline is only a space; in an editor, Enter should break
//! the line on the card, as it does in Anki. So a newline typed between two pieces of text
//! is saved as `<br>`, and a `<br>` between two pieces of text is shown as a newline. A
//! newline next to a block tag (`</p>`, `<li>`, ...) is only the HTML's own layout and stays
//! as it is, and so does a `<br>` that would not come back the same.

/// Tags that start or end a line anyway; a newline beside one is layout, not a break.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Field HTML as the editor shows it: `<br>` between text becomes a newline.
pub fn to_editor_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = 0;
    let mut index = 0;
    while index < html.len() {
        let Some(first) = br_tag_len(&html[index..]) else {
            index += html[index..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let (mut end, mut breaks) = (index + first, 1);
        while let Some(next) = br_tag_len(&html[end..]) {
            end += next;
            breaks += 1;
        }
        if is_a_typed_break(html, index, end) {
            out.push_str(&html[rest..index]);
            out.extend(std::iter::repeat_n('\n', breaks));
            rest = end;
        }
        index = end;
    }
    out.push_str(&html[rest..]);
    out
}

/// Editor text as field HTML: a newline typed between text becomes `<br>`.
pub fn from_editor_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    let mut index = 0;
    let bytes = text.as_bytes();
    while index < bytes.len() {
        if bytes[index] != b'\n' {
            index += 1;
            continue;
        }
        let start = index;
        while index < bytes.len() && bytes[index] == b'\n' {
            index += 1;
        }
        if is_a_typed_break(text, start, index) {
            out.push_str(&text[rest..start]);
            out.push_str(&"<br>".repeat(index - start));
            rest = index;
        }
    }
    out.push_str(&text[rest..]);
    out
}

/// Whether the break at `start..end` sits between text on both sides, away from block tags
/// and other newlines, which is where the two forms convert into each other unchanged.
fn is_a_typed_break(s: &str, start: usize, end: usize) -> bool {
    let (before, after) = (&s[..start], &s[end..]);
    let (Some(prev), Some(next)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    if prev == '\n' || next == '\n' {
        return false;
    }
    let block_before = prev == '>'
        && before
            .rfind('<')
            .is_some_and(|open| is_block(&before[open..]));
    let block_after = next == '<' && is_block(after);
    !block_before && !block_after
}

/// Whether `tag`, starting at its `<`, opens or closes a block element.
fn is_block(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    BLOCK_TAGS.contains(&name.as_str())
}

/// The length of a `<br>`, `<br/>` or `<br />` (any case) at the start of `s`.
fn br_tag_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if bytes.len() < 4 || bytes[0] != b'<' || !bytes[1..3].eq_ignore_ascii_case(b"br") {
        return None;
    }
    let mut index = 3;
    while bytes.get(index) == Some(&b' ') {
        index += 1;
    }
    if bytes.get(index) == Some(&b'/') {
        index += 1;
    }
    (bytes.get(index) == Some(&b'>')).then_some(index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn typed_line_breaks_become_br_tags() {
        assert_eq!(from_editor_text("one\ntwo"), "one<br>two");
        assert_eq!(from_editor_text("one\n\ntwo"), "one<br><br>two");
        assert_eq!(
            from_editor_text("<b>Send</b>\npromises"),
            "<b>Send</b><br>promises",
            "inline tags do not end a line"
        );
    }

    #[test]
    fn newlines_laying_out_html_stay_as_they_are() {
        let layout = "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>x</p>";
        assert_eq!(from_editor_text(layout), layout);
        assert_eq!(
            from_editor_text("\nleading and trailing\n"),
            "\nleading and trailing\n"
        );
    }

    #[test]
    fn br_tags_between_text_show_as_newlines() {
        assert_eq!(
            to_editor_text("one<br>two<BR/>three<br />four"),
            "one\ntwo\nthree\nfour"
        );
        assert_eq!(to_editor_text("a<br><br>b"), "a\n\nb");
        assert_eq!(
            to_editor_text("<p>a</p><br>b<br>"),
            "<p>a</p><br>b<br>",
            "beside a block tag or at the end, a <br> would not come back the same"
        );
        assert_eq!(to_editor_text("a<br>\nb"), "a<br>\nb");
        assert_eq!(to_editor_text("<brx>a<br"), "<brx>a<br");
    }

    fn html() -> impl Strategy<Value = String> {
        let token = prop::sample::select(vec![
            "a", "é", " ", "<br>", "<b>", "</b>", "<p>", "</p>", "<li>",
        ]);
        prop::collection::vec(token, 0..24).prop_map(|tokens| tokens.concat())
    }

    fn typed() -> impl Strategy<Value = String> {
        let token = prop::sample::select(vec!["a", "é", " ", "\n", "<b>", "</b>", "<p>", "</p>"]);
        prop::collection::vec(token, 0..24).prop_map(|tokens| tokens.concat())
    }

    proptest! {
        #[test]
        fn html_shown_then_saved_is_unchanged(html in html()) {
            prop_assert_eq!(from_editor_text(&to_editor_text(&html)), html);
        }

        #[test]
        fn text_saved_then_shown_is_what_was_typed(text in typed()) {
            prop_assert_eq!(to_editor_text(&from_editor_text(&text)), text);
        }
    }
}
