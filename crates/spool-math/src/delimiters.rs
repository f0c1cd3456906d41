//! Where the maths are in card HTML: MathJax's search for TeX between Anki's delimiters,
//! `\(...\)` inline and `\[...\]` display, in each string of text MathJax reads.

use std::ops::Range;

use crate::markup::text_runs;

/// One formula found in card HTML.
#[derive(Debug, PartialEq)]
pub(crate) struct MathSpan {
    /// The HTML the formula takes up, delimiters included.
    pub(crate) source: Range<usize>,
    /// The TeX between the delimiters, as text (entities decoded, `<br>` a newline).
    pub(crate) latex: String,
    pub(crate) display: bool,
}

/// Every formula in `html`, in order.
pub(crate) fn maths_in(html: &str) -> Vec<MathSpan> {
    text_runs(html)
        .iter()
        .flat_map(|run| {
            find_in_text(&run.text).map(|found| MathSpan {
                source: run.source_start(found.open)..run.source_end(found.end),
                // TeX reads a no-break space as a space, as MathJax does.
                latex: run.text[found.latex].replace('\u{a0}', " "),
                display: found.display,
            })
        })
        .collect()
}

/// A formula in a string of text.
struct Found {
    open: usize,
    latex: Range<usize>,
    end: usize,
    display: bool,
}

/// The formulas in `text`. A closing delimiter counts only outside braces, and an opening
/// one without a closing one is text; the search goes on after it.
fn find_in_text(text: &str) -> impl Iterator<Item = Found> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(offset) = text[from..].find('\\') {
            let open = from + offset;
            let (close, display) = match text.as_bytes().get(open + 1) {
                Some(b'(') => (r"\)", false),
                Some(b'[') => (r"\]", true),
                _ => {
                    from = open + 1;
                    continue;
                }
            };
            let latex_start = open + 2;
            from = latex_start;
            if let Some(close_at) = closing_delimiter(text, latex_start, close) {
                from = close_at + close.len();
                return Some(Found {
                    open,
                    latex: latex_start..close_at,
                    end: from,
                    display,
                });
            }
        }
        None
    })
}

/// Where `close` ends the formula starting at `from`: the first one outside braces, where
/// an escaped character (`\{`, `\\`) and a control word are read whole.
fn closing_delimiter(text: &str, from: usize, close: &str) -> Option<usize> {
    let mut depth = 0_usize;
    let mut at = from;
    while let Some(c) = text[at..].chars().next() {
        let rest = &text[at..];
        if rest.starts_with(close) {
            if depth == 0 {
                return Some(at);
            }
            at += close.len();
            continue;
        }
        at += match c {
            '\\' => {
                let word = rest[1..]
                    .bytes()
                    .take_while(u8::is_ascii_alphabetic)
                    .count();
                let escaped = rest[1..].chars().next().map_or(0, char::len_utf8);
                1 + if word > 0 { word } else { escaped }
            }
            '{' => {
                depth += 1;
                1
            }
            '}' => {
                depth = depth.saturating_sub(1);
                1
            }
            c => c.len_utf8(),
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latex_of(html: &str) -> Vec<(String, bool)> {
        maths_in(html)
            .into_iter()
            .map(|span| (span.latex, span.display))
            .collect()
    }

    #[test]
    fn finds_inline_and_display_maths() {
        assert_eq!(
            latex_of(r"a \(x^2\) b \[\frac12\] c"),
            [("x^2".to_string(), false), (r"\frac12".to_string(), true)]
        );
    }

    #[test]
    fn spans_cover_the_delimiters_in_the_html() {
        let html = r"see \(a &lt; b\)!";
        let [span] = maths_in(html).try_into().unwrap();
        assert_eq!(&html[span.source], r"\(a &lt; b\)");
        assert_eq!(span.latex, "a < b");
    }

    #[test]
    fn a_closing_delimiter_inside_braces_does_not_close() {
        assert_eq!(
            latex_of(r"\(\text{ \) } y\)"),
            [(r"\text{ \) } y".to_string(), false)]
        );
        assert_eq!(latex_of(r"\(a \\\)"), [(r"a \\".to_string(), false)]);
    }

    #[test]
    fn unclosed_delimiters_are_text() {
        assert_eq!(
            latex_of(r"\( no end, \(x\)"),
            [(r" no end, \(x".to_string(), false)]
        );
        assert_eq!(latex_of(r"\[ never closed"), []);
    }

    #[test]
    fn maths_may_span_line_breaks_but_not_elements() {
        assert_eq!(latex_of(r"\(a<br>b\)"), [("a\nb".to_string(), false)]);
        assert_eq!(latex_of(r"\(a<b>b</b>\)"), []);
        assert_eq!(latex_of(r"<b>\(a\)</b>"), [("a".to_string(), false)]);
    }

    #[test]
    fn code_and_pre_are_skipped() {
        assert_eq!(
            latex_of(r"<code>\(a\)</code><pre>\[b\]</pre>\(c\)"),
            [("c".to_string(), false)]
        );
    }

    #[test]
    fn a_no_break_space_is_a_space() {
        assert_eq!(latex_of(r"\(a&nbsp;b\)"), [("a b".to_string(), false)]);
    }
}
