//! Line breaks between a field's HTML and the plain text a person edits it as.
//!
//! Fields are HTML, where a typed newline is only a space; in an editor, Enter should break
//! the line on the card, as it does in Anki. So, outside preformatted elements:
//! - a newline typed between two pieces of text is saved as `<br>`;
//! - a `<br>` (any spelling) between two pieces of text is shown as a newline, and saved
//!   back as `<br>`;
//! - a newline the HTML has between two pieces of text is whitespace, which the card shows
//!   as a space, so the editor shows a space too;
//! - a newline next to a block tag (`</p>`, `<li>`, ...), or at either end, is the HTML's
//!   own layout and stays as it is, and so does a `<br>` in such a place.
//!
//! Inside `<pre>`, `<code>`, `<textarea>`, `<script>` and `<style>` newlines are the
//! content's own, and nothing is converted.

use std::ops::Range;

use super::tag::name_of;

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

/// Elements whose newlines are their content's, left exactly as they are.
const PREFORMATTED_TAGS: &[&str] = &["pre", "code", "textarea", "script", "style"];

/// Field HTML as the editor shows it.
pub fn to_editor_text(html: &str) -> String {
    convert_outside_preformatted(html, |text| {
        let spaced = replace_runs(text, newline_run_at, |_| " ".to_owned());
        replace_runs(&spaced, br_run_at, |breaks| "\n".repeat(breaks))
    })
}

/// Editor text as field HTML: a newline typed between text becomes `<br>`.
pub fn from_editor_text(text: &str) -> String {
    convert_outside_preformatted(text, |text| {
        replace_runs(text, newline_run_at, |breaks| "<br>".repeat(breaks))
    })
}

/// Applies `convert` to each stretch of `s` outside preformatted elements.
fn convert_outside_preformatted(s: &str, convert: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(s.len());
    let mut done = 0;
    for kept in preformatted_ranges(s) {
        out.push_str(&convert(&s[done..kept.start]));
        out.push_str(&s[kept.clone()]);
        done = kept.end;
    }
    out.push_str(&convert(&s[done..]));
    out
}

/// Where the preformatted elements are: from each opening tag to the end of its closing
/// tag (or of `s`, if it is never closed).
fn preformatted_ranges(s: &str) -> Vec<Range<usize>> {
    let lower = s.to_ascii_lowercase();
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(open) = lower[from..].find('<').map(|at| from + at) {
        let name = name_of(&lower[open + 1..]).unwrap_or_default();
        if lower[open + 1..].starts_with('/') || !PREFORMATTED_TAGS.contains(&name.as_str()) {
            from = open + 1;
            continue;
        }
        let closing = format!("</{name}");
        let end = lower[open..]
            .find(&closing)
            .map(|at| open + at)
            .map_or(s.len(), |close| {
                lower[close..]
                    .find('>')
                    .map_or(s.len(), |gt| close + gt + 1)
            });
        ranges.push(open..end);
        from = end;
    }
    ranges
}

/// Replaces each run `run_at` finds between text with `replacement(breaks in the run)`.
/// `run_at(s, index)` gives the end of a run starting at `index` and how many breaks it holds.
fn replace_runs(
    s: &str,
    run_at: fn(&str, usize) -> Option<(usize, usize)>,
    replacement: impl Fn(usize) -> String,
) -> String {
    let mut out = String::with_capacity(s.len());
    let mut done = 0;
    let mut index = 0;
    while index < s.len() {
        let Some((end, breaks)) = run_at(s, index) else {
            index += s[index..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        if is_between_text(s, index, end) {
            out.push_str(&s[done..index]);
            out.push_str(&replacement(breaks));
            done = end;
        }
        index = end;
    }
    out.push_str(&s[done..]);
    out
}

/// A run of newlines at `index`.
fn newline_run_at(s: &str, index: usize) -> Option<(usize, usize)> {
    let count = s[index..].bytes().take_while(|&b| b == b'\n').count();
    (count > 0).then_some((index + count, count))
}

/// A run of `<br>` tags at `index`.
fn br_run_at(s: &str, index: usize) -> Option<(usize, usize)> {
    let mut end = index;
    let mut count = 0;
    while let Some(length) = br_tag_len(&s[end..]) {
        end += length;
        count += 1;
    }
    (count > 0).then_some((end, count))
}

/// Whether the break at `start..end` sits between text on both sides, away from block tags
/// and other newlines: the only place a typed break is converted, in either direction.
fn is_between_text(s: &str, start: usize, end: usize) -> bool {
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
            .is_some_and(|open| is_block(&before[open + 1..]));
    let block_after = next == '<' && is_block(&after[1..]);
    !block_before && !block_after
}

/// Whether the tag whose text (after its `<`) starts `inner` opens or closes a block element.
fn is_block(inner: &str) -> bool {
    name_of(inner).is_some_and(|name| BLOCK_TAGS.contains(&name.as_str()))
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
    fn preformatted_text_keeps_its_newlines_both_ways() {
        let code = "Run:<pre><code class=\"language-python\">x = 1\ny = 2\n</code></pre>then\nstop";
        assert_eq!(
            from_editor_text(code),
            "Run:<pre><code class=\"language-python\">x = 1\ny = 2\n</code></pre>then<br>stop"
        );
        assert_eq!(
            to_editor_text("<PRE>a<br>b\nc</PRE>d<br>e"),
            "<PRE>a<br>b\nc</PRE>d\ne"
        );
        assert_eq!(
            from_editor_text("<code>a\nb"),
            "<code>a\nb",
            "an element never closed runs to the end"
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

    #[test]
    fn a_newline_the_html_has_between_text_shows_as_the_space_it_is() {
        assert_eq!(to_editor_text("<p>a soft\nwrap</p>"), "<p>a soft wrap</p>");
        assert_eq!(
            from_editor_text(&to_editor_text("<p>a soft\nwrap</p>")),
            "<p>a soft wrap</p>",
            "saved as the same space, not a break"
        );
    }

    fn html() -> impl Strategy<Value = String> {
        let token = prop::sample::select(vec![
            "a",
            "é",
            " ",
            "<br>",
            "<b>",
            "</b>",
            "<p>",
            "</p>",
            "</p>\n",
            "<li>",
            "<pre>x\n<br>y\n</pre>",
        ]);
        prop::collection::vec(token, 0..24).prop_map(|tokens| tokens.concat())
    }

    fn typed() -> impl Strategy<Value = String> {
        let token = prop::sample::select(vec![
            "a",
            "é",
            " ",
            "\n",
            "<b>",
            "</b>",
            "<p>",
            "</p>",
            "<code>x\n\ny</code>",
        ]);
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
