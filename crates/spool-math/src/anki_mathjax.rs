//! Anki's editor shows a formula as an `<anki-mathjax>` element and saves it back as
//! `\(...\)`, or `\[...\]` for `block="true"`. A field filled some other way (an import of
//! HTML) can keep the element, so it is read here as the editor would save it.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

static ELEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)<anki-mathjax(?:[^>]*?block="(.*?)")?[^>]*?>(.*?)</anki-mathjax>"#)
        .expect("a constant pattern compiles")
});

static LINE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<br *(?:/)?>").expect("a constant pattern compiles"));

/// `html` with each `<anki-mathjax>` element turned into the delimited TeX Anki stores.
pub(crate) fn as_stored(html: &str) -> Cow<'_, str> {
    if !html.contains("<anki-mathjax") {
        return Cow::Borrowed(html);
    }
    ELEMENT.replace_all(html, |element: &Captures| {
        let with_newlines = LINE_BREAK.replace_all(&element[2], "\n");
        let latex = with_newlines.trim_matches('\n');
        match element.get(1) {
            Some(block) if block.as_str() != "false" => format!(r"\[{latex}\]"),
            _ => format!(r"\({latex}\)"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_block_elements_become_delimiters() {
        assert_eq!(
            as_stored(
                r#"a <anki-mathjax>x^2</anki-mathjax> b <anki-mathjax block="true">y</anki-mathjax>"#
            ),
            r"a \(x^2\) b \[y\]"
        );
        assert_eq!(
            as_stored(r#"<anki-mathjax block="false">z</anki-mathjax>"#),
            r"\(z\)"
        );
    }

    #[test]
    fn line_breaks_inside_become_newlines_and_are_trimmed_at_the_ends() {
        assert_eq!(
            as_stored("<anki-mathjax><br>a<br/>b<br></anki-mathjax>"),
            "\\(a\nb\\)"
        );
    }

    #[test]
    fn html_without_the_element_is_borrowed() {
        assert!(matches!(as_stored(r"\(x\)"), Cow::Borrowed(_)));
    }
}
