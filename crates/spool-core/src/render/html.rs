//! Reducing card HTML to plain text for the terminal and for emptiness checks.

use super::tag::{name_of, skip_element};

/// Drops tags (line-breaking ones become newlines), decodes entities, and trims blank lines.
/// `<style>` and `<script>` contents are dropped, never shown or run.
pub fn to_plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            text.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name = name_of(tag).unwrap_or_default();
        rest = &rest[open + close + 1..];
        if !tag.starts_with('/') && (name == "style" || name == "script") {
            rest = skip_element(rest, &name);
            continue;
        }
        match name.as_str() {
            "br" | "p" | "div" | "li" | "tr" | "hr" | "pre" | "h1" | "h2" | "h3" | "h4" | "h5"
            | "h6" => text.push('\n'),
            _ => {}
        }
    }
    text.push_str(rest);
    let decoded = html_escape::decode_html_entities(&text).replace('\u{a0}', " ");
    let mut lines: Vec<&str> = decoded.lines().map(str::trim_end).collect();
    lines.dedup_by(|a, b| a.is_empty() && b.is_empty());
    lines.join("\n").trim_matches('\n').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_decodes_entities() {
        assert_eq!(to_plain_text("<b>a</b> &amp; <i>b</i>&nbsp;c"), "a & b c");
        assert_eq!(
            to_plain_text("one<br>two<div>three</div>"),
            "one\ntwo\nthree"
        );
    }

    #[test]
    fn drops_scripts_and_styles() {
        assert_eq!(
            to_plain_text("<style>.x{}</style>a<SCRIPT>alert(1)</SCRIPT>b"),
            "ab"
        );
        assert_eq!(to_plain_text("a<script>never closed"), "a");
    }

    #[test]
    fn keeps_unclosed_angle_brackets() {
        assert_eq!(to_plain_text("1 < 2"), "1 < 2");
    }

    #[test]
    fn collapses_blank_lines() {
        assert_eq!(to_plain_text("<p>a</p><p></p><p>b</p>"), "a\n\nb");
    }
}
